package fromgraph

import (
	"fmt"
	"math"
	"slices"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

func (l *lowerer) pool(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	S, err := checkSpatial(x)
	if err != nil {
		return err
	}
	a := &n.Attrs
	op := "maxpool"
	if n.Op == graph.OpAveragePool {
		op = "avgpool"
	}
	name := l.peekName(op)
	// Ceil mode may put the last window past the padded input: pad more.
	extra := make([]int, S)
	for i := 0; i < S; i++ {
		need := (y.Shape[2+i]-1)*a.Strides[i] + (a.Kernel[i]-1)*a.Dilations[i] + 1
		extra[i] = max(0, need-(x.Shape[2+i]+a.Pads[i]+a.Pads[S+i]))
	}
	outs, ks := spatialNames(S)
	out := []air.Affine{air.V("n"), air.V("c")}
	win := []air.Affine{air.V("n"), air.V("c")}
	for d := 0; d < S; d++ {
		out = append(out, air.V(outs[d]))
		win = append(win, air.V(outs[d]).Scale(int64(a.Strides[d])).Plus(air.V(ks[d]).Scale(int64(a.Dilations[d]))))
	}
	var inner []air.Stmt
	if op == "maxpool" {
		xp := l.padded(x, name, a.Pads, extra, l.lowest())
		upd := &air.Assign{Name: "m", Val: air.NewOp(air.Max, &air.Ref{Name: "m"}, ld(xp, win...))}
		inner = append(inner, &air.Reg{Name: "m", T: l.e, Init: lit(l.lowest(), l.e)})
		inner = append(inner, nest(ks, a.Kernel, upd)...)
		inner = append(inner, st(y, out, &air.Ref{Name: "m"}))
	} else {
		xp := l.padded(x, name, a.Pads, extra, 0)
		K := prod(a.Kernel)
		st2, err := l.sumType(name, l.e, K)
		if err != nil {
			return err
		}
		upd := &air.Assign{Name: "s", Val: air.NewOp(air.Add, &air.Ref{Name: "s"}, ld(xp, win...))}
		inner = append(inner, &air.Reg{Name: "s", T: st2, Init: lit(0, st2)})
		inner = append(inner, nest(ks, a.Kernel, upd)...)
		divs := avgDivisors(a, x.Shape[2:], y.Shape[2:])
		if uniform(divs) {
			div, err := l.divide(name, &air.Ref{Name: "s"}, st2, divs[0])
			if err != nil {
				return err
			}
			inner = append(inner, st(y, out, div))
		} else if l.e.Float {
			// The divisor varies with the window: divide by a table of
			// the divisors, one per output position.
			ds := make([]float64, len(divs))
			for i, d := range divs {
				ds[i] = float64(d)
			}
			tbl := l.constMem(name+"_count", air.Float32, y.Shape[2:], ds)
			inner = append(inner, st(y, out, air.NewOp(air.Div, &air.Ref{Name: "s"}, ld(tbl, out[2:]...))))
		} else {
			// The divisor varies with the window (padding excluded, or ceil
			// mode): multiply by a table of reciprocals, one per output
			// position, in the format a constant reciprocal of the largest
			// divisor gets.
			R, err := l.reciprocalFrac(name, st2, slices.Max(divs))
			if err != nil {
				return err
			}
			rt := air.Type{Width: R + 2, Frac: R}
			recips := make([]float64, len(divs))
			for i, d := range divs {
				recips[i] = 1 / float64(d)
			}
			tbl := l.constMem(name+"_recip", rt, y.Shape[2:], recips)
			v := air.NewRq(air.NewOp(air.Mul, &air.Ref{Name: "s"}, ld(tbl, out[2:]...)), l.e)
			inner = append(inner, st(y, out, v))
		}
	}
	l.kernel(op, nest(append([]string{"n", "c"}, outs...), y.Shape, inner...))
	return nil
}

// avgDivisors returns AveragePool's divisor at every output position
// (row-major over the output's spatial dims), exactly as the graph
// interpreter computes it: the in-bounds cells of the window, or with
// count_include_pad the window clipped to the padded input (PyTorch's rule).
func avgDivisors(a *graph.Attrs, in, out []int) []int {
	S := len(in)
	per := make([][]int, S) // divisor factor per dim and output index
	for d := 0; d < S; d++ {
		for o := 0; o < out[d]; o++ {
			start := o*a.Strides[d] - a.Pads[d]
			cnt := 0
			if a.CountIncludePad {
				end := min(start+(a.Kernel[d]-1)*a.Dilations[d]+1, in[d]+a.Pads[S+d])
				cnt = (end - start + a.Dilations[d] - 1) / a.Dilations[d]
			} else {
				for k := 0; k < a.Kernel[d]; k++ {
					if i := start + k*a.Dilations[d]; i >= 0 && i < in[d] {
						cnt++
					}
				}
			}
			per[d] = append(per[d], cnt)
		}
	}
	divs := make([]int, prod(out))
	idx := make([]int, S)
	for i := range divs {
		v := 1
		for d := 0; d < S; d++ {
			v *= per[d][idx[d]]
		}
		divs[i] = max(v, 1)
		for d := S - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < out[d] {
				break
			}
			idx[d] = 0
		}
	}
	return divs
}

func uniform(xs []int) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return true
}

// divide returns rq(sum / k) without a divider: a free shift for powers of
// two, else a constant reciprocal multiply; a float32 sum is divided as
// floatMean says.
func (l *lowerer) divide(kernel string, sum air.Expr, st air.Type, k int) (air.Expr, error) {
	if st.Float {
		return floatMean(kernel, sum, k)
	}
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

// globalPool lowers GlobalAveragePool and GlobalMaxPool over every spatial dim.
func (l *lowerer) globalPool(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	if _, err := checkSpatial(x); err != nil {
		return err
	}
	vars := []string{"h", "w"}
	if len(x.Shape) == 3 {
		vars = []string{"w"}
	}
	xi := []air.Affine{air.V("n"), air.V("c")}
	yi := []air.Affine{air.V("n"), air.V("c")}
	for _, v := range vars {
		xi = append(xi, air.V(v))
		yi = append(yi, air.C(0))
	}
	K := prod(x.Shape[2:])
	var inner []air.Stmt
	op := "gavgpool"
	if n.Op == graph.OpGlobalMaxPool {
		op = "gmaxpool"
	}
	name := l.peekName(op)
	if op == "gmaxpool" {
		upd := &air.Assign{Name: "m", Val: air.NewOp(air.Max, &air.Ref{Name: "m"}, ld(x, xi...))}
		inner = append(inner, &air.Reg{Name: "m", T: l.e, Init: lit(l.lowest(), l.e)})
		inner = append(inner, nest(vars, x.Shape[2:], upd)...)
		inner = append(inner, st(y, yi, &air.Ref{Name: "m"}))
	} else {
		st2, err := l.sumType(name, l.e, K)
		if err != nil {
			return err
		}
		div, err := l.divide(name, &air.Ref{Name: "s"}, st2, K)
		if err != nil {
			return err
		}
		upd := &air.Assign{Name: "s", Val: air.NewOp(air.Add, &air.Ref{Name: "s"}, ld(x, xi...))}
		inner = append(inner, &air.Reg{Name: "s", T: st2, Init: lit(0, st2)})
		inner = append(inner, nest(vars, x.Shape[2:], upd)...)
		inner = append(inner, st(y, yi, div))
	}
	l.kernel(op, nest([]string{"n", "c"}, x.Shape[:2], inner...))
	return nil
}

// reduce lowers ReduceMean/Sum/Max/Min over constant axes: a loop nest over
// the kept dims around one over the reduced dims.
func (l *lowerer) reduce(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	xt := l.g.Tensor(n.Inputs[0])
	a := &n.Attrs
	reduced := make([]bool, len(xt.Shape))
	for _, ax := range a.Axes {
		reduced[ax] = true
	}
	var outVars, inVars []string
	var outSizes, inSizes []int
	xi := make([]air.Affine, len(xt.Shape))
	var yi []air.Affine
	for d, size := range xt.Shape {
		if reduced[d] {
			v := fmt.Sprintf("r%d", d)
			inVars, inSizes = append(inVars, v), append(inSizes, size)
			xi[d] = air.V(v)
			if a.KeepDims {
				yi = append(yi, air.C(0))
			}
			continue
		}
		v := fmt.Sprintf("i%d", d)
		outVars, outSizes = append(outVars, v), append(outSizes, size)
		xi[d] = air.V(v)
		yi = append(yi, air.V(v))
	}
	if len(xt.Shape) == 0 {
		xi = []air.Affine{air.C(0)}
	}
	if len(yi) == 0 {
		yi = []air.Affine{air.C(0)}
	}
	K := prod(inSizes)
	var inner []air.Stmt
	kind := map[graph.Op]string{graph.OpReduceMean: "reducemean", graph.OpReduceSum: "reducesum", graph.OpReduceMax: "reducemax", graph.OpReduceMin: "reducemin"}[n.Op]
	switch n.Op {
	case graph.OpReduceMax, graph.OpReduceMin:
		opk, init := air.Max, l.lowest()
		if n.Op == graph.OpReduceMin {
			opk, init = air.Min, l.highest()
		}
		upd := &air.Assign{Name: "m", Val: air.NewOp(opk, &air.Ref{Name: "m"}, ld(x, xi...))}
		inner = append(inner, &air.Reg{Name: "m", T: l.e, Init: lit(init, l.e)})
		inner = append(inner, nest(inVars, inSizes, upd)...)
		inner = append(inner, st(y, yi, &air.Ref{Name: "m"}))
	default:
		name := l.peekName(kind)
		st2, err := l.sumType(name, l.e, K)
		if err != nil {
			return err
		}
		upd := &air.Assign{Name: "s", Val: air.NewOp(air.Add, &air.Ref{Name: "s"}, ld(x, xi...))}
		inner = append(inner, &air.Reg{Name: "s", T: st2, Init: lit(0, st2)})
		inner = append(inner, nest(inVars, inSizes, upd)...)
		v := air.Expr(air.NewRq(&air.Ref{Name: "s"}, l.e))
		if n.Op == graph.OpReduceMean {
			if v, err = l.divide(name, &air.Ref{Name: "s"}, st2, K); err != nil {
				return err
			}
		}
		inner = append(inner, st(y, yi, v))
	}
	l.kernel(kind, nest(outVars, outSizes, inner...))
	return nil
}
