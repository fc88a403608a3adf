package calyxfuzz

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

// simSeeds are the seeds TestSimulateSeeds runs (and FuzzSimulate starts
// from): chosen so that together they use every statement kind, every sub
// kinds and both memory kinds (TestSeedCoverage checks it).
var simSeeds = []uint64{724, 1052, 10, 1, 3, 4}

var (
	seedFrom = flag.Uint64("seeds.from", 0, "with -seeds.n: TestSimulateSeeds runs seeds from this one")
	seedN    = flag.Uint64("seeds.n", 0, "run this many consecutive seeds instead of the fixed list")
)

// TestSimulateSeeds generates, compiles and simulates a handful of programs
// and compares their memories with Eval's (with -seeds.from=N -seeds.n=M,
// seeds N to N+M-1 instead).
func TestSimulateSeeds(t *testing.T) {
	simtest.NeedVerilator(t)
	seeds := simSeeds
	if testing.Short() {
		seeds = seeds[:3]
	}
	if *seedN > 0 {
		seeds = nil
		for s := *seedFrom; s < *seedFrom+*seedN; s++ {
			seeds = append(seeds, s)
		}
	}
	for _, seed := range seeds {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			t.Parallel()
			simulate(t, seed)
		})
	}
}

// FuzzSimulate is the simulation fuzz target: each input is a seed, the
// seed's program is compiled to SystemVerilog, linted, simulated with
// Verilator and its final memories compared with Eval's. Run it with
//
//	go test -run '^$' -fuzz FuzzSimulate -parallel 1 -fuzztime 5m ./compiler/internal/calyxfuzz
//
// Failing seeds are kept under testdata/fuzz/FuzzSimulate and run by every
// `go test`; with CALYXFUZZ_OUT=dir a failing program is also written there
// as prog.futil, data.json and expect.json (the tests/calyx layout).
//
// Go's fuzzing engine stops a worker whose input runs longer than 10 s
// ("fuzzing process hung"). A generated design builds in 2-4 s on an idle
// two-core machine, so fuzz under the heavy lock; the Verilator runtime,
// which takes longer to build, is built once per worker before fuzzing.
func FuzzSimulate(f *testing.F) {
	for _, s := range simSeeds {
		f.Add(s)
	}
	if _, err := exec.LookPath("verilator"); err == nil {
		warmUp(f)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		simtest.NeedVerilator(t)
		simulate(t, seed)
	})
}

func TestMain(m *testing.M) { simtest.Main(m) }

// simulate runs one seed's program through sv and Verilator.
func simulate(t *testing.T, seed uint64) {
	sp := Generate(seed)
	text, res := compile(t, sp)
	data, expect := Data(sp), Expect(Eval(sp))
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		t.Logf("seed %d program:\n%s", seed, text)
		if dir := os.Getenv("CALYXFUZZ_OUT"); dir != "" {
			d := filepath.Join(dir, "seed_"+strconv.FormatUint(seed, 10))
			if err := os.MkdirAll(d, 0o755); err == nil {
				os.WriteFile(filepath.Join(d, "prog.futil"), []byte(text), 0o644)
				os.WriteFile(filepath.Join(d, "data.json"), data, 0o644)
				os.WriteFile(filepath.Join(d, "expect.json"), expect, 0o644)
			}
		}
	})
	simtest.Run(t, simtest.Case{
		Design: res.SV, Testbench: sv.Testbench(res), TB: sv.TestbenchModule, LintTop: res.Top,
		Data: data, Expect: expect, Want: "the generator's evaluator (calyxfuzz.Eval)",
		Plusargs: []string{"+MAX_CYCLES=1000000"},
	})
}

// warmUp builds one small generated design, so that the Verilator runtime
// objects simtest shares between builds exist before the first fuzz input.
func warmUp(f *testing.F) {
	sp := Generate(simSeeds[1])
	_, res := compile(f, sp)
	dir := f.TempDir()
	for name, b := range map[string][]byte{"design.sv": res.SV, "tb.sv": sv.Testbench(res)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	simtest.Build(f, dir, sv.TestbenchModule)
}
