package fromgraph

import (
	"math"
	"math/rand"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// floatFunctionProgram is y[i] = f(x[i]) for n float32 values, as
// nonlinearFloat lowers it.
func floatFunctionProgram(t *testing.T, op graph.Op, geluTanh bool, n int) *air.Program {
	t.Helper()
	x := &air.Memory{Name: "x", Elem: air.Float32, Shape: []int{n}, Kind: air.MemInput}
	y := &air.Memory{Name: "y", Elem: air.Float32, Shape: []int{n}, Kind: air.MemOutput}
	b := &letter{prefix: "nl_"}
	v, err := floatFunction(b, op, ld(x, air.V("i")), geluTanh)
	if err != nil {
		t.Fatal(err)
	}
	p := &air.Program{Name: "f", Numeric: air.Float32, Mems: []*air.Memory{x, y},
		Kernels: []*air.Kernel{{Name: "k", Body: nest([]string{"i"}, []int{n}, append(b.body, st(y, []air.Affine{air.V("i")}, v))...)}},
		Main:    []air.Call{{Kernel: "k"}}}
	if err := air.Verify(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func refGelu(x float64) float64 { return x / 2 * (1 + math.Erf(x/math.Sqrt2)) }
func refGeluTanh(x float64) float64 {
	return x / 2 * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
}

// ulpOf is the unit in the last place of binary32 at |v| (2^-149 for subnormals).
func ulpOf(v float64) float64 {
	_, e := math.Frexp(v)
	return math.Ldexp(1, max(e-1, -126)-23)
}

// TestFloatFunctionAccuracy runs the float32 compositions of
// float_nonlin.go in the air interpreter on about 2^18 arguments each
// (uniform over the interesting range, log-uniform magnitudes down to
// 1e-30 and beyond, specials) and checks their error against the float64
// functions: absolute, relative (where the exact value is at least 1e-30
// in magnitude) and in ulps of the exact value, with the bounds the file
// comment states.
func TestFloatFunctionAccuracy(t *testing.T) {
	const n = 1 << 18
	cases := []struct {
		op       graph.Op
		tanhForm bool
		ref      func(float64) float64
		span     float64 // uniform arguments in [-span, span]
		abs, rel float64 // bounds (0: not checked)
		ulps     float64
	}{
		{graph.OpExp, false, math.Exp, 100, 0, 0, 1.23},
		{graph.OpReciprocal, false, func(x float64) float64 { return 1 / x }, 100, 0, 0, 0.5},
		{graph.OpSqrt, false, math.Sqrt, 100, 0, 0, 0.5},
		{graph.OpSigmoid, false, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, 100, 0, 0, 2.5},
		{graph.OpTanh, false, math.Tanh, 12, 1.5e-7, 7e-7, 0},
		{graph.OpErf, false, math.Erf, 5, 4.5e-7, 3.5e-6, 0},
		{graph.OpGelu, false, refGelu, 8, 6e-7, 0, 0},
		{graph.OpGelu, true, refGeluTanh, 8, 6e-7, 0, 0},
	}
	for _, c := range cases {
		name := string(c.op)
		if c.tanhForm {
			name += "_tanh"
		}
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(1))
			xs := make([]float32, n)
			specials := []float32{0, float32(math.Copysign(0, -1)), 1, -1, float32(math.Inf(1)), float32(math.Inf(-1)), 1e-45, -1e-45, 1e-38, -1e-38}
			copy(xs, specials)
			for i := len(specials); i < n; i++ {
				switch i % 3 {
				case 0:
					xs[i] = float32((2*rng.Float64() - 1) * c.span)
				case 1:
					xs[i] = float32(math.Copysign(math.Pow(10, -40+42*rng.Float64()), 2*rng.Float64()-1))
				default:
					xs[i] = math.Float32frombits(rng.Uint32())
				}
			}
			raw := make([]int64, n)
			for i, x := range xs {
				raw[i] = int64(math.Float32bits(x))
			}
			out, err := air.Interpret(floatFunctionProgram(t, c.op, c.tanhForm, n), map[string][]int64{"x": raw})
			if err != nil {
				t.Fatal(err)
			}
			var worstAbs, worstRel, worstULP float64
			var atAbs, atRel, atULP float32
			for i, x := range xs {
				got := float64(math.Float32frombits(uint32(out["y"][i])))
				want := c.ref(float64(x))
				if math.IsNaN(want) || math.IsNaN(got) {
					if math.IsNaN(want) != math.IsNaN(got) && !(c.op == graph.OpGelu && math.IsInf(float64(x), -1)) {
						t.Errorf("%s(%g) = %g, want %g", name, x, got, want)
					}
					continue
				}
				w32 := float64(float32(want))
				if math.IsInf(w32, 0) || math.IsInf(got, 0) {
					if got != w32 {
						t.Errorf("%s(%g) = %g, want %g", name, x, got, want)
					}
					continue
				}
				d := math.Abs(got - want)
				if d > worstAbs {
					worstAbs, atAbs = d, x
				}
				if math.Abs(want) >= 1e-30 {
					if r := d / math.Abs(want); r > worstRel {
						worstRel, atRel = r, x
					}
				}
				if math.Abs(want) >= 0x1p-126 {
					if u := d / ulpOf(want); u > worstULP {
						worstULP, atULP = u, x
					}
				}
			}
			t.Logf("%s: max abs error %.3g at %g, max relative %.3g at %g, max %.3f ulps (normal results) at %g",
				name, worstAbs, atAbs, worstRel, atRel, worstULP, atULP)
			if c.abs > 0 && worstAbs > c.abs {
				t.Errorf("absolute error %.3g above %.3g", worstAbs, c.abs)
			}
			if c.rel > 0 && worstRel > c.rel {
				t.Errorf("relative error %.3g above %.3g", worstRel, c.rel)
			}
			if c.ulps > 0 && worstULP > c.ulps {
				t.Errorf("error %.3f ulps above %.3f", worstULP, c.ulps)
			}
		})
	}
}

// TestTaylorBrackets checks, in float64 on a grid of [0, 10], that the
// Taylor polynomials floatTanh and floatErf clamp into bracket the
// functions: x - x^3/3 <= tanh(x) <= x - x^3/3 + 2x^5/15 and
// c(x - x^3/3) <= erf(x) <= c(x - x^3/3 + x^5/10), c = 2/sqrt(pi) (both
// functions are odd, so the brackets reverse below 0).
func TestTaylorBrackets(t *testing.T) {
	c := 2 / math.Sqrt(math.Pi)
	for i := 0; i <= 100000; i++ {
		x := float64(i) * 1e-4
		x3, x5 := x*x*x, x*x*x*x*x
		// A relative slack of 4e-16 absorbs float64's own rounding.
		out := func(f, lo, hi float64) bool { return f < lo-4e-16*f || f > hi+4e-16*f }
		if lo, hi, f := x-x3/3, x-x3/3+2*x5/15, math.Tanh(x); out(f, lo, hi) {
			t.Fatalf("tanh(%g) = %g outside [%g, %g]", x, f, lo, hi)
		}
		if lo, hi, f := c*(x-x3/3), c*(x-x3/3+x5/10), math.Erf(x); out(f, lo, hi) {
			t.Fatalf("erf(%g) = %g outside [%g, %g]", x, f, lo, hi)
		}
	}
}
