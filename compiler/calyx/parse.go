package calyx

import (
	"fmt"
	"os"
	"strings"
)

// maxDepth bounds the nesting of guards and control so hostile input cannot exhaust the stack.
const maxDepth = 2000

// ParseFile reads and parses a `.futil` file.
func ParseFile(path string) (*Program, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, b)
}

// Parse parses the text of a `.futil` program; file names it in error messages.
func Parse(file string, src []byte) (prog *Program, err error) {
	p := &parser{lex: newLexer(file, string(src)), file: file}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			prog, err = nil, b.err
		}
	}()
	return p.program(), nil
}

// bailout carries a syntax error out of the recursive descent.
type bailout struct{ err *Error }

type parser struct {
	lex   *lexer
	file  string
	buf   []token // lookahead
	depth int
}

func (p *parser) fail(pos Pos, format string, args ...any) {
	panic(bailout{&Error{File: p.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}})
}

// peekN returns the token n places ahead (0 = next).
func (p *parser) peekN(n int) token {
	for len(p.buf) <= n {
		t, err := p.lex.next()
		if err != nil {
			panic(bailout{err})
		}
		p.buf = append(p.buf, t)
	}
	return p.buf[n]
}

func (p *parser) peek() token { return p.peekN(0) }

func (p *parser) take() token {
	t := p.peek()
	p.buf = p.buf[1:]
	return t
}

// is reports whether the next token is the punctuation or keyword s.
func (p *parser) is(s string) bool { return isTok(p.peek(), s) }

func isTok(t token, s string) bool {
	return (t.kind == tPunct || t.kind == tIdent) && t.text == s
}

// accept consumes the punctuation or keyword s if it is next.
func (p *parser) accept(s string) bool {
	if p.is(s) {
		p.take()
		return true
	}
	return false
}

// expect consumes s or fails naming what was found.
func (p *parser) expect(s, context string) token {
	t := p.peek()
	if !isTok(t, s) {
		p.fail(t.pos, "expected `%s` %s, found %s", s, context, t.describe())
	}
	return p.take()
}

func (p *parser) ident(context string) token {
	t := p.peek()
	if t.kind != tIdent {
		p.fail(t.pos, "expected %s, found %s", context, t.describe())
	}
	return p.take()
}

func (p *parser) integer(context string) (uint64, token) {
	t := p.peek()
	if t.kind != tInt {
		p.fail(t.pos, "expected %s, found %s", context, t.describe())
	}
	v, ok := parseUint(t.text, 10)
	if !ok {
		p.fail(t.pos, "%s %s is too large", context, t.text)
	}
	return v, p.take()
}

func (p *parser) enter(pos Pos) {
	p.depth++
	if p.depth > maxDepth {
		p.fail(pos, "nesting deeper than %d", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// ---- top level ----

func (p *parser) program() *Program {
	prog := &Program{File: p.file}
	for p.is("import") {
		p.take()
		t := p.peek()
		if t.kind != tString {
			p.fail(t.pos, "expected a quoted path after `import`, found %s", t.describe())
		}
		p.take()
		prog.Imports = append(prog.Imports, t.text)
		p.expect(";", "after import")
	}
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			return prog
		case t.kind == tIdent && (strings.EqualFold(t.text, "metadata") || strings.EqualFold(t.text, "sourceinfo")):
			prog.Metadata = strings.TrimRight(p.lex.src[t.off:], " \t\r\n")
			p.buf = nil
			p.lex.advance(len(p.lex.src) - p.lex.off)
			return prog
		case isTok(t, "extern"):
			prog.Externs = append(prog.Externs, p.extern())
		case isTok(t, "import"):
			p.fail(t.pos, "imports must come before all components and primitives")
		default:
			comb, lat, pos := p.combOrStatic()
			k := p.peek()
			switch {
			case isTok(k, "component"):
				c := p.component(comb, lat, pos)
				prog.Components = append(prog.Components, c)
			case isTok(k, "primitive"):
				pr := p.primitive(comb, lat, pos, true)
				prog.Prims = append(prog.Prims, pr)
			default:
				p.fail(k.pos, "expected `component`, `primitive`, `extern` or `import`, found %s", k.describe())
			}
		}
	}
}

// combOrStatic parses the optional `comb`, `static<n>` prefixes (in either order).
func (p *parser) combOrStatic() (comb bool, lat uint64, pos Pos) {
	pos = p.peek().pos
	for i := 0; i < 2; i++ {
		switch {
		case p.is("comb") && !comb:
			p.take()
			comb = true
		case p.is("static") && lat == 0:
			p.take()
			if !p.is("<") {
				p.fail(p.peek().pos, "expected `<latency>` after `static`")
			}
			lat = p.latency()
		}
	}
	return comb, lat, pos
}

// latency parses `<n>` with n > 0.
func (p *parser) latency() uint64 {
	p.expect("<", "before latency")
	v, t := p.integer("latency")
	if v == 0 {
		p.fail(t.pos, "latency annotation of 0")
	}
	p.expect(">", "after latency")
	return v
}

func (p *parser) extern() *Extern {
	kw := p.take()
	t := p.peek()
	if t.kind != tString {
		p.fail(t.pos, "expected a quoted path after `extern`, found %s", t.describe())
	}
	p.take()
	e := &Extern{Path: t.text, Pos: kw.pos}
	p.expect("{", "to open extern block")
	for !p.is("}") {
		comb, lat, pos := p.combOrStatic()
		if !p.is("primitive") {
			p.fail(p.peek().pos, "expected `primitive` in extern block, found %s", p.peek().describe())
		}
		e.Prims = append(e.Prims, p.primitive(comb, lat, pos, false))
	}
	p.take()
	return e
}

// nameWithAttrs parses `name<"attr"=v, ...>`.
func (p *parser) nameWithAttrs(context string) (token, Attrs) {
	name := p.ident(context)
	var attrs Attrs
	if p.is("<") && p.peekN(1).kind == tString {
		p.take()
		for {
			s := p.take()
			if s.kind != tString {
				p.fail(s.pos, "expected a quoted attribute name, found %s", s.describe())
			}
			p.expect("=", "after attribute name")
			a := Attr{Name: s.text, Pos: s.pos}
			p.attrValue(&a, true)
			attrs = append(attrs, a)
			if p.accept(",") {
				if p.is(">") {
					break
				}
				continue
			}
			break
		}
		p.expect(">", "to close attributes")
	}
	return name, attrs
}

// attrValue parses `(n)`, `{a, b}` (or, when bare, `n`) into a.
func (p *parser) attrValue(a *Attr, bare bool) {
	switch {
	case bare && p.peek().kind == tInt:
		a.Value, _ = p.integer("attribute value")
	case !bare && p.is("("):
		p.take()
		a.Value, _ = p.integer("attribute value")
		p.expect(")", "after attribute value")
	case p.is("{"):
		p.take()
		a.IsSet = true
		a.Set = []uint64{}
		for {
			v, _ := p.integer("attribute set element")
			a.Set = append(a.Set, v)
			if !p.accept(",") {
				break
			}
		}
		p.expect("}", "to close attribute set")
	case bare:
		p.fail(p.peek().pos, "expected attribute value, found %s", p.peek().describe())
	default:
		a.Value = 1
	}
}

// atAttrs parses `@name`, `@name(n)`, `@name{a, b}` repeated.
func (p *parser) atAttrs() Attrs {
	var attrs Attrs
	for p.is("@") {
		at := p.take()
		name := p.ident("attribute name after `@`")
		a := Attr{Name: name.text, Pos: at.pos}
		p.attrValue(&a, false)
		attrs = append(attrs, a)
	}
	return attrs
}

// signature parses `(inputs) -> (outputs)`.
func (p *parser) signature(params bool) (in, out []*PortDef) {
	p.expect("(", "to open the input ports")
	in = p.portList(params)
	p.expect(")", "to close the input ports")
	p.expect("->", "between input and output ports")
	p.expect("(", "to open the output ports")
	out = p.portList(params)
	p.expect(")", "to close the output ports")
	return in, out
}

func (p *parser) portList(params bool) []*PortDef {
	var ports []*PortDef
	for !p.is(")") {
		attrs := p.atAttrs()
		name := p.ident("port name")
		p.expect(":", "after port name")
		pd := &PortDef{Name: name.text, Attrs: attrs, Pos: name.pos}
		t := p.peek()
		switch {
		case t.kind == tInt:
			pd.Width, _ = p.integer("port width")
		case t.kind == tIdent:
			p.take()
			if !params {
				p.fail(t.pos, "port width must be a number, found %s", t.describe())
			}
			pd.WidthParam = t.text
		default:
			p.fail(t.pos, "expected port width, found %s", t.describe())
		}
		ports = append(ports, pd)
		if !p.accept(",") {
			break
		}
	}
	return ports
}

func (p *parser) primitive(comb bool, lat uint64, pos Pos, inline bool) *Primitive {
	p.take() // primitive
	name, attrs := p.nameWithAttrs("primitive name")
	pr := &Primitive{Name: name.text, Attrs: attrs, Comb: comb, Latency: lat, Pos: pos}
	if p.is("[") {
		p.take()
		for !p.is("]") {
			pr.Params = append(pr.Params, p.ident("parameter name").text)
			if !p.accept(",") {
				break
			}
		}
		p.expect("]", "to close parameters")
	}
	pr.Inputs, pr.Outputs = p.signature(true)
	if p.is("{") {
		if !inline {
			p.fail(p.peek().pos, "primitive with a body inside an extern block")
		}
		open := p.peek()
		if len(p.buf) != 1 {
			p.fail(open.pos, "internal: lookahead past `{`")
		}
		p.buf = nil
		rest := p.lex.src[open.end:]
		i := strings.IndexByte(rest, '}')
		if i < 0 {
			p.fail(open.pos, "unterminated primitive body")
		}
		body := strings.TrimSpace(rest[:i])
		pr.Body = &body
		p.lex.advance(i + 1)
		p.accept(";")
		return pr
	}
	p.expect(";", "after primitive declaration")
	return pr
}

// ---- components ----

func (p *parser) component(comb bool, lat uint64, pos Pos) *Component {
	p.take() // component
	name, attrs := p.nameWithAttrs("component name")
	c := &Component{Name: name.text, Attrs: attrs, Comb: comb, Latency: lat, Pos: pos, File: p.file}
	c.Inputs, c.Outputs = p.signature(false)
	p.expect("{", "to open the component body")
	p.expect("cells", "to start the cells section")
	p.expect("{", "after `cells`")
	for !p.is("}") {
		c.Cells = append(c.Cells, p.cell())
	}
	p.take()
	p.expect("wires", "to start the wires section")
	p.expect("{", "after `wires`")
	for !p.is("}") {
		p.wireItem(c)
	}
	p.take()
	if p.is("control") {
		p.take()
		open := p.expect("{", "after `control`")
		stmts := p.stmtList()
		switch len(stmts) {
		case 0:
		case 1:
			c.Control = stmts[0]
		default:
			c.Control = &Seq{Stmts: stmts, Pos: open.pos}
		}
	}
	p.expect("}", "to close the component")
	return c
}

func (p *parser) cell() *Cell {
	attrs := p.atAttrs()
	ref := false
	if p.is("ref") && p.peekN(1).kind == tIdent && isTok(p.peekN(2), "=") {
		p.take()
		ref = true
	}
	name := p.ident("cell name")
	p.expect("=", "after cell name")
	proto := p.ident("primitive or component name")
	cl := &Cell{Name: name.text, Proto: proto.text, Ref: ref, Attrs: attrs, Pos: name.pos}
	p.expect("(", "to open cell parameters")
	if proto.text == "std_float_const" {
		for i := 0; i < 2; i++ {
			v, _ := p.integer("std_float_const parameter")
			cl.Params = append(cl.Params, v)
			p.expect(",", "between std_float_const parameters")
		}
		t := p.peek()
		if t.kind != tFloat && t.kind != tInt {
			p.fail(t.pos, "expected a float value, found %s", t.describe())
		}
		cl.Float = p.take().text
	} else {
		for !p.is(")") {
			v, _ := p.integer("cell parameter")
			cl.Params = append(cl.Params, v)
			if !p.accept(",") {
				break
			}
		}
	}
	p.expect(")", "to close cell parameters")
	if !p.is(";") {
		p.fail(p.peek().pos, "declaration is missing `;`")
	}
	p.take()
	return cl
}

// wireItem parses one group, comb group, static group or continuous assignment.
func (p *parser) wireItem(c *Component) {
	t := p.peek()
	switch {
	case isTok(t, "group") && p.peekN(1).kind == tIdent:
		p.take()
		c.Groups = append(c.Groups, p.group(GroupPlain, 0, t.pos))
	case isTok(t, "comb") && isTok(p.peekN(1), "group"):
		p.take()
		p.take()
		c.Groups = append(c.Groups, p.group(GroupComb, 0, t.pos))
	case isTok(t, "static") && isTok(p.peekN(1), "<"):
		p.take()
		lat := p.latency()
		p.expect("group", "after `static<n>` in wires")
		c.Groups = append(c.Groups, p.group(GroupStatic, lat, t.pos))
	case isTok(t, "fsm") && p.peekN(1).kind == tIdent:
		p.fail(t.pos, "`fsm` blocks are not supported")
	default:
		c.Wires = append(c.Wires, p.assign(false))
	}
}

func (p *parser) group(kind GroupKind, lat uint64, pos Pos) *Group {
	name, attrs := p.nameWithAttrs("group name")
	g := &Group{Name: name.text, Kind: kind, Latency: lat, Attrs: attrs, Pos: name.pos}
	p.expect("{", "to open the group")
	for !p.is("}") {
		g.Assigns = append(g.Assigns, p.assign(kind == GroupStatic))
	}
	p.take()
	return g
}

// assign parses `@attrs dst = guard ? src;` or `dst = src;`.
func (p *parser) assign(static bool) *Assign {
	attrs := p.atAttrs()
	dst := p.lhs()
	p.expect("=", "in assignment")
	g := p.guardExpr(static)
	a := &Assign{Dst: dst, Attrs: attrs, Pos: dst.Pos}
	if p.accept("?") {
		a.Guard = g
		a.Src = p.atom("assignment source")
	} else {
		ga, ok := g.(*GuardAtom)
		if !ok {
			p.fail(p.peek().pos, "expected `?` after guard, found %s", p.peek().describe())
		}
		a.Src = ga.Atom
	}
	p.expect(";", "after assignment")
	return a
}

// lhs parses `cell.port`, `port` or `group[hole]`.
func (p *parser) lhs() PortRef {
	t := p.peek()
	if t.kind != tIdent {
		p.fail(t.pos, "expected a port or hole, found %s", t.describe())
	}
	return p.portRef()
}

// portRef parses a port or hole starting at an identifier.
func (p *parser) portRef() PortRef {
	t := p.ident("port")
	switch {
	case p.is("."):
		p.take()
		n := p.ident("port name after `.`")
		return PortRef{Parent: t.text, Name: n.text, Pos: t.pos}
	case p.is("["):
		p.take()
		n := p.ident("hole name")
		p.expect("]", "to close the hole")
		return PortRef{Parent: t.text, Name: n.text, Hole: true, Pos: t.pos}
	}
	return PortRef{Name: t.text, Pos: t.pos}
}

// atom parses a port, hole or sized constant.
func (p *parser) atom(context string) Atom {
	t := p.peek()
	switch t.kind {
	case tNum:
		p.take()
		return Atom{IsConst: true, Const: t.num, Pos: t.pos}
	case tIdent:
		r := p.portRef()
		return Atom{Port: r, Pos: r.Pos}
	case tInt:
		p.fail(t.pos, "expected %s, found unsized number %s (write it like 32'd%s)", context, t.text, t.text)
	}
	p.fail(t.pos, "expected %s, found %s", context, t.describe())
	return Atom{}
}

var cmpOps = map[string]CmpOp{"==": CmpEq, "!=": CmpNeq, "<": CmpLt, ">": CmpGt, "<=": CmpLe, ">=": CmpGe}

// guardExpr parses terms joined by `&` (tighter) and `|`, left associative.
func (p *parser) guardExpr(static bool) Guard {
	p.enter(p.peek().pos)
	defer p.leave()
	l := p.guardAnd(static)
	for p.is("|") {
		p.take()
		r := p.guardAnd(static)
		l = &GuardOr{L: l, R: r, Pos: l.GuardPos()}
	}
	return l
}

func (p *parser) guardAnd(static bool) Guard {
	l := p.guardTerm(static)
	for p.is("&") {
		p.take()
		r := p.guardTerm(static)
		l = &GuardAnd{L: l, R: r, Pos: l.GuardPos()}
	}
	return l
}

func (p *parser) guardTerm(static bool) Guard {
	t := p.peek()
	switch {
	case isTok(t, "!"):
		p.take()
		if p.is("(") {
			p.take()
			g := p.guardExpr(static)
			p.expect(")", "to close the guard")
			return &GuardNot{X: g, Pos: t.pos}
		}
		a := p.atom("guard operand after `!`")
		return &GuardNot{X: &GuardAtom{Atom: a}, Pos: t.pos}
	case isTok(t, "("):
		p.take()
		g := p.guardExpr(static)
		p.expect(")", "to close the guard")
		return g
	case isTok(t, "%"):
		if !static {
			p.fail(t.pos, "timing guard `%%` outside a static group")
		}
		p.take()
		if p.accept("[") {
			a, _ := p.integer("start cycle")
			p.expect(":", "in timing interval")
			b, bt := p.integer("end cycle")
			if b <= a {
				p.fail(bt.pos, "empty timing interval [%d:%d]", a, b)
			}
			p.expect("]", "to close timing interval")
			return &GuardTime{Start: a, End: b, Pos: t.pos}
		}
		a, at := p.integer("cycle")
		if a == ^uint64(0) {
			p.fail(at.pos, "cycle %d is too large", a)
		}
		return &GuardTime{Start: a, End: a + 1, Pos: t.pos}
	}
	l := p.atom("a port or constant")
	if op, ok := cmpOps[p.peek().text]; ok && p.peek().kind == tPunct {
		p.take()
		r := p.atom("right operand of comparison")
		return &GuardCmp{Op: op, L: l, R: r, Pos: l.Pos}
	}
	return &GuardAtom{Atom: l}
}

// ---- control ----

// stmtList parses statements up to and including the closing `}`.
func (p *parser) stmtList() []Control {
	var stmts []Control
	for !p.is("}") {
		if p.peek().kind == tEOF {
			p.fail(p.peek().pos, "unexpected end of file: missing `}`")
		}
		stmts = append(stmts, p.stmt())
	}
	p.take()
	return stmts
}

// block parses `{ stmt }` (the statement itself) or `{ stmt* }` (a seq).
func (p *parser) block() Control {
	open := p.expect("{", "to open a block")
	stmts := p.stmtList()
	if len(stmts) == 1 {
		return stmts[0]
	}
	return &Seq{Stmts: stmts, Pos: open.pos}
}

func (p *parser) stmt() Control {
	start := p.peek()
	p.enter(start.pos)
	defer p.leave()
	attrs := p.atAttrs()
	t := p.peek()
	pos := t.pos
	if isTok(t, ";") {
		p.take()
		return &Empty{Attrs: attrs, Pos: pos}
	}
	if t.kind != tIdent {
		p.fail(t.pos, "expected a control statement, found %s", t.describe())
	}
	if isTok(p.peekN(1), ";") {
		p.take()
		p.take()
		return &Enable{Group: t.text, Attrs: attrs, Pos: pos}
	}
	static, lat := false, uint64(0)
	if t.text == "static" {
		p.take()
		static = true
		if p.is("<") {
			lat = p.latency()
		}
		t = p.peek()
	}
	switch t.text {
	case "seq", "par":
		p.take()
		p.expect("{", "after `"+t.text+"`")
		stmts := p.stmtList()
		if t.text == "seq" {
			return &Seq{Stmts: stmts, Static: static, Latency: lat, Attrs: attrs, Pos: pos}
		}
		return &Par{Stmts: stmts, Static: static, Latency: lat, Attrs: attrs, Pos: pos}
	case "if":
		p.take()
		c := &If{Static: static, Latency: lat, Attrs: attrs, Pos: pos}
		c.Cond = p.portRef()
		if p.accept("with") {
			if static {
				p.fail(p.peek().pos, "`static if` cannot have a `with` group")
			}
			c.With = p.ident("comb group name after `with`").text
		}
		c.Then = p.block()
		if p.accept("else") {
			if p.is("{") {
				c.Else = p.block()
			} else {
				e := p.peek()
				s := p.stmt()
				if ei, ok := s.(*If); !ok || ei.Static != static {
					p.fail(e.pos, "expected `{` or `if` after `else`")
				}
				c.Else = s
			}
		}
		return c
	case "while":
		if static {
			p.fail(t.pos, "`while` cannot be static")
		}
		p.take()
		c := &While{Attrs: attrs, Pos: pos}
		c.Cond = p.portRef()
		if p.accept("with") {
			c.With = p.ident("comb group name after `with`").text
		}
		c.Body = p.block()
		return c
	case "repeat":
		if lat != 0 {
			p.fail(t.pos, "`static repeat` takes no latency")
		}
		p.take()
		n, _ := p.integer("repeat count")
		return &Repeat{Count: n, Body: p.block(), Static: static, Attrs: attrs, Pos: pos}
	case "invoke":
		p.take()
		return p.invoke(static, lat, attrs, pos)
	}
	p.fail(t.pos, "expected a control statement, found %s", t.describe())
	return nil
}

func (p *parser) invoke(static bool, lat uint64, attrs Attrs, pos Pos) *Invoke {
	c := &Invoke{Static: static, Latency: lat, Attrs: attrs, Pos: pos}
	c.Cell = p.ident("cell name after `invoke`").text
	if p.accept("[") {
		for !p.is("]") {
			n := p.ident("ref cell name")
			p.expect("=", "in ref cell binding")
			a := p.ident("cell name")
			c.RefCells = append(c.RefCells, Binding{Param: n.text, Arg: a.text, Pos: n.pos})
			if !p.accept(",") {
				break
			}
		}
		p.expect("]", "to close ref cell bindings")
	}
	c.Inputs = p.invokeArgs("inputs")
	c.Outputs = p.invokeArgs("outputs")
	if p.accept("with") {
		c.With = p.ident("comb group name after `with`").text
	}
	p.expect(";", "after invoke")
	return c
}

func (p *parser) invokeArgs(what string) []PortArg {
	p.expect("(", "to open invoke "+what)
	var args []PortArg
	for !p.is(")") {
		n := p.ident("port name")
		p.expect("=", "in invoke argument")
		t := p.peek()
		var a Atom
		switch t.kind {
		case tNum:
			a = p.atom("argument")
		case tIdent:
			r := p.portRef()
			if r.Hole {
				p.fail(r.Pos, "a hole cannot be an invoke argument")
			}
			a = Atom{Port: r, Pos: r.Pos}
		default:
			p.fail(t.pos, "expected a port or constant, found %s", t.describe())
		}
		args = append(args, PortArg{Port: n.text, Arg: a, Pos: n.pos})
		if !p.accept(",") {
			break
		}
	}
	p.expect(")", "to close invoke "+what)
	return args
}
