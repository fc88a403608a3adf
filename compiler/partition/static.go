package partition

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// maxStmts bounds kernel growth from strip-mining.
const maxStmts = 1 << 20

// makeBanksStatic strip-mines loops of k until every access to a cyclic or
// complete partitioned dimension has index coefficients that are multiples
// of the factor, so its bank is a compile-time constant.
func makeBanksStatic(p *air.Program, k *air.Kernel) error {
	taken := names(k)
	for iter := 0; ; iter++ {
		loop, factor := findVarying(p, k.Body, map[string]*air.For{})
		if loop == nil {
			return nil
		}
		if count(k.Body) > maxStmts {
			return fmt.Errorf("kernel %s grows beyond %d statements while making banks static", k.Name, maxStmts)
		}
		k.Body = replaceLoop(k.Body, loop, stripMine(loop, factor, taken))
	}
}

// findVarying returns a loop whose variable makes some bank vary, and the strip factor that fixes it.
func findVarying(p *air.Program, ss []air.Stmt, loops map[string]*air.For) (*air.For, int) {
	for _, s := range ss {
		switch s := s.(type) {
		case *air.For:
			loops[s.Var] = s
			l, f := findVarying(p, s.Body, loops)
			delete(loops, s.Var)
			if l != nil {
				return l, f
			}
			continue
		case *air.Par:
			for _, a := range s.Arms {
				if l, f := findVarying(p, a, loops); l != nil {
					return l, f
				}
			}
			continue
		}
		for _, a := range accesses([]air.Stmt{s}) {
			m := p.Mem(a.mem)
			if m == nil || len(a.index) != len(m.Shape) {
				continue
			}
			for _, pt := range m.Parts {
				if pt.Scheme == air.Block {
					continue
				}
				F := int64(pt.Factor)
				for _, t := range a.index[pt.Dim].Terms {
					if mod(t.Coef, F) == 0 {
						continue
					}
					l := loops[t.Var]
					if l == nil {
						continue
					}
					return l, int(F / gcd(t.Coef*int64(l.Step), F))
				}
			}
		}
	}
	return nil, 0
}

// stripMine rewrites loop f into a tile loop of sequential copies of its body (plus constant remainder copies).
func stripMine(f *air.For, factor int, taken map[string]bool) []air.Stmt {
	trip := tripCount(f)
	factor = max(1, factor)
	q, rem := trip/factor, trip%factor
	if factor >= trip {
		q, rem = 0, trip // unroll completely: every copy gets a constant index
	}
	regs := declaredRegs(f.Body)
	copyAt := func(r int, at air.Affine) []air.Stmt {
		rw := rewriter{subst: map[string]air.Affine{f.Var: at}, regs: map[string]string{}}
		for _, name := range regs {
			rw.regs[name] = fresh(taken, fmt.Sprintf("%s_s%d", name, r))
		}
		return rw.stmts(f.Body)
	}
	var out []air.Stmt
	if q > 0 {
		vs := fresh(taken, f.Var+"_s")
		var body []air.Stmt
		for r := 0; r < factor; r++ {
			at := air.V(vs).Scale(int64(factor * f.Step)).AddConst(int64(f.Lo + f.Step*r))
			body = append(body, copyAt(r, at)...)
		}
		out = append(out, &air.For{Var: vs, Lo: 0, Hi: q, Step: 1, Body: body, Line: f.Line})
	}
	for r := 0; r < rem; r++ {
		out = append(out, copyAt(factor+r, air.C(int64(f.Lo+f.Step*(factor*q+r))))...)
	}
	return out
}

// replaceLoop replaces the statement old (found anywhere in ss) by repl.
func replaceLoop(ss []air.Stmt, old *air.For, repl []air.Stmt) []air.Stmt {
	var out []air.Stmt
	for _, s := range ss {
		switch t := s.(type) {
		case *air.For:
			if t == old {
				out = append(out, repl...)
				continue
			}
			t.Body = replaceLoop(t.Body, old, repl)
		case *air.Par:
			for i, a := range t.Arms {
				t.Arms[i] = replaceLoop(a, old, repl)
			}
		}
		out = append(out, s)
	}
	return out
}

func count(ss []air.Stmt) int {
	n := 0
	walk(ss, func(air.Stmt) { n++ })
	return n
}
