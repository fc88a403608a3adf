package partition

import (
	"errors"
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// CheckConflicts proves that in every par of p, accesses from different arms
// to one memory use different banks, or are loads of the same address; it
// returns an error naming the memory and both accesses otherwise.
func CheckConflicts(p *air.Program) error {
	var errs []error
	for _, k := range p.Kernels {
		walk(k.Body, func(s air.Stmt) {
			par, ok := s.(*air.Par)
			if !ok || len(errs) >= 10 {
				return
			}
			arms := make([][]access, len(par.Arms))
			for i, a := range par.Arms {
				arms[i] = accesses(a)
			}
			for i := range arms {
				for j := i + 1; j < len(arms); j++ {
					if err := armConflict(k, par, i, j, arms[i], arms[j]); err != nil {
						errs = append(errs, err)
						return
					}
				}
			}
			if err := regConflict(k, par); err != nil {
				errs = append(errs, err)
			}
		})
	}
	return errors.Join(errs...)
}

func armConflict(k *air.Kernel, par *air.Par, i, j int, a, b []access) error {
	for _, x := range a {
		for _, y := range b {
			if x.mem != y.mem || x.bank != y.bank {
				continue
			}
			if !x.store && !y.store && sameIndex(x.index, y.index) {
				continue // one read broadcast to both arms
			}
			where := fmt.Sprintf("bank %d", x.bank)
			if x.bank < 0 {
				where = "the unpartitioned memory"
			}
			return fmt.Errorf("partition: kernel %s: line %d: bank conflict on memory %s: arm %d %s and arm %d %s use %s in the same step",
				k.Name, par.Line, x.mem, i, describe(x), j, describe(y), where)
		}
	}
	return nil
}

func sameIndex(a, b []air.Affine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

func describe(a access) string {
	verb := "reads"
	if a.store {
		verb = "writes"
	}
	s := a.mem
	if a.bank >= 0 {
		s += fmt.Sprintf("{%d}", a.bank)
	}
	s += "["
	for i, x := range a.index {
		if i > 0 {
			s += ", "
		}
		s += x.String()
	}
	return verb + " " + s + "]"
}

// regConflict reports a register written in one arm of par and used in another.
func regConflict(k *air.Kernel, par *air.Par) error {
	writer := map[string]int{}
	for i, arm := range par.Arms {
		walk(arm, func(s air.Stmt) {
			switch s := s.(type) {
			case *air.Reg:
				writer[s.Name] = i
			case *air.Assign:
				if _, ok := writer[s.Name]; !ok {
					writer[s.Name] = i
				} else if writer[s.Name] != i {
					writer[s.Name] = -1 // written by two arms
				}
			}
		})
	}
	for i, arm := range par.Arms {
		for _, r := range regsUsed(arm) {
			if w, ok := writer[r]; ok && w != i {
				return fmt.Errorf("partition: kernel %s: line %d: register %s is written by one arm of a par and used by another (arm %d)", k.Name, par.Line, r, i)
			}
		}
	}
	return nil
}

// regsUsed lists the registers read or assigned in ss.
func regsUsed(ss []air.Stmt) []string {
	var out []string
	var refs func(e air.Expr)
	refs = func(e air.Expr) {
		switch e := e.(type) {
		case *air.Ref:
			out = append(out, e.Name)
		case *air.Op:
			for _, a := range e.Args {
				refs(a)
			}
		}
	}
	walk(ss, func(s air.Stmt) {
		switch s := s.(type) {
		case *air.Reg:
			refs(s.Init)
		case *air.Assign:
			out = append(out, s.Name)
			refs(s.Val)
		case *air.Store:
			refs(s.Val)
		}
	})
	return out
}
