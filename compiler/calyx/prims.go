package calyx

import (
	"fmt"
	"strconv"
	"strings"
)

// PrimSig is the signature of a library primitive: its parameters and its
// ports, whose widths are constants or parameter names.
type PrimSig struct {
	Name    string     // primitive name, e.g. std_reg
	Import  string     // file a program imports to use it, e.g. primitives/core.futil
	File    string     // file that declares it (core.futil gets compile.futil's by importing it)
	Comb    bool       // combinational (`comb primitive`)
	Latency uint64     // n of `static<n> primitive`; 0 when not static
	Attrs   Attrs      // `<"share"=1>` style attributes
	Params  []string   // parameter names, in cell-argument order
	Inputs  []PrimPort // input ports
	Outputs []PrimPort // output ports
}

// PrimPort is a port of a primitive signature.
type PrimPort struct {
	Name  string // port name
	Width string // a parameter name or a decimal width
	Attrs Attrs  // `@go`, `@done`, `@clk`, `@reset`, `@data`, ...
}

// CellPort is a port of an instantiated cell with its width resolved.
type CellPort struct {
	Name  string // port name
	Width uint64 // resolved width in bits
	Input bool   // the cell reads this port (it is driven from outside)
	Attrs Attrs  // attributes from the signature
}

// LookupPrim returns the signature of a library primitive.
func LookupPrim(name string) (*PrimSig, bool) {
	s, ok := primIndex[name]
	return s, ok
}

// Prims returns the signatures of upstream Calyx's primitive library that
// the compiler knows, in table order (the float units last).
func Prims() []*PrimSig { return append(append([]*PrimSig(nil), primTable...), floatPrimTable...) }

// Sequential reports whether the primitive is clocked (has a @clk or @go port).
func (s *PrimSig) Sequential() bool {
	for _, p := range s.Inputs {
		if p.Attrs.Has(AttrClk) || p.Attrs.Has(AttrGo) {
			return true
		}
	}
	return false
}

// Instantiate resolves the port widths for the given parameter values.
func (s *PrimSig) Instantiate(params []uint64) ([]CellPort, error) {
	if len(params) != len(s.Params) {
		return nil, fmt.Errorf("%s takes %d parameters (%s), got %d", s.Name, len(s.Params), joinStrings(s.Params), len(params))
	}
	env := make(map[string]uint64, len(params))
	for i, n := range s.Params {
		env[n] = params[i]
	}
	var out []CellPort
	for _, list := range []struct {
		ports []PrimPort
		input bool
	}{{s.Inputs, true}, {s.Outputs, false}} {
		for _, p := range list.ports {
			w, err := resolveWidth(p.Width, env)
			if err != nil {
				return nil, fmt.Errorf("%s port %s: %v", s.Name, p.Name, err)
			}
			out = append(out, CellPort{Name: p.Name, Width: w, Input: list.input, Attrs: p.Attrs})
		}
	}
	return out, nil
}

func resolveWidth(w string, env map[string]uint64) (uint64, error) {
	if v, err := strconv.ParseUint(w, 10, 64); err == nil {
		return v, nil
	}
	if v, ok := env[w]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("unknown width parameter %q", w)
}

func joinStrings(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// SigOfPrimitive converts a primitive declared in a program into a PrimSig.
func SigOfPrimitive(pr *Primitive, importPath string) *PrimSig {
	s := &PrimSig{Name: pr.Name, Import: importPath, Comb: pr.Comb, Latency: pr.Latency, Attrs: pr.Attrs, Params: pr.Params}
	conv := func(ps []*PortDef) []PrimPort {
		var out []PrimPort
		for _, p := range ps {
			w := p.WidthParam
			if w == "" {
				w = strconv.FormatUint(p.Width, 10)
			}
			out = append(out, PrimPort{Name: p.Name, Width: w, Attrs: p.Attrs})
		}
		return out
	}
	s.Inputs, s.Outputs = conv(pr.Inputs), conv(pr.Outputs)
	return s
}

// CellPorts resolves the ports of a cell: an instance of a component of prog,
// of a primitive declared in prog, or of a library primitive (in that order).
// prog may be nil.
func CellPorts(prog *Program, c *Cell) ([]CellPort, error) {
	params := c.Params
	if c.Proto == "std_float_const" {
		params = append(append([]uint64(nil), c.Params...), 0) // VALUE is the float literal
	}
	if prog != nil {
		if comp := prog.Component(c.Proto); comp != nil {
			if len(c.Params) != 0 {
				return nil, fmt.Errorf("component %s takes no parameters, got %d", c.Proto, len(c.Params))
			}
			in, out := comp.Signature()
			var ports []CellPort
			for _, p := range in {
				ports = append(ports, CellPort{Name: p.Name, Width: p.Width, Input: true, Attrs: p.Attrs})
			}
			for _, p := range out {
				ports = append(ports, CellPort{Name: p.Name, Width: p.Width, Input: false, Attrs: p.Attrs})
			}
			return ports, nil
		}
		if pr := prog.Primitive(c.Proto); pr != nil {
			return SigOfPrimitive(pr, "").Instantiate(params)
		}
	}
	s, ok := LookupPrim(c.Proto)
	if !ok {
		return nil, fmt.Errorf("unknown primitive or component %q", c.Proto)
	}
	return s.Instantiate(params)
}

// primImports lists, for upstream library files, the library files they
// import (transitively), so that importing one provides the others' primitives.
var primImports = map[string][]string{
	"primitives/core.futil": {"primitives/compile.futil"},
	"primitives/tcam.futil": {"primitives/core.futil", "primitives/compile.futil"},
	"primitives/math.futil": {"primitives/core.futil", "primitives/compile.futil", "primitives/binary_operators.futil"},
}

// Provides reports whether importing the file imp (as written in an import
// statement, matched by its primitives/... suffix) makes the library file
// lib available, directly or through the imports of the upstream library.
func Provides(imp, lib string) bool {
	match := func(a, b string) bool {
		return a == b || strings.HasSuffix(a, "/"+b) || strings.HasSuffix(b, "/"+a)
	}
	if match(imp, lib) {
		return true
	}
	for f, deps := range primImports {
		if match(imp, f) {
			for _, d := range deps {
				if d == lib {
					return true
				}
			}
		}
	}
	return false
}

var primIndex = func() map[string]*PrimSig {
	m := make(map[string]*PrimSig, len(primTable))
	for _, t := range [][]*PrimSig{primTable, floatPrimTable} {
		for _, s := range t {
			m[s.Name] = s
		}
	}
	registerAccelPrims(m)
	return m
}()

// GoInterval returns n of an `@interval(n)` attribute on the primitive's
// @go input (it accepts a new go every n cycles and takes n cycles when
// statically invoked), or 0.
func (s *PrimSig) GoInterval() uint64 {
	for _, p := range s.Inputs {
		if p.Attrs.Has(AttrGo) {
			n, _ := p.Attrs.Get(AttrInterval)
			return n
		}
	}
	return 0
}

// Timing is how a cell can be invoked: Latency is n of a `static<n>`
// component or primitive (it must be invoked with `static invoke`, and runs
// exactly n cycles from the cycle its go is high); Interval is n of an
// `@interval(n)` attribute on its @go port (it may be invoked either way; a
// `static invoke` holds go for n cycles). Both are 0 for a cell that can only
// be invoked dynamically.
type Timing struct {
	Latency  uint64
	Interval uint64
}

// StaticLatency is the number of cycles a `static invoke` of the cell takes:
// Latency, else Interval; 0 if it cannot be statically invoked.
func (t Timing) StaticLatency() uint64 {
	if t.Latency > 0 {
		return t.Latency
	}
	return t.Interval
}

// TimingOf returns the invoke timing of a cell prototype: a component of
// prog, a primitive declared in prog or a library primitive (prog may be nil).
func TimingOf(prog *Program, proto string) Timing {
	if prog != nil {
		if comp := prog.Component(proto); comp != nil {
			in, _ := comp.Signature()
			var iv uint64
			for _, p := range in {
				if p.Attrs.Has(AttrGo) {
					iv, _ = p.Attrs.Get(AttrInterval)
					break
				}
			}
			return Timing{Latency: comp.Latency, Interval: iv}
		}
		if pr := prog.Primitive(proto); pr != nil {
			s := SigOfPrimitive(pr, "")
			return Timing{Latency: s.Latency, Interval: s.GoInterval()}
		}
	}
	if s, ok := LookupPrim(proto); ok {
		return Timing{Latency: s.Latency, Interval: s.GoInterval()}
	}
	return Timing{}
}

// InvokeError checks that an invoke matches the invoked cell's timing, with
// upstream Calyx's rules: a static<n> component or primitive must be invoked
// with `static invoke` (a dynamic invoke of it is an error), a `static
// invoke` needs a static cell or one with @interval on its go port, and a
// written `static<n> invoke` latency must equal the cell's. inStatic says
// the invoke sits in static control, where only `static invoke` may appear.
// It returns "" when the invoke is fine.
func InvokeError(s *Invoke, proto string, t Timing, inStatic bool) string {
	switch {
	case !s.Static && t.Latency > 0:
		return fmt.Sprintf("%s is a static<%d> %s and is dynamically invoked; a static component must be invoked with `static invoke %s(...)(...)`",
			s.Cell, t.Latency, proto, s.Cell)
	case !s.Static && inStatic:
		return fmt.Sprintf("dynamic `invoke %s` inside static control; only `static invoke` may appear there", s.Cell)
	case s.Static && t.StaticLatency() == 0:
		return fmt.Sprintf("%s (%s) is statically invoked, but it is neither a static component nor has an @interval attribute on its @go port", s.Cell, proto)
	case s.Static && s.Latency != 0 && s.Latency != t.StaticLatency():
		return fmt.Sprintf("static<%d> invoke of %s, whose latency is %d cycles", s.Latency, s.Cell, t.StaticLatency())
	}
	return ""
}
