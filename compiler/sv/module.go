package sv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// sig is one SystemVerilog signal of a module.
type sig struct {
	name   string
	width  uint64
	local  bool   // declared inside the module (not a port)
	driven bool   // this module drives it (needs a multiplexer or a tie-off)
	read   bool   // something in the module reads it
	fixed  bool   // driven by a dedicated assign (control logic), not a mux
	port   string // the Calyx port it stands for (`r.in`, `out`, `g[done]`), for messages
}

// driver is one guarded assignment to a signal.
type driver struct {
	guard     string // SystemVerilog condition; "" is always
	src       string // SystemVerilog expression
	origin    string // "wires", a group name, or an invoke
	unguarded bool   // the Calyx assignment had no guard
	pos       calyx.Pos
}

// groupInfo is the state of one group.
type groupInfo struct {
	g       *calyx.Group
	goSig   *sig     // g[go]: the group's assignments are active
	doneSig *sig     // g[done]; nil for comb and static groups
	terms   []string // enabling conditions from control
	cnt     *sig     // cycle counter of a static group
	cntW    uint64
	fin     *sig // a static group's run ended in the previous cycle
	island  []islandRun
}

// builder compiles one component into one module.
type builder struct {
	c      *compiler
	comp   *calyx.Component
	ifc    *iface
	nm     *namer
	ports  map[string]map[string]*sig // cell ("" = component) -> port -> signal
	groups map[string]*groupInfo
	sigs   []*sig // every signal in declaration order
	drv    map[*sig][]driver
	dsts   []*sig // driven signals in first-driver order

	insts strings.Builder // cell instances
	ctrl  strings.Builder // control declarations and logic
	decls strings.Builder // control declarations
	clk   string
	reset string
	nodes int
	pars  []*parCtx // enclosing par statements, innermost last
}

func newBuilder(c *compiler, comp *calyx.Component) *builder {
	ifc := c.ifaces[comp.Name]
	b := &builder{c: c, comp: comp, ifc: ifc, nm: newNamer(), ports: map[string]map[string]*sig{}, groups: map[string]*groupInfo{}, drv: map[*sig][]driver{}}
	for n := range ifc.nm.used {
		b.nm.reserve(n)
	}
	return b
}

// errf returns an error at pos in the component, formatted
// "file:line:col: component c: msg" (the file and position when known).
func (b *builder) errf(pos calyx.Pos, format string, a ...any) error {
	return compErr(b.c.prog, b.comp, pos, format, a...)
}

// compErr is a positioned error in component comp.
func compErr(prog *calyx.Program, comp *calyx.Component, pos calyx.Pos, format string, a ...any) error {
	file := comp.File
	if file == "" {
		file = prog.File
	}
	return &calyx.Error{File: file, Pos: pos, Msg: "component " + comp.Name + ": " + fmt.Sprintf(format, a...)}
}

func (b *builder) newSig(name string, width uint64, local bool) *sig {
	s := &sig{name: name, width: width, local: local}
	b.sigs = append(b.sigs, s)
	return s
}

// local declares a fresh local signal.
func (b *builder) local(base string, width uint64) *sig {
	return b.newSig(b.nm.fresh(base), width, true)
}

func (b *builder) build() (string, error) {
	own := map[string]*sig{}
	for _, p := range b.ifc.ports {
		s := b.newSig(p.sv, p.width, false)
		s.port = p.calyx
		if p.refOf != "" {
			s.port = p.refOf + "." + p.calyx
		}
		if p.refOf != "" {
			if b.ports[p.refOf] == nil {
				b.ports[p.refOf] = map[string]*sig{}
			}
			b.ports[p.refOf][p.calyx] = s
		} else {
			own[p.calyx] = s
		}
		s.driven = !p.input
	}
	b.ports[""] = own
	if b.ifc.clkPort != "" {
		b.clk = own[b.ifc.clkPort].name
	}
	if b.ifc.resetPort != "" {
		b.reset = own[b.ifc.resetPort].name
	}
	if err := b.cells(); err != nil {
		return "", err
	}
	if err := b.declareGroups(); err != nil {
		return "", err
	}
	if err := b.assignments(); err != nil {
		return "", err
	}
	if err := b.checkPars(); err != nil {
		return "", err
	}
	if err := b.control(); err != nil {
		return "", err
	}
	return b.emit()
}

// cells declares each cell's port signals and writes its instance.
func (b *builder) cells() error {
	for _, cell := range b.comp.Cells {
		if cell.Ref {
			continue
		}
		if b.ports[cell.Name] != nil {
			return b.errf(cell.Pos, "cell %s declared twice", cell.Name)
		}
		b.ifc.instances[cell.Name] = b.nm.freshAvoiding(cell.Name, b.c.declared(cell.Proto))
	}
	for _, cell := range b.comp.Cells {
		if cell.Ref {
			continue
		}
		if err := b.cell(cell); err != nil {
			var pe *calyx.Error
			if errors.As(err, &pe) {
				return err
			}
			return b.errf(cell.Pos, "cell %s: %v", cell.Name, err)
		}
	}
	return nil
}

func (b *builder) cell(cell *calyx.Cell) error {
	ports, err := cellPorts(b.c.prog, cell)
	if err != nil {
		return err
	}
	sub := b.c.ifaces[cell.Proto]
	var params []string
	module := primModule(cell.Proto)
	if sub != nil {
		module = sub.module
	} else {
		if !HasPrimitive(cell.Proto) {
			return fmt.Errorf("primitive %s has no SystemVerilog implementation in the library", cell.Proto)
		}
		if msg := calyx.ConstCellError(cell); msg != "" {
			return b.errf(cell.Pos, "%s", msg)
		}
		b.c.used[module] = true
		sig, ok := lookupPrim(b.c.prog, cell.Proto)
		if !ok {
			return fmt.Errorf("unknown primitive %s", cell.Proto)
		}
		if err := checkFloatFormat(cell, sig); err != nil {
			return err
		}
		if cell.Proto == "std_float_const" {
			// VALUE is the literal's bit pattern, not an integer parameter.
			if params, err = floatConstParams(cell); err != nil {
				return err
			}
		} else {
			for i, p := range sig.Params {
				v := fmt.Sprint(cell.Params[i])
				if p == "VALUE" && cell.Proto == "std_const" {
					v = fmt.Sprintf("%d'd%d", cell.Params[0], cell.Params[i])
				}
				params = append(params, fmt.Sprintf(".%s(%s)", p, v))
			}
		}
	}
	m := map[string]*sig{}
	var conns []string
	for _, p := range ports {
		if p.Attrs.Has(calyx.AttrClk) || p.Attrs.Has(calyx.AttrReset) {
			src := b.clk
			if p.Attrs.Has(calyx.AttrReset) {
				src = b.reset
			}
			if src == "" {
				return fmt.Errorf("needs a clock and reset but component %s has none", b.comp.Name)
			}
			b.clkReset(p.Attrs.Has(calyx.AttrReset)).read = true
			conns = append(conns, fmt.Sprintf(".%s(%s)", p.Name, src))
			continue
		}
		s := b.newSig(b.nm.fresh(cell.Name+"_"+p.Name), p.Width, true)
		s.port = cell.Name + "." + p.Name
		s.driven = p.Input
		s.read = p.Input
		m[p.Name] = s
		conns = append(conns, fmt.Sprintf(".%s(%s)", p.Name, s.name))
	}
	if sub != nil {
		// Ref ports of the sub-component become plain signals bound by invoke.
		for _, ip := range sub.ports {
			if ip.refOf == "" {
				continue
			}
			s := b.newSig(b.nm.fresh(cell.Name+"_"+ip.sv), ip.width, true)
			s.port = cell.Name + "." + ip.calyx
			s.driven = ip.input
			s.read = ip.input
			m[refKey(ip.refOf, ip.calyx)] = s
			conns = append(conns, fmt.Sprintf(".%s(%s)", ip.sv, s.name))
		}
	}
	b.ports[cell.Name] = m
	w := &b.insts
	fmt.Fprintf(w, "  %s", module)
	if len(params) > 0 {
		fmt.Fprintf(w, " #(\n      %s\n  )", strings.Join(params, ",\n      "))
	}
	fmt.Fprintf(w, " %s (\n      %s\n  );\n", b.ifc.instances[cell.Name], strings.Join(conns, ",\n      "))
	return nil
}

// refKey names a sub-component's ref port in the instance's port map.
func refKey(ref, port string) string { return ref + "." + port }

// clkReset returns the component's clock (or reset) port signal.
func (b *builder) clkReset(reset bool) *sig {
	if reset {
		return b.ports[""][b.ifc.resetPort]
	}
	return b.ports[""][b.ifc.clkPort]
}

// declareGroups creates the go/done holes of every group.
func (b *builder) declareGroups() error {
	for _, g := range b.comp.Groups {
		if b.groups[g.Name] != nil {
			return b.errf(g.Pos, "group %s declared twice", g.Name)
		}
		gi := &groupInfo{g: g}
		gi.goSig = b.local(g.Name+"_go", 1)
		gi.goSig.fixed = true
		switch g.Kind {
		case calyx.GroupPlain:
			gi.doneSig = b.local(g.Name+"_done", 1)
			gi.doneSig.port = g.Name + "[done]"
			gi.doneSig.driven = true
		case calyx.GroupStatic:
			if g.Latency == 0 {
				return b.errf(g.Pos, "static group %s has latency 0", g.Name)
			}
			gi.cntW = bitsFor(g.Latency)
			gi.cnt = b.local(g.Name+"_cycle", gi.cntW)
			gi.cnt.fixed = true
			gi.fin = b.local(g.Name+"_finished", 1)
			gi.fin.fixed = true
		}
		b.groups[g.Name] = gi
	}
	return nil
}

// bitsFor is the width of a counter holding 0..n-1 (at least 1).
func bitsFor(n uint64) uint64 {
	w := uint64(1)
	for (uint64(1) << w) < n {
		w++
	}
	return w
}

// assignments turns continuous and group assignments into drivers.
func (b *builder) assignments() error {
	for _, a := range b.comp.Wires {
		if err := b.assign(a, nil); err != nil {
			return err
		}
	}
	for _, g := range b.comp.Groups {
		for _, a := range g.Assigns {
			if err := b.assign(a, b.groups[g.Name]); err != nil {
				return err // positioned at the assignment
			}
		}
	}
	return nil
}

func (b *builder) assign(a *calyx.Assign, gi *groupInfo) error {
	dst, err := b.dest(a.Dst, gi)
	if err != nil {
		return err
	}
	src, w, err := b.atom(a.Src)
	if err != nil {
		return err
	}
	if w != dst.width {
		return b.errf(a.Pos, "width mismatch: %s is %d bits, source is %d bits", portText(a.Dst), dst.width, w)
	}
	guard, err := b.guard(a.Guard, gi)
	if err != nil {
		return b.errf(a.Pos, "%v", err)
	}
	origin := "wires"
	if gi != nil {
		origin = "group " + gi.g.Name
		isDone := a.Dst.Hole && a.Dst.Name == "done"
		if !isDone {
			gi.goSig.read = true
			guard = and(gi.goSig.name, guard)
		}
	}
	b.addDriver(dst, driver{guard: guard, src: src, origin: origin, unguarded: a.Guard == nil, pos: a.Pos})
	return nil
}

// addDriver records a driver and rejects provable conflicts.
func (b *builder) addDriver(dst *sig, d driver) {
	if _, ok := b.drv[dst]; !ok {
		b.dsts = append(b.dsts, dst)
	}
	b.drv[dst] = append(b.drv[dst], d)
}

// conflicts checks the drivers of every signal.
func (b *builder) conflicts() error {
	for _, dst := range b.dsts {
		ds := b.drv[dst]
		for i := range ds {
			for j := i + 1; j < len(ds); j++ {
				x, y := ds[i], ds[j]
				if !x.unguarded || !y.unguarded {
					continue
				}
				if x.origin == y.origin || x.origin == "wires" || y.origin == "wires" {
					return b.errf(y.pos, "conflicting drivers of %s: unguarded assignments in %s (at %s) and %s", dst.name, x.origin, x.pos, y.origin)
				}
			}
		}
	}
	return nil
}

func portText(p calyx.PortRef) string {
	switch {
	case p.Hole:
		return p.Parent + "[" + p.Name + "]"
	case p.Parent == "":
		return p.Name
	}
	return p.Parent + "." + p.Name
}

// dest resolves an assignment's destination.
func (b *builder) dest(p calyx.PortRef, gi *groupInfo) (*sig, error) {
	if p.Hole {
		g := b.groups[p.Parent]
		if g == nil {
			return nil, b.errf(p.Pos, "no group %s", p.Parent)
		}
		if p.Name != "done" || g.doneSig == nil {
			return nil, b.errf(p.Pos, "cannot assign %s", portText(p))
		}
		if gi == nil || gi.g.Name != p.Parent {
			return nil, b.errf(p.Pos, "%s assigned outside its group", portText(p))
		}
		return g.doneSig, nil
	}
	s, err := b.port(p)
	if err != nil {
		return nil, err
	}
	if !s.driven {
		return nil, b.errf(p.Pos, "%s is not an input of its cell (or an output of this component)", portText(p))
	}
	return s, nil
}

// port resolves a port reference to its signal.
func (b *builder) port(p calyx.PortRef) (*sig, error) {
	if p.Hole {
		g := b.groups[p.Parent]
		if g == nil {
			return nil, b.errf(p.Pos, "no group %s", p.Parent)
		}
		switch {
		case p.Name == "go":
			return g.goSig, nil
		case p.Name == "done" && g.doneSig != nil:
			return g.doneSig, nil
		}
		return nil, b.errf(p.Pos, "no hole %s", portText(p))
	}
	m := b.ports[p.Parent]
	if m == nil {
		return nil, b.errf(p.Pos, "no cell %s", p.Parent)
	}
	s := m[p.Name]
	if s == nil {
		if p.Parent == "" {
			return nil, b.errf(p.Pos, "no port %s", p.Name)
		}
		return nil, b.errf(p.Pos, "cell %s has no port %s", p.Parent, p.Name)
	}
	return s, nil
}

// atom renders an operand and returns its width.
func (b *builder) atom(a calyx.Atom) (string, uint64, error) {
	if a.IsConst {
		if a.Const.Width == 0 {
			return "", 0, b.errf(a.Pos, "constant of width 0")
		}
		if !a.Const.Fits() {
			return "", 0, b.errf(a.Pos, "%s", a.Const.RangeError())
		}
		return fmt.Sprintf("%d'd%d", a.Const.Width, a.Const.Value), a.Const.Width, nil
	}
	s, err := b.port(a.Port)
	if err != nil {
		return "", 0, err
	}
	s.read = true
	return s.name, s.width, nil
}

// and joins two conditions; "" is true.
func and(a, c string) string {
	switch {
	case a == "":
		return c
	case c == "":
		return a
	}
	return paren(a) + " && " + paren(c)
}

// paren wraps an expression unless it is a plain identifier.
func paren(e string) string {
	for _, r := range e {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "(" + e + ")"
		}
	}
	return e
}

// declared returns every identifier of this module and of the modules it instantiates.
func (b *builder) declared() map[string]bool {
	d := map[string]bool{}
	for n := range b.nm.used {
		d[n] = true
	}
	for _, cell := range b.comp.Cells {
		if cell.Ref {
			continue
		}
		for n := range b.c.declared(cell.Proto) {
			d[n] = true
		}
	}
	return d
}
