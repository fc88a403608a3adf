package air

import (
	"math"
	"math/rand"
	"os"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// TestInterpretNonlin runs testdata/nonlin.air's first kernel on random
// inputs and checks each output against the unit of package nonlin for the
// formats the op names (the hardware model) and against the float64
// function: the units' documented worst error is under 0.63 LSB of the
// output (package nonlin's accuracy table), so 1 LSB bounds it here and a
// swapped input or output format would fail.
func TestInterpretNonlin(t *testing.T) {
	src, err := os.ReadFile("testdata/nonlin.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	p.Main = p.Main[:1] // act
	in := fixed.Format{Width: 16, Frac: 8}
	rng := rand.New(rand.NewSource(5))
	x := make([]int64, 8)
	for i := range x {
		x[i] = in.Min() + rng.Int63n(in.Max()-in.Min()+1)
	}
	x[0], x[1] = 0, in.Min()
	out, err := Interpret(p, map[string][]int64{"x": x})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mem string
		f   nonlin.Func
		out fixed.Format
	}{
		{"ye", nonlin.Exp, fixed.Format{Width: 16, Frac: 14}},
		{"ys", nonlin.Sigmoid, fixed.Format{Width: 16, Frac: 15}},
		{"yt", nonlin.Tanh, fixed.Format{Width: 16, Frac: 14}},
		{"yf", nonlin.Erf, fixed.Format{Width: 16, Frac: 14}},
	} {
		u := nonlin.MustNew(c.f, in, c.out)
		for i, q := range x {
			got := out[c.mem][i]
			if want := u.Eval(q); got != want {
				t.Errorf("%s[%d] = %d, want %d (%s of %d)", c.mem, i, got, want, u, q)
			}
			ref := math.Ldexp(c.f.Ref(in.ToFloat(q)), c.out.Frac)
			ref = math.Max(math.Min(ref, float64(c.out.Max())), float64(c.out.Min()))
			if math.Abs(float64(got)-ref) > 1 {
				t.Errorf("%s[%d] = %d, float64 %s gives %.2f LSB", c.mem, i, got, c.f, ref)
			}
		}
	}
}

// TestInterpretSoftmax checks testdata/nonlin.air's softmax kernel: every
// row sums to 1 within the rounding of its formats (4 outputs of 1/256
// each, exp and reciprocal within 1 LSB of fixed<16,14>).
func TestInterpretSoftmax(t *testing.T) {
	src, err := os.ReadFile("testdata/nonlin.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	p.Main = []Call{{Kernel: "softmax"}}
	x := []int64{256, -512, 100, 0, 3000, 2990, -30000, 7}
	out, err := Interpret(p, map[string][]int64{"x": x})
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r < 2; r++ {
		var ref [4]float64
		sum := 0.0
		for c := 0; c < 4; c++ {
			ref[c] = math.Exp(float64(x[r*4+c]) / 256)
			sum += ref[c]
		}
		for c := 0; c < 4; c++ {
			got := float64(out["p"][r*4+c]) / 256
			if d := math.Abs(got - ref[c]/sum); d > 3.0/256 {
				t.Errorf("p[%d,%d] = %g, softmax %g", r, c, got, ref[c]/sum)
			}
		}
	}
}
