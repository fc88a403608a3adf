package calyx

import (
	"io"
	"strconv"
	"strings"
)

// Print renders the program as canonical upstream Calyx text (2-space indent,
// deterministic, a fixed point of Parse followed by Print).
func Print(p *Program) string {
	var w printer
	w.program(p)
	return w.String()
}

// Fprint writes Print(p) to w.
func Fprint(w io.Writer, p *Program) error {
	_, err := io.WriteString(w, Print(p))
	return err
}

// String renders the program with Print.
func (p *Program) String() string { return Print(p) }

// PrintComponent renders one component.
func PrintComponent(c *Component) string {
	var w printer
	w.component(c)
	return w.String()
}

// FormatGuard renders a guard expression; nil renders as "1'd1".
func FormatGuard(g Guard) string {
	if g == nil {
		return "1'd1"
	}
	var b strings.Builder
	writeGuard(&b, g)
	return b.String()
}

// FormatControl renders a control statement at indentation 0.
func FormatControl(c Control) string {
	var w printer
	w.control(c, 0)
	return w.String()
}

// String renders the port reference: `c.p`, `p` or `g[go]`.
func (r PortRef) String() string {
	switch {
	case r.Hole:
		return r.Parent + "[" + r.Name + "]"
	case r.Parent != "":
		return r.Parent + "." + r.Name
	}
	return r.Name
}

// String renders the constant in its base, e.g. 32'd5.
func (c Const) String() string {
	w := strconv.FormatUint(c.Width, 10)
	switch c.Base {
	case 'b':
		return w + "'b" + strconv.FormatUint(c.Value, 2)
	case 'x':
		return w + "'x" + strconv.FormatUint(c.Value, 16)
	case 'o':
		return w + "'o" + strconv.FormatUint(c.Value, 8)
	}
	return w + "'d" + strconv.FormatUint(c.Value, 10)
}

// String renders the atom.
func (a Atom) String() string {
	if a.IsConst {
		return a.Const.String()
	}
	return a.Port.String()
}

// String renders the assignment without indentation or newline.
func (a *Assign) String() string {
	var b strings.Builder
	writeAssign(&b, a)
	return b.String()
}

type printer struct {
	strings.Builder
}

func (w *printer) indent(n int) { w.WriteString(strings.Repeat(" ", n)) }

func (w *printer) program(p *Program) {
	for _, im := range p.Imports {
		w.WriteString("import " + quote(im) + ";\n")
	}
	// upstream puts no blank lines between top-level items
	for _, e := range p.Externs {
		w.WriteString("extern " + quote(e.Path) + " {\n")
		for _, pr := range e.Prims {
			w.primitive(pr, 2)
		}
		w.WriteString("}\n")
	}
	for _, pr := range p.Prims {
		w.primitive(pr, 0)
	}
	for _, c := range p.Components {
		w.component(c)
	}
	if p.Metadata != "" {
		w.WriteString(p.Metadata)
		w.WriteString("\n")
	}
}

// quote writes a string literal; Calyx strings have no escapes.
func quote(s string) string { return "\"" + s + "\"" }

func atAttrs(a Attrs) string {
	if len(a) == 0 {
		return ""
	}
	var b strings.Builder
	for _, at := range a {
		b.WriteString("@" + at.Name)
		switch {
		case at.IsSet:
			b.WriteString("{" + joinUints(at.Set) + "}")
		case at.Value != 1:
			b.WriteString("(" + strconv.FormatUint(at.Value, 10) + ")")
		}
		b.WriteString(" ")
	}
	return b.String()
}

func angleAttrs(a Attrs) string {
	if len(a) == 0 {
		return ""
	}
	parts := make([]string, len(a))
	for i, at := range a {
		if at.IsSet {
			parts[i] = quote(at.Name) + "={" + joinUints(at.Set) + "}"
		} else {
			parts[i] = quote(at.Name) + "=" + strconv.FormatUint(at.Value, 10)
		}
	}
	return "<" + strings.Join(parts, ", ") + ">"
}

func joinUints(v []uint64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatUint(x, 10)
	}
	return strings.Join(s, ", ")
}

func ports(ps []*PortDef) string {
	s := make([]string, len(ps))
	for i, pd := range ps {
		wd := pd.WidthParam
		if wd == "" {
			wd = strconv.FormatUint(pd.Width, 10)
		}
		s[i] = atAttrs(pd.Attrs) + pd.Name + ": " + wd
	}
	return strings.Join(s, ", ")
}

func prefix(comb bool, lat uint64) string {
	s := ""
	if comb {
		s = "comb "
	}
	if lat != 0 {
		s += "static<" + strconv.FormatUint(lat, 10) + "> "
	}
	return s
}

func (w *printer) primitive(pr *Primitive, ind int) {
	w.indent(ind)
	w.WriteString(prefix(pr.Comb, pr.Latency) + "primitive " + pr.Name + angleAttrs(pr.Attrs))
	if len(pr.Params) > 0 {
		w.WriteString("[" + strings.Join(pr.Params, ", ") + "]")
	}
	w.WriteString("(" + ports(pr.Inputs) + ") -> (" + ports(pr.Outputs) + ")")
	if pr.Body != nil {
		w.WriteString(" {\n")
		if *pr.Body != "" {
			w.indent(ind + 2)
			w.WriteString(*pr.Body + "\n")
		}
		w.indent(ind)
		w.WriteString("}\n")
		return
	}
	w.WriteString(";\n")
}

func (w *printer) component(c *Component) {
	w.WriteString(prefix(c.Comb, c.Latency) + "component " + c.Name + angleAttrs(c.Attrs))
	w.WriteString("(" + ports(c.Inputs) + ") -> (" + ports(c.Outputs) + ") {\n")
	if len(c.Cells) == 0 {
		w.WriteString("  cells {}\n")
	} else {
		w.WriteString("  cells {\n")
		for _, cl := range c.Cells {
			w.cell(cl)
		}
		w.WriteString("  }\n")
	}
	if len(c.Groups) == 0 && len(c.Wires) == 0 {
		w.WriteString("  wires {}\n")
	} else {
		w.WriteString("  wires {\n")
		for _, g := range c.Groups {
			w.group(g)
		}
		for _, a := range c.Wires {
			w.indent(4)
			writeAssign(&w.Builder, a)
			w.WriteString("\n")
		}
		w.WriteString("  }\n")
	}
	switch {
	case c.Control != nil:
		w.WriteString("  control {\n")
		w.control(c.Control, 4)
		w.WriteString("  }\n")
	case !c.Comb:
		w.WriteString("  control {}\n")
	}
	w.WriteString("}\n")
}

func (w *printer) cell(cl *Cell) {
	w.indent(4)
	w.WriteString(atAttrs(cl.Attrs))
	if cl.Ref {
		w.WriteString("ref ")
	}
	args := make([]string, 0, len(cl.Params)+1)
	for _, v := range cl.Params {
		args = append(args, strconv.FormatUint(v, 10))
	}
	if cl.Float != "" {
		args = append(args, cl.Float)
	}
	w.WriteString(cl.Name + " = " + cl.Proto + "(" + strings.Join(args, ", ") + ");\n")
}

func (w *printer) group(g *Group) {
	w.indent(4)
	switch g.Kind {
	case GroupComb:
		w.WriteString("comb ")
	case GroupStatic:
		w.WriteString("static<" + strconv.FormatUint(g.Latency, 10) + "> ")
	}
	w.WriteString("group " + g.Name + angleAttrs(g.Attrs) + " {\n")
	for _, a := range g.Assigns {
		w.indent(6)
		writeAssign(&w.Builder, a)
		w.WriteString("\n")
	}
	w.indent(4)
	w.WriteString("}\n")
}

func writeAssign(b *strings.Builder, a *Assign) {
	b.WriteString(atAttrs(a.Attrs))
	b.WriteString(a.Dst.String() + " = ")
	if a.Guard != nil {
		writeGuard(b, a.Guard)
		b.WriteString(" ? ")
	}
	b.WriteString(a.Src.String() + ";")
}

// writeGuard prints g; `&` binds tighter than `|`, both left associative, and
// parentheses are added exactly where the tree shape needs them.
func writeGuard(b *strings.Builder, g Guard) {
	paren := func(x Guard) {
		b.WriteString("(")
		writeGuard(b, x)
		b.WriteString(")")
	}
	switch g := g.(type) {
	case *GuardAtom:
		b.WriteString(g.Atom.String())
	case *GuardNot:
		b.WriteString("!")
		if ga, ok := g.X.(*GuardAtom); ok {
			b.WriteString(ga.Atom.String())
		} else {
			paren(g.X)
		}
	case *GuardCmp:
		b.WriteString(g.L.String() + " " + g.Op.String() + " " + g.R.String())
	case *GuardTime:
		if g.End == g.Start+1 {
			b.WriteString("%" + strconv.FormatUint(g.Start, 10))
		} else {
			b.WriteString("%[" + strconv.FormatUint(g.Start, 10) + ":" + strconv.FormatUint(g.End, 10) + "]")
		}
	case *GuardAnd:
		if _, ok := g.L.(*GuardOr); ok {
			paren(g.L)
		} else {
			writeGuard(b, g.L)
		}
		b.WriteString(" & ")
		switch g.R.(type) {
		case *GuardOr, *GuardAnd:
			paren(g.R)
		default:
			writeGuard(b, g.R)
		}
	case *GuardOr:
		writeGuard(b, g.L)
		b.WriteString(" | ")
		if _, ok := g.R.(*GuardOr); ok {
			paren(g.R)
		} else {
			writeGuard(b, g.R)
		}
	case nil:
		b.WriteString("1'd1")
	}
}

func staticPrefix(static bool, lat uint64) string {
	switch {
	case lat != 0:
		return "static<" + strconv.FormatUint(lat, 10) + "> "
	case static:
		return "static "
	}
	return ""
}

// body prints `{`, the statement (nil prints nothing) and `}` at ind.
func (w *printer) body(c Control, ind int) {
	w.WriteString("{\n")
	if c != nil {
		w.control(c, ind+2)
	}
	w.indent(ind)
	w.WriteString("}")
}

func (w *printer) control(c Control, ind int) {
	w.indent(ind)
	if c == nil {
		w.WriteString(";\n")
		return
	}
	w.WriteString(atAttrs(c.ControlAttrs()))
	switch c := c.(type) {
	case *Empty:
		w.WriteString(";\n")
	case *Enable:
		w.WriteString(c.Group + ";\n")
	case *Seq:
		w.WriteString(staticPrefix(c.Static, c.Latency) + "seq {\n")
		for _, s := range c.Stmts {
			w.control(s, ind+2)
		}
		w.indent(ind)
		w.WriteString("}\n")
	case *Par:
		w.WriteString(staticPrefix(c.Static, c.Latency) + "par {\n")
		for _, s := range c.Stmts {
			w.control(s, ind+2)
		}
		w.indent(ind)
		w.WriteString("}\n")
	case *If:
		w.WriteString(staticPrefix(c.Static, c.Latency) + "if " + c.Cond.String() + " ")
		if c.With != "" {
			w.WriteString("with " + c.With + " ")
		}
		w.body(c.Then, ind)
		if c.Else != nil {
			w.WriteString(" else ")
			w.body(c.Else, ind)
		}
		w.WriteString("\n")
	case *While:
		w.WriteString("while " + c.Cond.String() + " ")
		if c.With != "" {
			w.WriteString("with " + c.With + " ")
		}
		w.body(c.Body, ind)
		w.WriteString("\n")
	case *Repeat:
		s := ""
		if c.Static {
			s = "static "
		}
		w.WriteString(s + "repeat " + strconv.FormatUint(c.Count, 10) + " ")
		w.body(c.Body, ind)
		w.WriteString("\n")
	case *Invoke:
		w.WriteString(staticPrefix(c.Static, c.Latency) + "invoke " + c.Cell)
		if len(c.RefCells) > 0 {
			parts := make([]string, len(c.RefCells))
			for i, b := range c.RefCells {
				parts[i] = b.Param + " = " + b.Arg
			}
			w.WriteString("[" + strings.Join(parts, ",") + "]")
		}
		w.invokeArgs(c.Inputs, ind)
		w.invokeArgs(c.Outputs, ind)
		if c.With != "" {
			w.WriteString(" with " + c.With)
		}
		w.WriteString(";\n")
	}
}

// invokeArgs prints `(` args one per line `)` in upstream's layout.
func (w *printer) invokeArgs(args []PortArg, ind int) {
	w.WriteString("(")
	for i, a := range args {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n")
		w.indent(ind + 2)
		w.WriteString(a.Port + " = " + a.Arg.String())
	}
	if len(args) > 0 {
		w.WriteString("\n")
		w.indent(ind)
	}
	w.WriteString(")")
}
