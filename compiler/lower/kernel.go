package lower

import (
	"errors"
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// kbuild builds the component of one kernel.
type kbuild struct {
	p      *air.Program
	l      *Layout
	k      *air.Kernel
	comp   *calyx.Component
	names  *namer
	iw     int
	vars   map[string]string    // loop variable -> index register cell
	regs   map[string]string    // air register -> register cell
	types  map[string]air.Type  // air register -> type
	ranges map[string]air.Range // loop variable -> its values, while lowering the loop's body
	rep    *Report              // where pipelined nests and fallbacks are recorded
}

func lowerKernel(p *air.Program, l *Layout, k *air.Kernel, rep *Report) (*calyx.Component, error) {
	b := &kbuild{
		p: p, l: l, k: k, rep: rep,
		comp:   &calyx.Component{Name: l.Components[k.Name]},
		names:  newNamer(),
		iw:     l.IndexWidth,
		vars:   map[string]string{},
		regs:   map[string]string{},
		types:  map[string]air.Type{},
		ranges: map[string]air.Range{},
	}
	for _, bank := range l.Banks {
		b.names.reserve(bank.Cell)
	}
	byCell := map[string]Bank{}
	for _, bank := range l.Banks {
		byCell[bank.Cell] = bank
	}
	for _, c := range l.usedBanks(k) {
		b.comp.Cells = append(b.comp.Cells, l.memCell(byCell[c], true))
	}
	var ctl calyx.Control
	var err error
	if k.II > 0 {
		ctl, err = b.pipelined(k.Body)
	} else {
		ctl, err = b.block(k.Body)
	}
	if err != nil {
		return nil, err
	}
	b.comp.Control = ctl
	return b.comp, nil
}

// pipelined lowers a kernel's top-level statements as software pipelines
// (see pipeline): loops of one iteration are dissolved first, then each run
// of statements nestGroups finds becomes one nest if it can, else each of
// its statements on its own; a statement that cannot be pipelined (see the
// report for why) gets the dynamic lowering of block. Consecutive pipelines
// run in one static seq.
func (b *kbuild) pipelined(ss []air.Stmt) (calyx.Control, error) {
	b.declareRegs(ss)
	var out []calyx.Control
	var run []calyx.Control // consecutive static pipelines
	flush := func() {
		switch len(run) {
		case 0:
		case 1:
			out = append(out, run[0])
		default:
			out = append(out, &calyx.Seq{Stmts: run, Static: true})
		}
		run = nil
	}
	// try pipelines a run of statements; it reports why not, or fails.
	try := func(group []air.Stmt) (bool, string, error) {
		enclosing := map[string]bool{}
		for v := range b.vars {
			enclosing[v] = true
		}
		n, err := extractNest(group, enclosing)
		var c calyx.Control
		var info *PipeInfo
		if err == nil {
			c, info, err = b.pipeline(n)
		}
		var why *errNotNest
		switch {
		case err == nil:
			b.rep.Pipes = append(b.rep.Pipes, *info)
			if _, empty := c.(*calyx.Empty); !empty {
				run = append(run, c)
			}
			return true, "", nil
		case errors.As(err, &why):
			return false, why.why, nil
		}
		return false, "", fmt.Errorf("line %d: %w", air.StmtLine(group[0]), err)
	}
	for _, group := range nestGroups(elideUnitLoops(ss)) {
		ok, _, err := try(group)
		if err != nil {
			return nil, err
		}
		if ok {
			continue
		}
		for _, s := range group {
			ok, why, err := try([]air.Stmt{s})
			if err != nil {
				return nil, err
			}
			if ok {
				continue
			}
			flush()
			var c calyx.Control
			if f, isLoop := s.(*air.For); isLoop && !straightBody(f) {
				// A loop around several dependent loop nests (a softmax row's
				// passes, say): dynamic control for it, pipelines inside,
				// which read its index register.
				c, err = b.loopWith(f, b.pipelined)
			} else {
				b.rep.Fallbacks = append(b.rep.Fallbacks, Fallback{Kernel: b.k.Name, Line: air.StmtLine(s), Reason: why})
				c, err = b.stmt(s)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	flush()
	if len(out) == 0 {
		return &calyx.Empty{}, nil
	}
	return seqOf(out), nil
}

// straightBody reports whether a loop's body has no loops.
func straightBody(f *air.For) bool {
	ok := true
	air.WalkStmts(f.Body, func(s air.Stmt) {
		if _, loop := s.(*air.For); loop {
			ok = false
		}
	})
	return ok
}

// declareRegs creates the register cell of every register declared in ss.
func (b *kbuild) declareRegs(ss []air.Stmt) {
	air.WalkStmts(ss, func(s air.Stmt) {
		if r, ok := s.(*air.Reg); ok {
			if _, dup := b.regs[r.Name]; !dup {
				b.regs[r.Name] = b.cell(b.prefix(r.Name), "std_reg", r.T.Width)
				b.types[r.Name] = r.T
			}
		}
	})
}

// prefix is the kernel's name prefix for cells and groups.
func (b *kbuild) prefix(s string) string { return Ident(b.k.Name + "_" + s) }

// cell adds a cell named after base and returns its name.
func (b *kbuild) cell(base, proto string, params ...int) string {
	n := b.names.fresh(base)
	ps := make([]uint64, len(params))
	for i, p := range params {
		ps[i] = uint64(p)
	}
	b.comp.Cells = append(b.comp.Cells, &calyx.Cell{Name: n, Proto: proto, Params: ps})
	return n
}

// group adds an empty group named after base.
func (b *kbuild) group(base string, kind calyx.GroupKind) *calyx.Group {
	g := &calyx.Group{Name: b.names.fresh(base), Kind: kind}
	b.comp.Groups = append(b.comp.Groups, g)
	return g
}

func port(cell, name string) calyx.Atom {
	return calyx.Atom{Port: calyx.PortRef{Parent: cell, Name: name}}
}

func konst(v int64, w int) calyx.Atom {
	return calyx.Atom{IsConst: true, Const: calyx.Const{Width: uint64(w), Value: uint64(v) & mask(w), Base: 'd'}}
}

func mask(w int) uint64 {
	if w >= 64 {
		return ^uint64(0)
	}
	return uint64(1)<<w - 1
}

// set appends `cell.name = src;` to g.
func set(g *calyx.Group, cell, name string, src calyx.Atom) {
	g.Assigns = append(g.Assigns, &calyx.Assign{Dst: calyx.PortRef{Parent: cell, Name: name}, Src: src})
}

// done appends `g[done] = cell.name;`.
func done(g *calyx.Group, cell, name string) {
	g.Assigns = append(g.Assigns, &calyx.Assign{Dst: calyx.PortRef{Parent: g.Name, Name: "done", Hole: true}, Src: port(cell, name)})
}

func seqOf(cs []calyx.Control) calyx.Control {
	if len(cs) == 1 {
		return cs[0]
	}
	return &calyx.Seq{Stmts: cs}
}

func (b *kbuild) block(ss []air.Stmt) (calyx.Control, error) {
	var out []calyx.Control
	for _, s := range ss {
		c, err := b.stmt(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return &calyx.Empty{}, nil
	}
	return seqOf(out), nil
}

func (b *kbuild) stmt(s air.Stmt) (calyx.Control, error) {
	switch s := s.(type) {
	case *air.For:
		return b.loop(s)
	case *air.Par:
		var arms []calyx.Control
		for _, arm := range s.Arms {
			c, err := b.block(arm)
			if err != nil {
				return nil, err
			}
			arms = append(arms, c)
		}
		if b.armsConflict(s.Arms) {
			return seqOf(arms), nil
		}
		return &calyx.Par{Stmts: arms}, nil
	case *air.Reg:
		if _, dup := b.regs[s.Name]; !dup {
			b.regs[s.Name] = b.cell(b.prefix(s.Name), "std_reg", s.T.Width)
			b.types[s.Name] = s.T
		}
		return b.assign(s.Name, s.Init, s.Line)
	case *air.Assign:
		return b.assign(s.Name, s.Val, s.Line)
	case *air.Store:
		return b.store(s)
	}
	return nil, fmt.Errorf("unknown statement %T", s)
}

// loop lowers a for loop to an index register and a while.
func (b *kbuild) loop(s *air.For) (calyx.Control, error) {
	return b.loopWith(s, b.block)
}

// loopWith is loop with the body lowered by lowerBody.
func (b *kbuild) loopWith(s *air.For, lowerBody func([]air.Stmt) (calyx.Control, error)) (calyx.Control, error) {
	idx := b.cell(b.prefix(s.Var), "std_reg", b.iw)
	init := b.group(idx+"_init", calyx.GroupPlain)
	set(init, idx, "in", konst(int64(s.Lo), b.iw))
	set(init, idx, "write_en", konst(1, 1))
	done(init, idx, "done")

	lt := b.cell(idx+"_lt", "std_lt", b.iw)
	cond := b.group(idx+"_cond", calyx.GroupComb)
	set(cond, lt, "left", port(idx, "out"))
	set(cond, lt, "right", konst(int64(s.Hi), b.iw))

	add := b.cell(idx+"_add", "std_add", b.iw)
	incr := b.group(idx+"_incr", calyx.GroupPlain)
	set(incr, add, "left", port(idx, "out"))
	set(incr, add, "right", konst(int64(s.Step), b.iw))
	set(incr, idx, "in", port(add, "out"))
	set(incr, idx, "write_en", konst(1, 1))
	done(incr, idx, "done")

	b.vars[s.Var] = idx
	b.ranges[s.Var] = s.Range()
	body, err := lowerBody(s.Body)
	delete(b.vars, s.Var)
	delete(b.ranges, s.Var)
	if err != nil {
		return nil, err
	}
	stmts := []calyx.Control{}
	if sq, ok := body.(*calyx.Seq); ok {
		stmts = append(stmts, sq.Stmts...)
	} else if _, empty := body.(*calyx.Empty); !empty {
		stmts = append(stmts, body)
	}
	stmts = append(stmts, &calyx.Enable{Group: incr.Name})
	trip := 0
	if s.Hi > s.Lo {
		trip = (s.Hi - s.Lo + s.Step - 1) / s.Step
	}
	w := &calyx.While{
		Cond:  calyx.PortRef{Parent: lt, Name: "out"},
		With:  cond.Name,
		Body:  &calyx.Seq{Stmts: stmts},
		Attrs: calyx.Attrs{}.With(calyx.AttrBound, uint64(trip)),
	}
	return &calyx.Seq{Stmts: []calyx.Control{&calyx.Enable{Group: init.Name}, w}}, nil
}

// assign lowers a register write (declaration or assignment).
func (b *kbuild) assign(name string, val air.Expr, line int) (calyx.Control, error) {
	r, ok := b.regs[name]
	if !ok {
		return nil, fmt.Errorf("line %d: undefined register %s", line, name)
	}
	st := b.newStmt(r)
	g := st.final(r + "_set")
	v, err := st.expr(val, g)
	if err != nil {
		return nil, fmt.Errorf("line %d: register %s: %w", line, name, err)
	}
	v = st.ext(v, b.types[name].Width, g)
	set(g.grp, r, "in", v.a)
	set(g.grp, r, "write_en", konst(1, 1))
	done(g.grp, r, "done")
	return st.control(), nil
}

// store lowers a memory write.
func (b *kbuild) store(s *air.Store) (calyx.Control, error) {
	bank := b.l.BankCell(s.Mem, s.Bank)
	m := b.p.Mem(s.Mem)
	st := b.newStmt(b.prefix(bank))
	g := st.final(b.prefix(bank) + "_st")
	if _, err := st.address(g, bank, s.Index); err != nil {
		return nil, fmt.Errorf("line %d: store to %s: %w", s.Line, bank, err)
	}
	v, err := st.expr(s.Val, g)
	if err != nil {
		return nil, fmt.Errorf("line %d: store to %s: %w", s.Line, bank, err)
	}
	v = st.ext(v, m.Elem.Width, g)
	set(g.grp, bank, "write_data", v.a)
	set(g.grp, bank, "write_en", konst(1, 1))
	if b.l.bank(bank).Seq {
		set(g.grp, bank, "content_en", konst(1, 1))
	}
	done(g.grp, bank, "done")
	return st.control(), nil
}
