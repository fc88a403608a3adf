package air

import (
	"fmt"
	"strconv"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// maxIndexConst bounds integers in shapes, loop bounds and index expressions.
const maxIndexConst = 1 << 31

// Parse reads a program in the text form described in the package doc.
func Parse(src []byte) (*Program, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, fmt.Errorf("air: %w", err)
	}
	p := &parser{toks: toks}
	prog, err := p.program()
	if err != nil {
		return nil, fmt.Errorf("air: %w", err)
	}
	return prog, nil
}

type parser struct {
	toks []token
	pos  int
}

type parseError struct {
	line int
	msg  string
}

func (e *parseError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) peekN(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *parser) errf(t token, format string, a ...any) error {
	return &parseError{t.line, fmt.Sprintf(format, a...)}
}

func (p *parser) is(text string) bool {
	t := p.peek()
	return t.kind != tEOF && t.kind != tInt && t.text == text
}

func (p *parser) expect(text string) (token, error) {
	t := p.next()
	if t.kind == tEOF || t.kind == tInt || t.text != text {
		return t, p.errf(t, "want %q, got %s", text, t)
	}
	return t, nil
}

func (p *parser) ident(what string) (token, error) {
	t := p.next()
	if t.kind != tIdent {
		return t, p.errf(t, "want %s name, got %s", what, t)
	}
	return t, nil
}

func (p *parser) int(what string) (int, error) {
	neg := false
	if p.is("-") {
		p.next()
		neg = true
	}
	t := p.next()
	if t.kind != tInt {
		return 0, p.errf(t, "want %s, got %s", what, t)
	}
	v, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil || v > maxIndexConst {
		return 0, p.errf(t, "%s %s out of range", what, t.text)
	}
	if neg {
		v = -v
	}
	return int(v), nil
}

func (p *parser) program() (*Program, error) {
	prog := &Program{}
	if _, err := p.expect("program"); err != nil {
		return nil, err
	}
	name, err := p.ident("program")
	if err != nil {
		return nil, err
	}
	prog.Name = name.text
	if _, err := p.expect("numeric"); err != nil {
		return nil, err
	}
	if prog.Numeric, err = p.typ(); err != nil {
		return nil, err
	}
	seenMain := false
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			return prog, nil
		case p.is("mem"):
			m, err := p.mem()
			if err != nil {
				return nil, err
			}
			prog.Mems = append(prog.Mems, m)
		case p.is("kernel"):
			p.next()
			name, err := p.ident("kernel")
			if err != nil {
				return nil, err
			}
			k := &Kernel{Name: name.text, Line: t.line}
			if p.is("pipeline") {
				p.next()
				if _, err := p.expect("("); err != nil {
					return nil, err
				}
				it := p.peek()
				if k.II, err = p.int("initiation interval"); err != nil {
					return nil, err
				}
				if k.II < 1 {
					return nil, p.errf(it, "kernel %s: initiation interval %d; want at least 1", k.Name, k.II)
				}
				if _, err := p.expect(")"); err != nil {
					return nil, err
				}
			}
			if k.Body, err = p.block(); err != nil {
				return nil, err
			}
			prog.Kernels = append(prog.Kernels, k)
		case p.is("main"):
			if seenMain {
				return nil, p.errf(t, "second main block")
			}
			seenMain = true
			p.next()
			if _, err := p.expect("{"); err != nil {
				return nil, err
			}
			for !p.is("}") {
				k, err := p.ident("kernel")
				if err != nil {
					return nil, err
				}
				prog.Main = append(prog.Main, Call{Kernel: k.text, Line: k.line})
			}
			p.next()
		default:
			return nil, p.errf(t, "want mem, kernel or main, got %s", t)
		}
	}
}

func (p *parser) typ() (Type, error) {
	t := p.peek()
	if p.is("float32") {
		p.next()
		return Float32, nil
	}
	if _, err := p.expect("fixed"); err != nil {
		return Type{}, err
	}
	if _, err := p.expect("<"); err != nil {
		return Type{}, err
	}
	w, err := p.int("width")
	if err != nil {
		return Type{}, err
	}
	if _, err := p.expect(","); err != nil {
		return Type{}, err
	}
	f, err := p.int("fractional bits")
	if err != nil {
		return Type{}, err
	}
	if _, err := p.expect(">"); err != nil {
		return Type{}, err
	}
	ty := Type{Width: w, Frac: f}
	if !ty.Valid() {
		return Type{}, p.errf(t, "invalid type %s", ty)
	}
	return ty, nil
}

func (p *parser) mem() (*Memory, error) {
	start := p.next()
	name, err := p.ident("memory")
	if err != nil {
		return nil, err
	}
	m := &Memory{Name: name.text, Line: start.line}
	if _, err := p.expect(":"); err != nil {
		return nil, err
	}
	if m.Elem, err = p.typ(); err != nil {
		return nil, err
	}
	if _, err := p.expect("["); err != nil {
		return nil, err
	}
	for {
		d, err := p.int("dimension")
		if err != nil {
			return nil, err
		}
		m.Shape = append(m.Shape, d)
		if p.is("]") {
			p.next()
			break
		}
		if _, err := p.expect(","); err != nil {
			return nil, err
		}
	}
	kind := p.next()
	found := false
	for k, s := range memKindNames {
		if kind.kind == tIdent && kind.text == s {
			m.Kind, found = MemKind(k), true
		}
	}
	if !found {
		return nil, p.errf(kind, "want memory kind (internal, input, output, const), got %s", kind)
	}
	if p.is("partition") {
		p.next()
		if _, err := p.expect("("); err != nil {
			return nil, err
		}
		for {
			dim, err := p.int("dimension")
			if err != nil {
				return nil, err
			}
			st := p.next()
			sch, err := ParseScheme(st.text)
			if err != nil || st.kind != tIdent {
				return nil, p.errf(st, "want cyclic, block or complete, got %s", st)
			}
			dp := DimPart{Dim: dim, Scheme: sch}
			if sch == Complete {
				if dim >= 0 && dim < len(m.Shape) {
					dp.Factor = m.Shape[dim]
				}
			} else if dp.Factor, err = p.int("partition factor"); err != nil {
				return nil, err
			}
			m.Parts = append(m.Parts, dp)
			if p.is(")") {
				p.next()
				break
			}
			if _, err := p.expect(","); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

func (p *parser) block() ([]Stmt, error) {
	if _, err := p.expect("{"); err != nil {
		return nil, err
	}
	var ss []Stmt
	for !p.is("}") {
		if p.peek().kind == tEOF {
			return nil, p.errf(p.peek(), "missing }")
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		ss = append(ss, s)
	}
	p.next()
	return ss, nil
}

func (p *parser) stmt() (Stmt, error) {
	t := p.peek()
	switch {
	case p.is("for") && p.peekN(1).kind == tIdent:
		p.next()
		v, _ := p.ident("loop variable")
		if _, err := p.expect("in"); err != nil {
			return nil, err
		}
		lo, err := p.int("lower bound")
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(".."); err != nil {
			return nil, err
		}
		hi, err := p.int("upper bound")
		if err != nil {
			return nil, err
		}
		step := 1
		if p.is("step") {
			p.next()
			if step, err = p.int("step"); err != nil {
				return nil, err
			}
		}
		body, err := p.block()
		if err != nil {
			return nil, err
		}
		return &For{Var: v.text, Lo: lo, Hi: hi, Step: step, Body: body, Line: t.line}, nil
	case p.is("reg") && p.peekN(1).kind == tIdent:
		p.next()
		name, _ := p.ident("register")
		if _, err := p.expect(":"); err != nil {
			return nil, err
		}
		ty, err := p.typ()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect("="); err != nil {
			return nil, err
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &Reg{Name: name.text, T: ty, Init: e, Line: t.line}, nil
	case p.is("par") && p.peekN(1).text == "{":
		p.next()
		p.next()
		par := &Par{Line: t.line}
		for !p.is("}") {
			if _, err := p.expect("arm"); err != nil {
				return nil, err
			}
			arm, err := p.block()
			if err != nil {
				return nil, err
			}
			par.Arms = append(par.Arms, arm)
		}
		p.next()
		return par, nil
	case t.kind == tIdent:
		p.next()
		if p.is("=") {
			p.next()
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			return &Assign{Name: t.text, Val: e, Line: t.line}, nil
		}
		bank, idx, err := p.access()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect("="); err != nil {
			return nil, err
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &Store{Mem: t.text, Bank: bank, Index: idx, Val: e, Line: t.line}, nil
	}
	return nil, p.errf(t, "want a statement, got %s", t)
}

// access parses an optional {bank} and the [index, ...] list after a memory name.
func (p *parser) access() (int, []Affine, error) {
	bank := -1
	if p.is("{") {
		p.next()
		b, err := p.int("bank")
		if err != nil {
			return 0, nil, err
		}
		if b < 0 {
			return 0, nil, p.errf(p.peek(), "negative bank")
		}
		bank = b
		if _, err := p.expect("}"); err != nil {
			return 0, nil, err
		}
	}
	if _, err := p.expect("["); err != nil {
		return 0, nil, err
	}
	var idx []Affine
	for {
		a, err := p.affine()
		if err != nil {
			return 0, nil, err
		}
		idx = append(idx, a)
		if p.is("]") {
			p.next()
			return bank, idx, nil
		}
		if _, err := p.expect(","); err != nil {
			return 0, nil, err
		}
	}
}

func (p *parser) affine() (Affine, error) {
	var a Affine
	sign := int64(1)
	if p.is("-") {
		p.next()
		sign = -1
	}
	for {
		t := p.next()
		var term Affine
		switch t.kind {
		case tInt:
			c, err := strconv.ParseInt(t.text, 10, 64)
			if err != nil || c > maxIndexConst {
				return a, p.errf(t, "index constant %s out of range", t.text)
			}
			if p.is("*") {
				p.next()
				v, err := p.ident("loop variable")
				if err != nil {
					return a, err
				}
				term = V(v.text).Scale(c)
			} else {
				term = C(c)
			}
		case tIdent:
			term = V(t.text)
			if p.is("*") {
				p.next()
				ct := p.next()
				c, err := strconv.ParseInt(ct.text, 10, 64)
				if ct.kind != tInt || err != nil || c > maxIndexConst {
					return a, p.errf(ct, "want coefficient, got %s", ct)
				}
				term = term.Scale(c)
			}
		default:
			return a, p.errf(t, "want index expression, got %s", t)
		}
		a = a.Plus(term.Scale(sign))
		if !p.is("+") && !p.is("-") {
			return a, nil
		}
		if p.next().text == "-" {
			sign = -1
		} else {
			sign = 1
		}
	}
}

func (p *parser) expr() (Expr, error) {
	t := p.peek()
	if t.kind == tInt || (p.is("-") && p.peekN(1).kind == tInt) {
		text := ""
		if p.is("-") {
			p.next()
			text = "-"
		}
		text += p.next().text
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, p.errf(t, "literal %s out of range", text)
		}
		if _, err := p.expect(":"); err != nil {
			return nil, err
		}
		ty, err := p.typ()
		if err != nil {
			return nil, err
		}
		return &Const{Val: v, T: ty}, nil
	}
	if t.kind != tIdent {
		return nil, p.errf(t, "want an expression, got %s", t)
	}
	p.next()
	switch {
	case p.is("("):
		return p.op(t)
	case p.is("[") || p.is("{"):
		bank, idx, err := p.access()
		if err != nil {
			return nil, err
		}
		l := &Load{Mem: t.text, Bank: bank, Index: idx}
		if p.is("?") {
			p.next()
			text := ""
			if p.is("-") {
				p.next()
				text = "-"
			}
			pt := p.next()
			if pt.kind != tInt {
				return nil, p.errf(pt, "want the raw pad value after ?, got %s", pt)
			}
			v, err := strconv.ParseInt(text+pt.text, 10, 64)
			if err != nil {
				return nil, p.errf(pt, "pad value %s%s out of range", text, pt.text)
			}
			l.Padded, l.Pad = true, v
		}
		return l, nil
	}
	return &Ref{Name: t.text}, nil
}

func (p *parser) op(name token) (Expr, error) {
	kind := -1
	for k, s := range opNames {
		if s == name.text && OpKind(k) != Nonlin {
			kind = k
		}
	}
	var fn nonlin.Func
	if kind < 0 {
		f, err := nonlin.ParseFunc(name.text)
		if err != nil {
			return nil, p.errf(name, "unknown operation %q", name.text)
		}
		kind, fn = int(Nonlin), f
	}
	p.next() // (
	op := &Op{Kind: OpKind(kind), Func: fn}
	for i := 0; i < op.Kind.Arity(); i++ {
		if i > 0 {
			if _, err := p.expect(","); err != nil {
				return nil, err
			}
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		op.Args = append(op.Args, e)
	}
	switch op.Kind {
	case Rq, Nonlin:
		if _, err := p.expect(","); err != nil {
			return nil, err
		}
		ty, err := p.typ()
		if err != nil {
			return nil, err
		}
		op.T = ty
	case Shr:
		if _, err := p.expect(","); err != nil {
			return nil, err
		}
		k, err := p.int("shift")
		if err != nil {
			return nil, err
		}
		if k < 0 || k > MaxWidth {
			return nil, p.errf(name, "shift %d out of range 0..%d", k, MaxWidth)
		}
		op.Shift = k
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return op, nil
}
