package sv

import (
	"sort"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// The static par-conflict analysis: two arms of a par that provably drive
// one port with different values in the same cycle are rejected at compile
// time (the simulation check in driverChecks catches the conflicts it
// cannot prove).
//
// It follows the cycle behaviour documented in doc.go. All arms of a par
// start in the same cycle; from there each arm's timeline is known as long
// as its statements have a fixed duration: a static group or static island
// of latency n is active in cycles [t, t+n) and done in cycle t+n, an empty
// statement is done in the cycle it starts, and a seq starts each child in
// the cycle after the previous one is done. A dynamic group, an invoke, or
// the condition check of an if or while is known to be active in the cycle
// it starts (assuming its done condition is not already high then: a group
// that finishes in zero cycles is not a meaningful Calyx group), after
// which the arm's timing is unknown and the analysis of that arm stops.
// Only unguarded assignments (and, in static groups, assignments guarded by
// timing guards alone) count as definite. Inside static control the
// schedule is exact, except that the branch of a static if is unknown.
// A conflict is proven when the two writes assign different constants; two
// writes of ports may agree at run time (the lowering's parallel arms read
// one memory word through one address each), which the simulation check
// verifies.

// activity is a set of ports surely driven in every cycle of [from, to).
type activity struct {
	from, to uint64
	origin   string      // "group g", "comb group g", "invoke of c"
	writes   []portWrite // ports driven, in source order
}

// portWrite is one port driven by an activity, with its source.
type portWrite struct {
	port  string
	konst bool   // the source is a constant
	value uint64 // its value
	text  string // the constant as written
	pos   calyx.Pos
}

// writeOf is a write of port from source src at pos.
func writeOf(port string, src calyx.Atom, pos calyx.Pos) portWrite {
	return portWrite{port: port, konst: src.IsConst, value: src.Const.Value, text: src.Const.String(), pos: pos}
}

// maxActivities bounds the timeline of one par arm (static repeats unroll).
const maxActivities = 4096

// parChecker runs the analysis over one component.
type parChecker struct {
	b *builder
}

// checkPars reports the first provable conflict between two arms of a par.
func (b *builder) checkPars() error {
	pc := &parChecker{b: b}
	return pc.walk(b.comp.Control, false)
}

// walk visits every par in c (static says c is inside static control).
func (pc *parChecker) walk(c calyx.Control, static bool) error {
	switch c := c.(type) {
	case *calyx.Seq:
		for _, s := range c.Stmts {
			if err := pc.walk(s, static || c.Static); err != nil {
				return err
			}
		}
	case *calyx.Par:
		st := static || c.Static
		var arms [][]activity
		for _, s := range c.Stmts {
			var acts []activity
			if st {
				acts = pc.static(s, 0, nil)
			} else {
				acts, _, _ = pc.timeline(s, 0, nil)
			}
			arms = append(arms, acts)
		}
		if err := pc.conflicts(c, arms); err != nil {
			return err
		}
		for _, s := range c.Stmts {
			if err := pc.walk(s, st); err != nil {
				return err
			}
		}
	case *calyx.If:
		if err := pc.walk(c.Then, static || c.Static); err != nil {
			return err
		}
		return pc.walk(c.Else, static || c.Static)
	case *calyx.While:
		return pc.walk(c.Body, static)
	case *calyx.Repeat:
		return pc.walk(c.Body, static || c.Static)
	}
	return nil
}

// conflicts reports two activities of different arms that overlap in time
// and drive a common port.
func (pc *parChecker) conflicts(p *calyx.Par, arms [][]activity) error {
	for i := range arms {
		for j := i + 1; j < len(arms); j++ {
			for _, a := range arms[i] {
				for _, x := range arms[j] {
					if max(a.from, x.from) >= min(a.to, x.to) {
						continue
					}
					for _, wa := range a.writes {
						for _, wx := range x.writes {
							if wa.port == wx.port && wa.konst && wx.konst && wa.value != wx.value {
								return pc.b.errf(wx.pos, "par at %s: port %s is driven with different values in the same cycle (cycle %d of the par): %s by %s (arm %d, at %s) and %s by %s (arm %d, at %s); Calyx gives such parallel writes no meaning",
									p.Pos, wa.port, max(a.from, x.from), wa.text, a.origin, i+1, wa.pos, wx.text, x.origin, j+1, wx.pos)
							}
						}
					}
				}
			}
		}
	}
	return nil
}

// timeline returns what dynamic statement c surely does when it starts in
// cycle t0, the cycle in which it is done, and whether that cycle is known.
func (pc *parChecker) timeline(c calyx.Control, t0 uint64, acts []activity) ([]activity, uint64, bool) {
	if len(acts) > maxActivities {
		return acts, 0, false
	}
	if c != nil {
		if _, ok := c.ControlAttrs().Get("sync"); ok {
			return acts, 0, false
		}
	}
	if isStatic(c) {
		l, err := pc.b.latency(c)
		if err != nil {
			return acts, 0, false
		}
		return pc.static(c, t0, acts), t0 + l, true
	}
	switch c := c.(type) {
	case nil, *calyx.Empty:
		return acts, t0, true
	case *calyx.Enable:
		g := pc.b.comp.Group(c.Group)
		if g == nil {
			return acts, 0, false
		}
		switch g.Kind {
		case calyx.GroupPlain:
			return append(acts, groupActivity(g, t0, t0+1, "group")...), 0, false
		case calyx.GroupStatic:
			return append(acts, groupActivity(g, t0, t0+g.Latency, "group")...), t0 + g.Latency, true
		}
		return acts, 0, false
	case *calyx.Seq:
		if len(c.Stmts) == 0 {
			return acts, t0, true
		}
		t := t0
		var done uint64
		for _, s := range c.Stmts {
			var known bool
			acts, done, known = pc.timeline(s, t, acts)
			if !known {
				return acts, 0, false
			}
			t = done + 1
		}
		return acts, done, true
	case *calyx.Par:
		if len(c.Stmts) == 0 {
			return acts, t0, true
		}
		var done uint64
		all := true
		for _, s := range c.Stmts {
			var d uint64
			var known bool
			acts, d, known = pc.timeline(s, t0, acts)
			all = all && known
			done = max(done, d)
		}
		return acts, done, all
	case *calyx.If:
		return pc.withGroup(c.With, t0, acts), 0, false
	case *calyx.While:
		return pc.withGroup(c.With, t0, acts), 0, false
	case *calyx.Repeat:
		switch c.Count {
		case 0:
			return acts, t0, true
		case 1:
			return pc.timeline(c.Body, t0, acts)
		}
		acts, _, _ = pc.timeline(c.Body, t0, acts) // the first iteration
		return acts, 0, false
	case *calyx.Invoke:
		acts = pc.withGroup(c.With, t0, acts)
		return append(acts, pc.invokeActivity(c, t0, t0+1, t0+1)...), 0, false
	}
	return acts, 0, false
}

// static returns what static control c surely does when it starts in cycle t0.
func (pc *parChecker) static(c calyx.Control, t0 uint64, acts []activity) []activity {
	if len(acts) > maxActivities {
		return acts
	}
	switch c := c.(type) {
	case *calyx.Enable:
		if g := pc.b.comp.Group(c.Group); g != nil && g.Kind == calyx.GroupStatic {
			acts = append(acts, groupActivity(g, t0, t0+g.Latency, "group")...)
		}
	case *calyx.Seq:
		t := t0
		for _, s := range c.Stmts {
			l, err := pc.b.latency(s)
			if err != nil {
				return acts
			}
			acts = pc.static(s, t, acts)
			t += l
		}
	case *calyx.Par:
		for _, s := range c.Stmts {
			acts = pc.static(s, t0, acts)
		}
	case *calyx.Repeat:
		l, err := pc.b.latency(c.Body)
		if err != nil {
			return acts
		}
		for k := uint64(0); k < c.Count && len(acts) <= maxActivities; k++ {
			acts = pc.static(c.Body, t0+k*l, acts)
		}
	case *calyx.Invoke:
		l, err := pc.b.latency(c)
		if err != nil || l == 0 {
			return acts
		}
		goEnd := t0 + l
		if pc.b.timing(c.Cell).Latency > 0 {
			goEnd = t0 + 1 // a static component gets go in its first cycle only
		}
		if g := pc.b.comp.Group(c.With); g != nil {
			acts = append(acts, groupActivity(g, t0, t0+l, "comb group")...)
		}
		acts = append(acts, pc.invokeActivity(c, t0, t0+l, goEnd)...)
	}
	// a static if: which branch runs is not known at compile time
	return acts
}

// withGroup adds the activity of an if's, while's or invoke's comb group in
// the cycle the statement starts.
func (pc *parChecker) withGroup(name string, t0 uint64, acts []activity) []activity {
	if g := pc.b.comp.Group(name); g != nil && g.Kind == calyx.GroupComb {
		acts = append(acts, groupActivity(g, t0, t0+1, "comb group")...)
	}
	return acts
}

// groupActivity lists the definite writes of group g running in [from, to):
// unguarded assignments for the whole interval and, in a static group,
// assignments guarded by timing guards only, in the cycles they name. One
// activity is returned per distinct interval.
func groupActivity(g *calyx.Group, from, to uint64, kind string) []activity {
	byIv := map[[2]uint64]*activity{}
	var order [][2]uint64
	for _, a := range g.Assigns {
		if a.Dst.Hole {
			continue
		}
		lo, hi, ok := uint64(0), to-from, true
		if a.Guard != nil {
			if g.Kind != calyx.GroupStatic {
				continue
			}
			lo, hi, ok = timeOnly(a.Guard, to-from)
		}
		if !ok || lo >= hi {
			continue
		}
		k := [2]uint64{from + lo, from + hi}
		if byIv[k] == nil {
			byIv[k] = &activity{from: k[0], to: k[1], origin: kind + " " + g.Name}
			order = append(order, k)
		}
		byIv[k].writes = append(byIv[k].writes, writeOf(a.Dst.String(), a.Src, a.Pos))
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i][0] < order[j][0] })
	var out []activity
	for _, k := range order {
		out = append(out, *byIv[k])
	}
	return out
}

// timeOnly returns the cycles [lo, hi) (of a group of length n) in which a
// guard made only of timing guards and conjunctions is surely true.
func timeOnly(g calyx.Guard, n uint64) (lo, hi uint64, ok bool) {
	switch g := g.(type) {
	case *calyx.GuardTime:
		return g.Start, min(g.End, n), true
	case *calyx.GuardAnd:
		l1, h1, ok1 := timeOnly(g.L, n)
		l2, h2, ok2 := timeOnly(g.R, n)
		return max(l1, l2), min(h1, h2), ok1 && ok2
	}
	return 0, 0, false
}

// invokeActivity lists the ports an invoke drives: the cell's go port in
// [from, goEnd), its inputs and the ports its outputs are bound to in [from, to).
func (pc *parChecker) invokeActivity(c *calyx.Invoke, from, to, goEnd uint64) []activity {
	origin := "invoke of " + c.Cell
	act := activity{from: from, to: to, origin: origin}
	for _, a := range c.Inputs {
		act.writes = append(act.writes, writeOf(c.Cell+"."+a.Port, a.Arg, a.Pos))
	}
	for _, a := range c.Outputs {
		if !a.Arg.IsConst {
			act.writes = append(act.writes, portWrite{port: a.Arg.Port.String(), pos: a.Pos})
		}
	}
	out := []activity{act}
	if _, _, goPort, _, _, err := pc.b.invokeTarget(c); err == nil && goPort != "" {
		out = append(out, activity{from: from, to: goEnd, origin: origin, writes: []portWrite{{port: c.Cell + "." + goPort, konst: true, value: 1, text: "1", pos: c.Pos}}})
	}
	return out
}
