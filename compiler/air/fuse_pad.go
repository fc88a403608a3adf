package air

import "fmt"

// FusePadding removes padding kernels and the padded copies they make. A
// padding kernel (the form package fromgraph writes before a Conv or a
// pooling window that reads outside its input) fills an internal memory P
// with one constant and copies a memory X into it at constant offsets:
//
//	for i0 .. { for i1 .. { P[i0, i1] = C } }           // over P's whole shape
//	for i0 .. { for i1 .. { P[i0+o0, i1+o1] = X[i0, i1] } } // over X's whole shape
//
// When P and X are unpartitioned with the same element type, the kernel is
// called once, nothing else writes P, nothing writes X while P is still
// read, and P is only read after the kernel, every load P[IDX] becomes the
// padded load X[IDX - o]?C (air.Load.Padded) and the kernel and P go away:
// the same values, without the copy's cycles or P's memory. It returns the
// names of the kernels removed, in program order.
func FusePadding(p *Program) ([]string, error) {
	var removed []string
	for {
		k, f, ok := findPadKernel(p)
		if !ok {
			break
		}
		rewritePadLoads(p, f)
		removed = append(removed, k.Name)
		p.Kernels = without(p.Kernels, func(x *Kernel) bool { return x == k })
		var main []Call
		for _, c := range p.Main {
			if c.Kernel != k.Name {
				main = append(main, c)
			}
		}
		p.Main = main
		var mems []*Memory
		for _, m := range p.Mems {
			if m.Name != f.padded.Name {
				mems = append(mems, m)
			}
		}
		p.Mems = mems
	}
	if len(removed) > 0 {
		if err := Verify(p); err != nil {
			return nil, fmt.Errorf("air: after fusing padding: %w", err)
		}
	}
	return removed, nil
}

func without[T any](xs []T, drop func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

// padFusion is one padding kernel's memories: padded (P) holds src (X) at
// offsets off and fill elsewhere.
type padFusion struct {
	padded, src *Memory
	off         []int64
	fill        int64
}

// findPadKernel finds a padding kernel that can be fused.
func findPadKernel(p *Program) (*Kernel, *padFusion, bool) {
	for _, k := range p.Kernels {
		f, ok := padKernelForm(p, k)
		if ok && fusible(p, k, f) {
			return k, f, true
		}
	}
	return nil, nil, false
}

// padKernelForm matches the two loop nests of a padding kernel.
func padKernelForm(p *Program, k *Kernel) (*padFusion, bool) {
	if len(k.Body) != 2 {
		return nil, false
	}
	fill, ok := fullNest(k.Body[0])
	if !ok {
		return nil, false
	}
	copyLoops, ok := fullNest(k.Body[1])
	if !ok {
		return nil, false
	}
	st0, st1 := fill.store, copyLoops.store
	c, isConst := st0.Val.(*Const)
	ld, isLoad := st1.Val.(*Load)
	if !isConst || !isLoad || st0.Mem != st1.Mem || ld.Padded || ld.Bank >= 0 || st0.Bank >= 0 || st1.Bank >= 0 {
		return nil, false
	}
	P, X := p.Mem(st0.Mem), p.Mem(ld.Mem)
	if P == nil || X == nil || P == X || P.Kind != MemInternal || P.Partitioned() || X.Partitioned() ||
		P.Elem != X.Elem || c.T != P.Elem || len(P.Shape) != len(X.Shape) {
		return nil, false
	}
	// The fill covers P: index d is the variable of a loop over [0, P.Shape[d]).
	if !coversShape(fill, st0.Index, P.Shape, nil) {
		return nil, false
	}
	// The copy covers X and writes it at constant offsets into P.
	off := make([]int64, len(P.Shape))
	for d := range st1.Index {
		a := st1.Index[d]
		off[d] = a.Const
		if off[d] < 0 || off[d]+int64(X.Shape[d]) > int64(P.Shape[d]) {
			return nil, false
		}
	}
	if !coversShape(copyLoops, ld.Index, X.Shape, nil) || !coversShape(copyLoops, st1.Index, X.Shape, off) {
		return nil, false
	}
	return &padFusion{padded: P, src: X, off: off, fill: c.Val}, true
}

// loopNest is a perfect nest of unit-step loops from 0 around one store.
type loopNest struct {
	trips map[string]int // loop variable -> trip count
	store *Store
}

// fullNest matches a perfect chain of loops `for v in 0..N` around a single store.
func fullNest(s Stmt) (*loopNest, bool) {
	n := &loopNest{trips: map[string]int{}}
	for {
		switch t := s.(type) {
		case *For:
			if t.Lo != 0 || t.Step != 1 || len(t.Body) != 1 {
				return nil, false
			}
			n.trips[t.Var] = t.Hi
			s = t.Body[0]
		case *Store:
			n.store = t
			return n, true
		default:
			return nil, false
		}
	}
}

// coversShape reports whether index d is exactly loop variable v_d (+
// off[d]) with v_d running over [0, shape[d]), each loop used once; a
// dimension of size 1 may instead be indexed by the constant off[d].
func coversShape(n *loopNest, idx []Affine, shape []int, off []int64) bool {
	if len(idx) != len(shape) {
		return false
	}
	used := map[string]bool{}
	for d, a := range idx {
		want := int64(0)
		if off != nil {
			want = off[d]
		}
		if a.Const != want {
			return false
		}
		if len(a.Terms) == 0 && shape[d] == 1 {
			continue
		}
		if len(a.Terms) != 1 || a.Terms[0].Coef != 1 {
			return false
		}
		v := a.Terms[0].Var
		if used[v] || n.trips[v] != shape[d] {
			return false
		}
		used[v] = true
	}
	return len(used) == len(n.trips)
}

// fusible checks the program-level conditions: k runs once; no other
// kernel stores to P; P is read only by kernels that run after k; X is not
// written from k's call until P's last reader has run.
func fusible(p *Program, k *Kernel, f *padFusion) bool {
	at := -1
	for i, c := range p.Main {
		if c.Kernel == k.Name {
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	if at < 0 {
		return false
	}
	lastRead := at
	for i, c := range p.Main {
		other := p.Kernel(c.Kernel)
		if other == nil || other == k {
			continue
		}
		loads, stores := Accesses(other)
		for _, m := range stores {
			if m == f.padded.Name {
				return false
			}
		}
		if paddedLoadOf(other, f.padded.Name, f.fill) {
			return false
		}
		for _, m := range loads {
			if m == f.padded.Name {
				if i < at {
					return false
				}
				lastRead = max(lastRead, i)
			}
		}
	}
	for _, c := range p.Main[at+1 : lastRead+1] {
		_, stores := Accesses(p.Kernel(c.Kernel))
		for _, m := range stores {
			if m == f.src.Name {
				return false
			}
		}
	}
	return true
}

// paddedLoadOf reports whether k reads memory m with a padded load whose
// pad value is not fill (fusing would change what it reads outside m).
func paddedLoadOf(k *Kernel, m string, fill int64) bool {
	found := false
	WalkStmts(k.Body, func(s Stmt) {
		for _, e := range StmtExprs(s) {
			WalkExpr(e, func(e Expr) {
				if l, ok := e.(*Load); ok && l.Mem == m && l.Padded && l.Pad != fill {
					found = true
				}
			})
		}
	})
	return found
}

// rewritePadLoads turns every load of P into a padded load of X.
func rewritePadLoads(p *Program, f *padFusion) {
	var expr func(e Expr) Expr
	expr = func(e Expr) Expr {
		switch e := e.(type) {
		case *Load:
			if e.Mem != f.padded.Name {
				return e
			}
			idx := make([]Affine, len(e.Index))
			for d, a := range e.Index {
				idx[d] = a.AddConst(-f.off[d])
			}
			return &Load{Mem: f.src.Name, Bank: -1, Index: idx, Padded: true, Pad: f.fill}
		case *Op:
			for i, a := range e.Args {
				e.Args[i] = expr(a)
			}
		}
		return e
	}
	for _, k := range p.Kernels {
		WalkStmts(k.Body, func(s Stmt) {
			switch s := s.(type) {
			case *Reg:
				s.Init = expr(s.Init)
			case *Assign:
				s.Val = expr(s.Val)
			case *Store:
				s.Val = expr(s.Val)
			}
		})
	}
}
