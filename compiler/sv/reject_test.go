package sv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
