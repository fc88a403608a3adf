// Package simtest is the Verilator harness of the tests that simulate
// generated SystemVerilog: it writes a design and its testbench, loads
// simdata memories, verilates and builds the simulator (sharing Verilator's
// runtime objects between builds), runs it and compares the dumped memories
// with the expected ones.
package simtest

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rules-accel/rules_accel/compiler/simdata"
)

// slots bounds concurrent Verilator builds and simulations (they are CPU heavy).
var slots = make(chan struct{}, max(1, runtime.NumCPU()))

// Acquire takes one of the slots that bound concurrent Verilator runs; call
// the returned function to give it back.
func Acquire() (release func()) {
	slots <- struct{}{}
	var once sync.Once
	return func() { once.Do(func() { <-slots }) }
}

// NeedVerilator skips the test if verilator is not on PATH.
func NeedVerilator(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("verilator"); err != nil {
		t.Skip("verilator not on PATH")
	}
}

// Verilator runs verilator with args in dir and fails the test on error.
func Verilator(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("verilator", args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("verilator %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
}

// Case is one simulation.
type Case struct {
	Design    []byte   // SystemVerilog of the design (written to design.sv)
	Testbench []byte   // its testbench (tb.sv)
	TB        string   // the testbench's module name
	LintTop   string   // if set, design.sv is first linted with -Wall with this top module
	Data      []byte   // simdata data.json with the initial memories
	Expect    []byte   // simdata expect.json with the wanted final memories
	Want      string   // what Expect stands for in a mismatch report; default "expect.json"
	Plusargs  []string // extra simulator arguments, e.g. "+MAX_CYCLES=100000"
}

// Result is a finished simulation.
type Result struct {
	Dir    string // work directory (design.sv, tb.sv, data/, obj/)
	Output string // the simulator's output
	Cycles uint64 // the cycle count the testbench printed
}

// InShard skips the test unless it belongs to this Bazel test shard. Under
// a go_test with shard_count, Bazel runs the test binary once per shard
// (TEST_SHARD_INDEX of TEST_TOTAL_SHARDS); each simulating test runs in the
// shard picked by a hash of its full name, so the simulations of a package
// spread over the shards and every one runs exactly once. Outside sharding
// it does nothing. Run and Build call it.
func InShard(t testing.TB) {
	t.Helper()
	total, err1 := strconv.Atoi(os.Getenv("TEST_TOTAL_SHARDS"))
	index, err2 := strconv.Atoi(os.Getenv("TEST_SHARD_INDEX"))
	if err1 != nil || err2 != nil || total <= 1 {
		return
	}
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	if int(h.Sum32()%uint32(total)) != index {
		t.Skipf("simulated in another test shard (this is %d of %d)", index, total)
	}
}

// Run simulates c, fails the test if the simulation fails or prints no cycle
// count, and reports every memory that differs from c.Expect as an error.
func Run(t testing.TB, c Case) *Result {
	t.Helper()
	InShard(t)
	work := t.TempDir()
	write(t, filepath.Join(work, "design.sv"), c.Design)
	write(t, filepath.Join(work, "tb.sv"), c.Testbench)
	mems, err := simdata.ParseData(c.Data)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(work, "data")
	if err := simdata.WriteHex(dataDir, mems); err != nil {
		t.Fatal(err)
	}
	release := Acquire()
	defer release()
	start := time.Now()
	if c.LintTop != "" {
		Verilator(t, work, "--lint-only", "-Wall", "--top-module", c.LintTop, "design.sv")
	}
	build(t, work, c.TB)
	built := time.Since(start)
	start = time.Now()
	args := append([]string{"+DATA=" + dataDir}, c.Plusargs...)
	out, err := exec.Command(Binary(work, c.TB), args...).CombinedOutput()
	release()
	if err != nil {
		t.Fatalf("simulation: %v\n%s", err, out)
	}
	cycles, err := ParseCycles(out)
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want, err := simdata.ParseExpect(c.Expect, mems)
	if err != nil {
		t.Fatal(err)
	}
	got, err := simdata.ReadResults(dataDir, want)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := simdata.Compare(got, want); len(diffs) > 0 {
		label := c.Want
		if label == "" {
			label = "expect.json"
		}
		t.Errorf("memories differ from %s:\n%s\n%s", label, simdata.Report(diffs, 20), out)
	}
	t.Logf("cycles %d (verilator build %v, run %v)", cycles, built.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	return &Result{Dir: work, Output: string(out), Cycles: cycles}
}

var cyclesRE = regexp.MustCompile(`cycles: (\d+)`)

// ParseCycles returns the cycle count a testbench printed ("cycles: N").
func ParseCycles(out []byte) (uint64, error) {
	m := cyclesRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("simulation printed no cycle count")
	}
	return strconv.ParseUint(string(m[1]), 10, 64)
}

// Binary returns the path of the simulator Build makes in dir.
func Binary(dir, tb string) string {
	return filepath.Join(dir, "obj", "V"+tb)
}

// Build verilates dir/design.sv and dir/tb.sv (top module tb) and builds
// the simulator Binary(dir, tb), holding a slot while it runs.
func Build(t testing.TB, dir, tb string) {
	t.Helper()
	InShard(t)
	release := Acquire()
	defer release()
	build(t, dir, tb)
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

func build(t testing.TB, dir, tb string) {
	t.Helper()
	Verilator(t, dir, "--cc", "--exe", "--main", "--timing", "-Wno-fatal", "-CFLAGS", "-O0",
		"--top-module", tb, "-Mdir", "obj", "design.sv", "tb.sv")
	obj := filepath.Join(dir, "obj")
	runtimeOnce.Do(func() {
		runtimeErr = runMake(obj, tb)
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
	if _, err := os.Stat(Binary(dir, tb)); err == nil {
		return // this test built the runtime
	}
	for _, o := range runtimeObjs {
		if err := copyFile(filepath.Join(runtimeDir, o), filepath.Join(obj, o)); err != nil {
			t.Fatal(err)
		}
	}
	if err := runMake(obj, tb); err != nil {
		t.Fatal(err)
	}
}

func runMake(obj, tb string) error {
	cmd := exec.Command("make", "-f", "V"+tb+".mk", "OPT_FAST=-O0", "OPT_GLOBAL=-O0")
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

func write(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Main runs the tests of a package that uses Run or Build and then removes
// the shared Verilator runtime objects; call it from TestMain. Under Bazel
// sharding it touches TEST_SHARD_STATUS_FILE.
func Main(m *testing.M) {
	// Tell Bazel this test binary knows about sharding (see InShard).
	if f := os.Getenv("TEST_SHARD_STATUS_FILE"); f != "" {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "simtest:", err)
		}
	}
	code := m.Run()
	if runtimeDir != "" {
		os.RemoveAll(runtimeDir)
	}
	os.Exit(code)
}
