package lower

import "github.com/rules-accel/rules_accel/compiler/air"

// access is one memory access of a par arm.
type access struct {
	store bool
	key   string
}

// armsConflict reports whether two arms of a par touch one bank in a way a
// single-ported memory cannot serve at once: a store together with any other
// access, or loads at different addresses. Such pars run their arms in
// sequence (the partitioning pass guarantees none for the pars it creates).
func (b *kbuild) armsConflict(arms [][]air.Stmt) bool {
	owner := map[string]int{}            // bank -> first arm touching it
	seen := map[string]map[access]bool{} // bank -> accesses over all arms
	for i, arm := range arms {
		mine := map[string]map[access]bool{}
		note := func(mem string, bank int, idx []air.Affine, store bool) {
			c := b.l.BankCell(mem, bank)
			if mine[c] == nil {
				mine[c] = map[access]bool{}
			}
			mine[c][access{store, indexKey(idx)}] = true
		}
		walkAccesses(arm, note)
		for c, acc := range mine {
			if _, ok := owner[c]; !ok {
				owner[c] = i
				seen[c] = acc
				continue
			}
			for a := range acc {
				if a.store {
					return true
				}
				for prev := range seen[c] {
					if prev.store || prev.key != a.key {
						return true
					}
				}
			}
		}
	}
	return false
}

// walkAccesses calls f for every load and store in ss.
func walkAccesses(ss []air.Stmt, f func(mem string, bank int, idx []air.Affine, store bool)) {
	var expr func(air.Expr)
	expr = func(e air.Expr) {
		switch e := e.(type) {
		case *air.Load:
			f(e.Mem, e.Bank, e.Index, false)
		case *air.Op:
			for _, a := range e.Args {
				expr(a)
			}
		}
	}
	for _, s := range ss {
		switch s := s.(type) {
		case *air.For:
			walkAccesses(s.Body, f)
		case *air.Par:
			for _, a := range s.Arms {
				walkAccesses(a, f)
			}
		case *air.Reg:
			expr(s.Init)
		case *air.Assign:
			expr(s.Val)
		case *air.Store:
			f(s.Mem, s.Bank, s.Index, true)
			expr(s.Val)
		}
	}
}
