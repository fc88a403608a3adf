package air

import (
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/fp32"
)

// TestInterpretConv checks testdata/conv_relu.air against a direct Go
// computation with the rounding defined in package fixed.
func TestInterpretConv(t *testing.T) {
	src, err := os.ReadFile("testdata/conv_relu.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	rnd := func(n int) []int64 {
		d := make([]int64, n)
		for i := range d {
			d[i] = rng.Int63n(4000) - 2000
		}
		return d
	}
	x, w, b := rnd(16), rnd(18), rnd(2)
	p.Data = map[string][]int64{"w": w, "b": b}
	out, err := Interpret(p, map[string][]int64{"x": x})
	if err != nil {
		t.Fatal(err)
	}
	q := fixed.Format{Width: 16, Frac: 8}
	at := func(h, v int) int64 {
		if h < 0 || h >= 4 || v < 0 || v >= 4 {
			return 0
		}
		return x[h*4+v]
	}
	for co := 0; co < 2; co++ {
		for oh := 0; oh < 4; oh++ {
			for ow := 0; ow < 4; ow++ {
				acc := b[co] << 8
				for kh := 0; kh < 3; kh++ {
					for kw := 0; kw < 3; kw++ {
						acc += w[co*9+kh*3+kw] * at(oh+kh-1, ow+kw-1)
					}
				}
				want := max(q.Requantize(acc, 16), 0)
				if got := out["y"][(co*4+oh)*4+ow]; got != want {
					t.Fatalf("y[%d,%d,%d] = %d, want %d", co, oh, ow, got, want)
				}
			}
		}
	}
}

func TestOps(t *testing.T) {
	t8 := Type{Width: 16, Frac: 8}
	tests := []struct {
		name string
		e    Expr
		want int64
	}{
		{"add widens", NewOp(Add, &Const{32767, t8}, &Const{1, t8}), 32768},
		{"sub", NewOp(Sub, &Const{-32768, t8}, &Const{1, t8}), -32769},
		{"mul exact", NewOp(Mul, &Const{384, t8}, &Const{384, t8}), 147456},
		{"rq rounds half up", NewRq(NewOp(Mul, &Const{1, t8}, &Const{128, t8}), t8), 1},
		{"rq negative half", NewRq(NewOp(Mul, &Const{-1, t8}, &Const{128, t8}), t8), 0},
		{"rq saturates", NewRq(NewOp(Mul, &Const{32767, t8}, &Const{32767, t8}), t8), 32767},
		{"rq widens exactly", NewRq(&Const{-300, t8}, Type{Width: 40, Frac: 16}), -300 << 8},
		{"shr then rq divides", NewRq(NewShr(&Const{7, t8}, 2), t8), 2},
		{"max", NewOp(Max, &Const{-5, t8}, &Const{0, t8}), 0},
		{"min", NewOp(Min, &Const{-5, t8}, &Const{0, t8}), -5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &compiler{m: &Machine{}, slots: map[string]int{}, types: map[string]Type{}}
			f, _ := c.expr(tt.e)
			if got := f(nil); got != tt.want {
				t.Errorf("%s = %d, want %d", ExprString(tt.e), got, tt.want)
			}
		})
	}
}

// A register assignment that would wrap is a run-time error naming the
// statement, its line and the iteration, never a silent wrap (the hardware
// register would keep the low bits and saturation downstream would pick the
// wrong sign).
func TestRegisterOverflowIsAnError(t *testing.T) {
	src := `program p
numeric fixed<8,0>
mem o: fixed<8,0>[1] output
kernel k {
  reg r: fixed<4,0> = 5:fixed<4,0>
  for i in 0..3 {
    r = add(r, 1:fixed<4,0>)
  }
  o[0] = rq(r, fixed<8,0>)
}
main {
  k
}
`
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Interpret(p, nil)
	// 5+1+1 = 7 fits fixed<4,0>; the third add gives 8 at i=2.
	want := "air: kernel k: line 7: r = add(r, 1:fixed<4,0>): value 8 out of range of fixed<4,0> [-8, 7] (the register would wrap) at i=2"
	if err == nil || err.Error() != want {
		t.Errorf("got error %v\nwant %s", err, want)
	}
	// Initialisers are checked too: a 5-bit literal into a 4-bit register.
	q, err := Parse([]byte(strings.Replace(src, "reg r: fixed<4,0> = 5:fixed<4,0>", "reg r: fixed<4,0> = 12:fixed<5,0>", 1)))
	if err != nil {
		t.Fatal(err)
	}
	want = "air: kernel k: line 5: reg r: fixed<4,0> = 12:fixed<5,0>: value 12 out of range of fixed<4,0> [-8, 7] (the register would wrap)"
	if _, err := Interpret(q, nil); err == nil || err.Error() != want {
		t.Errorf("got error %v\nwant %s", err, want)
	}
}

// Input values outside the memory's type are refused by Set.
func TestSetRange(t *testing.T) {
	p, err := Parse([]byte(`program p
numeric fixed<8,0>
mem x: fixed<8,0>[2] input
mem o: fixed<8,0>[2] output
kernel k {
  for i in 0..2 {
    o[i] = x[i]
  }
}
main {
  k
}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Interpret(p, map[string][]int64{"x": {3, 128}})
	if want := "air: memory x: value 128 at 1 out of range of fixed<8,0>"; err == nil || err.Error() != want {
		t.Errorf("got error %v, want %s", err, want)
	}
}

// TestInterpretFloat32 checks testdata/gemm_float32.air (y = relu(b + x w^T)
// in float32) against the same sums computed with Go's float32 arithmetic,
// every product rounded before it is added, and the text form's round trip.
// One input is +inf, so a row has infinite or NaN sums.
func TestInterpretFloat32(t *testing.T) {
	src, err := os.ReadFile("testdata/gemm_float32.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(p); err != nil {
		t.Fatal(err)
	}
	if got := Format(p); string(got) != string(src) {
		t.Errorf("Format does not reproduce the source:\n%s", got)
	}
	rng := rand.New(rand.NewSource(4))
	vals := func(n int) ([]float32, []int64) {
		f := make([]float32, n)
		raw := make([]int64, n)
		for i := range f {
			f[i] = float32(rng.NormFloat64())
			raw[i] = int64(math.Float32bits(f[i]))
		}
		return f, raw
	}
	x, xr := vals(15)
	w, wr := vals(20)
	b, br := vals(4)
	x[7], xr[7] = float32(math.Inf(1)), int64(math.Float32bits(float32(math.Inf(1)))) // row 1 becomes +inf or NaN
	p.Data = map[string][]int64{"w": wr, "b": br}
	out, err := Interpret(p, map[string][]int64{"x": xr})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			acc := b[j]
			for k := 0; k < 5; k++ {
				// The conversion rounds the product before the add (Go may
				// otherwise fuse them, even across statements).
				acc += float32(x[i*5+k] * w[j*5+k])
			}
			var want uint32
			switch {
			case acc != acc:
				want = 0x7fc00000 // the canonical NaN (max of NaN and 0 is NaN)
			case acc > 0:
				want = math.Float32bits(acc)
			}
			if got := uint32(out["y"][i*4+j]); got != want {
				t.Errorf("y[%d,%d] = %#08x, want %#08x (%g)", i, j, got, want, acc)
			}
		}
	}
}

// TestInterpretDivSqrt checks div and sqrt of float32 (testdata/
// divsqrt_float32.air: o[0,i] = a[i]/b[i], o[1,i] = sqrt(a[i])) against
// hand-derived binary32 results, and the text form's round trip.
func TestInterpretDivSqrt(t *testing.T) {
	src, err := os.ReadFile("testdata/divsqrt_float32.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := Format(p); string(got) != string(src) {
		t.Errorf("Format does not reproduce the source:\n%s", got)
	}
	const (
		nan     = 0x7fc00000 // the canonical quiet NaN
		inf     = 0x7f800000
		negZero = 0x80000000
	)
	tests := []struct {
		a, b, div, sqrt uint32
		why             string
	}{
		// 1/3 = 0x3eaaaaaa.aaa..: the remainder bits 1010... are above half, round up.
		// sqrt(1) = 1.
		{0x3f800000, 0x40400000, 0x3eaaaaab, 0x3f800000, "1/3, sqrt(1)"},
		// 2/1 = 2; sqrt(2) = 1.41421356..., whose significand 0x3504f3.33... rounds down.
		{0x40000000, 0x3f800000, 0x40000000, 0x3fb504f3, "2/1, sqrt(2)"},
		// -1/0 = -inf (divide by zero); sqrt(-1) is invalid: the canonical NaN.
		{0xbf800000, 0, 0xff800000, nan, "-1/0, sqrt(-1)"},
		// 0/0 is invalid; sqrt(+0) = +0.
		{0, 0, nan, 0, "0/0, sqrt(0)"},
		// -0/1 = -0; sqrt(-0) = -0 (IEEE 754).
		{negZero, 0x3f800000, negZero, negZero, "-0/1, sqrt(-0)"},
		// inf/inf is invalid; sqrt(inf) = inf.
		{inf, inf, nan, inf, "inf/inf, sqrt(inf)"},
		// 3*2^-149 / 2 = 1.5*2^-149: a tie between 1 and 2 units, to even 2 (0x2);
		// sqrt(3*2^-149) = sqrt(1.5)*2^-74 = 6.4837e-23, a normal number:
		// 0x1a9cc471 (Python: struct.pack('<f', math.sqrt(3*2**-149))).
		{3, 0x40000000, 2, 0x1a9cc471, "subnormal tie, sqrt of a subnormal"},
		// a signalling NaN operand gives the canonical NaN in both.
		{0x7f800001, 0x3f800000, nan, nan, "NaN payload"},
	}
	a := make([]int64, 8)
	b := make([]int64, 8)
	for i, tt := range tests {
		a[i], b[i] = int64(tt.a), int64(tt.b)
	}
	out, err := Interpret(p, map[string][]int64{"a": a, "b": b})
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if got := uint32(out["o"][i]); got != tt.div {
			t.Errorf("%s: div = %#08x, want %#08x", tt.why, got, tt.div)
		}
		if got := uint32(out["o"][8+i]); got != tt.sqrt {
			t.Errorf("%s: sqrt = %#08x, want %#08x", tt.why, got, tt.sqrt)
		}
	}
}

// TestInterpretExpFloat32 checks testdata/exp_float32.air (y = e^(x - 1) in
// float32) against fp32.Exp of fp32.Sub, specials included.
func TestInterpretExpFloat32(t *testing.T) {
	src, err := os.ReadFile("testdata/exp_float32.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(p); err != nil {
		t.Fatal(err)
	}
	xs := []float32{0, 1, -1, 2.5, 89.7, -103.5, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-30, -20, 60}
	raw := make([]int64, len(xs))
	for i, x := range xs {
		raw[i] = int64(math.Float32bits(x))
	}
	out, err := Interpret(p, map[string][]int64{"x": raw})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range xs {
		want := math.Float32bits(fp32.Exp(fp32.Sub(x, 1)))
		if got := uint32(out["y"][i]); got != want {
			t.Errorf("exp(%g - 1) = %#08x, want %#08x", x, got, want)
		}
	}
}
