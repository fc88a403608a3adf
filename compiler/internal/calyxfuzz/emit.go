package calyxfuzz

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// Emit returns the Calyx program of a spec: a component per sub, then main
// with the registers, flags, @external memories (the dump memory included)
// and instances. Every statement gets its own operator cells and groups,
// so statements never share a port except through registers, memories and
// instances, which par arms never share (see Spec.Par).
func Emit(sp *Spec) *calyx.Program {
	p := &calyx.Program{File: fmt.Sprintf("fuzz_%d.futil", sp.Seed), Imports: []string{
		"primitives/core.futil", "primitives/binary_operators.futil",
		"primitives/memories/comb.futil", "primitives/memories/seq.futil",
	}}
	for _, s := range sp.Subs {
		e := newEmitter(sp, s.Name)
		c := e.comp
		if s.Latency > 0 {
			c.Latency = s.Latency
		}
		c.Inputs = []*calyx.PortDef{{Name: "x", Width: sp.Width}, {Name: "y", Width: sp.Width}}
		c.Outputs = []*calyx.PortDef{{Name: "out", Width: sp.Width}}
		for _, r := range s.Regs {
			c.Cells = append(c.Cells, calyx.NewCell(r, "std_reg", sp.Width))
		}
		c.Wires = append(c.Wires, calyx.Wire(calyx.ThisPort("out"), calyx.AtomOf(calyx.PortOf(s.OutReg(), "out"))))
		switch {
		case s.Op != "":
			e.wiresBody(s)
		case s.Latency > 0:
			c.Control = e.sstmt(s.SBody)
		default:
			c.Control = e.seq(s.Body)
		}
		p.Components = append(p.Components, c)
	}
	e := newEmitter(sp, "main")
	c := e.comp
	for _, m := range append(append([]*Mem(nil), sp.Mems...), sp.Dump) {
		proto := "comb_mem_d1"
		if m.Seq {
			proto = "seq_mem_d1"
		}
		cl := calyx.NewCell(m.Name, proto, sp.Width, m.Size(), m.IdxW)
		cl.Attrs = calyx.Attr1(calyx.AttrExternal, 1)
		c.Cells = append(c.Cells, cl)
	}
	for _, r := range sp.Regs {
		c.Cells = append(c.Cells, calyx.NewCell(r, "std_reg", sp.Width))
	}
	for _, f := range sp.Flags {
		c.Cells = append(c.Cells, calyx.NewCell(f, "std_reg", 1))
	}
	for _, in := range sp.Insts {
		c.Cells = append(c.Cells, calyx.NewCell(in.Name, in.Sub.Name))
	}
	c.Control = e.seq(sp.Body)
	p.Components = append(p.Components, c)
	return p
}

type emitter struct {
	sp    *Spec
	comp  *calyx.Component
	names map[string]int
}

func newEmitter(sp *Spec, name string) *emitter {
	return &emitter{sp: sp, comp: &calyx.Component{Name: name}, names: map[string]int{}}
}

func (e *emitter) fresh(prefix string) string {
	n := e.names[prefix]
	e.names[prefix]++
	return fmt.Sprintf("%s_%d", prefix, n)
}

// cell adds a cell of the prototype and returns its name.
func (e *emitter) cell(prefix, proto string, params ...uint64) string {
	name := e.fresh(prefix)
	e.comp.Cells = append(e.comp.Cells, calyx.NewCell(name, proto, params...))
	return name
}

// group adds a group of the kind and returns it.
func (e *emitter) group(prefix string, kind calyx.GroupKind, latency uint64) *calyx.Group {
	g := &calyx.Group{Name: e.fresh(prefix), Kind: kind, Latency: latency}
	e.comp.Groups = append(e.comp.Groups, g)
	return g
}

// out accumulates a group's assignments, each under guard (nil is always).
type out struct {
	as    []*calyx.Assign
	guard calyx.Guard
}

func (o *out) set(dst calyx.PortRef, src calyx.Atom) {
	o.as = append(o.as, calyx.GuardedWire(dst, o.guard, src))
}

func port(cell, p string) calyx.Atom { return calyx.AtomOf(calyx.PortOf(cell, p)) }

func (e *emitter) lit(v uint64) calyx.Atom { return calyx.ConstOf(e.sp.Width, v) }

// expr emits the cells computing x and returns the W-bit operand holding it.
func (e *emitter) expr(x Expr, o *out) calyx.Atom {
	w := e.sp.Width
	switch x := x.(type) {
	case Lit:
		return e.lit(x.V)
	case Reg:
		return port(x.Name, "out")
	case Flag:
		pad := e.cell("pad", "std_pad", 1, w)
		o.set(calyx.PortOf(pad, "in"), port(x.Name, "out"))
		return port(pad, "out")
	case In:
		return calyx.AtomOf(calyx.ThisPort(x.Name))
	case Out:
		return port(x.Inst, "out")
	case Read:
		o.set(calyx.PortOf(x.Mem, "addr0"), e.index(x.Mem, x.Idx, o))
		return port(x.Mem, "read_data")
	case Bin:
		c := e.cell(x.Op, "std_"+x.Op, w)
		o.set(calyx.PortOf(c, "left"), e.expr(x.L, o))
		o.set(calyx.PortOf(c, "right"), e.expr(x.R, o))
		return port(c, "out")
	case Mux:
		m := e.cell("mux", "std_mux", w)
		o.set(calyx.PortOf(m, "cond"), e.cond(x.C, o))
		o.set(calyx.PortOf(m, "tru"), e.expr(x.T, o))
		o.set(calyx.PortOf(m, "fal"), e.expr(x.F, o))
		return port(m, "out")
	}
	panic(fmt.Sprintf("calyxfuzz: unknown expression %#v", x))
}

// cond emits a comparator and returns its 1-bit output.
func (e *emitter) cond(c Cond, o *out) calyx.Atom {
	cmp := e.cell(c.Op, "std_"+c.Op, e.sp.Width)
	o.set(calyx.PortOf(cmp, "left"), e.expr(c.L, o))
	o.set(calyx.PortOf(cmp, "right"), e.expr(c.R, o))
	return port(cmp, "out")
}

// index emits a word index of memory mem: a constant is reduced modulo the
// size, a W-bit value is cut to (std_slice) or widened to (std_pad) the
// address width.
func (e *emitter) index(mem string, x Expr, o *out) calyx.Atom {
	m := e.sp.Mem(mem)
	if l, ok := x.(Lit); ok {
		return calyx.ConstOf(m.IdxW, l.V%m.Size())
	}
	a := e.expr(x, o)
	w := e.sp.Width
	switch {
	case w > m.IdxW:
		c := e.cell("slice", "std_slice", w, m.IdxW)
		o.set(calyx.PortOf(c, "in"), a)
		return port(c, "out")
	case w < m.IdxW:
		c := e.cell("pad", "std_pad", w, m.IdxW)
		o.set(calyx.PortOf(c, "in"), a)
		return port(c, "out")
	}
	return a
}

// seq emits statements in sequence (one statement alone, none as nil).
func (e *emitter) seq(body []Stmt) calyx.Control {
	var stmts []calyx.Control
	for _, s := range body {
		if c := e.stmt(s); c != nil {
			stmts = append(stmts, c)
		}
	}
	switch len(stmts) {
	case 0:
		return &calyx.Empty{}
	case 1:
		return stmts[0]
	}
	return &calyx.Seq{Stmts: stmts}
}

// regGroup emits a plain group that writes register reg with the value v
// computes and is done when the register is.
func (e *emitter) regGroup(prefix, reg string, v func(o *out) calyx.Atom) calyx.Control {
	g := e.group(prefix, calyx.GroupPlain, 0)
	o := &out{}
	src := v(o)
	o.set(calyx.PortOf(reg, "in"), src)
	o.set(calyx.PortOf(reg, "write_en"), calyx.ConstOf(1, 1))
	g.Assigns = append(o.as, calyx.Wire(calyx.HoleOf(g.Name, "done"), port(reg, "done")))
	return &calyx.Enable{Group: g.Name}
}

func (e *emitter) stmt(s Stmt) calyx.Control {
	switch s := s.(type) {
	case Assign:
		return e.regGroup("set_"+s.R, s.R, func(o *out) calyx.Atom { return e.expr(s.E, o) })
	case SetFlag:
		return e.regGroup("set_"+s.F, s.F, func(o *out) calyx.Atom { return e.cond(s.C, o) })
	case Store:
		m := e.sp.Mem(s.M)
		g := e.group("store_"+s.M, calyx.GroupPlain, 0)
		o := &out{}
		o.set(calyx.PortOf(s.M, "addr0"), e.index(s.M, s.Idx, o))
		o.set(calyx.PortOf(s.M, "write_data"), e.expr(s.E, o))
		o.set(calyx.PortOf(s.M, "write_en"), calyx.ConstOf(1, 1))
		if m.Seq {
			o.set(calyx.PortOf(s.M, "content_en"), calyx.ConstOf(1, 1))
		}
		g.Assigns = append(o.as, calyx.Wire(calyx.HoleOf(g.Name, "done"), port(s.M, "done")))
		return &calyx.Enable{Group: g.Name}
	case Load:
		rd := e.group("read_"+s.M, calyx.GroupPlain, 0)
		o := &out{}
		o.set(calyx.PortOf(s.M, "addr0"), e.index(s.M, s.Idx, o))
		o.set(calyx.PortOf(s.M, "content_en"), calyx.ConstOf(1, 1))
		o.set(calyx.PortOf(s.M, "write_en"), calyx.ConstOf(1, 0))
		rd.Assigns = append(o.as, calyx.Wire(calyx.HoleOf(rd.Name, "done"), port(s.M, "done")))
		keep := e.regGroup("load_"+s.R, s.R, func(*out) calyx.Atom { return port(s.M, "read_data") })
		return &calyx.Seq{Stmts: []calyx.Control{&calyx.Enable{Group: rd.Name}, keep}}
	case Seq:
		return e.seq(s.Body)
	case Par:
		var arms []calyx.Control
		for _, a := range s.Arms {
			arms = append(arms, e.seq(a))
		}
		return &calyx.Par{Stmts: arms}
	case If:
		c := &calyx.If{Then: e.seq(s.Then)}
		if len(s.Else) > 0 {
			c.Else = e.seq(s.Else)
		}
		if s.Flag != "" {
			c.Cond = calyx.PortOf(s.Flag, "out")
			return c
		}
		cg := e.group("cond", calyx.GroupComb, 0)
		o := &out{}
		c.Cond = e.cond(s.C, o).Port
		cg.Assigns = o.as
		c.With = cg.Name
		return c
	case While:
		init := e.regGroup("init_"+s.Counter, s.Counter, func(*out) calyx.Atom { return e.lit(0) })
		cg := e.group("cond", calyx.GroupComb, 0)
		o := &out{}
		lt := e.cond(Cond{Op: "lt", L: Reg{s.Counter}, R: Lit{s.N}}, o)
		cg.Assigns = o.as
		incr := e.regGroup("incr_"+s.Counter, s.Counter, func(o *out) calyx.Atom {
			return e.expr(Bin{Op: "add", L: Reg{s.Counter}, R: Lit{1}}, o)
		})
		var stmts []calyx.Control
		for _, b := range s.Body {
			if c := e.stmt(b); c != nil {
				stmts = append(stmts, c)
			}
		}
		stmts = append(stmts, incr)
		loop := &calyx.While{Cond: lt.Port, With: cg.Name, Body: &calyx.Seq{Stmts: stmts}}
		return &calyx.Seq{Stmts: []calyx.Control{init, loop}}
	case Repeat:
		return &calyx.Repeat{Count: s.N, Body: e.seq(s.Body)}
	case Invoke:
		inv := &calyx.Invoke{Cell: s.Inst, Inputs: e.args(s.X, s.Y)}
		inv.Static = e.sp.Inst(s.Inst).Sub.Latency > 0
		return inv
	case Static:
		return e.sstmt(s.S)
	case RegInvoke:
		return &calyx.Invoke{Cell: s.R, Inputs: []calyx.PortArg{{Port: "in", Arg: e.arg(s.X)}}, Static: s.Static}
	case Select:
		g := e.group("select_"+s.R, calyx.GroupPlain, 0)
		f := calyx.GuardOf(calyx.PortOf(s.F, "out"))
		t := &out{guard: f}
		t.set(calyx.PortOf(s.R, "in"), e.expr(s.T, t))
		el := &out{guard: calyx.Not(f)}
		el.set(calyx.PortOf(s.R, "in"), e.expr(s.E, el))
		g.Assigns = append(append(t.as, el.as...),
			calyx.Wire(calyx.PortOf(s.R, "write_en"), calyx.ConstOf(1, 1)),
			calyx.Wire(calyx.HoleOf(g.Name, "done"), port(s.R, "done")))
		return &calyx.Enable{Group: g.Name}
	case Mul:
		m := e.cell("mult", "std_mult_pipe", e.sp.Width)
		g := e.group("mul", calyx.GroupPlain, 0)
		o := &out{}
		o.set(calyx.PortOf(m, "left"), e.expr(s.L, o))
		o.set(calyx.PortOf(m, "right"), e.expr(s.R, o))
		o.set(calyx.PortOf(m, "go"), calyx.ConstOf(1, 1))
		g.Assigns = append(o.as, calyx.Wire(calyx.HoleOf(g.Name, "done"), port(m, "done")))
		keep := e.regGroup("prod_"+s.Dst, s.Dst, func(*out) calyx.Atom { return port(m, "out") })
		return &calyx.Seq{Stmts: []calyx.Control{&calyx.Enable{Group: g.Name}, keep}}
	}
	panic(fmt.Sprintf("calyxfuzz: unknown statement %#v", s))
}

// wiresBody writes a wires sub's continuous assignments: op = x Op y, the
// first register takes op.out while go is high, each next one the previous
// one's output when it is done; done is the last register's done.
func (e *emitter) wiresBody(s *Sub) {
	o := &out{}
	v := e.expr(Bin{Op: s.Op, L: In{"x"}, R: In{"y"}}, o)
	go_ := calyx.AtomOf(calyx.ThisPort("go"))
	for i, r := range s.Regs {
		o.set(calyx.PortOf(r, "in"), v)
		if i == 0 {
			o.set(calyx.PortOf(r, "write_en"), go_)
		} else {
			o.set(calyx.PortOf(r, "write_en"), port(s.Regs[i-1], "done"))
		}
		v = port(r, "out")
	}
	o.set(calyx.ThisPort("done"), port(s.OutReg(), "done"))
	e.comp.Wires = append(e.comp.Wires, o.as...)
}

// args binds an invoke's inputs x and y (constants or register outputs).
func (e *emitter) args(x, y Expr) []calyx.PortArg {
	return []calyx.PortArg{{Port: "x", Arg: e.arg(x)}, {Port: "y", Arg: e.arg(y)}}
}

// arg is an invoke argument: a constant or a register's output.
func (e *emitter) arg(v Expr) calyx.Atom {
	if l, ok := v.(Lit); ok {
		return e.lit(l.V)
	}
	return port(v.(Reg).Name, "out")
}

// sstmt emits a static statement.
func (e *emitter) sstmt(s SStmt) calyx.Control {
	switch s := s.(type) {
	case SGroup:
		g := e.group("static", calyx.GroupStatic, s.Latency)
		for _, w := range s.Writes {
			var gd calyx.Guard = &calyx.GuardTime{Start: w.At, End: w.Cycles()}
			if w.If != "" {
				gd = calyx.And(gd, calyx.GuardOf(calyx.PortOf(w.If, "out")))
			}
			o := &out{guard: gd}
			switch {
			case w.R != "":
				o.set(calyx.PortOf(w.R, "in"), e.expr(w.E, o))
				o.set(calyx.PortOf(w.R, "write_en"), calyx.ConstOf(1, 1))
			case w.F != "":
				o.set(calyx.PortOf(w.F, "in"), e.cond(w.C, o))
				o.set(calyx.PortOf(w.F, "write_en"), calyx.ConstOf(1, 1))
			case w.M != "":
				o.set(calyx.PortOf(w.M, "addr0"), e.index(w.M, w.Idx, o))
				o.set(calyx.PortOf(w.M, "write_data"), e.expr(w.E, o))
				o.set(calyx.PortOf(w.M, "write_en"), calyx.ConstOf(1, 1))
			}
			g.Assigns = append(g.Assigns, o.as...)
		}
		return &calyx.Enable{Group: g.Name}
	case SSeq:
		var stmts []calyx.Control
		for _, x := range s.Body {
			stmts = append(stmts, e.sstmt(x))
		}
		return &calyx.Seq{Stmts: stmts, Static: true}
	case SPar:
		var stmts []calyx.Control
		for _, x := range s.Arms {
			stmts = append(stmts, e.sstmt(x))
		}
		return &calyx.Par{Stmts: stmts, Static: true}
	case SRepeat:
		return &calyx.Repeat{Count: s.N, Body: e.sstmt(s.Body), Static: true}
	case SIf:
		c := &calyx.If{Cond: calyx.PortOf(s.Flag, "out"), Then: e.sstmt(s.Then), Static: true}
		if s.Else != nil {
			c.Else = e.sstmt(s.Else)
		}
		return c
	case SInvoke:
		return &calyx.Invoke{Cell: s.Inst, Inputs: e.args(s.X, s.Y), Static: true}
	case SRegInvoke:
		return &calyx.Invoke{Cell: s.R, Inputs: []calyx.PortArg{{Port: "in", Arg: e.arg(s.X)}}, Static: true}
	}
	panic(fmt.Sprintf("calyxfuzz: unknown static statement %#v", s))
}
