package sv

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// guard renders a guard as a SystemVerilog condition; nil is "" (true).
// gi is the enclosing group (for static timing guards), nil in wires.
func (b *builder) guard(g calyx.Guard, gi *groupInfo) (string, error) {
	switch g := g.(type) {
	case nil:
		return "", nil
	case *calyx.GuardAtom:
		e, w, err := b.atom(g.Atom)
		if err != nil {
			return "", err
		}
		if w != 1 {
			return "", fmt.Errorf("guard %s is %d bits wide, not 1", e, w)
		}
		return e, nil
	case *calyx.GuardNot:
		x, err := b.guard(g.X, gi)
		if err != nil {
			return "", err
		}
		return "!" + paren(x), nil
	case *calyx.GuardAnd:
		return b.binGuard(g.L, g.R, "&&", gi)
	case *calyx.GuardOr:
		return b.binGuard(g.L, g.R, "||", gi)
	case *calyx.GuardCmp:
		l, lw, err := b.atom(g.L)
		if err != nil {
			return "", err
		}
		r, rw, err := b.atom(g.R)
		if err != nil {
			return "", err
		}
		if lw != rw {
			return "", fmt.Errorf("comparison of %d-bit %s with %d-bit %s", lw, l, rw, r)
		}
		return fmt.Sprintf("(%s %s %s)", l, g.Op, r), nil
	case *calyx.GuardTime:
		if gi == nil || gi.cnt == nil {
			return "", fmt.Errorf("timing guard %%[%d:%d] outside a static group", g.Start, g.End)
		}
		return timeGuard(gi, g.Start, g.End), nil
	}
	return "", fmt.Errorf("unknown guard expression")
}

func (b *builder) binGuard(l, r calyx.Guard, op string, gi *groupInfo) (string, error) {
	x, err := b.guard(l, gi)
	if err != nil {
		return "", err
	}
	y, err := b.guard(r, gi)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("(%s %s %s)", x, op, y), nil
}

// timeGuard is true in cycles [start, end) of a static group.
func timeGuard(gi *groupInfo, start, end uint64) string {
	n := gi.g.Latency
	c := gi.cnt.name
	w := gi.cntW
	switch {
	case start >= end || start >= n:
		return "1'b0"
	case start == 0 && end >= n:
		return "1'b1" // every cycle: the counter is not read
	}
	gi.cnt.read = true
	switch {
	case end == start+1:
		return fmt.Sprintf("(%s == %d'd%d)", c, w, start)
	case start == 0:
		return fmt.Sprintf("(%s < %d'd%d)", c, w, end)
	case end >= n:
		return fmt.Sprintf("(%s >= %d'd%d)", c, w, start)
	}
	return fmt.Sprintf("(%s >= %d'd%d && %s < %d'd%d)", c, w, start, c, w, end)
}
