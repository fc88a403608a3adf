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
	switch n.Op {
	case graph.OpConv:
		return l.conv(n)
	case graph.OpGemm:
		return l.gemm(n)
	case graph.OpMatMul:
		return l.matmul(n)
	case graph.OpMaxPool, graph.OpAveragePool:
		return l.pool(n)
	case graph.OpGlobalAveragePool:
		return l.globalAvgPool(n)
	case graph.OpAdd, graph.OpSub, graph.OpMul:
		return l.binary(n)
	case graph.OpRelu, graph.OpClip:
		return l.clamp(n)
	case graph.OpBatchNormalization:
		return l.batchNorm(n)
	case graph.OpReshape, graph.OpIdentity:
		return l.reshape(n)
	case graph.OpTranspose:
		return l.transpose(n)
	case graph.OpConcat:
		return l.concat(n)
	}
	return fmt.Errorf("operator %s has no loop-nest lowering", n.Op)
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

// padded returns x itself, or a padded copy of it (made by a pad_<user> kernel) filled with fill.
func (l *lowerer) padded(x *air.Memory, user string, pads []int, extra [2]int, fill int64) *air.Memory {
	top, left := pads[0], pads[1]
	bottom, right := pads[2]+extra[0], pads[3]+extra[1]
	if top == 0 && left == 0 && bottom == 0 && right == 0 {
		return x
	}
	s := x.Shape
	ps := []int{s[0], s[1], s[2] + top + bottom, s[3] + left + right}
	xp := l.newMem(x.Name+"_pad", x.Elem, ps, air.MemInternal)
	vars := []string{"n", "c", "h", "w"}
	a := []air.Affine{air.V("n"), air.V("c"), air.V("h"), air.V("w")}
	body := nest(vars, ps, st(xp, a, lit(fill, x.Elem)))
	shifted := []air.Affine{a[0], a[1], a[2].AddConst(int64(top)), a[3].AddConst(int64(left))}
	body = append(body, nest(vars, s, st(xp, shifted, ld(x, a...)))...)
	l.addKernel("pad_"+user, body)
	return xp
}

func (l *lowerer) conv(n *graph.Node) error {
	x, err := l.mem(n.Inputs[0])
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
	xp := l.padded(x, name, a.Pads, [2]int{}, 0)
	M, Cg, KH, KW := w.Shape[0], w.Shape[1], w.Shape[2], w.Shape[3]
	G := max(a.Group, 1)
	Mg := M / G
	var b *air.Memory
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		if b, err = l.accConst(n.Inputs[2], w.Elem.Frac+xp.Elem.Frac, 1); err != nil {
			return err
		}
	}
	acc, err := l.accType(name, w.Elem, xp.Elem, Cg*KH*KW, b)
	if err != nil {
		return err
	}
	init := air.Expr(lit(0, acc))
	if b != nil {
		// co = g*Mg + m
		init = air.NewRq(ld(b, air.V("g").Scale(int64(Mg)).Plus(air.V("m"))), acc)
	}
	co := air.V("g").Scale(int64(Mg)).Plus(air.V("m"))
	ci := air.V("g").Scale(int64(Cg)).Plus(air.V("ci"))
	ih := air.V("oh").Scale(int64(a.Strides[0])).Plus(air.V("kh").Scale(int64(a.Dilations[0])))
	iw := air.V("ow").Scale(int64(a.Strides[1])).Plus(air.V("kw").Scale(int64(a.Dilations[1])))
	mac := &air.Assign{Name: "acc", Val: air.NewOp(air.Add, &air.Ref{Name: "acc"},
		air.NewOp(air.Mul, ld(w, co, air.V("ci"), air.V("kh"), air.V("kw")), ld(xp, air.V("n"), ci, ih, iw)))}
	inner := []air.Stmt{&air.Reg{Name: "acc", T: acc, Init: init}}
	inner = append(inner, nest([]string{"ci", "kh", "kw"}, []int{Cg, KH, KW}, mac)...)
	inner = append(inner, st(y, []air.Affine{air.V("n"), co, air.V("oh"), air.V("ow")}, air.NewRq(&air.Ref{Name: "acc"}, l.e)))
	ys := y.Shape
	var body []air.Stmt
	if G == 1 {
		// Plain convolution: drop the group loop (g = 0).
		body = nest([]string{"n", "m", "oh", "ow"}, []int{ys[0], M, ys[2], ys[3]}, inner...)
		body = substG(body)
	} else {
		body = nest([]string{"n", "g", "m", "oh", "ow"}, []int{ys[0], G, Mg, ys[2], ys[3]}, inner...)
	}
	l.kernel("conv", body)
	return nil
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

func (l *lowerer) gemm(n *graph.Node) error {
	a := &n.Attrs
	ta, tb := l.g.Tensor(n.Inputs[0]), l.g.Tensor(n.Inputs[1])
	if len(ta.Shape) != 2 || len(tb.Shape) != 2 {
		return fmt.Errorf("Gemm operands must be matrices")
	}
	alpha, beta := a.Alpha, a.Beta
	if alpha != 1 && !tb.Const {
		return fmt.Errorf("alpha %g needs a constant B", alpha)
	}
	K := ta.Shape[1]
	if a.TransA {
		K = ta.Shape[0]
	}
	yt := l.g.Tensor(n.Outputs[0])
	var bm *air.Memory
	if tb.Const {
		var err error
		if bm, err = l.weight(n.Inputs[1], float64(alpha)); err != nil {
			return err
		}
	} else {
		var err error
		if bm, err = l.mem(n.Inputs[1]); err != nil {
			return err
		}
	}
	am, err := l.mem(n.Inputs[0])
	if err != nil {
		return err
	}
	y, err := l.mem(n.Outputs[0])
	if err != nil {
		return err
	}
	var c *air.Memory
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		if c, err = l.accConst(n.Inputs[2], am.Elem.Frac+bm.Elem.Frac, float64(beta)); err != nil {
			return err
		}
	}
	acc, err := l.accType(l.peekName("gemm"), am.Elem, bm.Elem, K, c)
	if err != nil {
		return err
	}
	init := air.Expr(lit(0, acc))
	i, j, k := air.V("i"), air.V("j"), air.V("k")
	if c != nil {
		idx, err := bcast(c.Shape, []air.Affine{i, j}, yt.Shape)
		if err != nil {
			return err
		}
		init = air.NewRq(ld(c, idx...), acc)
	}
	aIdx := []air.Affine{i, k}
	if a.TransA {
		aIdx = []air.Affine{k, i}
	}
	bIdx := []air.Affine{k, j}
	if a.TransB {
		bIdx = []air.Affine{j, k}
	}
	l.kernel("gemm", l.matmulNest(am, aIdx, bm, bIdx, y, yt.Shape, K, acc, init))
	return nil
}

// matmulNest is for i, j { acc = init; for k { acc += A*B }; Y[i,j] = rq(acc) }.
func (l *lowerer) matmulNest(am *air.Memory, aIdx []air.Affine, bm *air.Memory, bIdx []air.Affine, y *air.Memory, ys []int, K int, acc air.Type, init air.Expr) []air.Stmt {
	mac := &air.Assign{Name: "acc", Val: air.NewOp(air.Add, &air.Ref{Name: "acc"}, air.NewOp(air.Mul, ld(am, aIdx...), ld(bm, bIdx...)))}
	inner := []air.Stmt{&air.Reg{Name: "acc", T: acc, Init: init}}
	inner = append(inner, nest([]string{"k"}, []int{K}, mac)...)
	inner = append(inner, st(y, []air.Affine{air.V("i"), air.V("j")}, air.NewRq(&air.Ref{Name: "acc"}, l.e)))
	return nest([]string{"i", "j"}, ys, inner...)
}

func (l *lowerer) matmul(n *graph.Node) error {
	ins, y, err := l.io(n)
	if err != nil {
		return err
	}
	if len(ins[0].Shape) != 2 || len(ins[1].Shape) != 2 {
		return fmt.Errorf("only 2-D MatMul is supported (shapes %v, %v)", ins[0].Shape, ins[1].Shape)
	}
	K := ins[0].Shape[1]
	acc, err := l.accType(l.peekName("matmul"), ins[0].Elem, ins[1].Elem, K, nil)
	if err != nil {
		return err
	}
	i, j, k := air.V("i"), air.V("j"), air.V("k")
	l.kernel("matmul", l.matmulNest(ins[0], []air.Affine{i, k}, ins[1], []air.Affine{k, j}, y, y.Shape, K, acc, lit(0, acc)))
	return nil
}
