package fromgraph

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// slice copies the selected elements: along each sliced axis output index
// i reads start + step*i (affine; negative steps go backwards).
func (l *lowerer) slice(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	a := &n.Attrs
	vars, out := ivars("i", len(y.Shape))
	in := append([]air.Affine(nil), out...)
	for k, ax := range a.Axes {
		in[ax] = out[ax].Scale(int64(a.Steps[k])).AddConst(int64(a.Starts[k]))
	}
	if prod(l.g.Tensor(n.Outputs[0]).Shape) == 0 {
		return &lowerError{"the slice is empty", ""}
	}
	l.kernel("slice", nest(vars, y.Shape, st(y, out, ld(ins[0], in...))))
	return nil
}

// split copies consecutive parts of the input along the axis into the outputs.
func (l *lowerer) split(n *graph.Node) error {
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	a := &n.Attrs
	var body []air.Stmt
	at := 0
	for k, name := range n.Outputs {
		size := a.Split[k]
		if name == "" {
			at += size
			continue
		}
		y, err := l.mem(name)
		if err != nil {
			return err
		}
		vars, out := ivars("i", len(y.Shape))
		in := append([]air.Affine(nil), out...)
		in[a.Axis] = out[a.Axis].AddConst(int64(at))
		body = append(body, nest(vars, y.Shape, st(y, out, ld(x, in...)))...)
		at += size
	}
	l.kernel("split", body)
	return nil
}

// pad lowers constant-mode Pad: the output is filled with the value, then
// the input (cropped by negative pads) is copied into place.
func (l *lowerer) pad(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	a := &n.Attrs
	if a.Mode != "constant" {
		return &lowerError{fmt.Sprintf("Pad mode %q has no hardware lowering", a.Mode), "use constant (zero) padding, e.g. nn.ZeroPad2d or F.pad(..., mode=\"constant\")"}
	}
	x := ins[0]
	xs := l.g.Tensor(n.Inputs[0]).Shape
	r := len(xs)
	vars, out := ivars("i", len(y.Shape))
	var body []air.Stmt
	fill := false
	for d := 0; d < r; d++ {
		fill = fill || a.Pads[d] > 0 || a.Pads[r+d] > 0
	}
	if fill {
		body = nest(vars, y.Shape, st(y, out, lit(quantize(l.e, float64(a.PadValue)), l.e)))
	}
	// Copy: output index o (in [max(0,begin), min(out, begin+in))) reads input o-begin.
	in := make([]air.Affine, len(out))
	var copyBody air.Stmt = nil
	for d := range out {
		in[d] = out[d]
		if d < r {
			in[d] = out[d].AddConst(int64(-a.Pads[d]))
		}
	}
	copyBody = st(y, out, ld(x, in...))
	stmts := []air.Stmt{copyBody}
	for d := len(out) - 1; d >= 0; d-- {
		lo, hi := 0, y.Shape[d]
		if d < r {
			lo, hi = max(0, a.Pads[d]), min(y.Shape[d], a.Pads[d]+xs[d])
		}
		if hi <= lo {
			stmts = nil
			break
		}
		stmts = []air.Stmt{&air.For{Var: vars[d], Lo: lo, Hi: hi, Step: 1, Body: stmts}}
	}
	body = append(body, stmts...)
	l.kernel("pad", body)
	return nil
}

// maxGatherCopies bounds the loop nests a Gather becomes (one per index).
const maxGatherCopies = 1024

// gather lowers Gather with constant indices: one copy loop nest per index,
// reading the indexed slice of the data.
func (l *lowerer) gather(n *graph.Node) error {
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	idx := l.g.Tensor(n.Inputs[1])
	if !idx.Const {
		return &lowerError{"Gather with indices known only at run time", "index with constants"}
	}
	if len(idx.Ints) > maxGatherCopies {
		return &lowerError{fmt.Sprintf("Gather of %d indices (at most %d lower)", len(idx.Ints), maxGatherCopies), ""}
	}
	data := l.g.Tensor(n.Inputs[0]).Shape
	ax := n.Attrs.Axis
	outer, inner := data[:ax], data[ax+1:]
	ov, oa := ivars("o", len(outer))
	iv, ia := ivars("i", len(inner))
	var body []air.Stmt
	for p, v := range idx.Ints {
		if v < 0 {
			v += int64(data[ax])
		}
		// Position p in the indices' shape, as constant indices of y.
		pos := constIndex(idx.Shape, p)
		if len(idx.Shape) == 0 {
			pos = nil
		}
		xi := append(append(append([]air.Affine(nil), oa...), air.C(v)), ia...)
		yi := append(append(append([]air.Affine(nil), oa...), pos...), ia...)
		if len(yi) == 0 {
			yi = []air.Affine{air.C(0)}
		}
		body = append(body, nest(append(append([]string(nil), ov...), iv...), append(append([]int(nil), outer...), inner...), st(y, yi, ld(x, xi...)))...)
	}
	l.kernel("gather", body)
	return nil
}
