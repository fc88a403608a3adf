package sv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

// compileFile parses and compiles one .futil file.
func compileFile(t *testing.T, path string) *Result {
	t.Helper()
	prog, err := calyx.ParseFile(path)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := Compile(prog, Options{})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return res
}

// TestPrograms compiles every program under tests/calyx, lints it, simulates
// it with Verilator and compares the dumped memories with expect.json.
func TestPrograms(t *testing.T) {
	simtest.NeedVerilator(t)
	root := filepath.Join(testenv.RepoRoot(t), "tests", "calyx")
	dirs, err := filepath.Glob(filepath.Join(root, "*", "prog.futil"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no programs under %s: %v", root, err)
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			runProgram(t, dir)
		})
	}
}

func runProgram(t *testing.T, src string) {
	res := compileFile(t, filepath.Join(src, "prog.futil"))
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	simtest.Run(t, simtest.Case{
		Design: res.SV, Testbench: Testbench(res), TB: TestbenchModule, LintTop: res.Top,
		Data: read("data.json"), Expect: read("expect.json"), Plusargs: []string{"+MAX_CYCLES=100000"},
	})
}

func TestMain(m *testing.M) { simtest.Main(m) }

// TestTimeout checks the testbench's watchdog: a design that never finishes
// stops after +MAX_CYCLES with a clear message and a failing exit status.
func TestTimeout(t *testing.T) {
	simtest.NeedVerilator(t)
	t.Parallel()
	res := compileFile(t, filepath.Join("testdata", "timeout", "prog.futil"))
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "design.sv"), res.SV, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "tb.sv"), Testbench(res), 0o644); err != nil {
		t.Fatal(err)
	}
	simtest.Build(t, work, TestbenchModule)
	out, err := exec.Command(simtest.Binary(work, TestbenchModule), "+DATA="+work, "+MAX_CYCLES=50").CombinedOutput()
	if err == nil {
		t.Fatalf("simulation succeeded; want a timeout:\n%s", out)
	}
	if !strings.Contains(string(out), "done did not rise within MAX_CYCLES=50") {
		t.Errorf("no timeout message:\n%s", out)
	}
}
