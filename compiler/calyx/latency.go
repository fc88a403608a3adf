package calyx

import "fmt"

// ControlLatency returns the number of cycles static control c takes in
// component comp, with upstream Calyx's rules: a static group its latency,
// `static invoke` the invoked cell's static latency (timing gives it for a
// cell name), seq the sum, par the maximum, if the maximum of its branches,
// repeat n times its body, an empty statement 0. A latency written on a
// statement (`static<n> seq`) must match. Dynamic groups, `while`, dynamic
// invokes and comb groups are errors: they have no fixed latency. Errors are
// *Error values without a file name.
func ControlLatency(comp *Component, c Control, timing func(cell string) Timing) (uint64, error) {
	written := func(pos Pos, kind string, n, got uint64) error {
		if n != 0 && n != got {
			return &Error{Pos: pos, Msg: fmt.Sprintf("static<%d> %s takes %d cycles, not %d", n, kind, got, n)}
		}
		return nil
	}
	switch c := c.(type) {
	case nil, *Empty:
		return 0, nil
	case *Enable:
		g := comp.Group(c.Group)
		switch {
		case g == nil:
			return 0, &Error{Pos: c.Pos, Msg: fmt.Sprintf("undefined group %s", c.Group)}
		case g.Kind != GroupStatic:
			return 0, &Error{Pos: c.Pos, Msg: fmt.Sprintf("group %s is not static but is enabled in static control", c.Group)}
		}
		return g.Latency, nil
	case *Seq:
		var sum uint64
		for _, s := range c.Stmts {
			l, err := ControlLatency(comp, s, timing)
			if err != nil {
				return 0, err
			}
			sum += l
		}
		return sum, written(c.Pos, "seq", c.Latency, sum)
	case *Par:
		var m uint64
		for _, s := range c.Stmts {
			l, err := ControlLatency(comp, s, timing)
			if err != nil {
				return 0, err
			}
			m = max(m, l)
		}
		return m, written(c.Pos, "par", c.Latency, m)
	case *If:
		lt, err := ControlLatency(comp, c.Then, timing)
		if err != nil {
			return 0, err
		}
		le, err := ControlLatency(comp, c.Else, timing)
		if err != nil {
			return 0, err
		}
		return max(lt, le), written(c.Pos, "if", c.Latency, max(lt, le))
	case *Repeat:
		l, err := ControlLatency(comp, c.Body, timing)
		return l * c.Count, err
	case *Invoke:
		cell := comp.Cell(c.Cell)
		if cell == nil {
			return 0, &Error{Pos: c.Pos, Msg: fmt.Sprintf("invoke of undefined cell %s", c.Cell)}
		}
		t := timing(c.Cell)
		if msg := InvokeError(c, cell.Proto, t, true); msg != "" {
			return 0, &Error{Pos: c.Pos, Msg: msg}
		}
		return t.StaticLatency(), nil
	case *While:
		return 0, &Error{Pos: c.Pos, Msg: "`while` inside static control"}
	}
	return 0, &Error{Pos: c.ControlPos(), Msg: "unknown control statement in static control"}
}
