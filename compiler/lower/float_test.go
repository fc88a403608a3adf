package lower

import (
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
)

func readAir(t *testing.T, path string) *air.Program {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func f32raw(xs ...float32) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = int64(math.Float32bits(x))
	}
	return out
}

// TestSimFloat32 simulates float32 programs (dynamic control on upstream's
// std_addFN/std_mulFN and combinational max/min) and compares them with the
// air interpreter bit for bit: a gemm with ReLU on normal random values,
// and every float operation on special operands (±0, ±inf, signaling and
// quiet NaN, subnormals, overflow, rounding). A kernel marked pipeline(1)
// falls back to dynamic control, with the reason in the report.
func TestSimFloat32(t *testing.T) {
	simtest.NeedVerilator(t)
	gemm := readAir(t, "../air/testdata/gemm_float32.air")
	rng := rand.New(rand.NewSource(5))
	normal := func(n int) []int64 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = float32(rng.NormFloat64())
		}
		return f32raw(xs...)
	}
	gemm.Data = map[string][]int64{"w": normal(20), "b": normal(4)}
	ops := readAir(t, "testdata/float_ops.air")
	nan := math.Float32frombits(0x7f800001) // signaling
	inf := float32(math.Inf(1))
	negZero := math.Float32frombits(0x80000000)
	cases := []struct {
		name   string
		p      *air.Program
		inputs map[string][]int64
	}{
		{"gemm", gemm, map[string][]int64{"x": normal(15)}},
		{"ops", ops, map[string][]int64{
			"a": f32raw(1.5, negZero, inf, nan, math.Float32frombits(3), 3e38, -2.5, 0.1),
			"b": f32raw(-1.5, 0, inf, 1, math.Float32frombits(0x80000005), 3e38, -2.5, 0.2),
		}},
	}
	for _, c := range cases {
		for _, pipe := range []bool{false, true} {
			name := c.name
			if pipe {
				name += "/pipeline"
			}
			t.Run(name, func(t *testing.T) {
				q := air.Clone(c.p)
				if pipe {
					for _, k := range q.Kernels {
						k.II = 1
					}
					_, rep, err := LowerReport(q)
					if err != nil {
						t.Fatal(err)
					}
					if len(rep.Fallbacks) != len(q.Kernels) || !strings.Contains(rep.Fallbacks[0].Reason, "float32") {
						t.Errorf("fallbacks %+v, want one per kernel for float32", rep.Fallbacks)
					}
				}
				prog, err := Lower(q)
				if err != nil {
					t.Fatal(err)
				}
				text := calyx.Print(prog)
				if !strings.Contains(text, `import "primitives/float/addFN.futil";`) {
					t.Errorf("the lowered program does not import addFN.futil")
				}
				back, err := calyx.Parse("lowered.futil", []byte(text))
				if err == nil {
					err = calyx.CheckStrict(back)
				}
				if err != nil {
					t.Fatalf("lowered program: %v", err)
				}
				cycles := simulate(t, q, c.inputs)
				t.Logf("%d cycles", cycles)
			})
		}
	}
}
