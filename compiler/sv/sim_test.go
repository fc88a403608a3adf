package sv

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/simdata"
)

// simSlots bounds concurrent Verilator builds (they are CPU heavy).
var simSlots = make(chan struct{}, max(1, runtime.NumCPU()))

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

// verilator runs verilator with args in dir and fails the test on error.
func verilator(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("verilator", args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("verilator %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
}

// TestPrograms compiles every program under tests/calyx, lints it, simulates
// it with Verilator and compares the dumped memories with expect.json.
func TestPrograms(t *testing.T) {
	if _, err := exec.LookPath("verilator"); err != nil {
		t.Skip("verilator not on PATH")
	}
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
	work := t.TempDir()
	design := filepath.Join(work, "design.sv")
	if err := os.WriteFile(design, res.SV, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "tb.sv"), Testbench(res), 0o644); err != nil {
		t.Fatal(err)
	}
	dataJSON, err := os.ReadFile(filepath.Join(src, "data.json"))
	if err != nil {
		t.Fatal(err)
	}
	mems, err := simdata.ParseData(dataJSON)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(work, "data")
	if err := simdata.WriteHex(dataDir, mems); err != nil {
		t.Fatal(err)
	}
	simSlots <- struct{}{}
	start := time.Now()
	verilator(t, work, "--lint-only", "-Wall", "--top-module", res.Top, "design.sv")
	buildSim(t, work)
	<-simSlots
	cmd := exec.Command(filepath.Join(work, "obj", "V"+TestbenchModule), "+DATA="+dataDir, "+MAX_CYCLES=100000")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("simulation: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "cycles: ") {
		t.Fatalf("simulation printed no cycle count:\n%s", out)
	}
	expJSON, err := os.ReadFile(filepath.Join(src, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := simdata.ParseExpect(expJSON, mems)
	if err != nil {
		t.Fatal(err)
	}
	got, err := simdata.ReadResults(dataDir, want)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := simdata.Compare(got, want); len(diffs) > 0 {
		t.Errorf("memories differ from expect.json:\n%s\n%s", simdata.Report(diffs, 20), out)
	}
	t.Logf("%s(build %v)", out, time.Since(start).Round(time.Millisecond))
}

// Verilator's runtime objects (verilated.o, ...) are the same for every
// simulation built with the same flags, so they are compiled once and
// copied into each build directory; make then only compiles the design.
var (
	runtimeOnce sync.Once
	runtimeDir  string
	runtimeErr  error
	runtimeObjs = []string{"verilated.o", "verilated_threads.o", "verilated_timing.o"}
)

// buildSim verilates design.sv and tb.sv in dir and builds obj/Vaccel_tb.
func buildSim(t *testing.T, dir string) {
	t.Helper()
	verilator(t, dir, "--cc", "--exe", "--main", "--timing", "-CFLAGS", "-O0",
		"--top-module", TestbenchModule, "-Mdir", "obj", "design.sv", "tb.sv")
	obj := filepath.Join(dir, "obj")
	runtimeOnce.Do(func() {
		runtimeErr = runMake(obj)
		if runtimeErr != nil {
			return
		}
		runtimeDir, runtimeErr = os.MkdirTemp("", "verilated-runtime")
		for _, o := range runtimeObjs {
			if runtimeErr == nil {
				runtimeErr = copyFile(filepath.Join(obj, o), filepath.Join(runtimeDir, o))
			}
		}
	})
	if runtimeErr != nil {
		t.Fatalf("building the Verilator runtime: %v", runtimeErr)
	}
	if _, err := os.Stat(filepath.Join(obj, "V"+TestbenchModule)); err == nil {
		return // this test built the runtime
	}
	for _, o := range runtimeObjs {
		if err := copyFile(filepath.Join(runtimeDir, o), filepath.Join(obj, o)); err != nil {
			t.Fatal(err)
		}
	}
	if err := runMake(obj); err != nil {
		t.Fatal(err)
	}
}

func runMake(obj string) error {
	cmd := exec.Command("make", "-f", "V"+TestbenchModule+".mk", "OPT_FAST=-O0", "OPT_GLOBAL=-O0")
	cmd.Dir = obj
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("make: %v\n%s", err, out)
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if runtimeDir != "" {
		os.RemoveAll(runtimeDir)
	}
	os.Exit(code)
}

// TestTimeout checks the testbench's watchdog: a design that never finishes
// stops after +MAX_CYCLES with a clear message and a failing exit status.
func TestTimeout(t *testing.T) {
	if _, err := exec.LookPath("verilator"); err != nil {
		t.Skip("verilator not on PATH")
	}
	t.Parallel()
	res := compileFile(t, filepath.Join("testdata", "timeout", "prog.futil"))
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "design.sv"), res.SV, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "tb.sv"), Testbench(res), 0o644); err != nil {
		t.Fatal(err)
	}
	simSlots <- struct{}{}
	buildSim(t, work)
	<-simSlots
	out, err := exec.Command(filepath.Join(work, "obj", "V"+TestbenchModule), "+DATA="+work, "+MAX_CYCLES=50").CombinedOutput()
	if err == nil {
		t.Fatalf("simulation succeeded; want a timeout:\n%s", out)
	}
	if !strings.Contains(string(out), "done did not rise within MAX_CYCLES=50") {
		t.Errorf("no timeout message:\n%s", out)
	}
}
