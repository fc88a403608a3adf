package fromgraph

import (
	"fmt"
	"math"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

func (l *lowerer) pool(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	a := &n.Attrs
	op := "maxpool"
	if n.Op == graph.OpAveragePool {
		op = "avgpool"
	}
	name := l.peekName(op)
	KH, KW := a.Kernel[0], a.Kernel[1]
	// Ceil mode may put the last window past the padded input: pad more.
	var extra [2]int
	for i := 0; i < 2; i++ {
		need := (y.Shape[2+i]-1)*a.Strides[i] + (a.Kernel[i]-1)*a.Dilations[i] + 1
		extra[i] = max(0, need-(x.Shape[2+i]+a.Pads[i]+a.Pads[2+i]))
	}
	ih := air.V("oh").Scale(int64(a.Strides[0])).Plus(air.V("kh").Scale(int64(a.Dilations[0])))
	iw := air.V("ow").Scale(int64(a.Strides[1])).Plus(air.V("kw").Scale(int64(a.Dilations[1])))
	out := []air.Affine{air.V("n"), air.V("c"), air.V("oh"), air.V("ow")}
	var inner []air.Stmt
	if op == "maxpool" {
		xp := l.padded(x, name, a.Pads, extra, l.e.Min())
		upd := &air.Assign{Name: "m", Val: air.NewOp(air.Max, &air.Ref{Name: "m"}, ld(xp, air.V("n"), air.V("c"), ih, iw))}
		inner = append(inner, &air.Reg{Name: "m", T: l.e, Init: lit(l.e.Min(), l.e)})
		inner = append(inner, nest([]string{"kh", "kw"}, []int{KH, KW}, upd)...)
		inner = append(inner, st(y, out, &air.Ref{Name: "m"}))
	} else {
		padded := a.Pads[0]+a.Pads[1]+a.Pads[2]+a.Pads[3] > 0
		if (padded && !a.CountIncludePad) || extra != [2]int{} {
			return fmt.Errorf("AveragePool with padding excluded from the divisor or ceil_mode windows is not supported (the divisor would vary)")
		}
		xp := l.padded(x, name, a.Pads, extra, 0)
		K := KH * KW
		st2, err := l.sumType(name, l.e, K)
		if err != nil {
			return err
		}
		div, err := l.divide(name, &air.Ref{Name: "s"}, st2, K)
		if err != nil {
			return err
		}
		upd := &air.Assign{Name: "s", Val: air.NewOp(air.Add, &air.Ref{Name: "s"}, ld(xp, air.V("n"), air.V("c"), ih, iw))}
		inner = append(inner, &air.Reg{Name: "s", T: st2, Init: lit(0, st2)})
		inner = append(inner, nest([]string{"kh", "kw"}, []int{KH, KW}, upd)...)
		inner = append(inner, st(y, out, div))
	}
	l.kernel(op, nest([]string{"n", "c", "oh", "ow"}, y.Shape, inner...))
	return nil
}

// divide returns rq(sum / k) without a divider: a free shift for powers of two, else a constant reciprocal multiply.
func (l *lowerer) divide(kernel string, sum air.Expr, st air.Type, k int) (air.Expr, error) {
	if b := bitsFor(k); 1<<b == k {
		return air.NewRq(air.NewShr(sum, b), l.e), nil
	}
	R, err := l.reciprocalFrac(kernel, st, k)
	if err != nil {
		return nil, err
	}
	rt := air.Type{Width: R + 2, Frac: R}
	r := int64(math.Round(math.Ldexp(1, R) / float64(k)))
	return air.NewRq(air.NewOp(air.Mul, sum, lit(r, rt)), l.e), nil
}

func (l *lowerer) globalAvgPool(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	if len(x.Shape) != 4 {
		return fmt.Errorf("only NCHW input is supported")
	}
	K := x.Shape[2] * x.Shape[3]
	name := l.peekName("gavgpool")
	st2, err := l.sumType(name, l.e, K)
	if err != nil {
		return err
	}
	div, err := l.divide(name, &air.Ref{Name: "s"}, st2, K)
	if err != nil {
		return err
	}
	upd := &air.Assign{Name: "s", Val: air.NewOp(air.Add, &air.Ref{Name: "s"}, ld(x, air.V("n"), air.V("c"), air.V("h"), air.V("w")))}
	inner := []air.Stmt{&air.Reg{Name: "s", T: st2, Init: lit(0, st2)}}
	inner = append(inner, nest([]string{"h", "w"}, x.Shape[2:], upd)...)
	inner = append(inner, st(y, []air.Affine{air.V("n"), air.V("c"), air.C(0), air.C(0)}, div))
	l.kernel("gavgpool", nest([]string{"n", "c"}, x.Shape[:2], inner...))
	return nil
}
