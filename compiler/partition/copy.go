package partition

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// rewriter copies statements, substituting loop variables and renaming registers.
type rewriter struct {
	subst map[string]air.Affine // loop variable -> replacement
	regs  map[string]string     // register -> new name
}

func (r rewriter) stmts(ss []air.Stmt) []air.Stmt {
	out := make([]air.Stmt, len(ss))
	for i, s := range ss {
		out[i] = r.stmt(s)
	}
	return out
}

func (r rewriter) reg(name string) string {
	if n, ok := r.regs[name]; ok {
		return n
	}
	return name
}

func (r rewriter) stmt(s air.Stmt) air.Stmt {
	switch s := s.(type) {
	case *air.For:
		c := *s
		c.Body = r.stmts(s.Body)
		return &c
	case *air.Reg:
		return &air.Reg{Name: r.reg(s.Name), T: s.T, Init: r.expr(s.Init), Line: s.Line}
	case *air.Assign:
		return &air.Assign{Name: r.reg(s.Name), Val: r.expr(s.Val), Line: s.Line}
	case *air.Store:
		return &air.Store{Mem: s.Mem, Bank: s.Bank, Index: r.index(s.Index), Val: r.expr(s.Val), Line: s.Line}
	case *air.Par:
		c := &air.Par{Line: s.Line}
		for _, a := range s.Arms {
			c.Arms = append(c.Arms, r.stmts(a))
		}
		return c
	}
	panic(fmt.Sprintf("partition: unknown statement %T", s))
}

func (r rewriter) index(idx []air.Affine) []air.Affine {
	out := make([]air.Affine, len(idx))
	for i, a := range idx {
		for _, e := range sortedSubst(r.subst) {
			a = a.Subst(e.v, e.a)
		}
		out[i] = a
	}
	return out
}

type substPair struct {
	v string
	a air.Affine
}

// sortedSubst returns the substitutions in a fixed order (they never refer to each other's variables).
func sortedSubst(m map[string]air.Affine) []substPair {
	out := make([]substPair, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, substPair{k, m[k]})
	}
	return out
}

func (r rewriter) expr(e air.Expr) air.Expr {
	switch e := e.(type) {
	case *air.Const:
		c := *e
		return &c
	case *air.Ref:
		return &air.Ref{Name: r.reg(e.Name)}
	case *air.Load:
		l := *e
		l.Index = r.index(e.Index)
		return &l
	case *air.Op:
		c := *e
		c.Args = make([]air.Expr, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = r.expr(a)
		}
		return &c
	}
	panic(fmt.Sprintf("partition: unknown expression %T", e))
}

// declaredRegs lists the registers declared anywhere in ss, in order.
func declaredRegs(ss []air.Stmt) []string {
	var out []string
	walk(ss, func(s air.Stmt) {
		if r, ok := s.(*air.Reg); ok {
			out = append(out, r.Name)
		}
	})
	return out
}

// walk calls f on every statement in ss, outer before inner.
func walk(ss []air.Stmt, f func(air.Stmt)) {
	for _, s := range ss {
		f(s)
		switch s := s.(type) {
		case *air.For:
			walk(s.Body, f)
		case *air.Par:
			for _, a := range s.Arms {
				walk(a, f)
			}
		}
	}
}

// names collects every loop variable and register name of a kernel.
func names(k *air.Kernel) map[string]bool {
	n := map[string]bool{}
	walk(k.Body, func(s air.Stmt) {
		switch s := s.(type) {
		case *air.For:
			n[s.Var] = true
		case *air.Reg:
			n[s.Name] = true
		}
	})
	return n
}

// fresh returns base, or base with a numeric suffix, unused in taken; it records the result.
func fresh(taken map[string]bool, base string) string {
	name := base
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	taken[name] = true
	return name
}
