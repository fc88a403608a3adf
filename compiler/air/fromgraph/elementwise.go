package fromgraph

import (
	"fmt"
	"math"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// binary lowers the broadcasting element-wise ops. Add, Sub, Max and Min
// work in the activation format (a constant operand is stored in it too);
// Mul by a constant keeps the constant in its own weight format; Div by a
// constant multiplies by its reciprocal, by a runtime tensor by the
// reciprocal unit's result (fixed point has no divider); in float32 Div
// divides (floatDiv).
func (l *lowerer) binary(n *graph.Node) error {
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	vars, out := ivars("i", len(y.Shape))
	load := func(name string, m *air.Memory) (air.Expr, error) {
		idx, err := bcast(l.shape(name), out, y.Shape)
		if err != nil {
			return nil, err
		}
		return ld(m, idx...), nil
	}
	var v air.Expr
	switch n.Op {
	case graph.OpDiv:
		if l.e.Float {
			if v, err = l.floatDiv(n, load); err != nil {
				return err
			}
			break
		}
		c := l.g.Tensor(n.Inputs[1])
		if !c.Const {
			return l.divByTensor(n)
		}
		x, err := l.mem(n.Inputs[0])
		if err != nil {
			return err
		}
		xv, err := load(n.Inputs[0], x)
		if err != nil {
			return err
		}
		recips := make([]float64, len(c.Floats))
		for i, d := range c.Floats {
			if d == 0 {
				return &lowerError{fmt.Sprintf("Div by a constant with a zero element (%q)", n.Inputs[1]), ""}
			}
			recips[i] = 1 / float64(d)
		}
		rt, err := fracType(fmt.Sprintf("%s: reciprocals of %q", l.peekName("div"), n.Inputs[1]), l.e.Width, recips)
		if err != nil {
			return err
		}
		r := l.constMem(n.Inputs[1]+"_recip", rt, l.shape(n.Inputs[1]), recips)
		rv, err := load(n.Inputs[1], r)
		if err != nil {
			return err
		}
		v = air.NewRq(air.NewOp(air.Mul, xv, rv), l.e)
	case graph.OpMul:
		var args []air.Expr
		for _, name := range n.Inputs {
			m, err := l.operand(name, 1)
			if err != nil {
				return err
			}
			e, err := load(name, m)
			if err != nil {
				return err
			}
			args = append(args, e)
		}
		v = air.NewRq(air.NewOp(air.Mul, args...), l.e)
	default:
		kind := map[graph.Op]air.OpKind{graph.OpAdd: air.Add, graph.OpSub: air.Sub, graph.OpMax: air.Max, graph.OpMin: air.Min}[n.Op]
		for _, name := range n.Inputs {
			m, err := l.mem(name)
			if err != nil {
				return err
			}
			e, err := load(name, m)
			if err != nil {
				return err
			}
			if v == nil {
				v = e
			} else {
				v = air.NewOp(kind, v, e)
			}
		}
		if n.Op == graph.OpAdd || n.Op == graph.OpSub {
			v = air.NewRq(v, l.e)
		}
	}
	l.kernel(strings.ToLower(string(n.Op)), nest(vars, y.Shape, st(y, out, v)))
	return nil
}

// activation lowers LeakyRelu, PRelu, HardSigmoid, HardSwish, Neg and Abs
// with max/min, constant products and one rounding each.
func (l *lowerer) activation(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	vars, out := ivars("i", len(y.Shape))
	x := air.Expr(ld(ins[0], out...))
	zero := lit(0, l.e)
	a := &n.Attrs
	kernel := l.peekName(strings.ToLower(string(n.Op)))
	var body []air.Stmt
	var v air.Expr
	switch n.Op {
	case graph.OpNeg:
		if l.e.Float {
			v = air.NewOp(air.Mul, x, f32(-1)) // exact, -0 for +0
			break
		}
		v = air.NewRq(air.NewOp(air.Sub, zero, x), l.e) // saturates -min
	case graph.OpAbs:
		if l.e.Float {
			v = air.NewOp(air.Max, x, air.NewOp(air.Mul, x, f32(-1))) // +0 for -0 (maximum orders -0 < +0)
			break
		}
		v = air.NewOp(air.Max, x, air.NewRq(air.NewOp(air.Sub, zero, x), l.e))
	case graph.OpLeakyRelu:
		// x >= 0: x; x < 0: alpha*x. For alpha <= 1 that is max(x, alpha*x)
		// (also for alpha < 0), for alpha > 1 min(x, alpha*x).
		at, err := l.constType(kernel+": alpha", []float64{float64(a.Alpha)})
		if err != nil {
			return err
		}
		ax := air.NewRq(air.NewOp(air.Mul, x, lit(quantize(at, float64(a.Alpha)), at)), l.e)
		if a.Alpha <= 1 {
			v = air.NewOp(air.Max, x, ax)
		} else {
			v = air.NewOp(air.Min, x, ax)
		}
	case graph.OpPRelu:
		// y = max(x,0) + slope*min(x,0), summed exactly at the product's
		// scale (max(x,0) shifted up by rq) and rounded once.
		sl := l.g.Tensor(n.Inputs[1])
		if !sl.Const {
			return &lowerError{"PRelu with a slope known only at run time", "make the slope a parameter (nn.PReLU) or a constant"}
		}
		sm, err := l.weight(n.Inputs[1], 1)
		if err != nil {
			return err
		}
		idx, err := bcast(l.shape(n.Inputs[1]), out, y.Shape)
		if err != nil {
			return err
		}
		neg := air.NewOp(air.Mul, air.NewOp(air.Min, x, zero), ld(sm, idx...))
		wide := air.Type{Width: l.e.Width + sm.Elem.Frac + 1, Frac: l.e.Frac + sm.Elem.Frac}
		if l.e.Float {
			wide = air.Float32
		}
		pos := air.NewRq(air.NewOp(air.Max, x, zero), wide)
		v = air.NewRq(air.NewOp(air.Add, pos, neg), l.e)
	case graph.OpHardSigmoid:
		if v, err = l.hardSigmoid(kernel, x, float64(a.Alpha), float64(a.Beta), l.e); err != nil {
			return err
		}
	case graph.OpHardSwish:
		// h = hardsigmoid(x) with 8 more fractional bits than E, then x*h
		// rounded once.
		ht := air.Type{Width: l.e.Frac + 8 + 2, Frac: l.e.Frac + 8}
		if l.e.Float {
			ht = air.Float32
		}
		if w := l.e.Width + ht.Width; !l.e.Float && w > air.MaxWidth {
			F := l.e.Frac
			return fmt.Errorf("%s: x times hardsigmoid(x) needs %d bits (%s times %s), limit %d%s", kernel, w, l.e, ht, air.MaxWidth,
				l.narrower(func(e int) int { return e + min(F, e-1) + 10 }, air.MaxWidth))
		}
		h, err := l.hardSigmoid(kernel, x, 1.0/6, 0.5, ht)
		if err != nil {
			return err
		}
		body = append(body, &air.Reg{Name: "h", T: ht, Init: h})
		v = air.NewRq(air.NewOp(air.Mul, x, &air.Ref{Name: "h"}), l.e)
	}
	body = append(body, st(y, out, v))
	l.kernel(strings.ToLower(string(n.Op)), nest(vars, y.Shape, body...))
	return nil
}

// hardSigmoid is max(0, min(1, alpha*x + beta)) in type t, rounded once;
// an error (naming kernel) if alpha or beta does not fit its format.
func (l *lowerer) hardSigmoid(kernel string, x air.Expr, alpha, beta float64, t air.Type) (air.Expr, error) {
	at, err := l.constType(kernel+": alpha", []float64{alpha})
	if err != nil {
		return nil, err
	}
	prod := air.NewOp(air.Mul, x, lit(quantize(at, alpha), at))
	pt := air.Type{Frac: l.e.Frac + at.Frac}
	// alpha*x has 2W <= 62 bits (fixed.MaxWidth is 31); beta gets at most
	// 63 so that the sum fits in 64.
	bt := air.Float32
	if !l.e.Float {
		if bt, err = wideType(kernel+": beta", 2*l.e.Width, pt.Frac, air.MaxWidth-1, []float64{beta}); err != nil {
			return nil, err
		}
	}
	sum := air.NewOp(air.Add, prod, lit(quantize(bt, beta), bt))
	v := air.Expr(air.NewRq(sum, t))
	v = air.NewOp(air.Min, v, lit(quantize(t, 1), t))
	return air.NewOp(air.Max, v, lit(0, t)), nil
}

func (l *lowerer) clamp(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	vars, out := ivars("i", len(y.Shape))
	v := air.Expr(ld(ins[0], out...))
	op := "relu"
	if n.Op == graph.OpRelu {
		v = air.NewOp(air.Max, v, lit(0, l.e))
	} else {
		op = "clip"
		// Constant bounds are in Attrs (graph.ResolveClip); bounds known
		// only at run time stay inputs 1 (min) and 2 (max), scalars.
		bound := func(i int, k air.OpKind, c float32, none float64) error {
			if i < len(n.Inputs) && n.Inputs[i] != "" {
				b, err := l.mem(n.Inputs[i])
				if err != nil {
					return err
				}
				if b.Size() != 1 {
					return fmt.Errorf("Clip bound %q must be a scalar", n.Inputs[i])
				}
				v = air.NewOp(k, v, ld(b, make([]air.Affine, len(b.Shape))...))
				return nil
			}
			if x := float64(c); x != none {
				v = air.NewOp(k, v, lit(quantize(l.e, x), l.e))
			}
			return nil
		}
		if err := bound(1, air.Max, n.Attrs.Min, math.Inf(-1)); err != nil {
			return err
		}
		if err := bound(2, air.Min, n.Attrs.Max, math.Inf(1)); err != nil {
			return err
		}
	}
	l.kernel(op, nest(vars, y.Shape, st(y, out, v)))
	return nil
}

func (l *lowerer) batchNorm(n *graph.Node) error {
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	var p [4]*graph.Tensor
	for i := range p {
		p[i] = l.g.Tensor(n.Inputs[1+i])
		if p[i] == nil || !p[i].Const {
			return fmt.Errorf("scale, bias, mean and variance must be constant")
		}
	}
	C := x.Shape[1]
	s, t := make([]float64, C), make([]float64, C)
	for c := 0; c < C; c++ {
		s[c] = float64(p[0].Floats[c]) / math.Sqrt(float64(p[3].Floats[c])+float64(n.Attrs.Epsilon))
		t[c] = float64(p[1].Floats[c]) - float64(p[2].Floats[c])*s[c]
	}
	stype, ttype, err := l.bnTypes(l.peekName("bn"), s, t)
	if err != nil {
		return err
	}
	sm := l.constMem(n.Name+"_scale", stype, []int{C}, s)
	tm := l.constMem(n.Name+"_shift", ttype, []int{C}, t)
	vars, out := ivars("i", len(y.Shape))
	v := air.NewRq(air.NewOp(air.Add, air.NewOp(air.Mul, ld(x, out...), ld(sm, out[1])), ld(tm, out[1])), l.e)
	l.kernel("bn", nest(vars, y.Shape, st(y, out, v)))
	return nil
}

// maxElementCopy bounds reshapes written element by element.
const maxElementCopy = 1 << 14

func (l *lowerer) reshape(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	if x.Size() != y.Size() {
		return fmt.Errorf("reshape of %d elements into %d", x.Size(), y.Size())
	}
	if bounds, ok := refine(x.Shape, y.Shape); ok {
		vars := make([]string, len(bounds)-1)
		sizes := make([]int, len(bounds)-1)
		for k := range vars {
			// outermost loop first: the largest boundary
			j := len(bounds) - 2 - k
			vars[k] = fmt.Sprintf("r%d", j)
			sizes[k] = bounds[j+1] / bounds[j]
		}
		l.kernel("reshape", nest(vars, sizes, st(y, refinedIndex(y.Shape, bounds), ld(x, refinedIndex(x.Shape, bounds)...))))
		return nil
	}
	if x.Size() > maxElementCopy {
		return fmt.Errorf("reshape %v -> %v has no affine form and is too large to copy element by element", x.Shape, y.Shape)
	}
	var body []air.Stmt
	for f := 0; f < x.Size(); f++ {
		body = append(body, st(y, constIndex(y.Shape, f), ld(x, constIndex(x.Shape, f)...)))
	}
	l.kernel("reshape", body)
	return nil
}

// strides returns the row-major stride of each dimension.
func strides(s []int) []int {
	st := make([]int, len(s))
	acc := 1
	for d := len(s) - 1; d >= 0; d-- {
		st[d] = acc
		acc *= s[d]
	}
	return st
}

// refine returns the sorted flat-position boundaries shared by both shapes
// (every stride and the total) when each divides the next.
func refine(a, b []int) ([]int, bool) {
	total := 1
	for _, d := range a {
		total *= d
	}
	set := map[int]bool{total: true}
	for _, s := range [][]int{a, b} {
		for _, st := range strides(s) {
			set[st] = true
		}
	}
	var bounds []int
	for v := range set {
		bounds = append(bounds, v)
	}
	sortInts(bounds)
	for k := 0; k+1 < len(bounds); k++ {
		if bounds[k+1]%bounds[k] != 0 {
			return nil, false
		}
	}
	return bounds, true
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// refinedIndex indexes shape s by the refined loop variables r<k> (variable k spans [bounds[k], bounds[k+1])).
func refinedIndex(s []int, bounds []int) []air.Affine {
	st := strides(s)
	idx := make([]air.Affine, len(s))
	for d := range s {
		idx[d] = air.C(0)
		for k := 0; k+1 < len(bounds); k++ {
			if bounds[k] >= st[d] && bounds[k] < st[d]*s[d] {
				idx[d] = idx[d].Plus(air.V(fmt.Sprintf("r%d", k)).Scale(int64(bounds[k] / st[d])))
			}
		}
	}
	return idx
}

func constIndex(s []int, flat int) []air.Affine {
	idx := make([]air.Affine, len(s))
	for d := len(s) - 1; d >= 0; d-- {
		idx[d] = air.C(int64(flat % s[d]))
		flat /= s[d]
	}
	return idx
}

func (l *lowerer) transpose(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	x := ins[0]
	perm := n.Attrs.Perm
	if len(perm) == 0 {
		for d := len(x.Shape) - 1; d >= 0; d-- {
			perm = append(perm, d)
		}
	}
	vars, in := ivars("i", len(x.Shape))
	out := make([]air.Affine, len(perm))
	for k, p := range perm {
		out[k] = in[p]
	}
	l.kernel("transpose", nest(vars, x.Shape, st(y, out, ld(x, in...))))
	return nil
}

func (l *lowerer) concat(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	axis := n.Attrs.Axis
	var body []air.Stmt
	off := 0
	for _, x := range ins {
		vars, in := ivars("i", len(x.Shape))
		out := append([]air.Affine(nil), in...)
		out[axis] = out[axis].AddConst(int64(off))
		body = append(body, nest(vars, x.Shape, st(y, out, ld(x, in...)))...)
		off += x.Shape[axis]
	}
	l.kernel("concat", body)
	return nil
}

// floatDiv is Div in float32: x / d rounded once (air's div, on the
// divider), for a constant or runtime divisor; a constant divisor whose
// every element is a power of two multiplies by its reciprocal instead,
// which gives the same bits (pow2Reciprocal). Division by zero gives
// ±inf or NaN, as in PyTorch.
func (l *lowerer) floatDiv(n *graph.Node, load func(string, *air.Memory) (air.Expr, error)) (air.Expr, error) {
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return nil, err
	}
	xv, err := load(n.Inputs[0], x)
	if err != nil {
		return nil, err
	}
	if c := l.g.Tensor(n.Inputs[1]); c.Const {
		recips := make([]float64, len(c.Floats))
		pow2 := true
		for i, d := range c.Floats {
			recips[i], pow2 = pow2Reciprocal(float64(d))
			if !pow2 {
				break
			}
		}
		if pow2 {
			r := l.constMem(n.Inputs[1]+"_recip", air.Float32, l.shape(n.Inputs[1]), recips)
			rv, err := load(n.Inputs[1], r)
			if err != nil {
				return nil, err
			}
			return air.NewOp(air.Mul, xv, rv), nil
		}
	}
	d, err := l.mem(n.Inputs[1])
	if err != nil {
		return nil, err
	}
	dv, err := load(n.Inputs[1], d)
	if err != nil {
		return nil, err
	}
	return air.NewOp(air.Div, xv, dv), nil
}
