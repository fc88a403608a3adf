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
// once into the output's format. In float32, where -inf*0 is NaN, each
// run of equal condition values selects its operand by a copy instead
// (floatWhere): exact for every value, -inf included.
func (l *lowerer) where(n *graph.Node) error {
	c := l.g.Tensor(n.Inputs[0])
	if c == nil || !c.Const {
		return &lowerError{fmt.Sprintf("Where with a condition %q known only at run time", n.Inputs[0]), "only constant masks (causal, padding) lower; compute the condition from shapes, not from tensor values"}
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	if l.e.Float {
		return l.floatWhere(n, y, c)
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
// two dims (exact: x or 0); in float32 (where inf*0 is NaN) as copies of
// the kept runs of every row and stores of 0 elsewhere (maskRuns).
func (l *lowerer) trilu(n *graph.Node) error {
	// The optional k (a constant int64) is in n.Attrs.TriluK.
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	R, C := x.Shape[len(x.Shape)-2], x.Shape[len(x.Shape)-1]
	if l.e.Float {
		keep := func(ci []int) bool { return graph.TriluKeeps(&n.Attrs, ci[0], ci[1]) }
		body, err := maskRuns(y.Shape, []int{R, C}, keep, func(idx []air.Affine, kept bool) air.Stmt {
			if kept {
				return st(y, idx, ld(x, idx...))
			}
			return st(y, idx, f32(0))
		})
		if err != nil {
			return err
		}
		l.kernel("trilu", body)
		return nil
	}
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

// maxMaskRuns bounds the loop nests a float32 Where or Trilu becomes.
const maxMaskRuns = 1024

// floatWhere lowers Where with a constant condition in float32: every
// element is a copy of a or b as the condition says, one loop nest per run
// of equal condition values (maskRuns).
func (l *lowerer) floatWhere(n *graph.Node, y *air.Memory, c *graph.Tensor) error {
	var ops [2]*air.Memory
	for i, name := range n.Inputs[1:3] {
		m, err := l.mem(name)
		if err != nil {
			return err
		}
		ops[i] = m
	}
	cs := l.shape(n.Inputs[0])
	cst := strides(cs)
	cond := func(ci []int) bool {
		f := 0
		for d, v := range ci {
			f += v * cst[d]
		}
		return c.Ints[f] != 0
	}
	var bad error
	body, err := maskRuns(y.Shape, cs, cond, func(idx []air.Affine, which bool) air.Stmt {
		k, name := 1, n.Inputs[2]
		if which {
			k, name = 0, n.Inputs[1]
		}
		i, err := bcast(l.shape(name), idx, y.Shape)
		if err != nil && bad == nil {
			bad = err
		}
		return st(y, idx, ld(ops[k], i...))
	})
	if err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	l.kernel("where", body)
	return nil
}

// maskRuns returns loop nests that write every element of a tensor of
// shape yShape once, with store(idx, v): v is the value of a constant mask
// of shape cShape (broadcast to yShape, ONNX rules) at the element. The
// mask's last varying dim is cut into runs of equal values, each a loop
// over its range; the mask's other varying dims get constant indices;
// dims where the mask does not vary are whole loops. mask gets the mask's
// own index. It is an error if that takes more than maxMaskRuns nests.
func maskRuns(yShape, cShape []int, mask func(ci []int) bool, store func(idx []air.Affine, v bool) air.Stmt) ([]air.Stmt, error) {
	r := len(yShape)
	off := r - len(cShape)
	if off < 0 {
		return nil, fmt.Errorf("mask rank %d above result rank %d", len(cShape), r)
	}
	vary := make([]bool, r)
	last := -1
	for d, size := range cShape {
		switch {
		case size == 1:
		case size == yShape[off+d]:
			vary[off+d], last = true, off+d
		default:
			return nil, fmt.Errorf("mask dimension %d (%d) does not broadcast to %d", d, size, yShape[off+d])
		}
	}
	vars, _ := ivars("i", r)
	pos := make([]int, r)
	ci := make([]int, len(cShape))
	at := func() bool {
		for d := range ci {
			ci[d] = 0
			if vary[off+d] {
				ci[d] = pos[off+d]
			}
		}
		return mask(ci)
	}
	var out []air.Stmt
	emit := func(lo, hi int, v bool) {
		idx := make([]air.Affine, r)
		for d := range idx {
			idx[d] = air.V(vars[d])
			if vary[d] && d != last {
				idx[d] = air.C(int64(pos[d]))
			}
		}
		s := store(idx, v)
		for d := r - 1; d >= 0; d-- {
			switch {
			case d == last:
				s = &air.For{Var: vars[d], Lo: lo, Hi: hi, Step: 1, Body: []air.Stmt{s}}
			case !vary[d]:
				s = &air.For{Var: vars[d], Lo: 0, Hi: yShape[d], Step: 1, Body: []air.Stmt{s}}
			}
		}
		out = append(out, s)
	}
	var walk func(d int) error
	walk = func(d int) error {
		for d < r && (!vary[d] || d == last) {
			d++
		}
		if d < r {
			for v := 0; v < yShape[d]; v++ {
				pos[d] = v
				if err := walk(d + 1); err != nil {
					return err
				}
			}
			return nil
		}
		n := 1
		if last >= 0 {
			n = yShape[last]
		}
		start := 0
		for j := 1; j <= n; j++ {
			if last >= 0 {
				pos[last] = start
			}
			v := at()
			if j < n {
				pos[last] = j
				if at() == v {
					continue
				}
			}
			emit(start, j, v)
			if len(out) > maxMaskRuns {
				return &lowerError{fmt.Sprintf("the constant mask has more than %d runs of equal values", maxMaskRuns), "use a fixed-point numeric for this model"}
			}
			start = j
		}
		return nil
	}
	if err := walk(0); err != nil {
		return nil, err
	}
	return out, nil
}
