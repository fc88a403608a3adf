package fromgraph

import (
	"fmt"
	"math"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// The float32 lowerings of the nonlinear operators (Options.Float32) are
// compositions of the float32 operations of package air: add, sub, mul,
// div, sqrt, max, min and exp (fp32.Exp, the accel_fexp_pipe unit), each
// rounded once. The interpreter and the hardware compute the same
// operations in the same order, so they agree bit for bit by construction;
// TestFloatFunctionAccuracy measures how far each composition is from the
// exact function over 2^18 arguments (uniform in the interesting range,
// log-uniform magnitudes, random bit patterns); the errors below are its
// measurements, ulps counted where the result is a normal number.
//
//   - Exp(x) = exp(x) (1.14 ulps measured, 1.22 over every input);
//     Reciprocal(x) = 1/x; Sqrt(x) = sqrt(x) (both correctly rounded).
//   - Sigmoid(x) = N / (1 + e) with e = exp(-|x|) (never overflows) and
//     N = 1 for x >= 0, e for x < 0, computed without a select as
//     N = max(e, min(x * 2^127, 1)): x * 2^127 >= 1 for x >= 2^-127, and
//     below that e rounds to 1 anyway. At most 2.3 ulps (1/(1+e^-x) would
//     lose every bit of results below 1e-38).
//   - Tanh(x) = (1 - e)/(1 + e), e = exp(-2x), x clamped to [-10, 10]
//     (tanh(10) rounds to 1), then clamped into the bracket of the Taylor
//     series x - x^3/3 <= tanh(x) <= x - x^3/3 + 2x^5/15 (x >= 0; reversed
//     for x < 0), which repairs the cancellation in 1 - e near 0: relative
//     error at most 6e-7 (8.4 ulps), absolute 1.4e-7.
//   - Erf(x) = s * (1 - P(t) e^(-a^2)), a = |x| for x clamped to [-4, 4]
//     (erf(4) rounds to 1), t = 1/(1 + p a) and P the degree-5 polynomial
//     of Abramowitz and Stegun 7.1.26 (absolute error 1.5e-7 in exact
//     arithmetic), s = clamp(x * 2^127, -1, 1) the sign; then clamped into
//     the Taylor bracket (2/sqrt(pi))(x - x^3/3) <= erf(x) <= (2/sqrt(pi))
//     (x - x^3/3 + x^5/10) (x >= 0; reversed below), which also makes
//     tiny arguments exact where s is not ±1. Absolute error at most
//     4.2e-7, relative 3.0e-6.
//   - Gelu(x) = (x * 0.5) * (1 + Erf(x * (1/sqrt 2))), or with the tanh
//     form (x * 0.5) * (1 + Tanh(sqrt(2/pi) * (x + 0.044715 x^3))), as
//     PyTorch writes them: absolute error at most 5.2e-7 (1 + erf(x) loses
//     its relative accuracy below x = -3, as it does in PyTorch).
//   - Softmax: per row m = max x, e_j = exp(x_j - m), s = sum of e_j in
//     order, one division 1/s, y_j = e_j * (1/s).
//   - LayerNormalization: per row mean = (sum x)/N, var = (sum (x -
//     mean)^2)/N (floatMean: a product with 1/N when N is a power of two),
//     r = 1/sqrt(var + eps) (a square root and a division a row), y =
//     ((x - mean) * r) * scale + bias.
//
// Softplus needs a logarithm and is refused.

// fop builds a float32 operation.
func fop(k air.OpKind, a, b air.Expr) air.Expr { return air.NewOp(k, a, b) }

// letter collects register declarations of one loop body: each value that
// is used more than once (or is a unit's result) gets a register, so the
// hardware computes it once.
type letter struct {
	prefix string
	body   []air.Stmt
}

// let declares register prefix_name = v and returns a reference to it.
func (b *letter) let(name string, v air.Expr) air.Expr {
	r := b.prefix + name
	b.body = append(b.body, &air.Reg{Name: r, T: air.Float32, Init: v})
	return &air.Ref{Name: r}
}

// floatClamp is min(max(x, lo), hi) (a NaN stays a NaN).
func floatClamp(x air.Expr, lo, hi float64) air.Expr {
	return fop(air.Min, fop(air.Max, x, f32(lo)), f32(hi))
}

// floatSign is clamp(x * 2^127, -1, 1): the sign of x as ±1 (0 for ±0) for
// |x| >= 2^-127, a value of magnitude below 1 for smaller x.
func floatSign(x air.Expr) air.Expr { return floatClamp(fop(air.Mul, x, f32(0x1p127)), -1, 1) }

// bracket clamps v into [min(lo, hi), max(lo, hi)].
func bracket(b *letter, v, lo, hi air.Expr) air.Expr {
	lo, hi = b.let("lo", lo), b.let("hi", hi)
	return fop(air.Max, fop(air.Min, v, fop(air.Max, lo, hi)), fop(air.Min, lo, hi))
}

// floatSigmoid is 1/(1+e^-x) (see the comment at the top of the file).
func floatSigmoid(b *letter, x air.Expr) air.Expr {
	x = b.let("x", x)
	e := b.let("e", air.NewNonlin(nonlin.Exp, fop(air.Min, x, fop(air.Sub, f32(0), x)), air.Float32))
	num := fop(air.Max, e, fop(air.Min, fop(air.Mul, x, f32(0x1p127)), f32(1)))
	return fop(air.Div, num, fop(air.Add, f32(1), e))
}

// floatTanh is tanh(x) (see the comment at the top of the file).
func floatTanh(b *letter, x air.Expr) air.Expr {
	x = b.let("x", floatClamp(x, -10, 10))
	e := b.let("e", air.NewNonlin(nonlin.Exp, fop(air.Mul, x, f32(-2)), air.Float32))
	f := fop(air.Div, fop(air.Sub, f32(1), e), fop(air.Add, f32(1), e))
	x2 := b.let("x2", fop(air.Mul, x, x))
	x3 := b.let("x3", fop(air.Mul, x2, x))
	lo := b.let("t3", fop(air.Sub, x, fop(air.Mul, x3, f32(1.0/3))))
	hi := fop(air.Add, lo, fop(air.Mul, fop(air.Mul, x3, x2), f32(2.0/15)))
	return bracket(b, f, lo, hi)
}

// erfP and erfA are the constants of Abramowitz and Stegun's 7.1.26:
// erf(x) = 1 - (a1 t + ... + a5 t^5) e^(-x^2) + eps(x), t = 1/(1 + p x),
// |eps| <= 1.5e-7 for x >= 0 (C. Hastings, Approximations for Digital
// Computers, 1955).
const erfP = 0.3275911

var erfA = [5]float64{0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429}

// floatErf is erf(x) (see the comment at the top of the file).
func floatErf(b *letter, x air.Expr) air.Expr {
	x = b.let("x", floatClamp(x, -4, 4))
	a := b.let("a", fop(air.Max, x, fop(air.Sub, f32(0), x)))
	t := b.let("t", fop(air.Div, f32(1), fop(air.Add, f32(1), fop(air.Mul, a, f32(erfP)))))
	p := air.Expr(f32(erfA[4]))
	for i := 3; i >= 0; i-- {
		p = fop(air.Add, fop(air.Mul, p, t), f32(erfA[i]))
	}
	p = fop(air.Mul, p, t)
	x2 := b.let("x2", fop(air.Mul, x, x))
	e := air.NewNonlin(nonlin.Exp, fop(air.Sub, f32(0), x2), air.Float32)
	v := fop(air.Mul, floatSign(x), fop(air.Sub, f32(1), fop(air.Mul, p, e)))
	c := 2 / math.Sqrt(math.Pi)
	x3 := b.let("x3", fop(air.Mul, x2, x))
	lo := b.let("t3", fop(air.Sub, x, fop(air.Mul, x3, f32(1.0/3))))
	hi := fop(air.Add, lo, fop(air.Mul, fop(air.Mul, x3, x2), f32(0.1)))
	return bracket(b, v, fop(air.Mul, lo, f32(c)), fop(air.Mul, hi, f32(c)))
}

// floatGelu is x/2 (1 + erf(x/sqrt 2)), or the tanh form.
func floatGelu(b *letter, x air.Expr, tanhForm bool) air.Expr {
	x = b.let("g", x)
	var f air.Expr
	if tanhForm {
		x3 := fop(air.Mul, fop(air.Mul, x, x), x)
		inner := fop(air.Add, x, fop(air.Mul, f32(0.044715), x3))
		f = floatTanh(b, fop(air.Mul, f32(math.Sqrt(2/math.Pi)), inner))
	} else {
		f = floatErf(b, fop(air.Mul, x, f32(1/math.Sqrt2)))
	}
	return fop(air.Mul, fop(air.Mul, x, f32(0.5)), fop(air.Add, f32(1), f))
}

// floatFunction returns the float32 composition of an element-wise
// nonlinear operator applied to x, declaring its registers in b.
func floatFunction(b *letter, op graph.Op, x air.Expr, geluTanh bool) (air.Expr, error) {
	switch op {
	case graph.OpExp:
		return air.NewNonlin(nonlin.Exp, x, air.Float32), nil
	case graph.OpReciprocal:
		return fop(air.Div, f32(1), x), nil
	case graph.OpSqrt:
		return air.NewSqrt(x), nil
	case graph.OpSigmoid:
		return floatSigmoid(b, x), nil
	case graph.OpTanh:
		return floatTanh(b, x), nil
	case graph.OpErf:
		return floatErf(b, x), nil
	case graph.OpGelu:
		return floatGelu(b, x, geluTanh), nil
	case graph.OpSoftplus:
		return nil, &lowerError{"no hardware lowering for Softplus", "there is no logarithm unit; use another activation (SiLU, GELU) or compute it after the accelerator"}
	}
	return nil, fmt.Errorf("internal: %s is not a nonlinear function", op)
}

// nonlinearFloat lowers an element-wise nonlinear operator in float32.
func (l *lowerer) nonlinearFloat(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	vars, out := ivars("i", len(y.Shape))
	b := &letter{prefix: "nl_"}
	v, err := floatFunction(b, n.Op, ld(ins[0], out...), n.Attrs.GeluTanh)
	if err != nil {
		return err
	}
	l.kernel(strings.ToLower(string(n.Op)), nest(vars, y.Shape, append(b.body, st(y, out, v))...))
	return nil
}

// softmaxFloat lowers Softmax over the last axis in float32, row by row:
// the maximum m, e_j = exp(x_j - m) stored in an internal memory and summed
// in order, inv = 1/sum (one division a row), y_j = e_j * inv.
func (l *lowerer) softmaxFloat(n *graph.Node) error {
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	N := x.Shape[len(x.Shape)-1]
	outer := x.Shape[:len(x.Shape)-1]
	vars, idx := ivars("r", len(outer))
	at := func(c air.Affine) []air.Affine { return append(append([]air.Affine(nil), idx...), c) }
	e := l.newMem(x.Name+"_exp", air.Float32, x.Shape, air.MemInternal)
	c1, c2, c3 := air.V("c1"), air.V("c2"), air.V("c3")
	ref := func(r string) air.Expr { return &air.Ref{Name: r} }
	row := []air.Stmt{&air.Reg{Name: "m", T: air.Float32, Init: ld(x, at(air.C(0))...)}}
	row = append(row, &air.For{Var: "c1", Lo: 1, Hi: N, Step: 1, Body: []air.Stmt{
		&air.Assign{Name: "m", Val: fop(air.Max, ref("m"), ld(x, at(c1)...))}}})
	row = append(row, &air.Reg{Name: "s", T: air.Float32, Init: f32(0)})
	row = append(row, nest([]string{"c2"}, []int{N},
		&air.Reg{Name: "ex", T: air.Float32, Init: air.NewNonlin(nonlin.Exp, fop(air.Sub, ld(x, at(c2)...), ref("m")), air.Float32)},
		st(e, at(c2), ref("ex")),
		&air.Assign{Name: "s", Val: fop(air.Add, ref("s"), ref("ex"))})...)
	row = append(row, &air.Reg{Name: "inv", T: air.Float32, Init: fop(air.Div, f32(1), ref("s"))})
	row = append(row, nest([]string{"c3"}, []int{N},
		st(y, at(c3), fop(air.Mul, ld(e, at(c3)...), ref("inv"))))...)
	l.kernel("softmax", nest(vars, outer, row...))
	return nil
}

// layerNormFloat lowers LayerNormalization over the dims from Axis on in
// float32, a row of N values at a time in three passes: the mean, the
// variance and r = 1/sqrt(var + eps), then y = ((x - mean) * r) * scale +
// bias.
func (l *lowerer) layerNormFloat(n *graph.Node) error {
	xt := l.g.Tensor(n.Inputs[0])
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	ax := n.Attrs.Axis
	norm := xt.Shape[ax:]
	N := prod(norm)
	outerVars, outerIdx := ivars("r", ax)
	names := func(p string) ([]string, []air.Affine) {
		vs := make([]string, len(norm))
		as := make([]air.Affine, len(norm))
		for i := range vs {
			vs[i] = fmt.Sprintf("%s%d", p, i)
			as[i] = air.V(vs[i])
		}
		return vs, as
	}
	at := func(inner []air.Affine) []air.Affine {
		return append(append([]air.Affine(nil), outerIdx...), inner...)
	}
	ref := func(r string) air.Expr { return &air.Ref{Name: r} }
	reg := func(name string, v air.Expr) *air.Reg { return &air.Reg{Name: name, T: air.Float32, Init: v} }
	kname := l.peekName("layernorm")
	mean := func(sum air.Expr) (air.Expr, error) { return floatMean(kname, sum, N) }
	v1, i1 := names("a")
	row := []air.Stmt{reg("s", f32(0))}
	row = append(row, nest(v1, norm, &air.Assign{Name: "s", Val: fop(air.Add, ref("s"), ld(x, at(i1)...))})...)
	mu, err := mean(ref("s"))
	if err != nil {
		return err
	}
	row = append(row, reg("mu", mu))
	v2, i2 := names("b")
	row = append(row, reg("v", f32(0)))
	row = append(row, nest(v2, norm, reg("d", fop(air.Sub, ld(x, at(i2)...), ref("mu"))),
		&air.Assign{Name: "v", Val: fop(air.Add, ref("v"), fop(air.Mul, ref("d"), ref("d")))})...)
	variance, err := mean(ref("v"))
	if err != nil {
		return err
	}
	row = append(row, reg("rs", fop(air.Div, f32(1), air.NewSqrt(fop(air.Add, variance, f32(float64(n.Attrs.Epsilon)))))))
	v3, i3 := names("c")
	sc, err := l.mem(n.Inputs[1])
	if err != nil {
		return err
	}
	si, err := bcast(l.shape(n.Inputs[1]), i3, norm)
	if err != nil {
		return err
	}
	val := fop(air.Mul, fop(air.Mul, fop(air.Sub, ld(x, at(i3)...), ref("mu")), ref("rs")), ld(sc, si...))
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		bm, err := l.mem(n.Inputs[2])
		if err != nil {
			return err
		}
		bi, err := bcast(l.shape(n.Inputs[2]), i3, norm)
		if err != nil {
			return err
		}
		val = fop(air.Add, val, ld(bm, bi...))
	}
	row = append(row, nest(v3, norm, st(y, at(i3), val))...)
	if ax == 0 {
		outerVars = nil
	}
	l.kernel("layernorm", nest(outerVars, xt.Shape[:ax], row...))
	return nil
}
