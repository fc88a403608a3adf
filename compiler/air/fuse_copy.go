package air

import (
	"fmt"
	"slices"
	"sort"
)

// FuseCopies removes pure copies, the loop nests package fromgraph writes
// for Transpose, Reshape, Identity, Squeeze, Gather with constant indices,
// Slice, Split and Concat: a perfect nest of loops `for v in 0..N` around a
// single store
//
//	D[f(v)] = S[g(v)]       // f, g affine; D and S of the same element type
//
// It folds the copy's index map into the other accesses instead, in one of
// two directions, and removes the nest (the kernel too once it is empty)
// and the memory that is no longer needed:
//
//   - Into the readers of D, when f is a permutation of the loop variables
//     over D's whole shape (a dimension of size 1 may be indexed by 0):
//     then v = f⁻¹(e) is affine and every load D[e] becomes S[g(f⁻¹(e))].
//     Conditions: D is internal, the nest's store is the only store to D,
//     every kernel that reads D (not padded) runs only after the copy's
//     kernel K, which is called once, and no kernel from K's call to D's
//     last reader writes S. D goes away.
//   - Into the writer of S, when g is such a permutation over S's whole
//     shape and f is injective on the loop domain: every store S[h] of S's
//     only writer P becomes D[f(g⁻¹(h))]. Conditions: S is internal and
//     read only by the copy; P is called once, before K (called once), and
//     does not read S; no kernel reads D from P's call to K's, both
//     included; every other store to D writes elements the copy does not
//     (by the ranges of its index, as Concat's other parts do). S goes
//     away.
//
// Either way every memory holds the same values whenever a kernel reads
// it, so the interpreter computes the same outputs, without the copy's
// cycles, its kernel's hardware or the intermediate memory. Injectivity is
// proved by the mixed-radix condition on the store's row-major address
// (each variable's stride exceeds the span of the smaller ones), which
// holds for Reshape's and Transpose's index maps. Run it before
// partitioning (unbanked accesses only). It returns the names of the
// kernels removed, in the order they were removed.
func FuseCopies(p *Program) ([]string, error) {
	var removed []string
	changed := false
	for {
		c, ok := findCopy(p)
		if !ok {
			break
		}
		changed = true
		c.apply(p)
		c.k.Body = slices.Delete(c.k.Body, c.at, c.at+1)
		if len(c.k.Body) == 0 {
			removed = append(removed, c.k.Name)
			p.Kernels = without(p.Kernels, func(x *Kernel) bool { return x == c.k })
			p.Main = without(p.Main, func(x Call) bool { return x.Kernel == c.k.Name })
		}
		p.Mems = without(p.Mems, func(m *Memory) bool { return m == c.gone })
	}
	if changed {
		if err := Verify(p); err != nil {
			return nil, fmt.Errorf("air: after fusing copies: %w", err)
		}
	}
	return removed, nil
}

// copyFusion is one copy nest and how it is folded away.
type copyFusion struct {
	k       *Kernel
	at      int // index of the nest in k.Body
	nest    *loopNest
	st      *Store // D[f(v)] = S[g(v)]
	ld      *Load
	forward bool           // into D's readers (else into S's writer)
	dims    map[string]int // for the permuted side: loop variable -> dimension it indexes
	gone    *Memory        // the memory removed: D forward, S backward
}

// apply rewrites the accesses (see FuseCopies).
func (c *copyFusion) apply(p *Program) {
	if c.forward {
		// Every load D[e] becomes S[g(f⁻¹(e))].
		for _, k := range p.Kernels {
			rewriteLoads(k.Body, c.st.Mem, func(l *Load) Expr {
				inv := c.inverse(l.Index)
				idx := make([]Affine, len(c.ld.Index))
				for d, a := range c.ld.Index {
					idx[d] = substAll(a, inv)
				}
				return &Load{Mem: c.ld.Mem, Bank: -1, Index: idx}
			})
		}
		return
	}
	// Every store S[h] of S's writer becomes D[f(g⁻¹(h))].
	for _, k := range p.Kernels {
		WalkStmts(k.Body, func(s Stmt) {
			st, ok := s.(*Store)
			if !ok || st.Mem != c.ld.Mem || st == c.st {
				return
			}
			inv := c.inverse(st.Index)
			idx := make([]Affine, len(c.st.Index))
			for d, a := range c.st.Index {
				idx[d] = substAll(a, inv)
			}
			st.Mem, st.Index = c.st.Mem, idx
		})
	}
}

// inverse maps each loop variable of the copy to the index component of
// the permuted side it stands for (0 for a variable of a one-trip loop
// that indexes nothing).
func (c *copyFusion) inverse(idx []Affine) map[string]Affine {
	m := map[string]Affine{}
	for v := range c.nest.trips {
		if d, ok := c.dims[v]; ok {
			m[v] = idx[d]
		} else {
			m[v] = C(0)
		}
	}
	return m
}

// findCopy finds the first copy nest, in program order, that can be folded.
func findCopy(p *Program) (*copyFusion, bool) {
	calls := map[string][]int{}
	for i, c := range p.Main {
		calls[c.Kernel] = append(calls[c.Kernel], i)
	}
	uses := memUses(p)
	for _, k := range p.Kernels {
		if len(calls[k.Name]) != 1 {
			continue
		}
		for at, s := range k.Body {
			c, ok := copyForm(p, k, at, s)
			if !ok {
				continue
			}
			if c.dims, ok = permutation(c.nest, c.st.Index, p.Mem(c.st.Mem).Shape); ok && forwardOK(p, c, calls, uses) {
				c.forward, c.gone = true, p.Mem(c.st.Mem)
				return c, true
			}
			if c.dims, ok = permutation(c.nest, c.ld.Index, p.Mem(c.ld.Mem).Shape); ok && backwardOK(p, c, calls, uses) {
				c.gone = p.Mem(c.ld.Mem)
				return c, true
			}
		}
	}
	return nil, false
}

// copyForm matches a copy nest D[f(v)] = S[g(v)] between two distinct
// unpartitioned memories of one element type.
func copyForm(p *Program, k *Kernel, at int, s Stmt) (*copyFusion, bool) {
	n, ok := fullNest(s)
	if !ok || !distinctVars(s) {
		return nil, false
	}
	ld, isLoad := n.store.Val.(*Load)
	if !isLoad || ld.Padded || ld.Bank >= 0 || n.store.Bank >= 0 || ld.Mem == n.store.Mem {
		return nil, false
	}
	for _, trip := range n.trips {
		if trip < 1 {
			return nil, false
		}
	}
	D, S := p.Mem(n.store.Mem), p.Mem(ld.Mem)
	if D == nil || S == nil || D.Partitioned() || S.Partitioned() || D.Elem != S.Elem {
		return nil, false
	}
	return &copyFusion{k: k, at: at, nest: n, st: n.store, ld: ld}, true
}

// distinctVars reports whether the loops of a perfect nest use distinct variables.
func distinctVars(s Stmt) bool {
	seen := map[string]bool{}
	for {
		f, ok := s.(*For)
		if !ok {
			return true
		}
		if seen[f.Var] {
			return false
		}
		seen[f.Var] = true
		s = f.Body[0]
	}
}

// permutation reports whether idx indexes a memory of the given shape by
// distinct loop variables of n, each running over its whole dimension
// (idx[d] = v with trip(v) = shape[d], or 0 where shape[d] = 1), every
// loop of more than one trip used: a bijection between the loop domain
// and the memory. It returns the dimension each variable indexes.
func permutation(n *loopNest, idx []Affine, shape []int) (map[string]int, bool) {
	if len(idx) != len(shape) {
		return nil, false
	}
	dims := map[string]int{}
	for d, a := range idx {
		if a.IsConst() {
			if a.Const != 0 || shape[d] != 1 {
				return nil, false
			}
			continue
		}
		if len(a.Terms) != 1 || a.Terms[0].Coef != 1 || a.Const != 0 {
			return nil, false
		}
		v := a.Terms[0].Var
		trip, isLoop := n.trips[v]
		if _, dup := dims[v]; dup || !isLoop || trip != shape[d] {
			return nil, false
		}
		dims[v] = d
	}
	for v, trip := range n.trips {
		if _, used := dims[v]; !used && trip != 1 {
			return nil, false
		}
	}
	return dims, true
}

// injective reports whether idx, within a memory of the given shape, takes
// a different value for every point of n's loop domain. The row-major
// address sum_d stride_d*idx[d] = sum_v c_v*v + const is injective if,
// with the variables sorted by |c_v|, each |c_v| exceeds the largest
// change the smaller ones can make together (sum |c_u|*(trip_u-1)): the
// address is then a mixed-radix number with v's value as a digit. It is a
// sufficient condition (the indices are in bounds, which Verify proves).
func injective(n *loopNest, idx []Affine, shape []int) bool {
	if len(idx) != len(shape) {
		return false
	}
	coef := map[string]int64{}
	stride := int64(1)
	for d := len(shape) - 1; d >= 0; d-- {
		for _, t := range idx[d].Terms {
			coef[t.Var] += t.Coef * stride
		}
		stride *= int64(shape[d])
	}
	type digit struct {
		c, trip int64
		v       string
	}
	var ds []digit
	for v, trip := range n.trips {
		if trip == 1 {
			continue
		}
		c := coef[v]
		if c < 0 {
			c = -c
		}
		ds = append(ds, digit{c, int64(trip), v})
	}
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].c != ds[j].c {
			return ds[i].c < ds[j].c
		}
		return ds[i].v < ds[j].v
	})
	var span int64
	for _, d := range ds {
		if d.c <= span {
			return false
		}
		span += d.c * (d.trip - 1)
	}
	return true
}

// memUse lists where a memory is accessed.
type memUse struct {
	stores []kernelStore
	loads  []kernelLoad
}

type kernelStore struct {
	k  *Kernel
	st *Store
}

type kernelLoad struct {
	k *Kernel
	l *Load
}

// memUses indexes every load and store of p by memory.
func memUses(p *Program) map[string]*memUse {
	uses := map[string]*memUse{}
	use := func(m string) *memUse {
		u := uses[m]
		if u == nil {
			u = &memUse{}
			uses[m] = u
		}
		return u
	}
	for _, k := range p.Kernels {
		WalkStmts(k.Body, func(s Stmt) {
			for _, e := range StmtExprs(s) {
				WalkExpr(e, func(e Expr) {
					if l, ok := e.(*Load); ok {
						u := use(l.Mem)
						u.loads = append(u.loads, kernelLoad{k, l})
					}
				})
			}
			if st, ok := s.(*Store); ok {
				u := use(st.Mem)
				u.stores = append(u.stores, kernelStore{k, st})
			}
		})
	}
	return uses
}

// forwardOK checks the conditions of folding the copy into D's readers.
func forwardOK(p *Program, c *copyFusion, calls map[string][]int, uses map[string]*memUse) bool {
	D, S := p.Mem(c.st.Mem), p.Mem(c.ld.Mem)
	if D.Kind != MemInternal {
		return false
	}
	u := uses[D.Name]
	if len(u.stores) != 1 || u.stores[0].st != c.st {
		return false
	}
	at := calls[c.k.Name][0]
	last := at
	for _, r := range u.loads {
		if r.k == c.k || r.l.Padded || r.l.Bank >= 0 {
			return false
		}
		for _, i := range calls[r.k.Name] {
			if i <= at {
				return false
			}
			last = max(last, i)
		}
	}
	// S keeps the copied values until D's last reader has run.
	writers := map[string]bool{}
	for _, w := range uses[S.Name].stores {
		writers[w.k.Name] = true
	}
	for _, call := range p.Main[at : last+1] {
		if writers[call.Kernel] {
			return false
		}
	}
	return true
}

// backwardOK checks the conditions of folding the copy into S's writer.
func backwardOK(p *Program, c *copyFusion, calls map[string][]int, uses map[string]*memUse) bool {
	D, S := p.Mem(c.st.Mem), p.Mem(c.ld.Mem)
	if S.Kind != MemInternal || (D.Kind != MemInternal && D.Kind != MemOutput) || !injective(c.nest, c.st.Index, D.Shape) {
		return false
	}
	us := uses[S.Name]
	if len(us.loads) != 1 || us.loads[0].l != c.ld || len(us.stores) == 0 {
		return false
	}
	P := us.stores[0].k
	for _, w := range us.stores {
		if w.k != P || w.st.Bank >= 0 {
			return false
		}
	}
	if P == c.k || len(calls[P.Name]) != 1 {
		return false
	}
	from, at := calls[P.Name][0], calls[c.k.Name][0]
	if from >= at {
		return false
	}
	ud := uses[D.Name]
	if ud == nil {
		ud = &memUse{}
	}
	// Other stores to D write elements the copy does not write (as
	// Concat's other parts do), so the order of the writes does not matter.
	box := nestBox(c.nest, c.st.Index)
	for _, w := range ud.stores {
		if w.st != c.st && !disjoint(box, storeBox(w.k, w.st)) {
			return false
		}
	}
	// Nobody reads D from P's call to K's (K included): they would see the
	// copied values early.
	for _, r := range ud.loads {
		for _, i := range calls[r.k.Name] {
			if i >= from && i <= at {
				return false
			}
		}
	}
	return true
}

// storeBox is the range of each index component of st, a store of k,
// over the ranges of its enclosing loops.
func storeBox(k *Kernel, st *Store) []Range {
	var box []Range
	var walk func(ss []Stmt, env map[string]Range)
	walk = func(ss []Stmt, env map[string]Range) {
		for _, s := range ss {
			switch s := s.(type) {
			case *For:
				env[s.Var] = s.Range()
				walk(s.Body, env)
				delete(env, s.Var)
			case *Par:
				for _, arm := range s.Arms {
					walk(arm, env)
				}
			case *Store:
				if s == st {
					box = indexBox(st.Index, env)
				}
			}
		}
	}
	walk(k.Body, map[string]Range{})
	return box
}

// nestBox is the range of each index component over the nest's loop domain.
func nestBox(n *loopNest, idx []Affine) []Range {
	env := map[string]Range{}
	for v, trip := range n.trips {
		env[v] = Range{0, int64(trip) - 1}
	}
	return indexBox(idx, env)
}

// indexBox is the range of each index component over the variables' ranges
// (unbounded where a variable is unknown).
func indexBox(idx []Affine, env map[string]Range) []Range {
	box := make([]Range, len(idx))
	for d, a := range idx {
		lo, hi, ok := a.Bounds(env)
		if !ok {
			lo, hi = -1<<62, 1<<62
		}
		box[d] = Range{lo, hi}
	}
	return box
}

// disjoint reports whether two boxes of one memory share no element.
func disjoint(a, b []Range) bool {
	if len(a) != len(b) {
		return false
	}
	for d := range a {
		if a[d].Hi < b[d].Lo || b[d].Hi < a[d].Lo {
			return true
		}
	}
	return false
}

// rewriteLoads replaces every load of mem in ss by what f returns for it.
func rewriteLoads(ss []Stmt, mem string, f func(*Load) Expr) {
	g := func(e Expr) Expr {
		return substExpr(e, func(l *Load) Expr {
			if l.Mem == mem {
				return f(l)
			}
			return l
		})
	}
	WalkStmts(ss, func(s Stmt) {
		switch s := s.(type) {
		case *Reg:
			s.Init = g(s.Init)
		case *Assign:
			s.Val = g(s.Val)
		case *Store:
			s.Val = g(s.Val)
		}
	})
}
