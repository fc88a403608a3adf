package fromgraph

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// rsqrtType is the format of LayerNormalization's 1/sqrt(var + eps):
// fixed<16,11> holds up to 16, so a variance below 1/256 saturates it
// (deliberately: the deviations, and so the outputs, are then below
// 1/16 of an input unit); a variance of 1 gets 11 fractional bits.
var rsqrtType = air.Type{Width: 16, Frac: 11}

// layerNorm lowers LayerNormalization over the dims from Axis on, a row of
// N values at a time, in three passes over the row (x = X's format
// fixed<W,F>, so |x - mean| < R = 2^(W-F)):
//
//   - s = sum x exactly; mean = rq(s * (1/N)) in fixed<W+8,F+8>;
//   - v = sum (x - mean)^2 exactly (deviations d in fixed<W+9,F+8>, their
//     squares below R^2, the sum below N*R^2), rounded to 16 fractional
//     bits; var + eps = rq(v * (1/N) + eps) into the widest rsqrt input
//     fixed<31,F'> holding R^2 (var < R^2 always); r = rsqrt(var + eps)
//     in rsqrtType, one unit per row;
//   - y = rq(rq(d * r, fixed<24,14>) * scale + bias), scale in its own
//     weight format, bias at the product's scale, rounded once into the
//     activation format.
func (l *lowerer) layerNorm(n *graph.Node) error {
	if l.e.Float {
		return l.layerNormFloat(n)
	}
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
	X := x.Elem
	R := X.Width - X.Frac // |x - mean| < 2^R
	if 2*R+bitsFor(N)+2*(X.Frac+8)+1 > air.MaxWidth {
		return &lowerError{fmt.Sprintf("LayerNormalization of %d values in %s: the sum of squared deviations needs more than %d bits (limit %d)", N, X, air.MaxWidth, air.MaxWidth), "use a narrower numeric or normalise fewer values"}
	}
	outerVars, outerIdx := ivars("r", ax)
	if ax == 0 {
		outerVars, outerIdx = nil, nil
	}
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
	invN := 1 / float64(N)
	kname := l.peekName("layernorm")
	ct, err := fracType(kname+": 1/N", 16, []float64{invN})
	if err != nil {
		return err
	}
	cN := lit(quantize(ct, invN), ct)
	MT := air.Type{Width: X.Width + 8, Frac: X.Frac + 8}
	ref := func(r string) air.Expr { return &air.Ref{Name: r} }
	dev := func(idx []air.Affine) air.Expr {
		return air.NewOp(air.Sub, air.NewRq(ld(x, at(idx)...), MT), ref("mu"))
	}
	var row []air.Stmt
	// Pass 1: mean.
	v1, i1 := names("a")
	sT, err := l.sumType(kname, X, N)
	if err != nil {
		return err
	}
	row = append(row, &air.Reg{Name: "s", T: sT, Init: lit(0, sT)})
	row = append(row, nest(v1, norm, &air.Assign{Name: "s", Val: air.NewOp(air.Add, ref("s"), ld(x, at(i1)...))})...)
	row = append(row, &air.Reg{Name: "mu", T: MT, Init: air.NewRq(air.NewOp(air.Mul, ref("s"), cN), MT)})
	// Pass 2: variance, 1/sqrt(var + eps).
	v2, i2 := names("b")
	dT := air.Type{Width: MT.Width + 1, Frac: MT.Frac}
	vT := air.Type{Width: 2*R + bitsFor(N) + 2*dT.Frac + 1, Frac: 2 * dT.Frac}
	row = append(row, &air.Reg{Name: "v", T: vT, Init: lit(0, vT)})
	row = append(row, nest(v2, norm, &air.Reg{Name: "d", T: dT, Init: dev(i2)},
		&air.Assign{Name: "v", Val: air.NewOp(air.Add, ref("v"), air.NewOp(air.Mul, ref("d"), ref("d")))})...)
	vrT := air.Type{Width: 2*R + bitsFor(N) + 16 + 1, Frac: 16}
	prodFrac := vrT.Frac + ct.Frac
	eps := lit(quantize(air.Type{Width: 32, Frac: prodFrac}, float64(n.Attrs.Epsilon)), air.Type{Width: 32, Frac: prodFrac})
	varT := air.Type{Width: 31, Frac: 31 - 1 - 2*R}
	if varT.Frac < 0 {
		return &lowerError{fmt.Sprintf("LayerNormalization of %s values: the variance does not fit the rsqrt unit's %d-bit input", X, varT.Width), "use a numeric with at most 15 integer bits"}
	}
	varE := air.NewRq(air.NewOp(air.Add, air.NewOp(air.Mul, air.NewRq(ref("v"), vrT), cN), eps), varT)
	row = append(row, &air.Reg{Name: "rs", T: rsqrtType, Init: air.NewNonlin(nonlin.Rsqrt, varE, rsqrtType)})
	// Pass 3: normalise, scale, shift.
	v3, i3 := names("c")
	st3, err := l.lnScaleShift(n, norm, i3, air.NewRq(air.NewOp(air.Mul, dev(i3), ref("rs")), air.Type{Width: 24, Frac: 14}), y.Elem)
	if err != nil {
		return err
	}
	row = append(row, nest(v3, norm, st(y, at(i3), st3))...)
	l.kernel("layernorm", nest(outerVars, xt.Shape[:ax], row...))
	return nil
}

// lnScaleShift is rq(v * scale[idx] + bias[idx], t) with LayerNormalization's
// constant scale (in its own weight format) and optional bias (at the
// product's scale), broadcast over the normalised dims norm.
func (l *lowerer) lnScaleShift(n *graph.Node, norm []int, idx []air.Affine, v air.Expr, t air.Type) (air.Expr, error) {
	sc, err := l.weight(n.Inputs[1], 1)
	if err != nil {
		return nil, err
	}
	si, err := bcast(l.shape(n.Inputs[1]), idx, norm)
	if err != nil {
		return nil, err
	}
	p := air.Expr(air.NewOp(air.Mul, v, ld(sc, si...)))
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		pt := air.Type{Width: 24 + sc.Elem.Width, Frac: 14 + sc.Elem.Frac}
		b, err := l.accConst(n.Inputs[2], pt.Frac, 1)
		if err != nil {
			return nil, err
		}
		bi, err := bcast(l.shape(n.Inputs[2]), idx, norm)
		if err != nil {
			return nil, err
		}
		p = air.NewOp(air.Add, p, air.NewRq(ld(b, bi...), pt))
	}
	return air.NewRq(p, t), nil
}
