package air

import "fmt"

// FuseElementwise folds element-wise kernels into the kernel that produces
// their input, so that an activation (ReLU, Clip, a residual Add, ...) is
// applied as the producer stores its result, without a pass over memory of
// its own. An element-wise kernel K2 is one perfect loop nest over the
// whole shape of a memory U with a single store
//
//	U[i0, i1, ...] = f(T[i0, i1, ...], R[i0, i1, ...], ...)
//
// whose loads all use the store's index. It is fused into the kernel K1
// that writes T when T is internal, has U's shape, is written only by K1
// and read only by K2, each called once with K1 first; when K1 does not
// read U; and when no kernel from K1's call to K2's reads or writes U, nor
// writes another memory R that f reads. Every store T[e] = v of K1 then
// becomes U[e] = f(v, R[e], ...), which computes the same values (the
// fixed-point operations are exact until a rounding, which sees the same
// value); K2 and T go away. Run it before partitioning. It returns the
// names of the kernels removed, in program order.
func FuseElementwise(p *Program) ([]string, error) {
	var removed []string
	for {
		k2, k1, ew, ok := findElementwise(p)
		if !ok {
			break
		}
		fuseInto(k1, ew)
		removed = append(removed, k2.Name)
		p.Kernels = without(p.Kernels, func(x *Kernel) bool { return x == k2 })
		p.Main = without(p.Main, func(c Call) bool { return c.Kernel == k2.Name })
		p.Mems = without(p.Mems, func(m *Memory) bool { return m.Name == ew.in.Name })
	}
	if len(removed) > 0 {
		if err := Verify(p); err != nil {
			return nil, fmt.Errorf("air: after fusing element-wise kernels: %w", err)
		}
	}
	return removed, nil
}

// elementwise is the form of an element-wise kernel: out[vars] = f, where
// f reads in[vars] (and maybe other memories at vars).
type elementwise struct {
	store *Store   // out[vars] = f
	vars  []Affine // the store's index
	in    *Memory  // the memory whose producer absorbs the kernel
	out   *Memory
}

// findElementwise finds an element-wise kernel and the kernel it can be
// fused into.
func findElementwise(p *Program) (k2, k1 *Kernel, ew *elementwise, ok bool) {
	calls := map[string][]int{}
	for i, c := range p.Main {
		calls[c.Kernel] = append(calls[c.Kernel], i)
	}
	for _, k := range p.Kernels {
		e, ok := elementwiseForm(p, k)
		if !ok || len(calls[k.Name]) != 1 {
			continue
		}
		for _, in := range loadedMems(e.store.Val) {
			e.in = p.Mem(in)
			if prod := producer(p, k, e, calls); prod != nil {
				return k, prod, e, true
			}
		}
	}
	return nil, nil, nil, false
}

// elementwiseForm matches a kernel of one perfect nest over its output's
// whole shape, with a single store whose loads all use the store's index.
func elementwiseForm(p *Program, k *Kernel) (*elementwise, bool) {
	if len(k.Body) != 1 {
		return nil, false
	}
	n, ok := fullNest(k.Body[0])
	if !ok {
		return nil, false
	}
	out := p.Mem(n.store.Mem)
	if out == nil || out.Partitioned() || n.store.Bank >= 0 || !coversShape(n, n.store.Index, out.Shape, nil) {
		return nil, false
	}
	same := true
	WalkExpr(n.store.Val, func(e Expr) {
		if l, isLoad := e.(*Load); isLoad && (l.Padded || l.Bank >= 0 || !sameIndex(l.Index, n.store.Index)) {
			same = false
		}
		if _, isRef := e.(*Ref); isRef {
			same = false
		}
	})
	if !same {
		return nil, false
	}
	return &elementwise{store: n.store, vars: n.store.Index, out: out}, true
}

func sameIndex(a, b []Affine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// loadedMems lists the memories an expression loads, each once.
func loadedMems(e Expr) []string {
	var out []string
	seen := map[string]bool{}
	WalkExpr(e, func(e Expr) {
		if l, ok := e.(*Load); ok && !seen[l.Mem] {
			seen[l.Mem] = true
			out = append(out, l.Mem)
		}
	})
	return out
}

// producer returns the kernel ew can be fused into (see FuseElementwise), or nil.
func producer(p *Program, k2 *Kernel, ew *elementwise, calls map[string][]int) *Kernel {
	T, U := ew.in, ew.out
	if T == nil || T == U || T.Kind != MemInternal || T.Partitioned() || len(T.Shape) != len(U.Shape) {
		return nil
	}
	for d := range T.Shape {
		if T.Shape[d] != U.Shape[d] {
			return nil
		}
	}
	var k1 *Kernel
	for _, k := range p.Kernels {
		if k == k2 {
			continue
		}
		loads, stores := Accesses(k)
		for _, m := range loads {
			if m == T.Name {
				return nil // T is read by another kernel
			}
		}
		for _, m := range stores {
			if m == T.Name {
				if k1 != nil {
					return nil // two producers
				}
				k1 = k
			}
		}
	}
	if k1 == nil || len(calls[k1.Name]) != 1 {
		return nil
	}
	from, to := calls[k1.Name][0], calls[k2.Name][0]
	if from > to {
		return nil
	}
	loads1, _ := Accesses(k1)
	for _, m := range loads1 {
		if m == U.Name {
			return nil
		}
	}
	others := map[string]bool{}
	for _, m := range loadedMems(ew.store.Val) {
		if m != T.Name {
			others[m] = true
		}
	}
	for _, c := range p.Main[from : to+1] {
		if c.Kernel == k2.Name {
			continue
		}
		loads, stores := Accesses(p.Kernel(c.Kernel))
		for _, m := range stores {
			if others[m] || (m == U.Name && c.Kernel != k1.Name) {
				return nil
			}
		}
		if c.Kernel == k1.Name {
			continue
		}
		for _, m := range loads {
			if m == U.Name {
				return nil
			}
		}
	}
	// K1 must store T only with plain (unbanked) indices.
	ok := true
	WalkStmts(k1.Body, func(s Stmt) {
		if st, isStore := s.(*Store); isStore && st.Mem == T.Name && st.Bank >= 0 {
			ok = false
		}
	})
	if !ok {
		return nil
	}
	return k1
}

// fuseInto rewrites k1's stores of ew.in into stores of ew.out through f.
func fuseInto(k1 *Kernel, ew *elementwise) {
	WalkStmts(k1.Body, func(s Stmt) {
		st, ok := s.(*Store)
		if !ok || st.Mem != ew.in.Name {
			return
		}
		// The element-wise kernel's index variables take the values of this store's index.
		subst := map[string]Affine{}
		for d, a := range ew.vars {
			if len(a.Terms) == 1 {
				subst[a.Terms[0].Var] = st.Index[d]
			}
		}
		v := st.Val
		st.Val = substExpr(ew.store.Val, func(l *Load) Expr {
			if l.Mem == ew.in.Name {
				return v
			}
			idx := make([]Affine, len(l.Index))
			for d, a := range l.Index {
				idx[d] = substAll(a, subst)
			}
			c := *l
			c.Index = idx
			return &c
		})
		st.Mem = ew.out.Name
	})
}

// substExpr copies e, replacing each load by what f returns for it.
func substExpr(e Expr, f func(*Load) Expr) Expr {
	switch e := e.(type) {
	case *Load:
		return f(e)
	case *Op:
		c := *e
		c.Args = make([]Expr, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = substExpr(a, f)
		}
		return &c
	}
	return e
}

// substAll replaces every variable of a by its value in m, all at once.
func substAll(a Affine, m map[string]Affine) Affine {
	out := C(a.Const)
	for _, t := range a.Terms {
		r, ok := m[t.Var]
		if !ok {
			r = V(t.Var)
		}
		out = out.Plus(r.Scale(t.Coef))
	}
	return out
}
