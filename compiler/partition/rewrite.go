package partition

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// rewriteBanks turns every access to a partitioned memory of k into a static (bank, offset) access.
func rewriteBanks(p *air.Program, k *air.Kernel) error {
	return rewriteStmts(p, k.Body, map[string]air.Range{})
}

func rewriteStmts(p *air.Program, ss []air.Stmt, env map[string]air.Range) error {
	for _, s := range ss {
		var err error
		switch s := s.(type) {
		case *air.For:
			if tripCount(s) == 0 {
				env[s.Var] = air.Range{Lo: int64(s.Lo), Hi: int64(s.Lo)}
			} else {
				env[s.Var] = air.Range{Lo: int64(s.Lo), Hi: int64(s.Lo + (tripCount(s)-1)*s.Step)}
			}
			err = rewriteStmts(p, s.Body, env)
			delete(env, s.Var)
		case *air.Par:
			for _, a := range s.Arms {
				if err = rewriteStmts(p, a, env); err != nil {
					break
				}
			}
		case *air.Reg:
			err = rewriteExpr(p, s.Init, env, s.Line)
		case *air.Assign:
			err = rewriteExpr(p, s.Val, env, s.Line)
		case *air.Store:
			if err = rewriteExpr(p, s.Val, env, s.Line); err == nil {
				s.Bank, s.Index, err = bankAccess(p.Mem(s.Mem), s.Bank, s.Index, env)
			}
			if err != nil {
				err = fmt.Errorf("line %d: store to %s: %w", s.Line, s.Mem, err)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func rewriteExpr(p *air.Program, e air.Expr, env map[string]air.Range, line int) error {
	switch e := e.(type) {
	case *air.Load:
		var err error
		if e.Bank, e.Index, err = bankAccess(p.Mem(e.Mem), e.Bank, e.Index, env); err != nil {
			return fmt.Errorf("line %d: load from %s: %w", line, e.Mem, err)
		}
	case *air.Op:
		for _, a := range e.Args {
			if err := rewriteExpr(p, a, env, line); err != nil {
				return err
			}
		}
	}
	return nil
}

// bankAccess computes the static bank and the in-bank offsets of an access.
func bankAccess(m *air.Memory, bank int, idx []air.Affine, env map[string]air.Range) (int, []air.Affine, error) {
	if m == nil || !m.Partitioned() || bank >= 0 {
		return bank, idx, nil
	}
	if len(idx) != len(m.Shape) {
		return 0, nil, fmt.Errorf("rank %d access to a memory of rank %d", len(idx), len(m.Shape))
	}
	off := append([]air.Affine(nil), idx...)
	b := 0
	for _, pt := range m.Parts {
		a := idx[pt.Dim]
		var bd int64
		switch pt.Scheme {
		case air.Cyclic, air.Complete:
			F := int64(pt.Factor)
			bd = mod(a.Const, F)
			o := air.C((a.Const - bd) / F)
			for _, t := range a.Terms {
				if mod(t.Coef, F) != 0 {
					return 0, nil, fmt.Errorf("index %s of dimension %d does not select a fixed bank of %s partition by %d", a, pt.Dim, pt.Scheme, F)
				}
				o = o.Plus(air.V(t.Var).Scale(t.Coef / F))
			}
			off[pt.Dim] = o
		case air.Block:
			S := int64((m.Shape[pt.Dim] + pt.Factor - 1) / pt.Factor)
			lo, hi, ok := a.Bounds(env)
			if !ok || floorDiv(lo, S) != floorDiv(hi, S) {
				return 0, nil, fmt.Errorf("index %s of dimension %d spans [%d,%d], more than one block of %d", a, pt.Dim, lo, hi, S)
			}
			bd = floorDiv(lo, S)
			off[pt.Dim] = a.AddConst(-bd * S)
		}
		if bd < 0 || bd >= int64(pt.Factor) {
			return 0, nil, fmt.Errorf("index %s of dimension %d selects bank %d outside 0..%d", a, pt.Dim, bd, pt.Factor-1)
		}
		b = b*pt.Factor + int(bd)
	}
	return b, off, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
