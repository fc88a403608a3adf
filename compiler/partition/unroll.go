package partition

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Unroll unrolls-and-jams the loops the schedule selects in every kernel of p, in place.
func Unroll(p *air.Program, s Schedule) error {
	for _, k := range p.Kernels {
		f, loop := s.For(k.Name)
		if f == 1 {
			continue
		}
		if err := UnrollKernel(k, f, loop); err != nil {
			return err
		}
	}
	return nil
}

// UnrollKernel unrolls one kernel by factor (or Auto): the loops named loop, or the outermost independent loop of each nest.
func UnrollKernel(k *air.Kernel, factor int, loop string) error {
	u := &unroller{k: k, factor: factor, loop: loop, taken: names(k)}
	body, err := u.stmts(k.Body)
	if err != nil {
		return fmt.Errorf("partition: unroll kernel %s: %w", k.Name, err)
	}
	if loop != "" && !u.found {
		return fmt.Errorf("partition: unroll kernel %s: no loop %q", k.Name, loop)
	}
	k.Body = body
	return nil
}

type unroller struct {
	k      *air.Kernel
	factor int
	loop   string
	taken  map[string]bool
	found  bool
}

func (u *unroller) stmts(ss []air.Stmt) ([]air.Stmt, error) {
	var out []air.Stmt
	for _, s := range ss {
		f, ok := s.(*air.For)
		if !ok {
			out = append(out, s)
			continue
		}
		pick := false
		if u.loop != "" {
			pick = f.Var == u.loop
		} else {
			pick = independent(f) == nil
		}
		if !pick {
			body, err := u.stmts(f.Body)
			if err != nil {
				return nil, err
			}
			c := *f
			c.Body = body
			out = append(out, &c)
			continue
		}
		if err := independent(f); err != nil {
			return nil, fmt.Errorf("line %d: loop %s cannot be unrolled: %w", f.Line, f.Var, err)
		}
		u.found = true
		out = append(out, u.unroll(f)...)
	}
	return out, nil
}

// tripCount is the number of iterations of a loop.
func tripCount(f *air.For) int {
	if f.Hi <= f.Lo {
		return 0
	}
	return (f.Hi - f.Lo + f.Step - 1) / f.Step
}

// unroll strip-mines f by the factor and jams the copies.
func (u *unroller) unroll(f *air.For) []air.Stmt {
	trip := tripCount(f)
	U := min(u.factor, trip)
	if u.factor == Auto {
		U = 1
		for _, c := range []int{8, 4, 2} {
			if trip%c == 0 {
				U = c
				break
			}
		}
	}
	if U <= 1 {
		return []air.Stmt{f}
	}
	q, rem := trip/U, trip%U
	var out []air.Stmt
	regs := declaredRegs(f.Body)
	arms := func(n int, tag string, at func(i int) air.Affine) []rewriter {
		rw := make([]rewriter, n)
		for i := range rw {
			rw[i] = rewriter{subst: map[string]air.Affine{f.Var: at(i)}, regs: map[string]string{}}
			for _, r := range regs {
				rw[i].regs[r] = fresh(u.taken, fmt.Sprintf("%s_%s%d", r, tag, i))
			}
		}
		return rw
	}
	if q > 0 {
		vt := fresh(u.taken, f.Var+"_t")
		rw := arms(U, "u", func(i int) air.Affine {
			// v = Lo + Step*(U*vt + i)
			return air.V(vt).Scale(int64(U * f.Step)).AddConst(int64(f.Lo + f.Step*i))
		})
		out = append(out, &air.For{Var: vt, Lo: 0, Hi: q, Step: 1, Body: jam(f.Body, rw), Line: f.Line})
	}
	if rem > 0 {
		rw := arms(rem, "r", func(i int) air.Affine { return air.C(int64(f.Lo + f.Step*(U*q+i))) })
		out = append(out, jam(f.Body, rw)...)
	}
	return out
}

// jam copies ss once per rewriter, sharing loops and turning each run of simple statements into a par.
func jam(ss []air.Stmt, rw []rewriter) []air.Stmt {
	var out, run []air.Stmt
	flush := func() {
		if len(run) == 0 {
			return
		}
		if len(rw) == 1 {
			out = append(out, rw[0].stmts(run)...)
		} else {
			par := &air.Par{Line: air.StmtLine(run[0])}
			for _, r := range rw {
				par.Arms = append(par.Arms, r.stmts(run))
			}
			out = append(out, par)
		}
		run = nil
	}
	for _, s := range ss {
		if f, ok := s.(*air.For); ok {
			flush()
			c := *f
			c.Body = jam(f.Body, rw)
			out = append(out, &c)
			continue
		}
		run = append(run, s)
	}
	flush()
	return out
}

// independent reports why the iterations of f might depend on each other (nil if they cannot).
func independent(f *air.For) error {
	if tripCount(f) < 2 {
		return fmt.Errorf("fewer than 2 iterations")
	}
	inner := map[string]bool{}
	local := map[string]bool{}
	loaded := map[string]bool{}
	stored := map[string]bool{}
	var err error
	var loads func(e air.Expr)
	loads = func(e air.Expr) {
		switch e := e.(type) {
		case *air.Load:
			loaded[e.Mem] = true
		case *air.Op:
			for _, a := range e.Args {
				loads(a)
			}
		}
	}
	walk(f.Body, func(s air.Stmt) {
		switch s := s.(type) {
		case *air.For:
			inner[s.Var] = true
		case *air.Reg:
			local[s.Name] = true
		case *air.Par:
			if err == nil {
				err = fmt.Errorf("body already has a par")
			}
		}
	})
	walk(f.Body, func(s air.Stmt) {
		switch s := s.(type) {
		case *air.Reg:
			loads(s.Init)
		case *air.Assign:
			loads(s.Val)
			if !local[s.Name] && err == nil {
				err = fmt.Errorf("assigns register %s declared outside the loop", s.Name)
			}
		case *air.Store:
			loads(s.Val)
			stored[s.Mem] = true
			ok := false
			for _, a := range s.Index {
				if a.Coef(f.Var) == 0 {
					continue
				}
				clean := true
				for _, t := range a.Terms {
					if inner[t.Var] {
						clean = false
					}
				}
				ok = ok || clean
			}
			if !ok && err == nil {
				err = fmt.Errorf("store to %s does not index a dimension by %s alone", s.Mem, f.Var)
			}
		}
	})
	for _, m := range sortedKeys(stored) {
		if loaded[m] && err == nil {
			err = fmt.Errorf("memory %s is both loaded and stored", m)
		}
	}
	return err
}
