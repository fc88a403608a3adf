package sv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

func TestPrimDecls(t *testing.T) {
	tests := []struct {
		prim string
		has  []string
		not  []string
	}{
		{"comb_mem_d1", []string{"mem", "idx", "addr0", "read_data", "WIDTH"}, []string{"logic", "int", "wire"}},
		{"std_reg", []string{"in", "out", "write_en", "done"}, []string{"mem"}},
		{"std_sdiv_pipe", []string{"comp", "quo_abs", "rem_shift"}, nil},
	}
	for _, tc := range tests {
		d := primDecls[tc.prim]
		for _, n := range tc.has {
			if !d[n] {
				t.Errorf("primDecls[%s] lacks %s", tc.prim, n)
			}
		}
		for _, n := range tc.not {
			if d[n] {
				t.Errorf("primDecls[%s] has %s", tc.prim, n)
			}
		}
	}
}

// verilatorReport matches the statistics lines newer Verilators print after linting.
var verilatorReport = regexp.MustCompile(`(?m)^- (V e r i l a t i o n   R e p o r t|Verilator): .*$`)

// TestPrimitivesVerilatorLint lints every primitive together with the
// library modules it instantiates, each exactly once.
func TestPrimitivesVerilatorLint(t *testing.T) {
	simtest.NeedVerilator(t)
	for _, p := range Primitives() {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			var src strings.Builder
			src.WriteString("/* verilator lint_off DECLFILENAME */\n")
			for _, m := range closePrims(map[string]bool{p: true}) {
				s, err := PrimitiveSource(m)
				if err != nil {
					t.Fatal(err)
				}
				src.WriteString(s)
			}
			file := filepath.Join(t.TempDir(), "prim.sv")
			if err := os.WriteFile(file, []byte(src.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			release := simtest.Acquire()
			out, err := exec.Command("verilator", "--lint-only", "-Wall", "--top-module", p, file).CombinedOutput()
			release()
			// Verilator 5.0xx's later releases (5.048 in Debian sid) print a
			// statistics report even on a clean lint: that is not a warning.
			out = verilatorReport.ReplaceAll(out, nil)
			if err != nil || len(bytes.TrimSpace(out)) > 0 {
				t.Errorf("verilator --lint-only -Wall %s: %v\n%s", p, err, out)
			}
		})
	}
}

func TestPrimAliases(t *testing.T) {
	for a, m := range primAliases {
		if !HasPrimitive(a) {
			t.Errorf("HasPrimitive(%s) = false", a)
		}
		if primModule(a) != m || primDecls[a] == nil {
			t.Errorf("alias %s: module %s, decls %v", a, primModule(a), primDecls[a] != nil)
		}
	}
	for h := range primHelpers {
		if HasPrimitive(h) {
			t.Errorf("HasPrimitive(%s) = true for a helper module", h)
		}
		if got := closePrims(map[string]bool{h: true}); len(got) == 0 {
			t.Errorf("helper %s missing", h)
		}
	}
}

// TestHelpersOnce checks that a design includes each library module it
// needs exactly once, helpers included, and that the std_mem_dN aliases
// instantiate comb_mem_dN.
func TestHelpersOnce(t *testing.T) {
	root := filepath.Join(testenv.RepoRoot(t), "tests", "calyx")
	tests := []struct {
		prog string
		want []string // modules that must be present
		not  []string // modules that must be absent
	}{
		{"mult_pipes", []string{"std_mult_pipe", "std_smult_pipe", "accel_mult_pipe_core"}, []string{"accel_div_pipe_core"}},
		{"div_pipes", []string{"std_div_pipe", "std_sdiv_pipe", "accel_div_pipe_core", "accel_sdiv_pipe_core"}, []string{"accel_mult_pipe_core"}},
		{"std_mem_alias", []string{"comb_mem_d1", "comb_mem_d2"}, []string{"std_mem_d1", "std_mem_d2"}},
	}
	for _, tc := range tests {
		res := compileFile(t, filepath.Join(root, tc.prog, "prog.futil"))
		src := string(res.SV)
		for _, m := range libModules() {
			if n := strings.Count(src, "\nmodule "+m+" "); n > 1 {
				t.Errorf("%s: module %s defined %d times", tc.prog, m, n)
			}
		}
		for _, m := range tc.want {
			if !strings.Contains(src, "\nmodule "+m+" ") {
				t.Errorf("%s: module %s missing", tc.prog, m)
			}
		}
		for _, m := range tc.not {
			if strings.Contains(src, "module "+m+" ") {
				t.Errorf("%s: module %s present", tc.prog, m)
			}
		}
	}
}
