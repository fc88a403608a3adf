package fromgraph

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// node lowers one graph node to one or more kernels.
func (l *lowerer) node(n *graph.Node) error {
	for _, o := range n.Outputs {
		l.written[o] = true
	}
	if l.e.Float && !float32Ops[n.Op] {
		return &lowerError{fmt.Sprintf("operator %s has no float32 lowering yet", n.Op), "use a fixed-point numeric for this model"}
	}
	switch n.Op {
	case graph.OpConv:
		return l.conv(n)
	case graph.OpGemm:
		return l.gemm(n)
	case graph.OpMatMul:
		return l.matmul(n)
	case graph.OpMaxPool, graph.OpAveragePool:
		return l.pool(n)
	case graph.OpGlobalAveragePool, graph.OpGlobalMaxPool:
		return l.globalPool(n)
	case graph.OpReduceMean, graph.OpReduceSum, graph.OpReduceMax, graph.OpReduceMin:
		return l.reduce(n)
	case graph.OpAdd, graph.OpSub, graph.OpMul, graph.OpDiv, graph.OpMax, graph.OpMin:
		return l.binary(n)
	case graph.OpRelu, graph.OpClip:
		return l.clamp(n)
	case graph.OpLeakyRelu, graph.OpPRelu, graph.OpHardSigmoid, graph.OpHardSwish, graph.OpNeg, graph.OpAbs:
		return l.activation(n)
	case graph.OpSigmoid, graph.OpTanh, graph.OpExp, graph.OpErf, graph.OpSqrt, graph.OpReciprocal, graph.OpGelu, graph.OpSoftplus:
		return l.nonlinear(n)
	case graph.OpBatchNormalization:
		return l.batchNorm(n)
	case graph.OpLayerNormalization:
		return l.layerNorm(n)
	case graph.OpWhere:
		return l.where(n)
	case graph.OpTrilu:
		return l.trilu(n)
	case graph.OpReshape, graph.OpIdentity:
		return l.reshape(n)
	case graph.OpTranspose:
		return l.transpose(n)
	case graph.OpConcat:
		return l.concat(n)
	case graph.OpSlice:
		return l.slice(n)
	case graph.OpSplit:
		return l.split(n)
	case graph.OpPad:
		return l.pad(n)
	case graph.OpGather:
		return l.gather(n)
	case graph.OpSoftmax:
		return l.softmax(n)
	}
	return fmt.Errorf("operator %s has no loop-nest lowering", n.Op)
}

// float32Ops are the operators lowered in float32 programs (Options.Float32)
// (see the package comment's float32 section): matrix products and
// convolutions with float32 accumulators, element-wise arithmetic (Div on
// the divider), the pools and reductions, standalone BatchNormalization,
// the piecewise-linear activations, constant masks and data movement, and
// the nonlinear functions (Sigmoid, Tanh, Exp, Erf, Sqrt, Reciprocal,
// Gelu), Softmax and LayerNormalization as compositions of float32
// operations (float_nonlin.go; Softplus only to refuse it with its reason).
var float32Ops = map[graph.Op]bool{
	graph.OpConv: true, graph.OpGemm: true, graph.OpMatMul: true,
	graph.OpAdd: true, graph.OpSub: true, graph.OpMul: true, graph.OpDiv: true, graph.OpMax: true, graph.OpMin: true,
	graph.OpRelu: true, graph.OpClip: true,
	graph.OpLeakyRelu: true, graph.OpPRelu: true, graph.OpHardSigmoid: true, graph.OpHardSwish: true, graph.OpNeg: true, graph.OpAbs: true,
	graph.OpMaxPool: true, graph.OpAveragePool: true, graph.OpGlobalAveragePool: true, graph.OpGlobalMaxPool: true,
	graph.OpReduceMean: true, graph.OpReduceSum: true, graph.OpReduceMax: true, graph.OpReduceMin: true,
	graph.OpBatchNormalization: true, graph.OpWhere: true, graph.OpTrilu: true,
	graph.OpReshape: true, graph.OpIdentity: true, graph.OpTranspose: true, graph.OpConcat: true,
	graph.OpSlice: true, graph.OpSplit: true, graph.OpPad: true, graph.OpGather: true,
	// Compositions of float32 operations (float_nonlin.go).
	graph.OpSoftmax: true, graph.OpLayerNormalization: true,
	graph.OpExp: true, graph.OpReciprocal: true, graph.OpSqrt: true, graph.OpSigmoid: true,
	graph.OpTanh: true, graph.OpErf: true, graph.OpGelu: true, graph.OpSoftplus: true,
}

// lowerError is a lowering failure with a suggested fix.
type lowerError struct{ problem, hint string }

func (e *lowerError) Error() string {
	if e.hint == "" {
		return e.problem
	}
	return e.problem + "; " + e.hint
}

// io returns the memories of a node's inputs (nil for omitted ones) and of its first output.
func (l *lowerer) io(n *graph.Node) ([]*air.Memory, *air.Memory, error) {
	ins := make([]*air.Memory, len(n.Inputs))
	for i, name := range n.Inputs {
		if name == "" {
			continue
		}
		m, err := l.mem(name)
		if err != nil {
			return nil, nil, err
		}
		ins[i] = m
	}
	if len(n.Outputs) == 0 || n.Outputs[0] == "" {
		return nil, nil, fmt.Errorf("no output")
	}
	out, err := l.mem(n.Outputs[0])
	return ins, out, err
}

// spatialNames returns the names of the output and kernel loop variables
// of S spatial dims (W; H, W).
func spatialNames(S int) (outs, ks []string) {
	if S == 1 {
		return []string{"ow"}, []string{"kw"}
	}
	return []string{"oh", "ow"}, []string{"kh", "kw"}
}

// checkSpatial refuses windows the hardware memories cannot hold.
func checkSpatial(x *air.Memory) (int, error) {
	S := len(x.Shape) - 2
	if S < 1 || S > 2 {
		return 0, &lowerError{fmt.Sprintf("%d spatial dims (input %v)", S, x.Shape), "hardware memories have at most 4 dims: only 1-D (NCW) and 2-D (NCHW) windows lower"}
	}
	return S, nil
}

// padded returns x itself, or a padded copy of it (made by a pad_<user>
// kernel) filled with fill: pads holds the begin of every spatial dim, then
// the end; extra adds to the end (ceil-mode windows past the padded input).
func (l *lowerer) padded(x *air.Memory, user string, pads []int, extra []int, fill int64) *air.Memory {
	S := len(x.Shape) - 2
	any := false
	ps := append([]int(nil), x.Shape...)
	for d := 0; d < S; d++ {
		ps[2+d] += pads[d] + pads[S+d] + extra[d]
		any = any || ps[2+d] != x.Shape[2+d] || pads[d] != 0
	}
	if !any {
		return x
	}
	xp := l.newMem(x.Name+"_pad", x.Elem, ps, air.MemInternal)
	vars := []string{"n", "c", "h", "w"}
	if S == 1 {
		vars = []string{"n", "c", "w"}
	}
	a := make([]air.Affine, len(vars))
	for i, v := range vars {
		a[i] = air.V(v)
	}
	body := nest(vars, ps, st(xp, a, lit(fill, x.Elem)))
	shifted := append([]air.Affine(nil), a...)
	for d := 0; d < S; d++ {
		shifted[2+d] = a[2+d].AddConst(int64(pads[d]))
	}
	body = append(body, nest(vars, x.Shape, st(xp, shifted, ld(x, a...)))...)
	l.addKernel("pad_"+user, body)
	return xp
}

func (l *lowerer) conv(n *graph.Node) error {
	x, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	S, err := checkSpatial(x)
	if err != nil {
		return err
	}
	w, err := l.weight(n.Inputs[1], 1)
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	a := &n.Attrs
	name := l.peekName("conv")
	xp := l.padded(x, name, a.Pads, make([]int, S), 0)
	M, Cg := w.Shape[0], w.Shape[1]
	K := w.Shape[2:]
	G := max(a.Group, 1)
	Mg := M / G
	co := air.V("g").Scale(int64(Mg)).Plus(air.V("m"))
	var b *bias
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		c, err := l.accConst(n.Inputs[2], w.Elem.Frac+xp.Elem.Frac, 1)
		if err != nil {
			return err
		}
		b = &bias{what: fmt.Sprintf("bias %q (%s)", n.Inputs[2], c.Elem), width: c.Elem.Width, val: ld(c, co)}
	}
	acc, err := l.accType(name, w.Elem, xp.Elem, Cg*prod(K), b)
	if err != nil {
		return err
	}
	init := air.Expr(lit(0, acc))
	if b != nil {
		init = air.NewRq(b.val, acc)
	}
	ci := air.V("g").Scale(int64(Cg)).Plus(air.V("ci"))
	outs, ks := spatialNames(S)
	wIdx := []air.Affine{co, air.V("ci")}
	xIdx := []air.Affine{air.V("n"), ci}
	yIdx := []air.Affine{air.V("n"), co}
	for d := 0; d < S; d++ {
		wIdx = append(wIdx, air.V(ks[d]))
		xIdx = append(xIdx, air.V(outs[d]).Scale(int64(a.Strides[d])).Plus(air.V(ks[d]).Scale(int64(a.Dilations[d]))))
		yIdx = append(yIdx, air.V(outs[d]))
	}
	mac := &air.Assign{Name: "acc", Val: air.NewOp(air.Add, &air.Ref{Name: "acc"},
		air.NewOp(air.Mul, ld(w, wIdx...), ld(xp, xIdx...)))}
	inner := []air.Stmt{&air.Reg{Name: "acc", T: acc, Init: init}}
	inner = append(inner, nest(append([]string{"ci"}, ks...), append([]int{Cg}, K...), mac)...)
	inner = append(inner, st(y, yIdx, air.NewRq(&air.Ref{Name: "acc"}, l.e)))
	ys := y.Shape
	var body []air.Stmt
	if G == 1 {
		// Plain convolution: drop the group loop (g = 0).
		body = nest(append([]string{"n", "m"}, outs...), append([]int{ys[0], M}, ys[2:]...), inner...)
		body = substG(body)
	} else {
		body = nest(append([]string{"n", "g", "m"}, outs...), append([]int{ys[0], G, Mg}, ys[2:]...), inner...)
	}
	l.kernel("conv", body)
	return nil
}

// prod is the product of xs (1 for none).
func prod(xs []int) int {
	p := 1
	for _, x := range xs {
		p *= x
	}
	return p
}

// substG replaces the group variable by 0 in a group-free convolution.
func substG(ss []air.Stmt) []air.Stmt {
	var fix func(e air.Expr)
	fixIdx := func(idx []air.Affine) {
		for i := range idx {
			idx[i] = idx[i].Subst("g", air.C(0))
		}
	}
	fix = func(e air.Expr) {
		switch e := e.(type) {
		case *air.Load:
			fixIdx(e.Index)
		case *air.Op:
			for _, a := range e.Args {
				fix(a)
			}
		}
	}
	var walk func(ss []air.Stmt)
	walk = func(ss []air.Stmt) {
		for _, s := range ss {
			switch s := s.(type) {
			case *air.For:
				walk(s.Body)
			case *air.Reg:
				fix(s.Init)
			case *air.Assign:
				fix(s.Val)
			case *air.Store:
				fixIdx(s.Index)
				fix(s.Val)
			}
		}
	}
	walk(ss)
	return ss
}

// operand returns the memory of a matrix-product operand: a constant gets
// its own weight type (scaled by scale), a runtime tensor its activation
// memory (scale must then be 1).
func (l *lowerer) operand(name string, scale float64) (*air.Memory, error) {
	if t := l.g.Tensor(name); t != nil && t.Const {
		return l.weight(name, scale)
	}
	if scale != 1 {
		return nil, fmt.Errorf("internal: scale %g of a runtime operand", scale)
	}
	return l.mem(name)
}

func (l *lowerer) gemm(n *graph.Node) error {
	a := &n.Attrs
	ta, tb := l.g.Tensor(n.Inputs[0]), l.g.Tensor(n.Inputs[1])
	if len(ta.Shape) != 2 || len(tb.Shape) != 2 {
		return fmt.Errorf("Gemm operands must be matrices")
	}
	// alpha scales a constant operand (B first); with both operands at run
	// time it multiplies the sum.
	alphaB, alphaA, alphaPost := float64(a.Alpha), 1.0, 1.0
	if !tb.Const {
		alphaB = 1
		if ta.Const {
			alphaA = float64(a.Alpha)
		} else {
			alphaPost = float64(a.Alpha)
		}
	}
	K := ta.Shape[1]
	if a.TransA {
		K = ta.Shape[0]
	}
	yt := l.g.Tensor(n.Outputs[0])
	bm, err := l.operand(n.Inputs[1], alphaB)
	if err != nil {
		return err
	}
	am, err := l.operand(n.Inputs[0], alphaA)
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	kernel := l.peekName("gemm")
	i, j, k := air.V("i"), air.V("j"), air.V("k")
	var c *bias
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		if c, err = l.addend(kernel, n.Inputs[2], am.Elem.Frac+bm.Elem.Frac, float64(a.Beta)/alphaPost, []air.Affine{i, j}, yt.Shape); err != nil {
			return err
		}
	}
	acc, err := l.accType(kernel, am.Elem, bm.Elem, K, c)
	if err != nil {
		return err
	}
	init := air.Expr(lit(0, acc))
	if c != nil {
		init = air.NewRq(c.val, acc)
	}
	var post air.Expr
	if alphaPost != 1 {
		pt, err := l.constType(kernel+": alpha", []float64{alphaPost})
		if err != nil {
			return err
		}
		if w := acc.Width + pt.Width; !acc.Float && w > air.MaxWidth {
			return fmt.Errorf("%s: alpha times the sum needs %d bits (%s times %s), limit %d", kernel, w, acc, pt, air.MaxWidth)
		}
		post = lit(quantize(pt, alphaPost), pt)
	}
	aIdx := []air.Affine{i, k}
	if a.TransA {
		aIdx = []air.Affine{k, i}
	}
	bIdx := []air.Affine{k, j}
	if a.TransB {
		bIdx = []air.Affine{j, k}
	}
	body := l.matmulNest(am, aIdx, bm, bIdx, y, []air.Affine{i, j}, []string{"i", "j"}, yt.Shape, K, acc, init, post)
	l.kernel("gemm", body)
	return nil
}

// addend is the bias-like operand c of kernel (scaled by scale), indexed
// by out in a nest over outShape, for an accumulator with accFrac
// fractional bits: a constant is stored at the accumulator's scale; a
// runtime tensor is shifted (or, when scale is not 1, multiplied by scale)
// to it, and its width there is what the accumulator must hold.
func (l *lowerer) addend(kernel, name string, accFrac int, scale float64, out []air.Affine, outShape []int) (*bias, error) {
	t := l.g.Tensor(name)
	if t.Const {
		c, err := l.accConst(name, accFrac, scale)
		if err != nil {
			return nil, err
		}
		idx, err := bcast(c.Shape, out, outShape)
		if err != nil {
			return nil, err
		}
		return &bias{what: fmt.Sprintf("bias %q (%s)", name, c.Elem), width: c.Elem.Width, val: ld(c, idx...)}, nil
	}
	c, err := l.mem(name)
	if err != nil {
		return nil, err
	}
	idx, err := bcast(c.Shape, out, outShape)
	if err != nil {
		return nil, err
	}
	v, vt := air.Expr(ld(c, idx...)), c.Elem
	if scale != 1 {
		st, err := l.constType(fmt.Sprintf("%s: scale of %q", kernel, name), []float64{scale})
		if err != nil {
			return nil, err
		}
		v = air.NewOp(air.Mul, v, lit(quantize(st, scale), st))
		if !vt.Float {
			vt = air.Type{Width: vt.Width + st.Width, Frac: vt.Frac + st.Frac}
		}
	}
	// Width at the accumulator's scale: shifted left exactly, or rounded
	// (half up, which can carry into one more bit).
	w := vt.Width + accFrac - vt.Frac
	if accFrac < vt.Frac {
		w = max(vt.Width-(vt.Frac-accFrac), 1) + 1
	}
	return &bias{what: fmt.Sprintf("addend %q (%s)", name, vt), width: w, val: v}, nil
}

// matmulNest is for loops { acc = init; for k { acc += A*B }; Y[out] = rq(acc [* post]) }
// (post: nil or a constant the sum is multiplied by).
func (l *lowerer) matmulNest(am *air.Memory, aIdx []air.Affine, bm *air.Memory, bIdx []air.Affine, y *air.Memory, yIdx []air.Affine, vars []string, sizes []int, K int, acc air.Type, init air.Expr, post air.Expr) []air.Stmt {
	mac := &air.Assign{Name: "acc", Val: air.NewOp(air.Add, &air.Ref{Name: "acc"}, air.NewOp(air.Mul, ld(am, aIdx...), ld(bm, bIdx...)))}
	inner := []air.Stmt{&air.Reg{Name: "acc", T: acc, Init: init}}
	inner = append(inner, nest([]string{"k"}, []int{K}, mac)...)
	res := air.Expr(&air.Ref{Name: "acc"})
	if post != nil {
		res = air.NewOp(air.Mul, res, post)
	}
	inner = append(inner, st(y, yIdx, air.NewRq(res, l.e)))
	return nest(vars, sizes, inner...)
}

// matmul lowers numpy matmul: batch dims broadcast, rank-1 operands are
// promoted. A constant operand gets its own weight type.
func (l *lowerer) matmul(n *graph.Node) error {
	ta, tb := l.g.Tensor(n.Inputs[0]), l.g.Tensor(n.Inputs[1])
	am, err := l.operand(n.Inputs[0], 1)
	if err != nil {
		return err
	}
	bm, err := l.operand(n.Inputs[1], 1)
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	as, bs := ta.Shape, tb.Shape
	K := as[len(as)-1]
	acc, err := l.accType(l.peekName("matmul"), am.Elem, bm.Elem, K, nil)
	if err != nil {
		return err
	}
	yt := l.g.Tensor(n.Outputs[0])
	if len(as) == 2 && len(bs) == 2 {
		i, j, k := air.V("i"), air.V("j"), air.V("k")
		l.kernel("matmul", l.matmulNest(am, []air.Affine{i, k}, bm, []air.Affine{k, j}, y, []air.Affine{i, j}, []string{"i", "j"}, yt.Shape, K, acc, lit(0, acc), nil))
		return nil
	}
	// Output dims: batch..., i (unless A is a vector), j (unless B is a vector).
	ys := yt.Shape
	vars, out := ivars("b", len(ys))
	nb := len(ys)
	if len(bs) > 1 {
		vars[nb-1], out[nb-1] = "j", air.V("j")
		nb--
	}
	if len(as) > 1 {
		vars[nb-1], out[nb-1] = "i", air.V("i")
		nb--
	}
	k := air.V("k")
	batchShape := ys[:nb]
	batch := out[:nb]
	var aIdx, bIdx []air.Affine
	if len(as) == 1 {
		aIdx = []air.Affine{k}
	} else {
		bi, err := bcast(as[:len(as)-2], batch, batchShape)
		if err != nil {
			return err
		}
		aIdx = append(bi, air.V("i"), k)
	}
	if len(bs) == 1 {
		bIdx = []air.Affine{k}
	} else {
		bi, err := bcast(bs[:len(bs)-2], batch, batchShape)
		if err != nil {
			return err
		}
		bIdx = append(bi, k, air.V("j"))
	}
	yIdx := out
	if len(ys) == 0 {
		yIdx, vars = []air.Affine{air.C(0)}, nil
	}
	l.kernel("matmul", l.matmulNest(am, aIdx, bm, bIdx, y, yIdx, vars, ys, K, acc, lit(0, acc), nil))
	return nil
}
