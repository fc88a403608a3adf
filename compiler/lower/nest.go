package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// A nest is one top-level statement of a kernel in the form the pipeliner
// accepts: a perfect chain of outer loops around a block that is
// straight-line code, optionally with one inner (reduction) loop chain
// between a prologue and an epilogue:
//
//	for o1 { for o2 { ...            // outer loops
//	  PRE                            // straight-line, runs before the inner loops
//	  for i1 { for i2 { ... BODY }}  // inner loops, BODY straight-line
//	  POST                           // straight-line, runs after them
//	}}
//
// Its iteration space is flattened: one slot per iteration of all loops
// (outer then inner), in order. A slot runs BODY; the first slot of each
// outer iteration also runs PRE before it, the last one POST after it.
// Without inner loops a slot runs the whole block. Par arms (unrolled
// copies) are straight-line and run in the slot side by side.
type nest struct {
	loops []*air.For // flattened loops, outermost first
	inner int        // index of the first inner loop; len(loops) if none
	stmts []slotStmt // the statements of one slot, in program order
	line  int        // source line of the nest's top statement
}

// slotStmt is a register write or store of a slot, run when its predicate holds.
type slotStmt struct {
	s    air.Stmt // *air.Reg, *air.Assign or *air.Store
	when pred
}

// pred is the condition under which a slot statement runs.
type pred int

const (
	always    pred = iota // every slot
	firstIter             // the first slot of an outer iteration (the inner loops' first iteration)
	lastIter              // the last slot of an outer iteration
)

// slots is the number of slots of the nest (the product of its trip counts).
func (n *nest) slots() int64 {
	s := int64(1)
	for _, l := range n.loops {
		s *= int64(l.Trip())
	}
	return s
}

// innerSlots is the number of slots of one outer iteration (the product of
// the inner loops' trip counts; 1 without inner loops): the distance in
// slots between two slots where the firstIter (or lastIter) predicate holds.
func (n *nest) innerSlots() int64 {
	s := int64(1)
	for _, l := range n.loops[n.inner:] {
		s *= int64(l.Trip())
	}
	return s
}

// errNotNest explains why a statement cannot be pipelined as a nest.
type errNotNest struct{ why string }

func (e *errNotNest) Error() string { return e.why }

func notNest(format string, a ...any) error { return &errNotNest{fmt.Sprintf(format, a...)} }

// extractNest puts a run of top-level kernel statements in nest form: a
// single loop is the outer chain of the nest; otherwise the statements are
// the block of a nest without outer loops (straight-line statements around
// at most one inner loop chain). enclosing are the variables of loops
// around the statements (with dynamic control), constant while the nest runs.
func extractNest(ss []air.Stmt, enclosing map[string]bool) (*nest, error) {
	if len(ss) == 0 {
		return nil, notNest("no statements")
	}
	n := &nest{line: air.StmtLine(ss[0])}
	block := ss
	for {
		// Extend the outer chain while the block is one loop (sibling
		// loops fused, see fuseSiblingLoops, may make it one).
		f, ok := block[0].(*air.For)
		if !ok || len(block) != 1 {
			break
		}
		chain, body := perfectChain(f)
		n.loops = append(n.loops, chain...)
		block = fuseSiblingLoops(body, n.outerVars(enclosing))
		if len(block) == 0 {
			return n, nil
		}
	}
	block = fuseSiblingLoops(block, n.outerVars(enclosing))
	var loopAt = -1
	for i, t := range block {
		if _, ok := t.(*air.For); ok {
			if loopAt >= 0 {
				return nil, notNest("more than one inner loop at line %d", air.StmtLine(t))
			}
			loopAt = i
		}
	}
	n.inner = len(n.loops)
	if loopAt < 0 {
		return n, n.add(block, always)
	}
	inner, body := perfectChain(block[loopAt].(*air.For))
	for _, l := range inner {
		if l.Trip() == 0 {
			return nil, notNest("inner loop %s runs no iteration", l.Var)
		}
	}
	n.loops = append(n.loops, inner...)
	if err := n.add(block[:loopAt], firstIter); err != nil {
		return nil, err
	}
	if err := n.add(body, always); err != nil {
		return nil, err
	}
	return n, n.add(block[loopAt+1:], lastIter)
}

// nestGroups cuts a kernel's top-level statements into runs that may each
// form one nest: straight-line statements, at most one loop, and the
// straight-line statements after it. Straight-line statements between two
// loops go with the loop after them (they usually initialise its
// registers); those after the last loop go with it.
func nestGroups(ss []air.Stmt) [][]air.Stmt {
	var out [][]air.Stmt
	start, lastLoop := 0, -1
	for i, s := range ss {
		if _, ok := s.(*air.For); !ok {
			continue
		}
		if lastLoop >= 0 {
			out = append(out, ss[start:lastLoop+1])
			start = lastLoop + 1
		}
		lastLoop = i
	}
	if start < len(ss) {
		out = append(out, ss[start:])
	}
	return out
}

// elideUnitLoops replaces every loop of one iteration by its body with the
// loop variable set to its start, so that e.g. a batch loop of size 1 does
// not hide the nests inside it. The result shares no statement with ss that
// it changed.
func elideUnitLoops(ss []air.Stmt) []air.Stmt {
	var out []air.Stmt
	for _, s := range ss {
		switch s := s.(type) {
		case *air.For:
			body := elideUnitLoops(s.Body)
			if s.Trip() == 1 {
				out = append(out, substStmts(body, s.Var, s.Lo)...)
				continue
			}
			c := *s
			c.Body = body
			out = append(out, &c)
		case *air.Par:
			c := &air.Par{Line: s.Line}
			for _, arm := range s.Arms {
				c.Arms = append(c.Arms, elideUnitLoops(arm))
			}
			out = append(out, c)
		default:
			out = append(out, s)
		}
	}
	return out
}

// substStmts returns ss with loop variable v replaced by the constant c.
func substStmts(ss []air.Stmt, v string, c int) []air.Stmt {
	return substAffine(ss, v, air.C(int64(c)))
}

// renameVar returns ss with loop variable v renamed to w.
func renameVar(ss []air.Stmt, v, w string) []air.Stmt {
	return substAffine(ss, v, air.V(w))
}

// substAffine returns ss with loop variable v replaced by the index with.
func substAffine(ss []air.Stmt, v string, with air.Affine) []air.Stmt {
	var out []air.Stmt
	idx := func(ix []air.Affine) []air.Affine {
		r := make([]air.Affine, len(ix))
		for i, a := range ix {
			r[i] = a.Subst(v, with)
		}
		return r
	}
	var expr func(e air.Expr) air.Expr
	expr = func(e air.Expr) air.Expr {
		switch e := e.(type) {
		case *air.Load:
			l := *e
			l.Index = idx(e.Index)
			return &l
		case *air.Op:
			c := *e
			c.Args = nil
			for _, a := range e.Args {
				c.Args = append(c.Args, expr(a))
			}
			return &c
		}
		return e
	}
	for _, s := range ss {
		switch s := s.(type) {
		case *air.For:
			f := *s
			if s.Var != v { // an inner loop of the same name shadows v
				f.Body = substAffine(s.Body, v, with)
			}
			out = append(out, &f)
		case *air.Par:
			p := &air.Par{Line: s.Line}
			for _, arm := range s.Arms {
				p.Arms = append(p.Arms, substAffine(arm, v, with))
			}
			out = append(out, p)
		case *air.Reg:
			r := *s
			r.Init = expr(s.Init)
			out = append(out, &r)
		case *air.Assign:
			a := *s
			a.Val = expr(s.Val)
			out = append(out, &a)
		case *air.Store:
			st := *s
			st.Index = idx(s.Index)
			st.Val = expr(s.Val)
			out = append(out, &st)
		}
	}
	return out
}

// outerVars are the variables constant across a block of the nest: those
// of its outer loops and of the enclosing loops.
func (n *nest) outerVars(enclosing map[string]bool) map[string]bool {
	m := loopVars(n.loops)
	for v := range enclosing {
		m[v] = true
	}
	return m
}

// loopVars returns the variables of loops.
func loopVars(loops []*air.For) map[string]bool {
	m := map[string]bool{}
	for _, l := range loops {
		m[l.Var] = true
	}
	return m
}

// fuseSiblingLoops fuses the loop chains of a block that have one
// iteration space (trip, start and step at every level of their perfect
// chains) into one chain, with the straight-line statements around each
// kept before or after the fused chain: the copies the partitioning pass
// makes when it strip-mines an outer loop are the usual case. The block is
// cut into segments, one per loop: the statements before the loop, the
// loop, and the statements after it that share a register with the loop
// or the statements before it. It is legal when the segments are
// independent (independent), and then
//
//	pre1 loop1 post1 pre2 loop2 post2  =>  pre1 pre2 loop(1+2) post1 post2
//
// outer are the variables of the enclosing loops. Otherwise the block is
// returned unchanged.
func fuseSiblingLoops(block []air.Stmt, outer map[string]bool) []air.Stmt {
	type segment struct {
		pre, post []air.Stmt
		loop      *air.For
	}
	var segs []*segment
	cur := &segment{}
	for _, s := range block {
		if f, ok := s.(*air.For); ok {
			if cur.loop != nil {
				segs = append(segs, cur)
				cur = &segment{}
			}
			cur.loop = f
			continue
		}
		if cur.loop == nil {
			cur.pre = append(cur.pre, s)
			continue
		}
		// After a loop: part of its segment if it shares a register with it.
		mine := regsOf(append(append([]air.Stmt{}, cur.pre...), cur.loop))
		shares := false
		for r := range regsOf([]air.Stmt{s}) {
			shares = shares || mine[r]
		}
		if shares {
			cur.post = append(cur.post, s)
			continue
		}
		segs = append(segs, cur)
		cur = &segment{pre: []air.Stmt{s}}
	}
	segs = append(segs, cur)
	if len(segs) < 2 || segs[len(segs)-1].loop == nil {
		return block
	}
	whole := func(g *segment) []air.Stmt {
		return append(append(append([]air.Stmt{}, g.pre...), g.loop), g.post...)
	}
	for i := range segs {
		for j := i + 1; j < len(segs); j++ {
			if !independent(whole(segs[i]), whole(segs[j]), outer) {
				return block
			}
		}
	}
	loop := segs[0].loop
	for _, g := range segs[1:] {
		fused, ok := fuse(loop, g.loop)
		if !ok {
			return block
		}
		loop = fused
	}
	var out []air.Stmt
	for _, g := range segs {
		out = append(out, g.pre...)
	}
	out = append(out, loop)
	for _, g := range segs {
		out = append(out, g.post...)
	}
	return out
}

// fuse fuses loop chain b into loop chain a when both are perfect chains of
// the same iteration space; b's variables are renamed to a's and its body
// follows a's (extractNest then fuses the loops inside, if any). Legality
// is the caller's (fuseSiblingLoops).
func fuse(a, b *air.For) (*air.For, bool) {
	la, bodyA := perfectChain(a)
	lb, bodyB := perfectChain(b)
	if len(la) != len(lb) {
		return nil, false
	}
	for i := range la {
		if la[i].Lo != lb[i].Lo || la[i].Hi != lb[i].Hi || la[i].Step != lb[i].Step {
			return nil, false
		}
	}
	for i := range lb {
		if la[i].Var != lb[i].Var {
			bodyB = renameVar(bodyB, lb[i].Var, la[i].Var)
		}
	}
	body := append(append([]air.Stmt(nil), bodyA...), bodyB...)
	for i := len(la) - 1; i >= 0; i-- {
		c := *la[i]
		c.Body = body
		body = []air.Stmt{&c}
	}
	return body[0].(*air.For), true
}

// independent reports whether two statement lists can run in either order
// or interleaved: no register used by both, no memory one stores to is
// loaded by the other, and where both store to one memory, no element is
// written by both (disjoint). outer are the variables of the enclosing
// loops (equal in both).
func independent(a, b []air.Stmt, outer map[string]bool) bool {
	ra, rb := regsOf(a), regsOf(b)
	for r := range ra {
		if rb[r] {
			return false
		}
	}
	sa, sb := storesOf(a), storesOf(b)
	la, lb := loadsOf(a), loadsOf(b)
	for m := range sa {
		if lb[m] {
			return false
		}
	}
	for m := range sb {
		if la[m] {
			return false
		}
	}
	rangesA, rangesB := loopRanges(a), loopRanges(b)
	for m, xs := range sa {
		for _, x := range xs {
			for _, y := range sb[m] {
				if !disjoint(x, y, rangesA, rangesB, outer) {
					return false
				}
			}
		}
	}
	return true
}

// disjoint reports whether two stores never address the same element: in
// some dimension the terms over enclosing (outer) loop variables are the
// same in both indices (one value while the block runs) and the other
// terms, over the ranges of the loops around each store (ra, rb), keep the
// two indices in disjoint intervals, e.g. y[2*i, j] and y[2*i+1, j] with i
// outer, or f[ow+25*oh] and f[ow+25*oh+700] with oh < 28, ow < 25.
func disjoint(x, y *air.Store, ra, rb map[string]air.Range, outer map[string]bool) bool {
	if x.Bank != y.Bank {
		return true // different banks of one partitioned memory
	}
	for d := range x.Index {
		lx, hx, okx := innerBounds(x.Index[d], ra, outer)
		ly, hy, oky := innerBounds(y.Index[d], rb, outer)
		if okx && oky && sameOuterTerms(x.Index[d], y.Index[d], outer) && (hx < ly || hy < lx) {
			return true
		}
	}
	return false
}

// innerBounds bounds the terms of a over the loops of ranges (not those of
// outer variables) plus its constant; ok is false if a variable is unknown.
func innerBounds(a air.Affine, ranges map[string]air.Range, outer map[string]bool) (lo, hi int64, ok bool) {
	inner := air.C(a.Const)
	for _, t := range a.Terms {
		if !outer[t.Var] {
			inner = inner.Plus(air.Affine{Terms: []air.Term{t}})
		}
	}
	return inner.Bounds(ranges)
}

// sameOuterTerms reports whether a and b have the same terms over outer variables.
func sameOuterTerms(a, b air.Affine, outer map[string]bool) bool {
	for _, t := range a.Terms {
		if outer[t.Var] && b.Coef(t.Var) != t.Coef {
			return false
		}
	}
	for _, t := range b.Terms {
		if outer[t.Var] && a.Coef(t.Var) != t.Coef {
			return false
		}
	}
	return true
}

// loopRanges returns the values each loop variable of ss takes (the union
// over loops that reuse a name); loops that never run are left out, so a
// store under one has an unknown variable.
func loopRanges(ss []air.Stmt) map[string]air.Range {
	m := map[string]air.Range{}
	skip := map[string]bool{}
	air.WalkStmts(ss, func(s air.Stmt) {
		f, ok := s.(*air.For)
		if !ok {
			return
		}
		if f.Trip() == 0 {
			skip[f.Var] = true
			return
		}
		r := f.Range()
		if old, seen := m[f.Var]; seen {
			r = air.Range{Lo: min(old.Lo, r.Lo), Hi: max(old.Hi, r.Hi)}
		}
		m[f.Var] = r
	})
	for v := range skip {
		delete(m, v)
	}
	return m
}

// regsOf returns the registers ss declares, assigns or reads.
func regsOf(ss []air.Stmt) map[string]bool {
	m := map[string]bool{}
	air.WalkStmts(ss, func(s air.Stmt) {
		switch s := s.(type) {
		case *air.Reg:
			m[s.Name] = true
		case *air.Assign:
			m[s.Name] = true
		}
		for _, e := range air.StmtExprs(s) {
			air.WalkExpr(e, func(e air.Expr) {
				if r, ok := e.(*air.Ref); ok {
					m[r.Name] = true
				}
			})
		}
	})
	return m
}

// storesOf returns the stores of ss by memory.
func storesOf(ss []air.Stmt) map[string][]*air.Store {
	m := map[string][]*air.Store{}
	air.WalkStmts(ss, func(s air.Stmt) {
		if st, ok := s.(*air.Store); ok {
			m[st.Mem] = append(m[st.Mem], st)
		}
	})
	return m
}

// loadsOf returns the memories ss loads from.
func loadsOf(ss []air.Stmt) map[string]bool {
	m := map[string]bool{}
	air.WalkStmts(ss, func(s air.Stmt) {
		for _, e := range air.StmtExprs(s) {
			air.WalkExpr(e, func(e air.Expr) {
				if l, ok := e.(*air.Load); ok {
					m[l.Mem] = true
				}
			})
		}
	})
	return m
}

// perfectChain follows loops whose body is a single loop and returns them
// with the innermost body.
func perfectChain(f *air.For) ([]*air.For, []air.Stmt) {
	loops := []*air.For{f}
	for len(f.Body) == 1 {
		g, ok := f.Body[0].(*air.For)
		if !ok {
			break
		}
		loops = append(loops, g)
		f = g
	}
	return loops, f.Body
}

// add appends straight-line statements (par arms flattened) under when.
func (n *nest) add(ss []air.Stmt, when pred) error {
	for _, s := range ss {
		switch s := s.(type) {
		case *air.Reg, *air.Assign, *air.Store:
			n.stmts = append(n.stmts, slotStmt{s: s, when: when})
		case *air.Par:
			for _, arm := range s.Arms {
				if err := n.add(arm, when); err != nil {
					return err
				}
			}
		case *air.For:
			return notNest("loop %s at line %d is not in a perfect chain", s.Var, s.Line)
		default:
			return notNest("unknown statement %T", s)
		}
	}
	return nil
}
