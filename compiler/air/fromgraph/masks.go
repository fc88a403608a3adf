package fromgraph

import (
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// maskType holds a 0/1 mask element: a product with it is exact (x or 0).
var maskType = air.Type{Width: 2, Frac: 0}

// where lowers Where with a constant condition (a causal or padding
// mask): y = rq(a*m + b*(1-m)) with m the condition as a const 0/1 memory,
// exact selection of a or b (each in its memory's format, a constant one
// in the activation format, -inf saturating to its minimum), rounded
// once into the output's format.
func (l *lowerer) where(n *graph.Node) error {
	c := l.g.Tensor(n.Inputs[0])
	if c == nil || !c.Const {
		return &lowerError{fmt.Sprintf("Where with a condition %q known only at run time", n.Inputs[0]), "only constant masks (causal, padding) lower; compute the condition from shapes, not from tensor values"}
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	mv := make([]float64, len(c.Ints))
	for i, v := range c.Ints {
		if v != 0 {
			mv[i] = 1
		}
	}
	m := l.constMem(n.Inputs[0]+"_mask", maskType, l.shape(n.Inputs[0]), mv)
	vars, out := ivars("i", len(y.Shape))
	load := func(name string, mem *air.Memory) (air.Expr, error) {
		idx, err := bcast(l.shape(name), out, y.Shape)
		if err != nil {
			return nil, err
		}
		return ld(mem, idx...), nil
	}
	mx, err := load(n.Inputs[0], m)
	if err != nil {
		return err
	}
	var sel [2]air.Expr
	for i, name := range n.Inputs[1:3] {
		mem, err := l.mem(name)
		if err != nil {
			return err
		}
		if sel[i], err = load(name, mem); err != nil {
			return err
		}
	}
	at, bt := l.exprType(sel[0]), l.exprType(sel[1])
	if at.Frac != bt.Frac {
		return fmt.Errorf("internal: Where operands of %s and %s", at, bt)
	}
	notM := air.NewOp(air.Sub, lit(1, maskType), mx)
	v := air.NewRq(air.NewOp(air.Add, air.NewOp(air.Mul, sel[0], mx), air.NewOp(air.Mul, sel[1], notM)), y.Elem)
	l.kernel("where", nest(vars, y.Shape, st(y, out, v)))
	return nil
}

// exprType is the type of a load (the memory's element type).
func (l *lowerer) exprType(e air.Expr) air.Type {
	return l.p.Mem(e.(*air.Load).Mem).Elem
}

// trilu lowers Trilu as a product with a constant 0/1 mask over the last
// two dims (exact: x or 0).
func (l *lowerer) trilu(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	R, C := x.Shape[len(x.Shape)-2], x.Shape[len(x.Shape)-1]
	mv := make([]float64, R*C)
	for i := 0; i < R; i++ {
		for j := 0; j < C; j++ {
			if graph.TriluKeeps(&n.Attrs, i, j) {
				mv[i*C+j] = 1
			}
		}
	}
	m := l.constMem(strings.TrimSuffix(n.Outputs[0], "_output_0")+"_mask", maskType, []int{R, C}, mv)
	vars, out := ivars("i", len(y.Shape))
	v := air.NewRq(air.NewOp(air.Mul, ld(x, out...), ld(m, out[len(out)-2:]...)), y.Elem)
	l.kernel("trilu", nest(vars, y.Shape, st(y, out, v)))
	return nil
}
