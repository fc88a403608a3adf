package fromgraph

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// probFrac is the number of fractional bits of softmax's numerators, of
// the reciprocal of their sum and of its output where only matrix
// products read it: fixed<16,14> holds [0, 2), so 1 = e^0 exactly.
const probFrac = 14

// softmax lowers Softmax over the last axis, row by row in four passes:
// the row's maximum m; e_j = exp(x_j - m) in fixed<16,14> (x_j - m <= 0 is
// computed exactly, then saturated into the activation format: below its
// minimum e^x is 0 to 14 bits anyway), stored in an internal memory and
// summed exactly (the sum is at least 1, from the maximum itself, and at
// most N: fixed<16+ceil(log2 N)+1,14>); one reciprocal 1/sum in
// fixed<16,14> per row (the shared unit); and y_j = e_j * (1/sum) rounded
// once. The output memory is fixed<16,14> when only MatMul/Gemm read it
// (attention's P @ V adapts to its operand types), else the activation
// format.
func (l *lowerer) softmax(n *graph.Node) error {
	xt := l.g.Tensor(n.Inputs[0])
	rank := len(xt.Shape)
	if n.Attrs.Axis != rank-1 { // Softmax2D over the last axis alone is the same
		return &lowerError{fmt.Sprintf("Softmax over axis %d of a rank-%d tensor", n.Attrs.Axis, rank), "only Softmax over the last axis lowers: transpose the axis last"}
	}
	if l.e.Float {
		return l.softmaxFloat(n)
	}
	if l.e.Width > nonlin.MaxOutWidth {
		return &lowerError{fmt.Sprintf("Softmax needs an activation format of at most %d bits (the nonlinear units' limit), have %s", nonlin.MaxOutWidth, l.e), "choose a 16-bit numeric such as fixed<16,8>"}
	}
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	pt := air.Type{Width: 16, Frac: probFrac}
	y, err := l.memAs(n.Outputs[0], pt, graph.OpMatMul, graph.OpGemm)
	if err != nil {
		return err
	}
	N := xt.Shape[rank-1]
	outer := x.Shape[:len(x.Shape)-1]
	vars, idx := ivars("r", len(outer))
	at := func(c air.Affine) []air.Affine { return append(append([]air.Affine(nil), idx...), c) }
	e := l.newMem(x.Name+"_exp", pt, x.Shape, air.MemInternal)
	sumT := air.Type{Width: pt.Width + bitsFor(N) + 1, Frac: pt.Frac}
	if sumT.Width > nonlin.Reciprocal.MaxInWidth() {
		return &lowerError{fmt.Sprintf("Softmax over %d values: the sum needs %s, wider than the reciprocal unit's %d-bit input", N, sumT, nonlin.Reciprocal.MaxInWidth()), "split the axis"}
	}
	c1, c2, c3 := air.V("c1"), air.V("c2"), air.V("c3")
	row := []air.Stmt{&air.Reg{Name: "m", T: x.Elem, Init: ld(x, at(air.C(0))...)}}
	row = append(row, &air.For{Var: "c1", Lo: 1, Hi: N, Step: 1, Body: []air.Stmt{
		&air.Assign{Name: "m", Val: air.NewOp(air.Max, &air.Ref{Name: "m"}, ld(x, at(c1)...))}}})
	row = append(row, &air.Reg{Name: "s", T: sumT, Init: lit(0, sumT)})
	diff := air.NewRq(air.NewOp(air.Sub, ld(x, at(c2)...), &air.Ref{Name: "m"}), x.Elem)
	row = append(row, nest([]string{"c2"}, []int{N},
		&air.Reg{Name: "ex", T: pt, Init: air.NewNonlin(nonlin.Exp, diff, pt)},
		st(e, at(c2), &air.Ref{Name: "ex"}),
		&air.Assign{Name: "s", Val: air.NewOp(air.Add, &air.Ref{Name: "s"}, &air.Ref{Name: "ex"})})...)
	row = append(row, &air.Reg{Name: "inv", T: pt, Init: air.NewNonlin(nonlin.Reciprocal, &air.Ref{Name: "s"}, pt)})
	row = append(row, nest([]string{"c3"}, []int{N},
		st(y, at(c3), air.NewRq(air.NewOp(air.Mul, ld(e, at(c3)...), &air.Ref{Name: "inv"}), y.Elem)))...)
	l.kernel("softmax", nest(vars, outer, row...))
	return nil
}

// memAs returns the memory of a tensor, declaring it with type t when it
// is not declared yet, not a graph output and every node reading it is one
// of readers; otherwise it is the tensor's usual memory (l.mem).
func (l *lowerer) memAs(name string, t air.Type, readers ...graph.Op) (*air.Memory, error) {
	if _, ok := l.mems[name]; ok || l.g.IsOutput(name) {
		return l.mem(name)
	}
	read := false
	for _, n := range l.g.Nodes {
		for _, in := range n.Inputs {
			if in != name {
				continue
			}
			read = true
			ok := false
			for _, r := range readers {
				ok = ok || n.Op == r
			}
			if !ok {
				return l.mem(name)
			}
		}
	}
	if !read {
		return l.mem(name)
	}
	m, err := l.mem(name)
	if err != nil {
		return nil, err
	}
	m.Elem = t
	return m, nil
}
