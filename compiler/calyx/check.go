package calyx

import (
	"fmt"
	"sort"
	"strings"
)

// ErrorList is a list of positioned diagnostics; its Error joins them by newlines.
type ErrorList []*Error

// Error implements error.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Check reports the errors that make upstream Calyx reject a program:
// duplicate or undefined cells, ports and groups; unknown primitives and
// components; library primitives used without their import; width mismatches
// and wrong directions in assignments, comparisons and invoke bindings;
// literals and std_const values too large for their width; groups without
// (or with several, or a constant) done condition; conflicting unguarded drivers of one port within
// one group or among the continuous assignments; control enabling undefined
// groups; bad invokes and ref bindings; `invoke` of a static component (or
// inside static control) and `static invoke` of a cell that is neither
// static nor @interval. It returns nil or an ErrorList in
// source order. Primitives and components of libs (parsed library files, e.g.
// imported ones beyond the built-in table) are also known; only p is checked.
func Check(p *Program, libs ...*Program) error {
	errs, _ := run(p, libs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Lint reports what upstream Calyx only warns about (its papercut pass) or
// lets through but that is almost surely a bug: ports of a @write_together
// set written apart, a @read_together output read without its address, a
// component with empty control that never assigns done, an if/while
// condition read from an undriven combinational cell, guards and conditions
// wider than 1 bit, group names that are keywords.
func Lint(p *Program, libs ...*Program) ErrorList {
	_, warns := run(p, libs)
	return warns
}

// CheckStrict returns the errors of Check and the warnings of Lint together,
// in source order (upstream's behaviour with papercut warnings as errors).
func CheckStrict(p *Program, libs ...*Program) error {
	errs, warns := run(p, libs)
	all := append(errs, warns...)
	if len(all) == 0 {
		return nil
	}
	sortErrors(all)
	return all
}

func run(p *Program, libs []*Program) (errs, warns ErrorList) {
	c := &checker{prog: p, file: p.File, scope: p}
	if len(libs) > 0 {
		merged := *p
		merged.Components = append([]*Component(nil), p.Components...)
		merged.Externs = append([]*Extern(nil), p.Externs...)
		merged.Prims = append([]*Primitive(nil), p.Prims...)
		for _, l := range libs {
			merged.Components = append(merged.Components, l.Components...)
			merged.Externs = append(merged.Externs, l.Externs...)
			merged.Prims = append(merged.Prims, l.Prims...)
		}
		c.scope = &merged
	}
	c.program()
	sortErrors(c.errs)
	sortErrors(c.warns)
	return c.errs, c.warns
}

func sortErrors(l ErrorList) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

type checker struct {
	prog  *Program
	scope *Program // prog plus libraries, for resolving cell prototypes
	file  string
	errs  ErrorList
	warns ErrorList

	comp  *Component
	cells map[string]map[string]CellPort // cell -> port -> port; nil map for an unresolved cell
	self  map[string]CellPort            // this component's ports, Input from the outside view
	group map[string]*Group
}

func (c *checker) errorf(pos Pos, format string, args ...any) {
	e := &Error{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	for _, x := range c.errs {
		if *x == *e {
			return // found twice (e.g. by the control walk and by ControlLatency)
		}
	}
	c.errs = append(c.errs, e)
}

func (c *checker) warnf(pos Pos, format string, args ...any) {
	c.warns = append(c.warns, &Error{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) program() {
	seen := map[string]*Component{}
	for _, comp := range c.prog.Components {
		if prev, ok := seen[comp.Name]; ok {
			c.errorf(comp.Pos, "component %s is already defined at %s", comp.Name, prev.Pos)
			continue
		}
		seen[comp.Name] = comp
	}
	entry := c.entry()
	if entry == nil && len(c.prog.Components) > 0 {
		c.errorf(c.prog.Components[0].Pos, "no entry point: name a component main or mark one <\"toplevel\"=1>")
	}
	for _, comp := range c.prog.Components {
		if c.scope.Primitive(comp.Name) != nil {
			c.errorf(comp.Pos, "component name %s is already bound by a primitive", comp.Name)
		} else if _, ok := LookupPrim(comp.Name); ok {
			c.errorf(comp.Pos, "component name %s is already bound by a library primitive", comp.Name)
		}
		if comp != entry {
			for _, cl := range comp.Cells {
				if cl.Attrs.Has(AttrExternal) {
					c.errorf(cl.Pos, "cell %s is marked @external outside the entry-point component", cl.Name)
				}
			}
		}
		c.component(comp)
	}
}

// entry returns the entry-point component: the one marked toplevel, else main.
func (c *checker) entry() *Component {
	for _, comp := range c.prog.Components {
		if comp.Attrs.Has(AttrToplevel) {
			return comp
		}
	}
	return c.prog.Component("main")
}

// imported reports whether the program's imports provide the library file.
func (c *checker) imported(file string) bool {
	for _, im := range c.prog.Imports {
		if Provides(im, file) {
			return true
		}
	}
	return false
}

func (c *checker) component(comp *Component) {
	c.comp = comp
	c.cells = map[string]map[string]CellPort{}
	c.self = map[string]CellPort{}
	c.group = map[string]*Group{}

	if comp.Comb && comp.Latency != 0 {
		c.errorf(comp.Pos, "component %s cannot be both comb and static", comp.Name)
	}
	c.dupAttrs(comp.Attrs)
	in, out := comp.Signature()
	for _, lst := range []struct {
		ports []*PortDef
		input bool
	}{{in, true}, {out, false}} {
		for _, pd := range lst.ports {
			if _, dup := c.self[pd.Name]; dup {
				c.errorf(pd.Pos, "port %s is defined twice in the signature of %s", pd.Name, comp.Name)
				continue
			}
			c.dupAttrs(pd.Attrs)
			c.self[pd.Name] = CellPort{Name: pd.Name, Width: pd.Width, Input: lst.input, Attrs: pd.Attrs}
		}
	}

	cellPos := map[string]Pos{}
	for _, cl := range comp.Cells {
		if prev, ok := cellPos[cl.Name]; ok {
			c.errorf(cl.Pos, "cell %s is already defined at %s", cl.Name, prev)
			continue
		}
		cellPos[cl.Name] = cl.Pos
		c.dupAttrs(cl.Attrs)
		if cl.Ref && (cl.Proto == "std_const" || cl.Proto == "std_float_const") {
			c.errorf(cl.Pos, "constant %s cannot be a ref cell", cl.Name)
		}
		if IsReserved(cl.Name) {
			c.errorf(cl.Pos, "cell name %s is a reserved keyword", cl.Name)
		}
		if msg := ConstCellError(cl); msg != "" {
			c.errorf(cl.Pos, "%s", msg)
		}
		if cl.Proto == comp.Name {
			c.errorf(cl.Pos, "component %s instantiates itself", comp.Name)
			c.cells[cl.Name] = nil
			continue
		}
		ports, err := CellPorts(c.scope, cl)
		if err != nil {
			c.errorf(cl.Pos, "cell %s: %v", cl.Name, err)
			c.cells[cl.Name] = nil
			continue
		}
		if c.scope.Component(cl.Proto) == nil && c.scope.Primitive(cl.Proto) == nil {
			if s, ok := LookupPrim(cl.Proto); ok && !c.imported(s.File) {
				c.errorf(cl.Pos, "cell %s uses %s but the program does not import %q", cl.Name, cl.Proto, s.Import)
			}
		}
		if comp.Comb && !c.combProto(cl.Proto) {
			c.errorf(cl.Pos, "comb component %s cannot contain the stateful cell %s (%s)", comp.Name, cl.Name, cl.Proto)
		}
		m := make(map[string]CellPort, len(ports))
		for _, p := range ports {
			m[p.Name] = p
		}
		c.cells[cl.Name] = m
	}

	for _, g := range comp.Groups {
		if prev, ok := c.group[g.Name]; ok {
			c.errorf(g.Pos, "group %s is already defined at %s", g.Name, prev.Pos)
			continue
		}
		if _, ok := cellPos[g.Name]; ok {
			c.errorf(g.Pos, "group %s has the same name as a cell", g.Name)
		}
		if IsReserved(g.Name) {
			c.warnf(g.Pos, "group name %s is a reserved keyword", g.Name)
		}
		if comp.Comb {
			c.errorf(g.Pos, "comb component %s cannot have groups", comp.Name)
		}
		c.group[g.Name] = g
	}
	used := c.usedGroups(comp)

	for _, g := range comp.Groups {
		c.assigns(g.Assigns, g)
		c.together(g)
		if !used[g.Name] {
			c.errorf(g.Pos, "group %s is never used", g.Name)
		}
		for _, a := range g.Assigns {
			if a.Dst.Hole && a.Dst.Name == "done" && a.Dst.Parent != g.Name {
				c.errorf(a.Pos, "group %s writes the done hole of another group (%s)", g.Name, a.Dst)
			}
		}
		switch g.Kind {
		case GroupPlain:
			var dones []*Assign
			for _, a := range g.Assigns {
				if a.Dst.Hole && a.Dst.Parent == g.Name && a.Dst.Name == "done" {
					dones = append(dones, a)
				}
			}
			switch {
			case len(dones) == 0:
				c.errorf(g.Pos, "group %s has no done condition (`%s[done] = ...;`)", g.Name, g.Name)
			case len(dones) > 1:
				c.errorf(dones[1].Pos, "group %s has more than one done condition (first at %s)", g.Name, dones[0].Pos)
			case dones[0].Guard == nil && dones[0].Src.IsConst:
				c.errorf(g.Pos, "group %s has a constant done condition; use a comb group instead", g.Name)
			}
		case GroupComb:
			for _, a := range g.Assigns {
				if a.Dst.Hole {
					c.errorf(a.Pos, "comb group %s cannot write the hole %s", g.Name, a.Dst)
				}
			}
		case GroupStatic:
			if g.Latency == 0 {
				c.errorf(g.Pos, "static group %s has latency 0", g.Name)
			}
			for _, a := range g.Assigns {
				if a.Dst.Hole && a.Dst.Parent == g.Name && a.Dst.Name == "done" {
					c.errorf(a.Pos, "static group %s cannot write its done hole", g.Name)
				}
			}
		}
	}
	c.assigns(comp.Wires, nil)
	c.contConflicts(comp)
	c.interfaceDone(comp)

	if comp.Control != nil {
		if comp.Comb {
			c.errorf(comp.Control.ControlPos(), "comb component %s cannot have control", comp.Name)
		}
		c.control(comp.Control, comp.Latency > 0)
		c.activeConflicts(comp.Control, nil)
	}
	c.latencies(comp)
}

// latencies checks the latency of static control: a static<n> component's
// control must take exactly n cycles, and a latency written on a static
// statement (`static<n> seq`) must be the one it takes.
func (c *checker) latencies(comp *Component) {
	timing := func(cell string) Timing {
		if cl := comp.Cell(cell); cl != nil {
			return TimingOf(c.scope, cl.Proto)
		}
		return Timing{}
	}
	report := func(err error) {
		if e, ok := err.(*Error); ok {
			c.errorf(e.Pos, "%s", e.Msg)
		}
	}
	if comp.Latency > 0 {
		if comp.Control == nil {
			c.errorf(comp.Pos, "static<%d> component %s has no control; a static component needs static control", comp.Latency, comp.Name)
			return
		}
		l, err := ControlLatency(comp, comp.Control, timing)
		switch {
		case err != nil:
			report(err)
		case l != comp.Latency:
			c.errorf(comp.Control.ControlPos(), "static<%d> component %s has control that takes %d cycles", comp.Latency, comp.Name, l)
		}
		return
	}
	var walk func(Control)
	walk = func(ctl Control) {
		if isStaticStmt(ctl) {
			_, err := ControlLatency(comp, ctl, timing)
			report(err)
			return
		}
		switch s := ctl.(type) {
		case *Seq:
			for _, x := range s.Stmts {
				walk(x)
			}
		case *Par:
			for _, x := range s.Stmts {
				walk(x)
			}
		case *If:
			walk(s.Then)
			walk(s.Else)
		case *While:
			walk(s.Body)
		case *Repeat:
			walk(s.Body)
		}
	}
	walk(comp.Control)
}

// isStaticStmt reports whether a statement is written static (`static seq`,
// `static par`, `static if`, `static repeat`, `static invoke`).
func isStaticStmt(ctl Control) bool {
	switch s := ctl.(type) {
	case *Seq:
		return s.Static
	case *Par:
		return s.Static
	case *If:
		return s.Static
	case *Repeat:
		return s.Static
	case *Invoke:
		return s.Static
	}
	return false
}

// activeConflicts reports groups and comb groups whose unguarded drivers
// collide with those of a comb group still active around them (the `with`
// group of an enclosing if or while).
func (c *checker) activeConflicts(ctl Control, active []*Group) {
	clash := func(g *Group, where Pos) {
		for _, cg := range active {
			if cg == g {
				continue
			}
			for _, a := range g.Assigns {
				if a.Guard != nil {
					continue
				}
				for _, b := range cg.Assigns {
					if b.Guard == nil && a.Dst.String() == b.Dst.String() {
						c.errorf(a.Pos, "%s is driven by group %s and by comb group %s, active together at %s", a.Dst, g.Name, cg.Name, where)
						break
					}
				}
			}
		}
	}
	with := func(name string, pos Pos) []*Group {
		g := c.group[name]
		if name == "" || g == nil {
			return active
		}
		clash(g, pos)
		return append(append([]*Group(nil), active...), g)
	}
	switch s := ctl.(type) {
	case *Enable:
		if g := c.group[s.Group]; g != nil && len(active) > 0 {
			clash(g, s.Pos)
		}
	case *Seq:
		for _, x := range s.Stmts {
			c.activeConflicts(x, active)
		}
	case *Par:
		for _, x := range s.Stmts {
			c.activeConflicts(x, active)
		}
	case *If:
		inner := with(s.With, s.Pos)
		c.activeConflicts(s.Then, inner)
		if s.Else != nil {
			c.activeConflicts(s.Else, inner)
		}
	case *While:
		c.activeConflicts(s.Body, with(s.With, s.Pos))
	case *Repeat:
		c.activeConflicts(s.Body, active)
	case *Invoke:
		with(s.With, s.Pos)
	}
}

// combProto reports whether cells of the prototype are combinational.
func (c *checker) combProto(proto string) bool {
	if comp := c.scope.Component(proto); comp != nil {
		return comp.Comb
	}
	if pr := c.scope.Primitive(proto); pr != nil {
		return pr.Comb
	}
	if s, ok := LookupPrim(proto); ok {
		return s.Comb
	}
	return true // unknown: reported elsewhere
}

// dupAttrs reports attributes given more than once in one list.
func (c *checker) dupAttrs(a Attrs) {
	seen := map[string]bool{}
	for _, at := range a {
		if seen[at.Name] {
			c.errorf(at.Pos, "attribute %s is given more than once", at.Name)
		}
		seen[at.Name] = true
	}
}

// usedGroups lists the groups named by control (enables and `with`) or by holes.
func (c *checker) usedGroups(comp *Component) map[string]bool {
	used := map[string]bool{}
	var walk func(Control)
	walk = func(ctl Control) {
		switch s := ctl.(type) {
		case *Enable:
			used[s.Group] = true
		case *Seq:
			for _, x := range s.Stmts {
				walk(x)
			}
		case *Par:
			for _, x := range s.Stmts {
				walk(x)
			}
		case *If:
			used[s.With] = true
			walk(s.Then)
			if s.Else != nil {
				walk(s.Else)
			}
		case *While:
			used[s.With] = true
			walk(s.Body)
		case *Repeat:
			walk(s.Body)
		case *Invoke:
			used[s.With] = true
		}
	}
	if comp.Control != nil {
		walk(comp.Control)
	}
	hole := func(r PortRef) {
		if r.Hole {
			used[r.Parent] = true
		}
	}
	for _, as := range append([][]*Assign{comp.Wires}, groupAssigns(comp)...) {
		for _, a := range as {
			if a.Dst.Parent != "" && a.Dst.Hole {
				// writing g[go] from elsewhere uses g; writing one's own done does not
				continue
			}
			hole(a.Dst)
			if !a.Src.IsConst {
				hole(a.Src.Port)
			}
			walkGuard(a.Guard, func(x Atom) {
				if !x.IsConst {
					hole(x.Port)
				}
			})
		}
	}
	for _, g := range comp.Groups {
		for _, a := range g.Assigns {
			if a.Dst.Hole && a.Dst.Parent != g.Name {
				used[a.Dst.Parent] = true
			}
		}
	}
	for _, a := range comp.Wires {
		if a.Dst.Hole {
			used[a.Dst.Parent] = true
		}
	}
	return used
}

func groupAssigns(comp *Component) [][]*Assign {
	var out [][]*Assign
	for _, g := range comp.Groups {
		out = append(out, g.Assigns)
	}
	return out
}

// walkGuard calls f on every operand of the guard.
func walkGuard(g Guard, f func(Atom)) {
	switch g := g.(type) {
	case *GuardAtom:
		f(g.Atom)
	case *GuardNot:
		walkGuard(g.X, f)
	case *GuardAnd:
		walkGuard(g.L, f)
		walkGuard(g.R, f)
	case *GuardOr:
		walkGuard(g.L, f)
		walkGuard(g.R, f)
	case *GuardCmp:
		f(g.L)
		f(g.R)
	}
}

// contConflicts reports ports driven unguarded by a continuous assignment and
// also driven inside a group.
func (c *checker) contConflicts(comp *Component) {
	cont := map[string]*Assign{}
	for _, a := range comp.Wires {
		if a.Guard == nil {
			if _, ok := cont[a.Dst.String()]; !ok {
				cont[a.Dst.String()] = a
			}
		}
	}
	if len(cont) == 0 {
		return
	}
	for _, g := range comp.Groups {
		for _, a := range g.Assigns {
			if w, ok := cont[a.Dst.String()]; ok {
				c.errorf(w.Pos, "%s is driven by a continuous assignment and also in group %s at %s", a.Dst, g.Name, a.Pos)
			}
		}
	}
}

// port resolves a port reference; write selects the direction needed. It
// reports problems and returns ok=false when the port is unusable.
func (c *checker) port(r PortRef, write bool) (width uint64, ok bool) {
	switch {
	case r.Hole:
		if _, ok := c.group[r.Parent]; !ok {
			c.errorf(r.Pos, "undefined group %s in hole %s", r.Parent, r)
			return 0, false
		}
		if r.Name != "go" && r.Name != "done" {
			c.errorf(r.Pos, "unknown hole %s (groups have go and done)", r)
			return 0, false
		}
		return 1, true
	case r.Parent == "":
		p, ok := c.self[r.Name]
		if !ok {
			if _, isCell := c.cells[r.Name]; isCell {
				c.errorf(r.Pos, "cell %s used as a port; name one of its ports as %s.<port>", r.Name, r.Name)
			} else {
				c.errorf(r.Pos, "undefined port %s of component %s", r.Name, c.comp.Name)
			}
			return 0, false
		}
		if write && p.Input {
			c.errorf(r.Pos, "cannot write %s: it is an input of component %s", r, c.comp.Name)
			return p.Width, false
		}
		if !write && !p.Input {
			c.errorf(r.Pos, "cannot read %s: it is an output of component %s", r, c.comp.Name)
			return p.Width, false
		}
		return p.Width, true
	}
	ports, ok := c.cells[r.Parent]
	if !ok {
		c.errorf(r.Pos, "undefined cell %s", r.Parent)
		return 0, false
	}
	if ports == nil {
		return 0, false // already reported at the cell
	}
	p, ok := ports[r.Name]
	if !ok {
		c.errorf(r.Pos, "cell %s has no port %s", r.Parent, r.Name)
		return 0, false
	}
	if write && !p.Input {
		c.errorf(r.Pos, "cannot write %s: it is an output of cell %s", r, r.Parent)
		return p.Width, false
	}
	if !write && p.Input {
		c.errorf(r.Pos, "cannot read %s: it is an input of cell %s", r, r.Parent)
		return p.Width, false
	}
	return p.Width, true
}

// atom resolves a readable operand.
func (c *checker) atom(a Atom) (uint64, bool) {
	if a.IsConst {
		if a.Const.Width == 0 {
			c.errorf(a.Pos, "constant %s has width 0", a.Const)
			return 0, false
		}
		if !a.Const.Fits() {
			c.errorf(a.Pos, "%s", a.Const.RangeError())
		}
		return a.Const.Width, true
	}
	return c.port(a.Port, false)
}

func (c *checker) assigns(as []*Assign, g *Group) {
	driven := map[string]*Assign{}
	for _, a := range as {
		dw, dok := c.port(a.Dst, true)
		sw, sok := c.atom(a.Src)
		if dok && sok && dw != sw {
			c.errorf(a.Pos, "width mismatch: %s is %d bits but %s is %d bits", a.Dst, dw, a.Src, sw)
		}
		if a.Guard != nil {
			c.guard(a.Guard, g != nil && g.Kind == GroupStatic)
			if g != nil && g.Kind == GroupStatic {
				c.timeBounds(a.Guard, g)
			}
		}
		if a.Guard == nil {
			key := a.Dst.String()
			if prev, ok := driven[key]; ok {
				where := "continuous assignments"
				if g != nil {
					where = "group " + g.Name
				}
				c.errorf(a.Pos, "%s has conflicting unguarded drivers in %s (also driven at %s)", key, where, prev.Pos)
			} else {
				driven[key] = a
			}
		}
	}
}

func (c *checker) guard(g Guard, static bool) {
	switch g := g.(type) {
	case *GuardAtom:
		if w, ok := c.atom(g.Atom); ok && w != 1 {
			c.warnf(g.Atom.Pos, "guard %s is %d bits, not 1", g.Atom, w)
		}
	case *GuardNot:
		c.guard(g.X, static)
	case *GuardAnd:
		c.guard(g.L, static)
		c.guard(g.R, static)
	case *GuardOr:
		c.guard(g.L, static)
		c.guard(g.R, static)
	case *GuardCmp:
		lw, lok := c.atom(g.L)
		rw, rok := c.atom(g.R)
		if lok && rok && lw != rw {
			c.errorf(g.Pos, "width mismatch in comparison %s %s %s: %d and %d bits", g.L, g.Op, g.R, lw, rw)
		}
	case *GuardTime:
		if !static {
			c.errorf(g.Pos, "timing guard outside a static group")
		}
	}
}

// timeBounds reports timing guards reaching past the static group's latency.
func (c *checker) timeBounds(gd Guard, g *Group) {
	switch x := gd.(type) {
	case *GuardTime:
		if x.End > g.Latency {
			c.errorf(x.Pos, "timing guard %s is out of bounds for static group %s of latency %d", FormatGuard(x), g.Name, g.Latency)
		}
	case *GuardNot:
		c.timeBounds(x.X, g)
	case *GuardAnd:
		c.timeBounds(x.L, g)
		c.timeBounds(x.R, g)
	case *GuardOr:
		c.timeBounds(x.L, g)
		c.timeBounds(x.R, g)
	}
}

// condPort checks the port and comb group of an if or while.
func (c *checker) cond(r PortRef, with string, pos Pos) {
	if w, ok := c.port(r, false); ok && w != 1 {
		c.warnf(r.Pos, "condition %s is %d bits, not 1", r, w)
	}
	c.combCond(r, with)
	if with != "" {
		c.combGroup(with, pos)
	}
}

func (c *checker) combGroup(name string, pos Pos) {
	g, ok := c.group[name]
	switch {
	case !ok:
		c.errorf(pos, "undefined comb group %s", name)
	case g.Kind != GroupComb:
		c.errorf(pos, "group %s after `with` is not a comb group", name)
	}
}

func (c *checker) control(ctl Control, static bool) {
	switch s := ctl.(type) {
	case *Empty:
	case *Enable:
		g, ok := c.group[s.Group]
		switch {
		case !ok:
			if _, isCell := c.cells[s.Group]; isCell {
				c.errorf(s.Pos, "%s is a cell, not a group (use `invoke %s()();`)", s.Group, s.Group)
			} else {
				c.errorf(s.Pos, "undefined group %s", s.Group)
			}
		case g.Kind == GroupComb:
			c.errorf(s.Pos, "comb group %s cannot be enabled; use it after `with`", s.Group)
		case static && g.Kind != GroupStatic:
			c.errorf(s.Pos, "group %s is not static but is enabled in static control", s.Group)
		}
	case *Seq:
		for _, x := range s.Stmts {
			c.control(x, static || s.Static)
		}
	case *Par:
		for _, x := range s.Stmts {
			c.control(x, static || s.Static)
		}
	case *If:
		c.cond(s.Cond, s.With, s.Pos)
		c.control(s.Then, static || s.Static)
		if s.Else != nil {
			c.control(s.Else, static || s.Static)
		}
	case *While:
		if static {
			c.errorf(s.Pos, "`while` inside static control")
		}
		c.cond(s.Cond, s.With, s.Pos)
		c.control(s.Body, false)
	case *Repeat:
		c.control(s.Body, static || s.Static)
	case *Invoke:
		c.invoke(s, static)
	case nil:
	}
}

func (c *checker) invoke(s *Invoke, static bool) {
	ports, ok := c.cells[s.Cell]
	if !ok {
		if _, isGroup := c.group[s.Cell]; isGroup {
			c.errorf(s.Pos, "invoke of %s, which is a group, not a cell", s.Cell)
		} else {
			c.errorf(s.Pos, "invoke of undefined cell %s", s.Cell)
		}
		return
	}
	if s.With != "" {
		c.combGroup(s.With, s.Pos)
	}
	var callee *Component
	for _, cl := range c.comp.Cells {
		if cl.Name == s.Cell {
			callee = c.scope.Component(cl.Proto)
			if ports != nil {
				if msg := InvokeError(s, cl.Proto, TimingOf(c.scope, cl.Proto), static); msg != "" {
					c.errorf(s.Pos, "%s", msg)
				}
			}
		}
	}
	bound := map[string]bool{}
	for _, b := range s.RefCells {
		bound[b.Param] = true
		arg := c.comp.Cell(b.Arg)
		if arg == nil {
			c.errorf(b.Pos, "ref binding %s = %s: undefined cell %s", b.Param, b.Arg, b.Arg)
		}
		if callee == nil {
			c.errorf(b.Pos, "ref binding %s on %s, which is not a component instance", b.Param, s.Cell)
			continue
		}
		rc := callee.Cell(b.Param)
		if rc == nil || !rc.Ref {
			c.errorf(b.Pos, "component %s has no ref cell %s", callee.Name, b.Param)
			continue
		}
		if arg != nil && c.scope.Component(rc.Proto) == nil && (arg.Proto != rc.Proto || !equalUints(arg.Params, rc.Params)) {
			c.errorf(b.Pos, "ref binding %s = %s: %s is %s but %s.%s expects %s", b.Param, b.Arg, b.Arg, cellType(arg), callee.Name, b.Param, cellType(rc))
		}
	}
	if callee != nil {
		for _, rc := range callee.Cells {
			if rc.Ref && !bound[rc.Name] {
				c.errorf(s.Pos, "invoke of %s does not bind the ref cell %s of component %s", s.Cell, rc.Name, callee.Name)
			}
		}
	}
	if ports == nil {
		return
	}
	seen := map[string]bool{}
	for _, a := range s.Inputs {
		if seen[a.Port] {
			c.errorf(a.Pos, "port %s bound twice in invoke of %s", a.Port, s.Cell)
		}
		seen[a.Port] = true
		p, ok := ports[a.Port]
		if !ok || !p.Input {
			c.errorf(a.Pos, "cell %s has no input port %s", s.Cell, a.Port)
			continue
		}
		if w, ok := c.atom(a.Arg); ok && w != p.Width {
			c.errorf(a.Arg.Pos, "width mismatch in invoke of %s: %s.%s is %d bits but %s is %d bits", s.Cell, s.Cell, a.Port, p.Width, a.Arg, w)
		}
	}
	for _, a := range s.Outputs {
		if seen[a.Port] {
			c.errorf(a.Pos, "port %s bound twice in invoke of %s", a.Port, s.Cell)
		}
		seen[a.Port] = true
		p, ok := ports[a.Port]
		if !ok || p.Input {
			c.errorf(a.Pos, "cell %s has no output port %s", s.Cell, a.Port)
			continue
		}
		if a.Arg.IsConst {
			c.errorf(a.Arg.Pos, "invoke output %s bound to a constant", a.Port)
			continue
		}
		if w, ok := c.port(a.Arg.Port, true); ok && w != p.Width {
			c.errorf(a.Arg.Pos, "width mismatch in invoke of %s: %s.%s is %d bits but %s is %d bits", s.Cell, s.Cell, a.Port, p.Width, a.Arg, w)
		}
	}
}

// interfaceDone reports a component with empty control whose done port is
// never assigned: it could never finish.
func (c *checker) interfaceDone(comp *Component) {
	if comp.Control != nil || comp.Comb || comp.Attrs.Has(AttrNoIface) {
		return
	}
	_, out := comp.Signature()
	for _, pd := range out {
		if !pd.Attrs.Has(AttrDone) {
			continue
		}
		found := false
		for _, a := range comp.Wires {
			if !a.Dst.Hole && a.Dst.Parent == "" && a.Dst.Name == pd.Name {
				found = true
			}
		}
		if !found {
			c.warnf(comp.Pos, "component %s has empty control and never assigns its done port %s", comp.Name, pd.Name)
		}
	}
}

// together enforces the @write_together(n) and @read_together(n) port
// attributes of cells used in a group (upstream's papercut pass): writing one
// port of a write_together set requires writing all of them, and reading an
// output marked read_together(n) requires writing the inputs marked with the
// same n.
func (c *checker) together(g *Group) {
	writes := map[string]map[string]bool{}
	reads := map[string]map[string]bool{}
	note := func(m map[string]map[string]bool, r PortRef) {
		if r.Hole || r.Parent == "" {
			return
		}
		if m[r.Parent] == nil {
			m[r.Parent] = map[string]bool{}
		}
		m[r.Parent][r.Name] = true
	}
	var order []string // cells in first-use order, for deterministic messages
	seen := map[string]bool{}
	use := func(r PortRef) {
		if !r.Hole && r.Parent != "" && !seen[r.Parent] {
			seen[r.Parent] = true
			order = append(order, r.Parent)
		}
	}
	for _, a := range g.Assigns {
		note(writes, a.Dst)
		use(a.Dst)
		read := func(x Atom) {
			if !x.IsConst {
				note(reads, x.Port)
				use(x.Port)
			}
		}
		read(a.Src)
		walkGuard(a.Guard, read)
	}
	for _, cell := range order {
		ports := c.cells[cell]
		if ports == nil {
			continue
		}
		names := make([]string, 0, len(ports))
		for n := range ports {
			names = append(names, n)
		}
		sort.Strings(names)
		// read_together
		for _, out := range names {
			p := ports[out]
			n, ok := p.Attrs.Get(AttrReadTgthr)
			if p.Input || !ok || !reads[cell][out] {
				continue
			}
			var missing []string
			for _, in := range names {
				q := ports[in]
				if m, ok := q.Attrs.Get(AttrReadTgthr); ok && q.Input && m == n && !writes[cell][in] {
					missing = append(missing, cell+"."+in)
				}
			}
			if len(missing) > 0 {
				c.warnf(g.Pos, "group %s reads %s.%s but does not write %s", g.Name, cell, out, strings.Join(missing, ", "))
			}
		}
		// write_together
		sets := map[uint64][]string{}
		var keys []uint64
		for _, in := range names {
			q := ports[in]
			if n, ok := q.Attrs.Get(AttrWriteTgthr); ok && q.Input {
				if sets[n] == nil {
					keys = append(keys, n)
				}
				sets[n] = append(sets[n], in)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, n := range keys {
			var first string
			var missing []string
			for _, in := range sets[n] {
				if writes[cell][in] {
					if first == "" {
						first = in
					}
				} else {
					missing = append(missing, cell+"."+in)
				}
			}
			if first != "" && len(missing) > 0 {
				c.warnf(g.Pos, "group %s writes %s.%s but not %s, which must be written together with it", g.Name, cell, first, strings.Join(missing, ", "))
			}
		}
	}
}

// combCond reports an if/while condition read from a combinational cell that
// nothing drives: without `with` or a continuous assignment it reads 0.
// Unlike upstream's papercut pass, constants (cells without inputs) pass.
func (c *checker) combCond(r PortRef, with string) {
	if with != "" || r.Hole || r.Parent == "" {
		return
	}
	var proto string
	for _, cl := range c.comp.Cells {
		if cl.Name == r.Parent {
			proto = cl.Proto
		}
	}
	if proto == "" || !c.combProto(proto) {
		return
	}
	hasInput := false
	for _, p := range c.cells[r.Parent] {
		hasInput = hasInput || p.Input
	}
	if !hasInput {
		return // a constant: its output needs no driver
	}
	for _, a := range c.comp.Wires {
		if a.Dst.Parent == r.Parent && !a.Dst.Hole {
			return
		}
	}
	c.warnf(r.Pos, "%s is an output of the combinational cell %s (%s), which nothing drives here; add `with <comb group>`", r, r.Parent, proto)
}

func equalUints(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// cellType renders a cell's prototype like `std_reg(32)`.
func cellType(cl *Cell) string {
	s := make([]string, len(cl.Params))
	for i, v := range cl.Params {
		s[i] = itoa(v)
	}
	return cl.Proto + "(" + strings.Join(s, ", ") + ")"
}
