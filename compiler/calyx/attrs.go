package calyx

// Well-known attribute names (upstream calyx/frontend/src/attribute.rs).
const (
	AttrGo         = "go"             // port: the go signal of the interface
	AttrDone       = "done"           // port: the done signal of the interface
	AttrClk        = "clk"            // port: the clock
	AttrReset      = "reset"          // port: the reset
	AttrData       = "data"           // port or cell: carries data only
	AttrExternal   = "external"       // cell: memory visible to the test harness
	AttrInterval   = "interval"       // port: initiation interval
	AttrStatic     = "static"         // latency annotation
	AttrBound      = "bound"          // while: iteration bound
	AttrToplevel   = "toplevel"       // component: the entry point
	AttrNoIface    = "nointerface"    // component: no implicit go/done/clk/reset
	AttrPromotable = "promotable"     // control or group: latency if promoted to static
	AttrStable     = "stable"         // port: value holds after done
	AttrWriteTgthr = "write_together" // port: written together with others of the same group
	AttrReadTgthr  = "read_together"  // port: read together with others of the same group
)

// Get returns the value of the named attribute and whether it is present.
func (a Attrs) Get(name string) (uint64, bool) {
	for _, at := range a {
		if at.Name == name {
			return at.Value, true
		}
	}
	return 0, false
}

// Has reports whether the named attribute is present.
func (a Attrs) Has(name string) bool {
	_, ok := a.Get(name)
	return ok
}

// With returns a copy of a with the named attribute set to v (replacing an existing one).
func (a Attrs) With(name string, v uint64) Attrs {
	out := make(Attrs, 0, len(a)+1)
	done := false
	for _, at := range a {
		if at.Name == name {
			if !done {
				out = append(out, Attr{Name: name, Value: v, Pos: at.Pos})
				done = true
			}
			continue
		}
		out = append(out, at)
	}
	if !done {
		out = append(out, Attr{Name: name, Value: v})
	}
	return out
}

// Without returns a copy of a without the named attribute.
func (a Attrs) Without(name string) Attrs {
	var out Attrs
	for _, at := range a {
		if at.Name != name {
			out = append(out, at)
		}
	}
	return out
}

// interfacePorts are the ports upstream Calyx adds to every non-comb component
// lacking them, in upstream order.
var interfacePorts = []struct {
	attr  string
	input bool
}{
	{AttrGo, true},
	{AttrClk, true},
	{AttrReset, true},
	{AttrDone, false},
}

// Signature returns the component's full input and output ports, adding the
// implicit `@go go`, `@clk clk`, `@reset reset` inputs and `@done done` output
// that upstream Calyx adds to a non-comb component without `<"nointerface"=1>`
// when no port carries that attribute. The returned PortDefs for written ports
// are the component's own.
func (c *Component) Signature() (inputs, outputs []*PortDef) {
	inputs = append(inputs, c.Inputs...)
	outputs = append(outputs, c.Outputs...)
	if c.Comb || c.Attrs.Has(AttrNoIface) {
		return inputs, outputs
	}
	used := map[string]bool{}
	for _, p := range inputs {
		used[p.Name] = true
	}
	for _, p := range outputs {
		used[p.Name] = true
	}
	for _, ip := range interfacePorts {
		has := false
		for _, p := range append(append([]*PortDef(nil), inputs...), outputs...) {
			if p.Attrs.Has(ip.attr) {
				has = true
				break
			}
		}
		if has {
			continue
		}
		name := ip.attr
		for i := 0; used[name]; i++ {
			name = ip.attr + itoa(uint64(i))
		}
		used[name] = true
		pd := &PortDef{Name: name, Width: 1, Attrs: Attrs{{Name: ip.attr, Value: 1}}}
		if ip.input {
			inputs = append(inputs, pd)
		} else {
			outputs = append(outputs, pd)
		}
	}
	return inputs, outputs
}

// Port looks up a port of the component's full signature (see Signature) and
// reports whether it is an input.
func (c *Component) Port(name string) (pd *PortDef, input bool, ok bool) {
	in, out := c.Signature()
	for _, p := range in {
		if p.Name == name {
			return p, true, true
		}
	}
	for _, p := range out {
		if p.Name == name {
			return p, false, true
		}
	}
	return nil, false, false
}

// Cell returns the named cell or nil.
func (c *Component) Cell(name string) *Cell {
	for _, x := range c.Cells {
		if x.Name == name {
			return x
		}
	}
	return nil
}

// Group returns the named group (of any kind) or nil.
func (c *Component) Group(name string) *Group {
	for _, g := range c.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// Component returns the named component or nil.
func (p *Program) Component(name string) *Component {
	for _, c := range p.Components {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Primitive returns a primitive declared in the program itself (extern or inline) or nil.
func (p *Program) Primitive(name string) *Primitive {
	for _, e := range p.Externs {
		for _, pr := range e.Prims {
			if pr.Name == name {
				return pr
			}
		}
	}
	for _, pr := range p.Prims {
		if pr.Name == name {
			return pr
		}
	}
	return nil
}

func itoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}
