package sv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/simdata"
)

// TestRejected compiles each testdata/reject/<case>/prog.futil and expects
// the error in its error.txt (a substring of the message, which starts with
// "prog.futil:line:col:").
func TestRejected(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "reject", "*", "prog.futil"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no programs under testdata/reject: %v", err)
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "error.txt"))
			if err != nil {
				t.Fatal(err)
			}
			prog, err := LoadProgram(p, nil)
			if err == nil {
				_, err = Compile(prog, Options{})
			}
			w := strings.TrimSpace(string(want))
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("error = %v\nwant one containing %q", err, w)
			}
			if err != nil && !strings.HasPrefix(err.Error(), p+":") {
				t.Errorf("error %q does not start with %s:line:col", err, p)
			}
		})
	}
}

// TestSimulationFatal simulates each testdata/fatal/<case>/prog.futil (a
// conflict the compiler cannot prove) and expects the simulation to stop
// with $fatal and the message in its fatal.txt; the design must still pass
// `verilator --lint-only -Wall`.
func TestSimulationFatal(t *testing.T) {
	simtest.NeedVerilator(t)
	dirs, err := filepath.Glob(filepath.Join("testdata", "fatal", "*", "prog.futil"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no programs under testdata/fatal: %v", err)
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join(dir, "fatal.txt"))
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(dir, "data.json"))
			if err != nil {
				t.Fatal(err)
			}
			mems, err := simdata.ParseData(data)
			if err != nil {
				t.Fatal(err)
			}
			res := compileFile(t, p)
			work := t.TempDir()
			for name, b := range map[string][]byte{"design.sv": res.SV, "tb.sv": Testbench(res)} {
				if err := os.WriteFile(filepath.Join(work, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := simdata.WriteHex(filepath.Join(work, "data"), mems); err != nil {
				t.Fatal(err)
			}
			simtest.Verilator(t, work, "--lint-only", "-Wall", "--top-module", res.Top, "design.sv")
			simtest.Build(t, work, TestbenchModule)
			release := simtest.Acquire()
			out, err := exec.Command(simtest.Binary(work, TestbenchModule), "+DATA="+filepath.Join(work, "data"), "+MAX_CYCLES=10000").CombinedOutput()
			release()
			if err == nil {
				t.Fatalf("simulation succeeded; want $fatal:\n%s", out)
			}
			if w := strings.TrimSpace(string(want)); !strings.Contains(string(out), w) {
				t.Errorf("simulation output lacks %q:\n%s", w, out)
			}
		})
	}
}

// TestDriverCheckSynthesisGuard checks that every simulation-time check in
// a design sits inside `ifndef SYNTHESIS and synthesis translate_off, so
// synthesis tools build no hardware for it.
func TestDriverCheckSynthesisGuard(t *testing.T) {
	res := compileFile(t, filepath.Join("testdata", "fatal", "par_conflict_invoke_late", "prog.futil"))
	inside, translateOff, checks := false, false, 0
	for i, line := range strings.Split(string(res.SV), "\n") {
		s := strings.TrimSpace(line)
		switch {
		case s == "`ifndef SYNTHESIS":
			inside = true
		case s == "`endif" && inside && !translateOff:
			inside = false
		case s == "// synthesis translate_off":
			translateOff = true
		case s == "// synthesis translate_on":
			translateOff = false
		case strings.Contains(s, "$fatal") || strings.Contains(s, "$onehot0"):
			checks++
			if !inside || !translateOff {
				t.Errorf("line %d: check outside `ifndef SYNTHESIS / translate_off: %s", i+1, s)
			}
		}
	}
	if checks == 0 {
		t.Error("no driver checks in a design with conflicting invokes")
	}
}

// TestParCheckAccepts compiles par programs whose arms share a port without
// a provable conflict: the static analysis must not reject them.
func TestParCheckAccepts(t *testing.T) {
	prog := func(groups, control string) string {
		return `import "primitives/core.futil";
component main() -> () {
  cells { r = std_reg(8); s = std_reg(8); z = std_reg(1); f = std_reg(1); }
  wires {
    ` + groups + `
  }
  control { ` + control + ` }
}`
	}
	tests := []struct{ name, groups, control string }{
		{"same constant in both arms",
			"group a { r.in = 8'd1; r.write_en = 1'd1; a[done] = r.done; } group b { r.in = 8'd1; s.in = 8'd2; s.write_en = 1'd1; b[done] = s.done; }",
			"par { a; b; }"},
		{"same port source in both arms",
			"group a { r.in = s.out; r.write_en = 1'd1; a[done] = r.done; } group b { r.in = s.out; z.in = 1'd1; z.write_en = 1'd1; b[done] = z.done; }",
			"par { a; b; }"},
		{"different cycles",
			"static<2> group a { r.in = %0 ? 8'd1; r.write_en = %0 ? 1'd1; } static<1> group w { z.in = 1'd1; z.write_en = 1'd1; } static<1> group b { r.in = 8'd2; r.write_en = 1'd1; }",
			"par { a; seq { w; b; } }"},
		{"after a dynamic group the timing is unknown",
			"group d { s.in = 8'd3; s.write_en = 1'd1; d[done] = s.done; } group a { r.in = 8'd1; r.write_en = 1'd1; a[done] = r.done; } group b { r.in = 8'd2; r.write_en = 1'd1; b[done] = r.done; }",
			"par { seq { d; a; } b; }"},
		{"static if branch unknown",
			"static<1> group a { r.in = 8'd1; r.write_en = 1'd1; } static<1> group b { r.in = 8'd2; r.write_en = 1'd1; } static<1> group c { s.in = 8'd2; s.write_en = 1'd1; }",
			"static par { static if f.out { a; } else { c; } b; }"},
		{"guarded write",
			"group a { r.in = f.out ? 8'd1; r.write_en = f.out ? 1'd1; a[done] = z.done; z.in = 1'd1; z.write_en = 1'd1; } group b { r.in = 8'd2; r.write_en = 1'd1; b[done] = r.done; }",
			"par { a; b; }"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := calyx.Parse("t.futil", []byte(prog(tc.groups, tc.control)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Compile(p, Options{}); err != nil {
				t.Errorf("Compile: %v", err)
			}
		})
	}
}
