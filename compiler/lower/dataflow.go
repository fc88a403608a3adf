package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// The dataflow of one slot of a nest, in SSA form: every register the nest
// writes has an incoming value (the previous slot's, read from the register)
// and an outgoing one (written back); statements under a predicate select
// between the new and the current value with a mux. Nodes are created in
// dependency order (arguments first).

// nodeKind says what a dataflow node computes.
type nodeKind int

const (
	nConst     nodeKind = iota // a literal
	nInvariant                 // a register the nest does not write: stable during it
	nRegIn                     // a register the nest writes: the previous slot's value
	nIndex                     // an affine index over the loop counters
	nPred                      // a slot predicate (1 bit)
	nLoad                      // a memory read
	nOp                        // an air operation
	nMux                       // args[0] ? args[1] : args[2]
	nWrap                      // args[0] sign-extended or wrapped to t's width (register assignment)
)

// node is one value of a slot.
type node struct {
	id    int
	kind  nodeKind
	t     air.Type   // the value's type (Width 1 for predicates, the index width for indices)
	c     int64      // nConst: the raw value
	reg   string     // nInvariant, nRegIn: the air register
	aff   air.Affine // nIndex: the index
	pred  pred       // nPred
	load  *air.Load  // nLoad: the access (its index nodes are args)
	op    *air.Op    // nOp: kind, target type, shift
	args  []*node
	when  pred  // nOp: the predicate of the statement whose value it computes (its value matters only where it holds)
	gate  *node // nOp div or sqrt under a predicate: the predicate's node (its unit starts only where it holds)
	at    int   // nLoad: the stage in which the read is issued (set by schedule)
	ready int   // stage where the value is available (set by schedule)
	// staged marks an nOp requantize whose operand crosses a pipeline
	// register first (set by schedule, see stageRequantizes).
	staged bool
}

// storeNode is a store of a slot.
type storeNode struct {
	st    *air.Store
	addr  []*node // index per dimension
	val   *node
	when  *node // predicate node, nil for always
	stage int   // stage in which the write happens (set by schedule)
}

// slotGraph is the dataflow of one slot of a nest.
type slotGraph struct {
	b       *kbuild
	n       *nest
	nodes   []*node
	regIn   map[string]*node // register -> its incoming value
	final   map[string]*node // register -> its outgoing value
	written []string         // registers the nest writes, in order of first write
	stores  []*storeNode
	loads   map[string]*node // bank cell + index -> load, one node per distinct access
	preds   map[pred]*node
	consts  map[string]*node
	idx     map[string]*node
	when    pred // the predicate of the statement being built
}

func (g *slotGraph) add(n *node) *node {
	n.id = len(g.nodes)
	g.nodes = append(g.nodes, n)
	return n
}

// buildSlot builds the dataflow of one slot of n.
func (b *kbuild) buildSlot(n *nest) (*slotGraph, error) {
	g := &slotGraph{b: b, n: n, regIn: map[string]*node{}, final: map[string]*node{},
		loads: map[string]*node{}, preds: map[pred]*node{}, consts: map[string]*node{}, idx: map[string]*node{}}
	writes := map[string]bool{}
	for _, s := range n.stmts {
		var r string
		switch s := s.s.(type) {
		case *air.Reg:
			r = s.Name
		case *air.Assign:
			r = s.Name
		}
		if r != "" && !writes[r] {
			writes[r] = true
			g.written = append(g.written, r)
		}
	}
	cur := map[string]*node{}
	value := func(r string) (*node, error) {
		if v, ok := cur[r]; ok {
			return v, nil
		}
		t, ok := b.types[r]
		if !ok {
			return nil, fmt.Errorf("undefined register %s", r)
		}
		if !writes[r] {
			return g.add(&node{kind: nInvariant, t: t, reg: r}), nil
		}
		v := g.add(&node{kind: nRegIn, t: t, reg: r})
		g.regIn[r] = v
		cur[r] = v
		return v, nil
	}
	for _, s := range n.stmts {
		var when *node
		if s.when != always {
			when = g.predicate(s.when)
		}
		g.when = s.when
		switch st := s.s.(type) {
		case *air.Reg, *air.Assign:
			name, e, line := regWrite(st)
			v, err := g.expr(e, value)
			if err != nil {
				return nil, fmt.Errorf("line %d: register %s: %w", line, name, err)
			}
			if v.t.Width != b.types[name].Width {
				v = g.add(&node{kind: nWrap, t: b.types[name], args: []*node{v}})
			}
			if when != nil {
				old, err := value(name)
				if err != nil {
					return nil, err
				}
				v = g.add(&node{kind: nMux, t: b.types[name], args: []*node{when, v, old}})
			}
			cur[name] = v
		case *air.Store:
			v, err := g.expr(st.Val, value)
			if err != nil {
				return nil, fmt.Errorf("line %d: store to %s: %w", st.Line, st.Mem, err)
			}
			sn := &storeNode{st: st, val: v, when: when}
			for _, a := range st.Index {
				sn.addr = append(sn.addr, g.index(a))
			}
			g.stores = append(g.stores, sn)
		}
	}
	for _, r := range g.written {
		g.final[r] = cur[r]
	}
	return g, nil
}

// regWrite returns the register, value and line of a Reg or Assign.
func regWrite(s air.Stmt) (string, air.Expr, int) {
	if r, ok := s.(*air.Reg); ok {
		return r.Name, r.Init, r.Line
	}
	a := s.(*air.Assign)
	return a.Name, a.Val, a.Line
}

func (g *slotGraph) predicate(p pred) *node {
	if v, ok := g.preds[p]; ok {
		return v
	}
	v := g.add(&node{kind: nPred, t: air.Type{Width: 1}, pred: p})
	g.preds[p] = v
	return v
}

func (g *slotGraph) constant(c int64, t air.Type) *node {
	key := fmt.Sprintf("%d:%v", c, t)
	if v, ok := g.consts[key]; ok {
		return v
	}
	v := g.add(&node{kind: nConst, t: t, c: c})
	g.consts[key] = v
	return v
}

func (g *slotGraph) index(a air.Affine) *node {
	key := a.String()
	if v, ok := g.idx[key]; ok {
		return v
	}
	v := g.add(&node{kind: nIndex, t: air.Type{Width: g.b.iw}, aff: a})
	g.idx[key] = v
	return v
}

// expr builds the nodes of an expression; value gives a register's current value.
func (g *slotGraph) expr(e air.Expr, value func(string) (*node, error)) (*node, error) {
	switch e := e.(type) {
	case *air.Const:
		return g.constant(e.Val, e.T), nil
	case *air.Ref:
		return value(e.Name)
	case *air.Load:
		m := g.b.p.Mem(e.Mem)
		if m == nil {
			return nil, fmt.Errorf("undefined memory %s", e.Mem)
		}
		key := g.b.l.BankCell(e.Mem, e.Bank) + "[" + indexKey(e.Index) + "]"
		if e.Padded {
			key += fmt.Sprintf("?%d", e.Pad)
		}
		if v, ok := g.loads[key]; ok {
			return v, nil
		}
		v := &node{kind: nLoad, t: m.Elem, load: e}
		for _, a := range e.Index {
			v.args = append(v.args, g.index(a))
		}
		g.add(v)
		g.loads[key] = v
		return v, nil
	case *air.Op:
		var args []*node
		var ts []air.Type
		for _, a := range e.Args {
			v, err := g.expr(a, value)
			if err != nil {
				return nil, err
			}
			args = append(args, v)
			ts = append(ts, v.t)
		}
		t, err := air.OpType(e, ts)
		if err != nil {
			return nil, err
		}
		if e.Kind == air.Mul && !t.Float && args[0].kind == nConst && args[1].kind == nConst {
			return g.constant(t.Wrap(args[0].c*args[1].c), t), nil
		}
		if (e.Kind == air.Div || e.Kind == air.Sqrt) && args[0].kind == nConst && args[len(args)-1].kind == nConst {
			return g.constant(foldDivSqrt(e.Kind, args[0].c, args[len(args)-1].c).c, t), nil
		}
		// Op nodes are not shared between statements (only loads,
		// constants and indices are), so the statement's predicate is
		// the only one under which the value is used: a register write
		// under it is a mux that keeps the old value elsewhere, a store
		// is disabled.
		v := &node{kind: nOp, t: t, op: e, args: args, when: g.when}
		if (e.Kind == air.Div || e.Kind == air.Sqrt) && g.when != always {
			v.gate = g.predicate(g.when)
		}
		return g.add(v), nil
	}
	return nil, fmt.Errorf("unknown expression %T", e)
}
