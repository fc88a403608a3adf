package sv

import "github.com/rules-accel/rules_accel/compiler/calyx"

// Data path inference: which input ports may take any value while no
// assignment drives them.
//
// Calyx gives an undriven input port the value 0. For the ports of the data
// path that costs hardware: every guarded driver of a 37-bit register input
// becomes an AND with its guard, every multiply-driven port a priority
// multiplexer ending in 0. Upstream Calyx's infer-data-path pass and Verilog
// backend define the rule used here: a port marked @data on a cell whose
// outputs never reach control may be left undefined ('x) when no driver is
// active, so a single driver connects unconditionally and several drivers
// need no final 0. This backend never emits 'x: the last driver becomes the
// default, so simulation stays deterministic.
//
// A cell is on the control path (its @data ports keep the 0 default) if an
// output of it, other than a @stable or @done one (a register's out, which
// no input changes within the cycle), is read by a guard, is the condition
// of an if or while or is read by their comb group, drives a port that is
// not @data (write_en, content_en, go, a group's done hole, this
// component's outputs, a sub-component's inputs, invoke arguments), or
// drives any port of a control cell (iterated to a fixed point). Cells
// marked @control are on the control path; so is every sub-component
// instance (its ports are not analysed).

// dataPorts returns the input-port signals of b's cells that need no default:
// the @data ports of cells off the control path.
func (b *builder) dataPorts() map[*sig]bool {
	out := map[*sig]bool{}
	if b.c.opt.ZeroDataPorts {
		return out
	}
	prims := map[string]*calyx.PrimSig{} // cell -> signature, primitives only
	for _, cell := range b.comp.Cells {
		if b.c.prog.Component(cell.Proto) != nil {
			continue
		}
		if s, ok := lookupPrim(b.c.prog, cell.Proto); ok {
			prims[cell.Name] = s
		}
	}
	control := map[string]bool{}
	for _, cell := range b.comp.Cells {
		if prims[cell.Name] == nil || cell.Attrs.Has("control") {
			control[cell.Name] = true
		}
	}
	portAttrs := func(p calyx.PortRef, input bool) calyx.Attrs {
		s := prims[p.Parent]
		if s == nil || p.Hole || p.Parent == "" {
			return nil
		}
		list := s.Outputs
		if input {
			list = s.Inputs
		}
		for _, q := range list {
			if q.Name == p.Name {
				return q.Attrs
			}
		}
		return nil
	}
	mark := func(a calyx.Atom) {
		if a.IsConst || a.Port.Hole || a.Port.Parent == "" {
			return
		}
		at := portAttrs(a.Port, false)
		if at.Has(calyx.AttrStable) || at.Has(calyx.AttrDone) {
			return
		}
		control[a.Port.Parent] = true
	}
	var markGuard func(g calyx.Guard)
	markGuard = func(g calyx.Guard) {
		switch g := g.(type) {
		case *calyx.GuardAtom:
			mark(g.Atom)
		case *calyx.GuardNot:
			markGuard(g.X)
		case *calyx.GuardAnd:
			markGuard(g.L)
			markGuard(g.R)
		case *calyx.GuardOr:
			markGuard(g.L)
			markGuard(g.R)
		case *calyx.GuardCmp:
			mark(g.L)
			mark(g.R)
		}
	}
	isData := func(p calyx.PortRef) bool {
		return !p.Hole && p.Parent != "" && portAttrs(p, true).Has(calyx.AttrData)
	}
	var all []*calyx.Assign
	all = append(all, b.comp.Wires...)
	for _, g := range b.comp.Groups {
		all = append(all, g.Assigns...)
	}
	for _, a := range all {
		if a.Guard != nil {
			markGuard(a.Guard)
		}
		if !isData(a.Dst) {
			mark(a.Src)
		}
	}
	combGroup := func(name string) {
		for _, g := range b.comp.Groups {
			if g.Name == name {
				for _, a := range g.Assigns {
					mark(a.Src)
				}
			}
		}
	}
	var walk func(c calyx.Control)
	walk = func(c calyx.Control) {
		switch c := c.(type) {
		case *calyx.Seq:
			for _, s := range c.Stmts {
				walk(s)
			}
		case *calyx.Par:
			for _, s := range c.Stmts {
				walk(s)
			}
		case *calyx.If:
			mark(calyx.Atom{Port: c.Cond})
			combGroup(c.With)
			walk(c.Then)
			if c.Else != nil {
				walk(c.Else)
			}
		case *calyx.While:
			mark(calyx.Atom{Port: c.Cond})
			combGroup(c.With)
			walk(c.Body)
		case *calyx.Repeat:
			walk(c.Body)
		case *calyx.Invoke:
			for _, in := range c.Inputs {
				mark(in.Arg)
			}
			combGroup(c.With)
		}
	}
	if b.comp.Control != nil {
		walk(b.comp.Control)
	}
	for changed := true; changed; {
		changed = false
		for _, a := range all {
			if a.Dst.Hole || a.Dst.Parent == "" || !control[a.Dst.Parent] {
				continue
			}
			if a.Src.IsConst || a.Src.Port.Hole || a.Src.Port.Parent == "" || control[a.Src.Port.Parent] {
				continue
			}
			before := len(control)
			mark(a.Src)
			changed = changed || len(control) != before
		}
	}
	for name, s := range prims {
		if control[name] {
			continue
		}
		for _, p := range s.Inputs {
			if !p.Attrs.Has(calyx.AttrData) {
				continue
			}
			if sg := b.ports[name][p.Name]; sg != nil {
				out[sg] = true
			}
		}
	}
	return out
}
