package air

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Format returns the program's canonical text form.
func Format(p *Program) []byte {
	var b bytes.Buffer
	Print(&b, p)
	return b.Bytes()
}

// Print writes the program's canonical text form to w.
func Print(w io.Writer, p *Program) {
	pr := &printer{w: w}
	pr.line(0, "program %s", p.Name)
	pr.line(0, "numeric %s", p.Numeric)
	if len(p.Mems) > 0 {
		pr.line(0, "")
	}
	for _, m := range p.Mems {
		pr.line(0, "%s", memDecl(m))
	}
	for _, k := range p.Kernels {
		pr.line(0, "")
		if k.II > 0 {
			pr.line(0, "kernel %s pipeline(%d) {", k.Name, k.II)
		} else {
			pr.line(0, "kernel %s {", k.Name)
		}
		pr.stmts(1, k.Body)
		pr.line(0, "}")
	}
	pr.line(0, "")
	pr.line(0, "main {")
	for _, c := range p.Main {
		pr.line(1, "%s", c.Kernel)
	}
	pr.line(0, "}")
}

func memDecl(m *Memory) string {
	var b strings.Builder
	fmt.Fprintf(&b, "mem %s: %s[%s] %s", m.Name, m.Elem, joinInts(m.Shape), m.Kind)
	if len(m.Parts) > 0 {
		b.WriteString(" partition(")
		for i, p := range m.Parts {
			if i > 0 {
				b.WriteString(", ")
			}
			if p.Scheme == Complete {
				fmt.Fprintf(&b, "%d complete", p.Dim)
			} else {
				fmt.Fprintf(&b, "%d %s %d", p.Dim, p.Scheme, p.Factor)
			}
		}
		b.WriteString(")")
	}
	return b.String()
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

type printer struct{ w io.Writer }

func (p *printer) line(ind int, format string, a ...any) {
	fmt.Fprintf(p.w, "%s%s\n", strings.Repeat("  ", ind), fmt.Sprintf(format, a...))
}

func (p *printer) stmts(ind int, ss []Stmt) {
	for _, s := range ss {
		p.stmt(ind, s)
	}
}

func (p *printer) stmt(ind int, s Stmt) {
	switch s := s.(type) {
	case *For:
		step := ""
		if s.Step != 1 {
			step = fmt.Sprintf(" step %d", s.Step)
		}
		p.line(ind, "for %s in %d..%d%s {", s.Var, s.Lo, s.Hi, step)
		p.stmts(ind+1, s.Body)
		p.line(ind, "}")
	case *Reg:
		p.line(ind, "reg %s: %s = %s", s.Name, s.T, ExprString(s.Init))
	case *Assign:
		p.line(ind, "%s = %s", s.Name, ExprString(s.Val))
	case *Store:
		p.line(ind, "%s = %s", accessString(s.Mem, s.Bank, s.Index), ExprString(s.Val))
	case *Par:
		p.line(ind, "par {")
		for _, a := range s.Arms {
			p.line(ind+1, "arm {")
			p.stmts(ind+2, a)
			p.line(ind+1, "}")
		}
		p.line(ind, "}")
	default:
		panic(fmt.Sprintf("air: unknown statement %T", s))
	}
}

func accessString(mem string, bank int, idx []Affine) string {
	var b strings.Builder
	b.WriteString(mem)
	if bank >= 0 {
		fmt.Fprintf(&b, "{%d}", bank)
	}
	b.WriteByte('[')
	for i, a := range idx {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.String())
	}
	b.WriteByte(']')
	return b.String()
}

// ExprString prints an expression in the text form.
func ExprString(e Expr) string {
	switch e := e.(type) {
	case *Const:
		return fmt.Sprintf("%d:%s", e.Val, e.T)
	case *Ref:
		return e.Name
	case *Load:
		if e.Padded {
			return fmt.Sprintf("%s?%d", accessString(e.Mem, e.Bank, e.Index), e.Pad)
		}
		return accessString(e.Mem, e.Bank, e.Index)
	case *Op:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = ExprString(a)
		}
		switch e.Kind {
		case Rq:
			args = append(args, e.T.String())
		case Shr:
			args = append(args, strconv.Itoa(e.Shift))
		}
		return e.Kind.String() + "(" + strings.Join(args, ", ") + ")"
	}
	panic(fmt.Sprintf("air: unknown expression %T", e))
}
