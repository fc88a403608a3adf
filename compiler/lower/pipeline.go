package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// PipeInfo describes one software-pipelined loop nest.
type PipeInfo struct {
	Kernel string // air kernel
	Line   int    // source line of the nest
	Loops  string // loop variables, outermost first, e.g. "n,m_t,oh,ow,ci,kh,kw"
	Slots  int64  // iterations of the flattened nest (one issued per II cycles)
	II     int    // initiation interval in cycles
	Depth  int    // pipeline depth: cycles from a slot's issue to its last effect
	Cycles int64  // latency of the nest's static group: (Slots-1)*II + Depth + 1
}

// pipeline lowers a nest to one static group that runs it as a software
// pipeline with an initiation interval of 1 (see schedule): a slot is issued
// every cycle for Slots cycles, and the group lasts Slots + depth cycles.
//
// The loops become counters c (0 .. trip-1, loop variable = lo + step*c)
// that advance like an odometer while issuing (%[0:Slots]); they start at
// 0 (register reset) and wrap back to 0 after the last slot, so the group
// can run again. The effects of stage s (register writes, stores) are
// guarded by %[s:s+Slots], the cycles in which a valid slot is in stage s,
// and by the slot's predicate. Values cross stages in pipeline registers
// written every cycle; memory addresses are computed from the counters in
// stage 0 and carried along with the values.
func (b *kbuild) pipeline(n *nest) (calyx.Control, *PipeInfo, error) {
	slots := n.slots()
	info := &PipeInfo{Kernel: b.k.Name, Line: n.line, Slots: slots, II: 1}
	for i, l := range n.loops {
		if i > 0 {
			info.Loops += ","
		}
		info.Loops += l.Var
	}
	if slots == 0 {
		return &calyx.Empty{}, info, nil
	}
	sg, err := b.buildSlot(n)
	if err != nil {
		return nil, nil, err
	}
	sc, err := sg.schedule(b.k.II)
	if err != nil {
		return nil, nil, err
	}
	lat := uint64(slots-1)*uint64(sc.ii) + uint64(sc.depth) + 1
	info.II, info.Depth, info.Cycles = sc.ii, sc.depth, int64(lat)
	cg := &calyx.Group{Name: b.names.fresh(b.prefix("pipe")), Kind: calyx.GroupStatic, Latency: lat}
	b.comp.Groups = append(b.comp.Groups, cg)
	e := &pipeEmitter{b: b, n: n, g: sg, grp: cg, st: b.newStmt(cg.Name), slots: uint64(slots), ii: sc.ii, lat: lat,
		g1: &grp{grp: cg, banks: map[string]string{}}, memo: map[[2]int]val{}}
	e.phaseCounter()
	e.counters()
	for _, r := range sg.written {
		w := sc.regWrite[r]
		v := e.valueAt(sg.final[r], w)
		cell := b.regs[r]
		set(cg, cell, "in", v.a)
		e.when(cg, cell, "write_en", w, nil)
	}
	for _, s := range sg.stores {
		bank := b.l.BankCell(s.st.Mem, s.st.Bank)
		// A bank may serve several accesses of a slot in different stages:
		// its ports are driven only in the cycles of this one.
		for d, a := range s.addr {
			e.drive(bank, fmt.Sprintf("addr%d", d), s.stage, e.valueAt(a, s.stage).a)
		}
		v := e.st.ext(e.valueAt(s.val, s.stage), b.p.Mem(s.st.Mem).Elem.Width, e.g1)
		e.drive(bank, "write_data", s.stage, v.a)
		if b.l.bank(bank).Seq {
			e.when(cg, bank, "content_en", s.stage, nil)
		}
		var cond calyx.Guard
		if s.when != nil {
			cond = calyx.GuardOf(e.valueAt(s.when, s.stage).a.Port)
		}
		e.when(cg, bank, "write_en", s.stage, cond)
	}
	if e.err != nil {
		return nil, nil, e.err
	}
	return &calyx.Enable{Group: cg.Name}, info, nil
}

// pipeEmitter writes the cells and assignments of one pipelined nest.
type pipeEmitter struct {
	b     *kbuild
	n     *nest
	g     *slotGraph
	grp   *calyx.Group
	g1    *grp     // grp for the shared expression helpers
	st    *stmtb   // expression helpers (ext, requantize, ...)
	slots uint64   // number of slots
	ii    int      // initiation interval
	lat   uint64   // the group's latency
	phase string   // phase counter cell (time modulo ii) when ii > 1
	cnt   []string // counter cell per loop ("" for a loop of one iteration)
	memo  map[[2]int]val
	err   error // the first error of an expression (a requantize it refuses)
}

// issuing is the guard of the cycles in which a slot is in stage s: slot j
// is there at cycle j*II + s.
func (e *pipeEmitter) issuing(s int) calyx.Guard {
	window := &calyx.GuardTime{Start: uint64(s), End: (e.slots-1)*uint64(e.ii) + uint64(s) + 1}
	if e.ii == 1 {
		return window
	}
	return calyx.And(window, e.atPhase(s%e.ii))
}

// drive assigns cell.port = src in the cycles a valid slot is in stage s.
func (e *pipeEmitter) drive(cell, port string, s int, src calyx.Atom) {
	e.grp.Assigns = append(e.grp.Assigns, calyx.GuardedWire(calyx.PortOf(cell, port), e.issuing(s), src))
}

// atPhase is the guard `phase == p`.
func (e *pipeEmitter) atPhase(p int) calyx.Guard {
	return &calyx.GuardCmp{Op: calyx.CmpEq, L: port(e.phase, "out"), R: konst(int64(p), bitsFor(e.ii-1))}
}

// phaseCounter declares the counter of cycles modulo II (for II > 1): it
// counts 0, 1, .., II-1, 0, ... from the group's first cycle and is set
// back to 0 in its last, so the group can run again.
func (e *pipeEmitter) phaseCounter() {
	if e.ii == 1 {
		return
	}
	w := bitsFor(e.ii - 1)
	e.phase = e.b.cell(e.grp.Name+"_phase", "std_reg", w)
	add := e.b.cell(e.phase+"_incr", "std_add", w)
	set(e.grp, add, "left", port(e.phase, "out"))
	set(e.grp, add, "right", konst(1, w))
	wrap := calyx.Or(e.atPhase(e.ii-1), &calyx.GuardTime{Start: e.lat - 1, End: e.lat})
	e.grp.Assigns = append(e.grp.Assigns,
		calyx.GuardedWire(calyx.PortOf(e.phase, "in"), wrap, konst(0, w)),
		calyx.GuardedWire(calyx.PortOf(e.phase, "in"), calyx.Not(wrap), port(add, "out")))
	set(e.grp, e.phase, "write_en", konst(1, 1))
}

// bitsFor is the width of an unsigned counter up to n (at least 1).
func bitsFor(n int) int {
	w := 1
	for n >= 1<<w {
		w++
	}
	return w
}

// when drives cell.port = 1 in the cycles a valid slot is in stage s and cond holds.
func (e *pipeEmitter) when(g *calyx.Group, cell, port string, s int, cond calyx.Guard) {
	g.Assigns = append(g.Assigns, calyx.GuardedWire(calyx.PortOf(cell, port), calyx.And(e.issuing(s), cond), konst(1, 1)))
}

// counters declares a counter per loop and advances them like an odometer
// while issuing.
func (e *pipeEmitter) counters() {
	b, iw := e.b, e.b.iw
	e.cnt = make([]string, len(e.n.loops))
	for i, l := range e.n.loops {
		if l.Trip() > 1 {
			e.cnt[i] = b.cell(b.prefix(l.Var), "std_reg", iw)
		}
	}
	for i, l := range e.n.loops {
		c := e.cnt[i]
		if c == "" {
			continue
		}
		// Advance when every inner counter is at its last value.
		var carry []calyx.Guard
		for j := i + 1; j < len(e.n.loops); j++ {
			if e.cnt[j] != "" {
				carry = append(carry, e.atValue(j, e.n.loops[j].Trip()-1))
			}
		}
		last := e.atValue(i, l.Trip()-1)
		add := b.cell(c+"_incr", "std_add", iw)
		set(e.grp, add, "left", port(c, "out"))
		set(e.grp, add, "right", konst(1, iw))
		e.grp.Assigns = append(e.grp.Assigns,
			calyx.GuardedWire(calyx.PortOf(c, "in"), last, konst(0, iw)),
			calyx.GuardedWire(calyx.PortOf(c, "in"), calyx.Not(last), port(add, "out")),
			calyx.GuardedWire(calyx.PortOf(c, "write_en"), calyx.And(append([]calyx.Guard{e.issuing(0)}, carry...)...), konst(1, 1)))
	}
}

// atValue is the guard `counter i == v`.
func (e *pipeEmitter) atValue(i, v int) calyx.Guard {
	return &calyx.GuardCmp{Op: calyx.CmpEq, L: port(e.cnt[i], "out"), R: konst(int64(v), e.b.iw)}
}

// valueAt returns v's value in stage s, through pipeline registers when s
// is after the stage where v is computed.
func (e *pipeEmitter) valueAt(v *node, s int) val {
	switch v.kind {
	case nConst:
		return constVal(v.c, v.t.Width)
	case nInvariant:
		return portVal(e.b.regs[v.reg], "out", v.t.Width)
	}
	if s < v.ready {
		panic(fmt.Sprintf("lower: value %d needed in stage %d before it is ready in %d", v.id, s, v.ready))
	}
	key := [2]int{v.id, s}
	if x, ok := e.memo[key]; ok {
		return x
	}
	var x val
	if s == v.ready {
		x = e.compute(v)
	} else {
		prev := e.valueAt(v, s-1)
		if prev.isConst {
			x = prev
		} else {
			r := e.b.cell(fmt.Sprintf("%s_%s_s%d", e.grp.Name, e.hint(v), s), "std_reg", prev.w)
			set(e.grp, r, "in", prev.a)
			set(e.grp, r, "write_en", konst(1, 1))
			x = portVal(r, "out", prev.w)
		}
	}
	e.memo[key] = x
	return x
}

// hint is a short readable name for a node's pipeline registers.
func (e *pipeEmitter) hint(v *node) string {
	switch v.kind {
	case nRegIn:
		return v.reg
	case nLoad:
		return Ident(v.load.Mem)
	case nIndex:
		return "idx"
	case nPred:
		return [...]string{"always", "first", "last"}[v.pred]
	case nOp:
		return v.op.Kind.String()
	case nMux:
		return "sel"
	}
	return "v"
}

// compute emits v in the stage where it becomes ready.
func (e *pipeEmitter) compute(v *node) val {
	b, g := e.b, e.g1
	w := v.t.Width
	switch v.kind {
	case nRegIn:
		return portVal(b.regs[v.reg], "out", w)
	case nIndex:
		return e.index(v.aff)
	case nPred:
		var conds []calyx.Guard
		for i := e.n.inner; i < len(e.n.loops); i++ {
			if e.cnt[i] == "" {
				continue
			}
			at := 0
			if v.pred == lastIter {
				at = e.n.loops[i].Trip() - 1
			}
			conds = append(conds, e.atValue(i, at))
		}
		if len(conds) == 0 {
			return constVal(1, 1)
		}
		wire := b.cell(fmt.Sprintf("%s_%s", e.grp.Name, e.hint(v)), "std_wire", 1)
		// Both values are driven: the wire is on the data path (it selects
		// a multiplexer's input), where an undriven port has no value.
		at := calyx.And(conds...)
		e.grp.Assigns = append(e.grp.Assigns,
			calyx.GuardedWire(calyx.PortOf(wire, "in"), at, konst(1, 1)),
			calyx.GuardedWire(calyx.PortOf(wire, "in"), calyx.Not(at), konst(0, 1)))
		return portVal(wire, "out", 1)
	case nLoad:
		bank := b.l.BankCell(v.load.Mem, v.load.Bank)
		var idx []val
		for d, a := range v.args {
			x := e.valueAt(a, v.at)
			e.drive(bank, fmt.Sprintf("addr%d", d), v.at, x.a)
			idx = append(idx, e.valueAt(a, v.ready))
		}
		if b.l.bank(bank).Seq {
			e.when(e.grp, bank, "content_en", v.at, nil)
		}
		data := portVal(bank, "read_data", w)
		if v.load.Padded {
			ranges := map[string]air.Range{}
			for name, r := range b.ranges {
				ranges[name] = r
			}
			for _, l := range e.n.loops {
				ranges[l.Var] = l.Range()
			}
			data = e.st.padSelect(v.load, idx, data, ranges, g)
		}
		return data
	case nWrap:
		return e.st.ext(e.valueAt(v.args[0], v.ready), w, g)
	case nMux:
		cond := e.valueAt(v.args[0], v.ready)
		tru := e.st.ext(e.valueAt(v.args[1], v.ready), w, g)
		fal := e.st.ext(e.valueAt(v.args[2], v.ready), w, g)
		if cond.isConst {
			if cond.c != 0 {
				return tru
			}
			return fal
		}
		mux := e.st.comb("sel", "std_mux", w)
		set(e.grp, mux, "cond", cond.a)
		set(e.grp, mux, "tru", tru.a)
		set(e.grp, mux, "fal", fal.a)
		return portVal(mux, "out", w)
	case nOp:
		return e.op(v)
	}
	panic(fmt.Sprintf("lower: cannot compute node kind %d", v.kind))
}

// op emits an arithmetic node.
func (e *pipeEmitter) op(v *node) val {
	g, w := e.g1, v.t.Width
	if v.t.Float {
		return e.floatOp(v)
	}
	if v.op.Kind == air.Mul {
		in := v.ready - mulLatency
		l, r := e.valueAt(v.args[0], in), e.valueAt(v.args[1], in)
		m := e.st.comb("mul", "accel_smul_pipe", l.w, r.w, w)
		set(e.grp, m, "left", l.a)
		set(e.grp, m, "right", r.a)
		return portVal(m, "out", w)
	}
	if v.op.Kind == air.Nonlin {
		u, err := air.NonlinUnit(v.op, v.args[0].t)
		if err != nil {
			panic("lower: unverified nonlinear op: " + err.Error())
		}
		x := e.valueAt(v.args[0], v.ready-u.Func.Latency())
		cell := e.st.comb(u.Func.String(), u.Func.Primitive(), unitParams(u)...)
		set(e.grp, cell, "in", x.a)
		return portVal(cell, "out", w)
	}
	var args []val
	for _, a := range v.args {
		args = append(args, e.valueAt(a, v.ready))
	}
	switch v.op.Kind {
	case air.Add, air.Sub:
		a, c := e.st.ext(args[0], w, g), e.st.ext(args[1], w, g)
		if a.isConst && c.isConst {
			if v.op.Kind == air.Add {
				return constVal(a.c+c.c, w)
			}
			return constVal(a.c-c.c, w)
		}
		proto, kind := "std_add", "add"
		if v.op.Kind == air.Sub {
			proto, kind = "std_sub", "sub"
		}
		cell := e.st.comb(kind, proto, w)
		set(e.grp, cell, "left", a.a)
		set(e.grp, cell, "right", c.a)
		return portVal(cell, "out", w)
	case air.Max, air.Min:
		a, c := e.st.ext(args[0], w, g), e.st.ext(args[1], w, g)
		if a.isConst && c.isConst {
			if v.op.Kind == air.Max {
				return constVal(max(a.c, c.c), w)
			}
			return constVal(min(a.c, c.c), w)
		}
		return e.st.maxMin(v.op.Kind, a, c, g)
	case air.Rq:
		r, err := e.st.requantize(args[0], v.args[0].t, v.op.T, g)
		if err != nil {
			if e.err == nil {
				e.err = err
			}
			return constVal(0, v.op.T.Width)
		}
		return r
	case air.Shr:
		return args[0]
	}
	panic(fmt.Sprintf("lower: unknown operation %v", v.op.Kind))
}

// index computes an affine index over the loop counters, modulo 2^IW:
// a loop variable is lo + step*counter.
func (e *pipeEmitter) index(a air.Affine) val {
	iw := e.b.iw
	c := a.Const
	var acc *val
	for _, t := range a.Terms {
		var x val
		k := t.Coef
		if i, ok := e.loopOf(t.Var); ok {
			l := e.n.loops[i]
			c += t.Coef * int64(l.Lo)
			k = t.Coef * int64(l.Step)
			if e.cnt[i] == "" || k == 0 {
				continue
			}
			x = portVal(e.cnt[i], "out", iw)
		} else {
			// A variable of an enclosing loop with dynamic control: its
			// index register holds the value, stable while the nest runs.
			x = portVal(e.b.vars[t.Var], "out", iw)
		}
		if k != 1 {
			cm := e.st.comb("idx_mul", "std_const_mult", iw, int(uint64(k)&mask(iw)))
			set(e.grp, cm, "in", x.a)
			x = portVal(cm, "out", iw)
		}
		if acc == nil {
			acc = &x
			continue
		}
		ad := e.st.comb("idx_add", "std_add", iw)
		set(e.grp, ad, "left", acc.a)
		set(e.grp, ad, "right", x.a)
		s := portVal(ad, "out", iw)
		acc = &s
	}
	if acc == nil {
		return constVal(c, iw)
	}
	if c != 0 {
		ad := e.st.comb("idx_add", "std_add", iw)
		set(e.grp, ad, "left", acc.a)
		set(e.grp, ad, "right", konst(c, iw))
		s := portVal(ad, "out", iw)
		acc = &s
	}
	return *acc
}

// loopOf returns the index of the loop of variable v in the nest.
func (e *pipeEmitter) loopOf(v string) (int, bool) {
	for i, l := range e.n.loops {
		if l.Var == v {
			return i, true
		}
	}
	return 0, false
}
