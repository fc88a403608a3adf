package partition

import (
	"sort"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// access is one load or store found in a statement list.
type access struct {
	mem   string
	bank  int
	index []air.Affine
	store bool
	line  int
}

// accesses lists the loads and stores of ss in evaluation order.
func accesses(ss []air.Stmt) []access {
	var out []access
	var loads func(e air.Expr, line int)
	loads = func(e air.Expr, line int) {
		switch e := e.(type) {
		case *air.Load:
			out = append(out, access{e.Mem, e.Bank, e.Index, false, line})
		case *air.Op:
			for _, a := range e.Args {
				loads(a, line)
			}
		}
	}
	walk(ss, func(s air.Stmt) {
		switch s := s.(type) {
		case *air.Reg:
			loads(s.Init, s.Line)
		case *air.Assign:
			loads(s.Val, s.Line)
		case *air.Store:
			loads(s.Val, s.Line)
			out = append(out, access{s.Mem, s.Bank, s.Index, true, s.Line})
		}
	})
	return out
}

// pars lists every par statement of p.
func pars(p *air.Program) []*air.Par {
	var out []*air.Par
	for _, k := range p.Kernels {
		walk(k.Body, func(s air.Stmt) {
			if par, ok := s.(*air.Par); ok {
				out = append(out, par)
			}
		})
	}
	return out
}

// Derive chooses partitions from the pars of an unrolled program: memory name -> parts.
func Derive(p *air.Program) map[string][]air.DimPart {
	need := map[string]map[int]int{} // mem -> dim -> factor
	for _, par := range pars(p) {
		if len(par.Arms) < 2 {
			continue
		}
		perArm := make([][]access, len(par.Arms))
		for i, a := range par.Arms {
			perArm[i] = accesses(a)
		}
		n := len(perArm[0])
		same := true
		for _, a := range perArm {
			same = same && len(a) == n
		}
		if !same {
			continue
		}
		for i := 0; i < n; i++ {
			group := make([]access, len(perArm))
			for a := range perArm {
				group[a] = perArm[a][i]
			}
			m := p.Mem(group[0].mem)
			if m == nil {
				continue
			}
			if d, f, ok := splitDim(m, group); ok {
				if need[m.Name] == nil {
					need[m.Name] = map[int]int{}
				}
				if old := need[m.Name][d]; old > 0 {
					f = min(lcm(old, f), m.Shape[d])
				}
				need[m.Name][d] = f
			}
		}
	}
	out := map[string][]air.DimPart{}
	for name, dims := range need {
		m := p.Mem(name)
		var parts []air.DimPart
		for d, f := range dims {
			if f >= m.Shape[d] {
				parts = append(parts, air.DimPart{Dim: d, Scheme: air.Complete, Factor: m.Shape[d]})
			} else {
				parts = append(parts, air.DimPart{Dim: d, Scheme: air.Cyclic, Factor: f})
			}
		}
		sort.Slice(parts, func(i, j int) bool { return parts[i].Dim < parts[j].Dim })
		out[name] = parts
	}
	return out
}

// splitDim finds the dimension in which the arms' accesses differ only by
// distinct constants and the smallest cyclic factor that separates them.
func splitDim(m *air.Memory, group []access) (dim, factor int, ok bool) {
	for d := range m.Shape {
		if d >= len(group[0].index) {
			return 0, 0, false
		}
		consts := make([]int64, len(group))
		distinct := map[int64]bool{}
		sameTerms := true
		for a, g := range group {
			if len(g.index) != len(m.Shape) {
				return 0, 0, false
			}
			x := g.index[d]
			consts[a] = x.Const
			distinct[x.Const] = true
			y := group[0].index[d]
			sameTerms = sameTerms && x.AddConst(-x.Const).Equal(y.AddConst(-y.Const))
		}
		if !sameTerms || len(distinct) != len(group) {
			continue
		}
		for f := len(group); f <= m.Shape[d]; f++ {
			banks := map[int64]bool{}
			for _, c := range consts {
				banks[mod(c, int64(f))] = true
			}
			if len(banks) == len(group) {
				return d, f, true
			}
		}
		return d, m.Shape[d], true
	}
	return 0, 0, false
}

// choose applies overrides to the derived partitions and stores them on the memories.
func choose(p *air.Program, derived map[string][]air.DimPart, overrides []Override) error {
	byName := map[string]Override{}
	for _, o := range overrides {
		if p.Mem(o.Mem) == nil {
			return errorf("partition override for unknown memory %q", o.Mem)
		}
		byName[o.Mem] = o
	}
	for _, m := range p.Mems {
		if m.Partitioned() {
			return errorf("memory %s is already partitioned", m.Name)
		}
		parts := derived[m.Name]
		if o, ok := byName[m.Name]; ok {
			parts = nil
			if o.Scheme != 0 {
				d := o.Dim
				if d < 0 {
					d = 0
					if len(derived[m.Name]) > 0 {
						d = derived[m.Name][0].Dim
					}
				}
				if d >= len(m.Shape) {
					return errorf("partition override for %s: dimension %d out of range (rank %d)", m.Name, d, len(m.Shape))
				}
				f := min(o.Factor, m.Shape[d])
				if o.Scheme == air.Complete {
					f = m.Shape[d]
				}
				parts = []air.DimPart{{Dim: d, Scheme: o.Scheme, Factor: f}}
			}
		}
		m.Parts = parts
	}
	return nil
}
