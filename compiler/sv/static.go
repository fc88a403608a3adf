package sv

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// islandRun is one place where a static control island runs a static group:
// active is high in exactly the group's cycles and time is its local cycle.
type islandRun struct {
	active string
	time   string
}

// isStatic reports whether a control statement is a static compound
// statement (compiled as a static island with an exact schedule).
func isStatic(c calyx.Control) bool {
	switch c := c.(type) {
	case *calyx.Seq:
		return c.Static
	case *calyx.Par:
		return c.Static
	case *calyx.If:
		return c.Static
	case *calyx.Repeat:
		return c.Static
	case *calyx.Invoke:
		return c.Static
	}
	return false
}

// latency returns the number of cycles a static statement takes
// (calyx.ControlLatency, with this package's primitive library).
func (b *builder) latency(c calyx.Control) (uint64, error) {
	l, err := calyx.ControlLatency(b.comp, c, b.timing)
	if e, ok := err.(*calyx.Error); ok {
		return 0, b.errf(e.Pos, "%s", e.Msg)
	}
	return l, err
}

// timing returns how a cell of this component can be invoked.
func (b *builder) timing(cell string) calyx.Timing {
	cl := b.comp.Cell(cell)
	if cl == nil {
		return calyx.Timing{}
	}
	if b.c.prog.Component(cl.Proto) != nil {
		return calyx.TimingOf(b.c.prog, cl.Proto)
	}
	if sig, ok := lookupPrim(b.c.prog, cl.Proto); ok {
		return calyx.Timing{Latency: sig.Latency, Interval: sig.GoInterval()}
	}
	return calyx.Timing{}
}

// island compiles a static compound statement: one counter runs through its
// L cycles, every static group it enables is active in exactly its scheduled
// cycles, and (as for static groups) done is high in the cycle after the last.
func (b *builder) island(c calyx.Control, goExpr string) (string, error) {
	l, err := b.latency(c)
	if err != nil {
		return "", err
	}
	if l == 0 {
		return goExpr, nil
	}
	n := b.nodeName("static")
	gw := b.wire(n+"_go", goExpr)
	w := bitsFor(l)
	cnt := b.local(n+"_cycle", w)
	fin := b.local(n+"_finished", 1)
	cnt.fixed, cnt.read, fin.fixed, fin.read = true, true, true, true
	active := b.wire(n+"_active", fmt.Sprintf("%s && !%s", gw, fin.name))
	last := fmt.Sprintf("%d'd%d", w, l-1)
	b.seqBlock([]string{cnt.name + " <= '0;", fin.name + " <= 1'b0;"}, []string{
		fmt.Sprintf("if (%s && %s != %s) %s <= %s + %d'd1;", active, cnt.name, last, cnt.name, cnt.name, w),
		fmt.Sprintf("else %s <= '0;", cnt.name),
		fmt.Sprintf("%s <= %s && %s == %s;", fin.name, active, cnt.name, last),
	})
	if err := b.schedule(c, active, cnt.name, l, w); err != nil {
		return "", err
	}
	return and(gw, fin.name), nil
}

// window restricts active to local times [from, to) of a statement lasting dur cycles.
func window(active, time string, from, to, dur, w uint64) string {
	cond := active
	if from > 0 {
		cond = and(cond, fmt.Sprintf("%s >= %d'd%d", time, w, from))
	}
	if to < dur {
		cond = and(cond, fmt.Sprintf("%s < %d'd%d", time, w, to))
	}
	return cond
}

// shift is time - off as a w-bit expression.
func shift(time string, off, w uint64) string {
	if off == 0 {
		return time
	}
	return fmt.Sprintf("(%s - %d'd%d)", time, w, off)
}

// schedule places statement c, active when active and at local cycle time
// (w bits wide), lasting dur cycles.
func (b *builder) schedule(c calyx.Control, active, time string, dur, w uint64) error {
	switch c := c.(type) {
	case nil, *calyx.Empty:
		return nil
	case *calyx.Enable:
		gi := b.groups[c.Group]
		gi.island = append(gi.island, islandRun{active: paren(active), time: time})
		return nil
	case *calyx.Seq:
		var off uint64
		for _, s := range c.Stmts {
			l, err := b.latency(s)
			if err != nil {
				return err
			}
			if l > 0 {
				if err := b.schedule(s, window(active, time, off, off+l, dur, w), shift(time, off, w), l, w); err != nil {
					return err
				}
			}
			off += l
		}
		return nil
	case *calyx.Par:
		for _, s := range c.Stmts {
			l, err := b.latency(s)
			if err != nil {
				return err
			}
			if l > 0 {
				if err := b.schedule(s, window(active, time, 0, l, dur, w), time, l, w); err != nil {
					return err
				}
			}
		}
		return nil
	case *calyx.Repeat:
		l, err := b.latency(c.Body)
		if err != nil || l == 0 || c.Count == 0 {
			return err
		}
		inner := time
		if c.Count > 1 {
			inner = fmt.Sprintf("(%s %% %d'd%d)", time, w, l)
		}
		return b.schedule(c.Body, active, inner, l, w)
	case *calyx.If:
		// The condition is read in the if's first cycle and held in a register.
		n := b.nodeName("static_if")
		first := and(active, fmt.Sprintf("%s == %d'd0", time, w))
		cond, err := b.cond(c.Cond, c.With, first, c.Pos)
		if err != nil {
			return err
		}
		held := b.local(n+"_cond", 1)
		held.fixed, held.read = true, true
		b.seqBlock([]string{held.name + " <= 1'b0;"}, []string{fmt.Sprintf("if (%s) %s <= %s;", first, held.name, cond)})
		cv := b.wire(n+"_taken", fmt.Sprintf("(%s == %d'd0) ? %s : %s", time, w, cond, held.name))
		lt, err := b.latency(c.Then)
		if err != nil {
			return err
		}
		le, err := b.latency(c.Else)
		if err != nil {
			return err
		}
		if lt > 0 {
			if err := b.schedule(c.Then, window(and(active, cv), time, 0, lt, dur, w), time, lt, w); err != nil {
				return err
			}
		}
		if le > 0 {
			return b.schedule(c.Else, window(and(active, "!"+cv), time, 0, le, dur, w), time, le, w)
		}
		return nil
	case *calyx.Invoke:
		return b.staticInvoke(c, active, time, w)
	}
	return b.errf(c.ControlPos(), "%s is not supported in static control", kindName(c))
}

// staticInvoke binds a `static invoke` scheduled while active is high, at
// local time time (w bits): a static<n> component gets go in its first cycle
// only (it then runs its n cycles by itself), an @interval(n) cell gets go
// for all n cycles; inputs, outputs and ref cells are bound for all of them.
func (b *builder) staticInvoke(c *calyx.Invoke, active, time string, w uint64) error {
	cell, sub, goPort, _, t, err := b.invokeTarget(c)
	if err != nil {
		return err
	}
	if msg := calyx.InvokeError(c, cell.Proto, t, true); msg != "" {
		return b.errf(c.Pos, "%s", msg)
	}
	if goPort == "" {
		return b.errf(c.Pos, "static invoke of %s: the cell has no @go port", c.Cell)
	}
	n := b.nodeName("static_invoke_" + c.Cell)
	act := b.wire(n+"_active", active)
	goGuard := act
	if t.Latency > 0 {
		goGuard = b.wire(n+"_start", and(act, fmt.Sprintf("%s == %d'd0", time, w)))
	}
	if c.With != "" {
		gi := b.groups[c.With]
		if gi == nil || gi.g.Kind != calyx.GroupComb {
			return b.errf(c.Pos, "%s is not a comb group", c.With)
		}
		gi.terms = append(gi.terms, act)
	}
	return b.bindInvoke(c, cell, sub, goPort, act, goGuard)
}

// kindName names a control statement's kind for messages.
func kindName(c calyx.Control) string {
	switch c := c.(type) {
	case *calyx.Enable:
		return "enable of " + c.Group
	case *calyx.Seq:
		return "seq"
	case *calyx.Par:
		return "par"
	case *calyx.If:
		return "if"
	case *calyx.While:
		return "while"
	case *calyx.Repeat:
		return "repeat"
	case *calyx.Invoke:
		return "invoke of " + c.Cell
	case *calyx.Empty:
		return "empty statement"
	}
	return "statement"
}

// staticComponent compiles the control of a static<n> component, which has
// upstream Calyx's static interface: a run starts in a cycle where go is
// high and the component is idle, and lasts exactly n cycles; go only has to
// be high in the first (holding it longer does not restart the run, and a
// go in the cycle after the last starts the next run at once, so static
// invokes can follow each other without a gap). done is high in the cycle
// after the last, for callers that wait for it.
func (b *builder) staticComponent(goS, doneS *sig) error {
	if b.ownsDone() {
		return b.errf(b.comp.Pos, "static<%d> component %s assigns its done port; a static component's done comes from its schedule", b.comp.Latency, b.comp.Name)
	}
	if b.comp.Control == nil {
		return b.errf(b.comp.Pos, "static<%d> component %s has no control; a static component needs static control", b.comp.Latency, b.comp.Name)
	}
	l, err := b.latency(b.comp.Control)
	if err != nil {
		return err
	}
	if l != b.comp.Latency {
		return b.errf(b.comp.Control.ControlPos(), "static<%d> component %s has control that takes %d cycles", b.comp.Latency, b.comp.Name, l)
	}
	doneS.fixed = true
	w := bitsFor(l)
	cnt := b.local("static_cycle", w)
	running := b.local("static_running", 1)
	now := b.local("static_time", w)
	cnt.fixed, cnt.read, running.fixed, running.read, now.fixed, now.read = true, true, true, true, true, true
	active := b.wire("static_active", fmt.Sprintf("%s || %s", goS.name, running.name))
	fmt.Fprintf(&b.ctrl, "  assign %s = %s ? %s : '0;\n", now.name, running.name, cnt.name)
	last := fmt.Sprintf("%s == %d'd%d", now.name, w, l-1)
	b.ctrl.WriteString("  // A run starts when go is high while idle and takes exactly the component's latency.\n")
	b.seqBlock([]string{cnt.name + " <= '0;", running.name + " <= 1'b0;", doneS.name + " <= 1'b0;"}, []string{
		fmt.Sprintf("if (%s && !(%s)) %s <= %s + %d'd1;", active, last, cnt.name, now.name, w),
		fmt.Sprintf("else %s <= '0;", cnt.name),
		fmt.Sprintf("%s <= %s && !(%s);", running.name, active, last),
		fmt.Sprintf("%s <= %s && %s;", doneS.name, active, last),
	})
	if err := b.schedule(b.comp.Control, active, now.name, l, w); err != nil {
		return err
	}
	return b.finishGroups()
}
