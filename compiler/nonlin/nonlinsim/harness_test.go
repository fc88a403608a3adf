package nonlinsim

import (
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// TestMain removes the Verilator runtime objects the simulations share.
// Under `bazel test` each unit's file is its own target (and the objects go
// to the test's own temporary directory).
func TestMain(m *testing.M) { simtest.Main(m) }

// TestInput checks that one pass of inputs covers every value of a 16-bit
// (and of a narrower) format, and that the second pass of a wide format
// differs from the first.
func TestInput(t *testing.T) {
	for _, w := range []int{16, 11} {
		u := nonlin.MustNew(nonlin.Tanh, Format(w, 3), Format(16, 14))
		seen := map[int64]bool{}
		for c := 0; c < Pass; c++ {
			seen[Input(u, c)] = true
		}
		if len(seen) != 1<<w {
			t.Errorf("fixed<%d,3>: one pass gives %d distinct inputs, want %d", w, len(seen), 1<<w)
		}
	}
	wide := nonlin.MustNew(nonlin.Reciprocal, Format(24, 14), Format(16, 14))
	if Cycles([]nonlin.Unit{wide}) != 2*Pass {
		t.Errorf("a 24-bit input gets %d cycles", Cycles([]nonlin.Unit{wide}))
	}
	if Input(wide, 1) != Scramble-1<<16 || Input(wide, Pass+1) == Input(wide, 1) {
		t.Errorf("wide inputs: %d, %d", Input(wide, 1), Input(wide, Pass+1))
	}
}

// TestCompare feeds Compare the outputs the Go model predicts, shifted by
// the latency, then the same with one output changed.
func TestCompare(t *testing.T) {
	units := []nonlin.Unit{
		nonlin.MustNew(nonlin.Exp, Format(8, 4), Format(8, 6)),
		nonlin.MustNew(nonlin.Erf, Format(16, 8), Format(16, 14)),
	}
	n := Cycles(units)
	lines := make([][]uint64, n+8)
	for c := range lines {
		lines[c] = make([]uint64, len(units))
	}
	for k, u := range units {
		for c := 0; c < n; c++ {
			lines[c+u.Func.Latency()][k] = u.Out.Bits(u.Eval(Input(u, c)))
		}
	}
	if err := Compare(units, lines); err != nil {
		t.Fatalf("Compare of the model's own outputs: %v", err)
	}
	lines[100+units[1].Func.Latency()][1] ^= 1
	err := Compare(units, lines)
	if err == nil || !strings.Contains(err.Error(), "erf fixed<16,8> -> fixed<16,14>: 1 of 65536 outputs differ") {
		t.Errorf("Compare with one output flipped: %v", err)
	}
	if err := Compare(units, lines[:n]); err == nil {
		t.Error("Compare accepted too few lines")
	}
}

// TestTestbench checks the generated testbench instantiates each unit with
// its formats and runs long enough for the slowest unit.
func TestTestbench(t *testing.T) {
	tb := string(Testbench([]nonlin.Unit{
		nonlin.MustNew(nonlin.Sigmoid, Format(16, 8), Format(16, 15)),
		nonlin.MustNew(nonlin.Rsqrt, Format(24, 16), Format(16, 10)),
	}))
	for _, want := range []string{
		"accel_sigmoid #(\n      .IN_WIDTH(16),\n      .IN_FRAC_WIDTH(8),\n      .OUT_WIDTH(16),\n      .OUT_FRAC_WIDTH(15)\n  ) u0 (",
		"accel_rsqrt #(\n      .IN_WIDTH(24),\n      .IN_FRAC_WIDTH(16),",
		"assign in0 = s[15:0];",
		"assign in1 = cycle < 32'd65536 ? 24'($signed(s[15:0])) : 24'(s * 32'd257);",
		"if (cycle == 32'd131079) begin", // 2 passes + latency 8 - 1
	} {
		if !strings.Contains(tb, want) {
			t.Errorf("testbench lacks %q:\n%s", want, tb)
		}
	}
}
