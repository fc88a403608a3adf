package graphfuzz

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/lower"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

func TestMain(m *testing.M) { simtest.Main(m) }

// seeds are the fuzz targets' seed corpus and the cases TestSeeds runs.
var seeds = [][]byte{
	[]byte("\x00\x01\x03\x05\x05\x02\x00\x01\x02\x03\x01\x00\x01\x01\x01\x02\x00"),     // conv
	[]byte("\x01\x01\x02\x08\x03\x01\x01\x02\x04\x00\x01\x01\x00\x02\x01\x03"),         // gemm
	[]byte("\x02\x00\x02\x04\x04\x01\x06\x00\x01\x02\x01\x00\x03\x01\x00\x02\x01"),     // maxpool chain
	[]byte("\x01\x00\x03\x04\x06\x04\x00\x00\x02\x01\x05\x00\x01\x02\x09\x00\x01\x03"), // conv, reshape, gemm
	[]byte("\x03\x01\x01\x0c\x00\x03\x02\x01\x08\x00\x02\x04\x01\x03\x00\x01"),         // matmul, add
	[]byte("\x00\x00\x02\x03\x03\x03\x07\x01\x02\x00\x00\x01\x05\x01\x00\x04\x02"),     // avgpool
	[]byte("\x02\x00\x01\x05\x05\x02\x08\x01\x00\x0a\x01\x03\x01\x02\x00\x01"),         // concat, flatten
	[]byte("\x01\x01\x02\x06\x02\x04\x05\x00\x01\x01\x02\x04\x01\x00\x00\x01\x02"),     // mul
	[]byte("\x03\x00\x04\x06\x06\x04\x00\x01\x01\x00\x00\x06\x01\x01\x01\x02\x03\x01\x00\x02\x02"),
	[]byte("\x00\x01\x02\x0f\x03\x01\x02\x01\x01\x03\x00\x02\x00\x01\x00\x01\x02\x1c\x00\x00\x02"),
	[]byte("fuzz me gently"),
	{},
}

// TestSeeds runs the seed cases through (a) and (b), and simulates the first
// two the generator marks for simulation (about 25 s each; not with -short).
func TestSeeds(t *testing.T) {
	sims := 0
	for i, data := range seeds {
		c := Generate(data)
		res := func() *Result {
			var res *Result
			t.Run(fmt.Sprint(i), func(t *testing.T) { res = check(t, c) })
			return res
		}()
		if res == nil || !c.Sim || testing.Short() || sims == 2 {
			continue
		}
		sims++
		t.Run(fmt.Sprintf("%d/sim", i), func(t *testing.T) {
			t.Parallel()
			simulate(t, res)
		})
	}
}

// TestRandom runs 300 cases from fixed pseudo-random bytes through (a) and
// (b) (about a second), and counts how many the checks really covered.
func TestRandom(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	refused, checked, bounded := 0, 0, 0
	for i := 0; i < 300; i++ {
		b := make([]byte, r.Intn(64))
		r.Read(b)
		c := Generate(b)
		res, err := Run(c)
		if err != nil {
			t.Fatalf("case %d (bytes %q): %v\ncase: W=%d F=%d uniform=%v schedule=%q\n%s", i, b, err, c.Width, c.Frac, c.Uniform, c.Schedule, c.Desc)
		}
		switch {
		case res.Refused != "":
			refused++
		case len(res.Bounds) > 0:
			bounded++
			fallthrough
		default:
			checked++
		}
	}
	t.Logf("%d checked against the exact oracle (%d also within a derived bound of the float graph), %d refused by a documented limit", checked, bounded, refused)
	if checked < 200 || bounded < 150 {
		t.Errorf("the generator covers too little: %d checked, %d bounded", checked, bounded)
	}
}

// check runs a case and fails the test on a fault, reporting the graph.
func check(t *testing.T, c *Case) *Result {
	t.Helper()
	res, err := Run(c)
	if err != nil {
		t.Fatalf("%v\ncase: W=%d F=%d uniform=%v schedule=%q\n%s", err, c.Width, c.Frac, c.Uniform, c.Schedule, c.Desc)
	}
	if res.Refused != "" {
		t.Logf("refused: %s", res.Refused)
		return nil
	}
	t.Logf("%s, %d kernels, schedule %q; max error %v, bounds %v", res.Format, res.Kernels, c.Schedule, res.Errors, res.Bounds)
	return res
}

// FuzzGraph checks random graphs through (a) interpreter == exact and (b)
// interpreter within the derived bound of the float graph.
func FuzzGraph(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check(t, Generate(data))
	})
}

var (
	simCases = flag.Int("graphfuzz.sim", 0, "TestSimRandom: number of random cases to simulate in Verilator")
	simSeed  = flag.Int64("graphfuzz.seed", 1, "TestSimRandom: seed of the random cases")
)

// TestSimRandom adds (c) to random cases: each accepted case is lowered to
// Calyx and SystemVerilog and simulated in Verilator, and must equal the
// interpreter bit for bit. A Verilator build takes seconds, longer than go
// test -fuzz allows an input, so this is a loop over -graphfuzz.sim random
// cases from -graphfuzz.seed (skipped when 0, the default), e.g.
//
//	go test ./compiler/internal/graphfuzz -run TestSimRandom -graphfuzz.sim=20 -graphfuzz.seed=7
//
// A failing case is reported with its bytes, to be added to seeds.
func TestSimRandom(t *testing.T) {
	if *simCases == 0 {
		t.Skip("set -graphfuzz.sim=N")
	}
	r := rand.New(rand.NewSource(*simSeed))
	for i := 0; i < *simCases; i++ {
		b := make([]byte, r.Intn(48))
		r.Read(b)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Logf("bytes %q", b)
			if res := check(t, Generate(b)); res != nil {
				simulate(t, res)
			}
		})
	}
}

// simulate lowers the case's program to Calyx and SystemVerilog, runs it in
// Verilator on the case's inputs and compares every output with the
// interpreter bit for bit.
func simulate(t *testing.T, res *Result) {
	t.Helper()
	simtest.NeedVerilator(t)
	if os.Getenv("GRAPHFUZZ_NO_SIM") != "" {
		t.Skip("GRAPHFUZZ_NO_SIM set")
	}
	p := res.Program
	prog, err := lower.Lower(p)
	if err != nil {
		t.Fatalf("lower: %v", err)
	}
	back, err := calyx.Parse("fuzz.futil", []byte(calyx.Print(prog)))
	if err != nil {
		t.Fatalf("calyx round trip: %v", err)
	}
	out, err := sv.Compile(back, sv.Options{})
	if err != nil {
		t.Fatalf("sv: %v", err)
	}
	data, err := lower.Data(p, res.Raw)
	if err != nil {
		t.Fatal(err)
	}
	want, err := air.Interpret(p, res.Raw)
	if err != nil {
		t.Fatal(err)
	}
	expect, err := lower.Expect(p, want)
	if err != nil {
		t.Fatal(err)
	}
	simtest.Run(t, simtest.Case{
		Design: out.SV, Testbench: sv.Testbench(out), TB: sv.TestbenchModule, LintTop: out.Top,
		Data: data, Expect: expect, Want: "the air interpreter",
	})
}
