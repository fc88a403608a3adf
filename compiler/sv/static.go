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
	}
	return false
}

// latency returns the number of cycles a static statement takes.
func (b *builder) latency(c calyx.Control) (uint64, error) {
	switch c := c.(type) {
	case nil, *calyx.Empty:
		return 0, nil
	case *calyx.Enable:
		gi := b.groups[c.Group]
		if gi == nil {
			return 0, b.errf(c.Pos, "no group %s", c.Group)
		}
		if gi.g.Kind != calyx.GroupStatic {
			return 0, b.errf(c.Pos, "group %s in static control is not static", c.Group)
		}
		return gi.g.Latency, nil
	case *calyx.Seq:
		var sum uint64
		for _, s := range c.Stmts {
			l, err := b.latency(s)
			if err != nil {
				return 0, err
			}
			sum += l
		}
		return sum, nil
	case *calyx.Par:
		var m uint64
		for _, s := range c.Stmts {
			l, err := b.latency(s)
			if err != nil {
				return 0, err
			}
			m = max(m, l)
		}
		return m, nil
	case *calyx.If:
		lt, err := b.latency(c.Then)
		if err != nil {
			return 0, err
		}
		le, err := b.latency(c.Else)
		if err != nil {
			return 0, err
		}
		return max(lt, le, 1), nil
	case *calyx.Repeat:
		l, err := b.latency(c.Body)
		return l * c.Count, err
	}
	return 0, b.errf(c.ControlPos(), "%T is not supported in static control", c)
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
	}
	return b.errf(c.ControlPos(), "%T is not supported in static control", c)
}
