package fromgraph

import (
	"fmt"
	"math"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// Formats of the nonlinear functions (a documented rule, no calibration):
// every activation memory keeps the activation format E = fixed<W,F>
// (W <= 16, the units' widest output); intermediate values inside a
// kernel get the formats below. Values outside a format saturate only
// where the function is flat there, so saturation changes no output by
// more than the output's rounding:
//
//   - Sigmoid, Tanh, Erf, Exp, Reciprocal: the unit from E to E.
//     exp(x) above E's maximum saturates (as a float would leave E's
//     range); 1/x for |x| below 1/E.Max saturates.
//   - Sqrt(x) = max(0, x * rsqrt(x)), rsqrt in fixed<16,15-ceil((F+1)/2)>,
//     which holds 1/sqrt(2^-F), the largest value.
//   - Gelu (exact) = x/2 * (1 + erf(x/sqrt(2))), the argument of erf in
//     fixed<16,12> (|x/sqrt 2| >= 8 saturates; erf is +-1 to 1e-29 there),
//     erf in fixed<16,14>, the product rounded once into E.
//   - Gelu (tanh form) = x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))),
//     x^3 in fixed<32,16> (saturating beyond 32768, where tanh is +-1),
//     x + 0.044715 x^3 rounded to fixed<32,16>, the argument of tanh in
//     fixed<16,12>, tanh in fixed<16,14>. No intermediate is wider than
//     49 bits.
const (
	nlArgFrac = 12 // fractional bits of erf's and tanh's argument inside Gelu
	nlValFrac = 14 // fractional bits of erf and tanh inside Gelu
)

// nonlinear lowers the element-wise nonlinear functions (Sigmoid, Tanh,
// Exp, Erf, Sqrt, Reciprocal, Gelu) to the units of package nonlin.
func (l *lowerer) nonlinear(n *graph.Node) error {
	if l.e.Float {
		return l.nonlinearFloat(n)
	}
	if l.e.Width > nonlin.MaxOutWidth {
		return &lowerError{fmt.Sprintf("%s needs an activation format of at most %d bits (the nonlinear units' limit), have %s", n.Op, nonlin.MaxOutWidth, l.e), "choose a 16-bit numeric such as fixed<16,8>"}
	}
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	vars, out := ivars("i", len(y.Shape))
	x := air.Expr(ld(ins[0], out...))
	var v air.Expr
	switch n.Op {
	case graph.OpSigmoid:
		v = air.NewNonlin(nonlin.Sigmoid, x, l.e)
	case graph.OpTanh:
		v = air.NewNonlin(nonlin.Tanh, x, l.e)
	case graph.OpExp:
		v = air.NewNonlin(nonlin.Exp, x, l.e)
	case graph.OpErf:
		v = air.NewNonlin(nonlin.Erf, x, l.e)
	case graph.OpReciprocal:
		v = air.NewNonlin(nonlin.Reciprocal, x, l.e)
	case graph.OpSqrt:
		rt := air.Type{Width: 16, Frac: 15 - (l.e.Frac+2)/2}
		r := air.NewNonlin(nonlin.Rsqrt, x, rt)
		v = air.NewOp(air.Max, air.NewRq(air.NewOp(air.Mul, x, r), l.e), lit(0, l.e))
	case graph.OpGelu:
		if v, err = l.gelu(x, n.Attrs.GeluTanh); err != nil {
			return err
		}
	case graph.OpSoftplus:
		return &lowerError{"no hardware lowering for Softplus", "there is no logarithm unit; use another activation (SiLU, GELU) or compute it after the accelerator"}
	default:
		return fmt.Errorf("internal: %s is not a nonlinear function", n.Op)
	}
	l.kernel(strings.ToLower(string(n.Op)), nest(vars, y.Shape, st(y, out, v)))
	return nil
}

// gelu is x/2 * (1 + f(a)) with f = erf, a = x/sqrt(2) (exact form), or
// f = tanh, a = sqrt(2/pi) * (x + 0.044715 x^3) (tanh form); see the
// formats above.
func (l *lowerer) gelu(x air.Expr, tanhForm bool) (air.Expr, error) {
	at := air.Type{Width: 16, Frac: nlArgFrac}
	// The constants (below 1) always fit fixed<16,0>: no error in practice.
	constType := func(c float64) (air.Type, error) {
		return fracType(fmt.Sprintf("Gelu constant %g", c), 16, []float64{c})
	}
	scaled := func(v air.Expr, c float64) (air.Expr, error) {
		ct, err := constType(c)
		if err != nil {
			return nil, err
		}
		return air.NewRq(air.NewOp(air.Mul, v, lit(quantize(ct, c), ct)), at), nil
	}
	fn := nonlin.Erf
	var arg air.Expr
	var err error
	if tanhForm {
		fn = nonlin.Tanh
		cube := air.Type{Width: 32, Frac: 16}
		x3 := air.NewRq(air.NewOp(air.Mul, air.NewOp(air.Mul, x, x), x), cube)
		ct, cerr := constType(0.044715)
		if cerr != nil {
			return nil, cerr
		}
		inner := air.NewOp(air.Add, air.NewRq(x, air.Type{Width: 48, Frac: 16 + ct.Frac}), air.NewOp(air.Mul, x3, lit(quantize(ct, 0.044715), ct)))
		// Rounded to fixed<32,16> (|inner| < 2^11) so that the next
		// product stays within 48 bits.
		arg, err = scaled(air.NewRq(inner, cube), math.Sqrt(2/math.Pi))
	} else {
		arg, err = scaled(x, 1/math.Sqrt2)
	}
	if err != nil {
		return nil, err
	}
	vt := air.Type{Width: 16, Frac: nlValFrac}
	one := lit(1<<nlValFrac, air.Type{Width: 17, Frac: nlValFrac})
	h := air.NewOp(air.Add, one, air.NewNonlin(fn, arg, vt))
	return air.NewRq(air.NewShr(air.NewOp(air.Mul, x, h), 1), l.e), nil
}

// divRecipType is the format of 1/d for Div by a tensor: fixed<16,10> holds
// up to 32, so a divisor of magnitude below 1/32 saturates the reciprocal
// (1/0 gives the largest value, with the divisor's sign for d != 0).
var divRecipType = air.Type{Width: 16, Frac: 10}

// divByTensor lowers Div by a tensor known only at run time as a product
// with its reciprocal: one reciprocal unit evaluation per element of the
// divisor (a broadcast divisor, such as a row sum, is inverted once into an
// internal memory, then shared by every lane it divides), then x * (1/d)
// rounded once per element.
func (l *lowerer) divByTensor(n *graph.Node) error {
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	d, err := l.mem(n.Inputs[1])
	if err != nil {
		return err
	}
	if d.Elem.Width > nonlin.Reciprocal.MaxInWidth() {
		return &lowerError{fmt.Sprintf("Div by a %s tensor: the reciprocal unit takes at most %d bits", d.Elem, nonlin.Reciprocal.MaxInWidth()), ""}
	}
	r := l.newMem(d.Name+"_recip", divRecipType, d.Shape, air.MemInternal)
	dv, di := ivars("d", len(d.Shape))
	l.kernel("reciprocal", nest(dv, d.Shape, st(r, di, air.NewNonlin(nonlin.Reciprocal, ld(d, di...), divRecipType))))
	vars, out := ivars("i", len(y.Shape))
	xi, err := bcast(l.shape(n.Inputs[0]), out, y.Shape)
	if err != nil {
		return err
	}
	ri, err := bcast(l.shape(n.Inputs[1]), out, y.Shape)
	if err != nil {
		return err
	}
	v := air.NewRq(air.NewOp(air.Mul, ld(x, xi...), ld(r, ri...)), y.Elem)
	l.kernel("div", nest(vars, y.Shape, st(y, out, v)))
	return nil
}
