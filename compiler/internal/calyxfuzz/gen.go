package calyxfuzz

import (
	"fmt"
	"math/rand/v2"
)

// Generate returns the program of a seed; the same seed always gives the
// same program. Programs are small (a few registers and memories, one or two
// sub-components, up to about 20 statements nested at most three deep) so
// that Verilator builds them in seconds.
func Generate(seed uint64) *Spec {
	g := &gen{rnd: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), sp: &Spec{Seed: seed}}
	return g.program()
}

type gen struct {
	rnd    *rand.Rand
	sp     *Spec
	budget int // statements left
	names  map[string]int
}

// scope is what a statement may touch: registers and flags it may write
// (a subset of those it may read), memories and instances it owns (reads
// and writes), instances whose output it may read, and whether the inputs
// x and y of a sub-component are readable. A par splits its scope so that no
// arm reads or writes what another arm writes.
type scope struct {
	wRegs, rRegs   []string
	wFlags, rFlags []string
	mems           []*Mem
	insts          []*Inst
	rInsts         []*Inst
	inputs         bool
	counter        func() string // allocates a loop counter register
}

func (g *gen) intn(n int) int { return g.rnd.IntN(n) }

func (g *gen) chance(p float64) bool { return g.rnd.Float64() < p }

func (g *gen) name(prefix string) string {
	if g.names == nil {
		g.names = map[string]int{}
	}
	n := g.names[prefix]
	g.names[prefix]++
	return fmt.Sprintf("%s%d", prefix, n)
}

// value returns a random W-bit value, often 0, 1 or the largest.
func (g *gen) value() uint64 {
	max := uint64(1)<<g.sp.Width - 1
	switch g.intn(6) {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return max
	}
	return g.rnd.Uint64() & max
}

func (g *gen) program() *Spec {
	sp := g.sp
	sp.Width = []uint64{4, 8, 16, 32}[g.intn(4)]
	for i := 0; i < 2+g.intn(4); i++ {
		sp.Regs = append(sp.Regs, g.name("r"))
	}
	for i := 0; i < 1+g.intn(2); i++ {
		sp.Flags = append(sp.Flags, g.name("f"))
	}
	for i := 0; i < 1+g.intn(3); i++ {
		m := &Mem{Name: g.name("m"), Seq: g.chance(0.3), IdxW: uint64(1 + g.intn(3))}
		for j := uint64(0); j < m.Size(); j++ {
			m.Init = append(m.Init, g.value())
		}
		sp.Mems = append(sp.Mems, m)
	}
	if g.chance(0.6) {
		sp.Subs = append(sp.Subs, g.dynamicSub())
	}
	if g.chance(0.5) {
		sp.Subs = append(sp.Subs, g.staticSub())
	}
	if g.chance(0.4) {
		sp.Subs = append(sp.Subs, g.wiresSub())
	}
	for _, s := range sp.Subs {
		for i := 0; i < 1+g.intn(2); i++ {
			sp.Insts = append(sp.Insts, &Inst{Name: g.name(s.Name + "_i"), Sub: s})
		}
	}
	sc := &scope{
		wRegs: sp.Regs, rRegs: sp.Regs, wFlags: sp.Flags, rFlags: sp.Flags,
		mems: sp.Mems, insts: sp.Insts, rInsts: sp.Insts,
	}
	sc.counter = func() string {
		c := g.name("c")
		sp.Regs = append(sp.Regs, c)
		return c
	}
	g.budget = 6 + g.intn(15)
	for g.budget > 0 {
		sp.Body = append(sp.Body, g.stmt(sc, 0))
	}
	// Make every register, flag and instance output observable.
	n := uint64(len(sp.Regs) + len(sp.Flags) + len(sp.Insts))
	w := uint64(1)
	for 1<<w < n {
		w++
	}
	sp.Dump = &Mem{Name: "dump", IdxW: w, Init: make([]uint64, 1<<w)}
	var vals []Expr
	for _, r := range sp.Regs {
		vals = append(vals, Reg{r})
	}
	for _, f := range sp.Flags {
		vals = append(vals, Flag{f})
	}
	for _, in := range sp.Insts {
		vals = append(vals, Out{in.Name})
	}
	for i, v := range vals {
		sp.Body = append(sp.Body, Store{M: "dump", Idx: Lit{uint64(i)}, E: v})
	}
	return sp
}

// subScope is the scope of a sub-component's body: its registers and inputs.
func (g *gen) subScope(s *Sub) *scope {
	sc := &scope{wRegs: s.Regs, rRegs: s.Regs, inputs: true}
	sc.counter = func() string {
		c := g.name("c")
		s.Regs = append(s.Regs, c)
		return c
	}
	return sc
}

func (g *gen) dynamicSub() *Sub {
	s := &Sub{Name: "dsub"}
	for i := 0; i < 1+g.intn(3); i++ {
		s.Regs = append(s.Regs, g.name("s"))
	}
	sc := g.subScope(s)
	g.budget = 2 + g.intn(5)
	for g.budget > 0 {
		s.Body = append(s.Body, g.stmt(sc, 1))
	}
	// The output register gets a value that depends on the inputs.
	s.Body = append(s.Body, Assign{R: s.Regs[0], E: g.expr(sc, 2, nil)})
	return s
}

// wiresSub returns a sub with empty control that drives its own done.
func (g *gen) wiresSub() *Sub {
	s := &Sub{Name: "wsub", Op: []string{"add", "sub", "and", "or", "xor"}[g.intn(5)]}
	for i := 0; i < 1+g.intn(3); i++ {
		s.Regs = append(s.Regs, g.name("s"))
	}
	return s
}

func (g *gen) staticSub() *Sub {
	s := &Sub{Name: "ssub"}
	for i := 0; i < 1+g.intn(3); i++ {
		s.Regs = append(s.Regs, g.name("s"))
	}
	sc := g.subScope(s)
	g.budget = 2 + g.intn(4)
	var body []SStmt
	for g.budget > 0 {
		body = append(body, g.sstmt(sc, 1))
	}
	body = append(body, SGroup{Latency: 1, Writes: []Timed{{R: s.Regs[0], E: g.expr(sc, 2, nil)}}})
	s.SBody = SSeq{Body: body}
	s.Latency = g.sp.Latency(s.SBody)
	return s
}

// leaf returns a readable operand; used lists the memories this statement
// already reads (each memory is read at most once per statement).
func (g *gen) leaf(sc *scope, used map[string]bool) Expr {
	for {
		switch g.intn(8) {
		case 0, 1:
			return Lit{g.value()}
		case 2, 3:
			if len(sc.rRegs) > 0 {
				return Reg{sc.rRegs[g.intn(len(sc.rRegs))]}
			}
		case 4:
			if sc.inputs {
				return In{[]string{"x", "y"}[g.intn(2)]}
			}
			if len(sc.rFlags) > 0 {
				return Flag{sc.rFlags[g.intn(len(sc.rFlags))]}
			}
		case 5:
			if len(sc.rInsts) > 0 {
				return Out{sc.rInsts[g.intn(len(sc.rInsts))].Name}
			}
		case 6, 7:
			if used == nil {
				continue
			}
			var ok []*Mem
			for _, m := range sc.mems {
				if !m.Seq && !used[m.Name] {
					ok = append(ok, m)
				}
			}
			if len(ok) > 0 {
				m := ok[g.intn(len(ok))]
				used[m.Name] = true
				return Read{Mem: m.Name, Idx: g.index(sc, m)}
			}
		}
	}
}

// index returns a word index: a constant below the size, or a register
// (whose value is taken mod the size).
func (g *gen) index(sc *scope, m *Mem) Expr {
	if len(sc.rRegs) > 0 && g.chance(0.5) {
		return Reg{sc.rRegs[g.intn(len(sc.rRegs))]}
	}
	return Lit{uint64(g.intn(int(m.Size())))}
}

// expr returns an expression of at most depth operators; used is nil when
// the expression must not read memories.
func (g *gen) expr(sc *scope, depth int, used map[string]bool) Expr {
	if depth == 0 || g.chance(0.35) {
		return g.leaf(sc, used)
	}
	if g.chance(0.2) {
		return Mux{C: g.cond(sc, depth-1, used), T: g.expr(sc, depth-1, used), F: g.expr(sc, depth-1, used)}
	}
	op := []string{"add", "add", "sub", "sub", "and", "or", "xor"}[g.intn(7)]
	return Bin{Op: op, L: g.expr(sc, depth-1, used), R: g.expr(sc, depth-1, used)}
}

func (g *gen) cond(sc *scope, depth int, used map[string]bool) Cond {
	op := []string{"lt", "gt", "le", "ge", "eq", "neq"}[g.intn(6)]
	return Cond{Op: op, L: g.expr(sc, depth, used), R: g.expr(sc, depth, used)}
}

// body returns one to three statements.
func (g *gen) body(sc *scope, depth int) []Stmt {
	var out []Stmt
	for i := 0; i < 1+g.intn(3) && (i == 0 || g.budget > 0); i++ {
		out = append(out, g.stmt(sc, depth))
	}
	return out
}

// stmt returns a dynamic statement at nesting depth depth.
func (g *gen) stmt(sc *scope, depth int) Stmt {
	g.budget--
	for try := 0; ; try++ {
		if try == 50 {
			return Seq{} // nothing this scope can do here
		}
		switch g.intn(16) {
		case 0, 1:
			if len(sc.wRegs) > 0 {
				return Assign{R: sc.wRegs[g.intn(len(sc.wRegs))], E: g.expr(sc, 2, map[string]bool{})}
			}
		case 13:
			if len(sc.wRegs) > 0 {
				return RegInvoke{R: sc.wRegs[g.intn(len(sc.wRegs))], X: g.arg(sc), Static: g.chance(0.5)}
			}
		case 14:
			if len(sc.wRegs) > 0 {
				used := map[string]bool{}
				return Mul{Dst: sc.wRegs[g.intn(len(sc.wRegs))], L: g.expr(sc, 1, used), R: g.expr(sc, 1, used)}
			}
		case 15:
			if len(sc.wRegs) > 0 && len(sc.rFlags) > 0 {
				return Select{R: sc.wRegs[g.intn(len(sc.wRegs))], F: sc.rFlags[g.intn(len(sc.rFlags))],
					T: g.expr(sc, 1, map[string]bool{}), E: g.expr(sc, 1, map[string]bool{})}
			}
		case 2:
			if len(sc.wFlags) > 0 {
				return SetFlag{F: sc.wFlags[g.intn(len(sc.wFlags))], C: g.cond(sc, 1, map[string]bool{})}
			}
		case 3:
			if len(sc.mems) > 0 {
				m := sc.mems[g.intn(len(sc.mems))]
				used := map[string]bool{m.Name: true}
				return Store{M: m.Name, Idx: g.index(sc, m), E: g.expr(sc, 2, used)}
			}
		case 4:
			var seqs []*Mem
			for _, m := range sc.mems {
				if m.Seq {
					seqs = append(seqs, m)
				}
			}
			if len(seqs) > 0 && len(sc.wRegs) > 0 {
				m := seqs[g.intn(len(seqs))]
				return Load{R: sc.wRegs[g.intn(len(sc.wRegs))], M: m.Name, Idx: g.index(sc, m)}
			}
		case 5:
			if depth < 3 && g.budget > 0 {
				return Seq{Body: g.body(sc, depth+1)}
			}
		case 6:
			if depth < 3 && g.budget > 0 {
				k := 2 + g.intn(2)
				var arms [][]Stmt
				for _, a := range g.split(sc, k) {
					arms = append(arms, g.body(a, depth+1))
				}
				return Par{Arms: arms}
			}
		case 7:
			if depth < 3 && g.budget > 0 {
				s := If{Then: g.body(sc, depth+1)}
				if len(sc.rFlags) > 0 && g.chance(0.4) {
					s.Flag = sc.rFlags[g.intn(len(sc.rFlags))]
				} else {
					s.C = g.cond(sc, 1, nil)
				}
				if g.chance(0.6) && g.budget > 0 {
					s.Else = g.body(sc, depth+1)
				}
				return s
			}
		case 8:
			if depth < 3 && g.budget > 0 {
				inner := *sc
				c := sc.counter()
				inner.rRegs = append(append([]string(nil), sc.rRegs...), c)
				return While{Counter: c, N: uint64(g.intn(4)), Body: g.body(&inner, depth+1)}
			}
		case 9:
			if depth < 3 && g.budget > 0 {
				return Repeat{N: uint64(g.intn(4)), Body: g.body(sc, depth+1)}
			}
		case 10:
			if len(sc.insts) > 0 {
				in := sc.insts[g.intn(len(sc.insts))]
				return Invoke{Inst: in.Name, X: g.arg(sc), Y: g.arg(sc)}
			}
		case 11, 12:
			if depth < 3 {
				return Static{S: g.sstmt(sc, depth+1)}
			}
		}
	}
}

// arg returns an invoke argument: a constant or a register.
func (g *gen) arg(sc *scope) Expr {
	if len(sc.rRegs) > 0 && g.chance(0.6) {
		return Reg{sc.rRegs[g.intn(len(sc.rRegs))]}
	}
	return Lit{g.value()}
}

// sstmt returns a static statement.
func (g *gen) sstmt(sc *scope, depth int) SStmt {
	g.budget--
	for {
		switch g.intn(9) {
		case 0, 1, 2:
			return g.sgroup(sc)
		case 8:
			if len(sc.wRegs) > 0 {
				return SRegInvoke{R: sc.wRegs[g.intn(len(sc.wRegs))], X: g.arg(sc)}
			}
		case 3:
			if depth < 4 && g.budget > 0 {
				var body []SStmt
				for i := 0; i < 1+g.intn(3); i++ {
					body = append(body, g.sstmt(sc, depth+1))
				}
				return SSeq{Body: body}
			}
		case 4:
			if depth < 4 && g.budget > 0 {
				var arms []SStmt
				for _, a := range g.split(sc, 2+g.intn(2)) {
					arms = append(arms, g.sstmt(a, depth+1))
				}
				return SPar{Arms: arms}
			}
		case 5:
			if depth < 4 && g.budget > 0 {
				return SRepeat{N: uint64(g.intn(4)), Body: g.sstmt(sc, depth+1)}
			}
		case 6:
			if depth < 4 && g.budget > 0 && len(sc.rFlags) > 0 {
				s := SIf{Flag: sc.rFlags[g.intn(len(sc.rFlags))], Then: g.sstmt(sc, depth+1)}
				if g.chance(0.6) {
					s.Else = g.sstmt(sc, depth+1)
				}
				return s
			}
		case 7:
			var st []*Inst
			for _, in := range sc.insts {
				if in.Sub.Latency > 0 {
					st = append(st, in)
				}
			}
			if len(st) > 0 {
				in := st[g.intn(len(st))]
				return SInvoke{Inst: in.Name, X: g.arg(sc), Y: g.arg(sc)}
			}
		}
	}
}

// sgroup returns a static group of one to three cycles with up to three
// timed writes (never two to one target in one cycle; each comb memory
// accessed at most once per group).
func (g *gen) sgroup(sc *scope) SStmt {
	s := SGroup{Latency: uint64(1 + g.intn(3))}
	used := map[string]bool{}
	taken := map[string]bool{}
	n := 1 + g.intn(3)
	for try := 0; try < 10 && len(s.Writes) < n; try++ {
		t := Timed{At: uint64(g.intn(int(s.Latency)))}
		var mems []*Mem
		for _, m := range sc.mems {
			if !m.Seq && !used[m.Name] {
				mems = append(mems, m)
			}
		}
		switch k := g.intn(4); {
		case k <= 1 && len(sc.wRegs) > 0:
			t.R = sc.wRegs[g.intn(len(sc.wRegs))]
		case k == 2 && len(sc.wFlags) > 0:
			t.F = sc.wFlags[g.intn(len(sc.wFlags))]
		case k == 3 && len(mems) > 0:
			m := mems[g.intn(len(mems))]
			used[m.Name] = true
			t.M, t.Idx = m.Name, g.index(sc, m)
		default:
			continue
		}
		if left := s.Latency - t.At; left > 1 && g.chance(0.3) {
			t.End = t.At + 1 + uint64(g.intn(int(left)))
		}
		if len(sc.rFlags) > 0 && g.chance(0.25) {
			t.If = sc.rFlags[g.intn(len(sc.rFlags))]
		}
		target := t.R + "/" + t.F + "/" + t.M
		clash := false
		for c := t.At; c < t.Cycles(); c++ {
			clash = clash || taken[fmt.Sprintf("%s@%d", target, c)]
		}
		if clash {
			continue
		}
		for c := t.At; c < t.Cycles(); c++ {
			taken[fmt.Sprintf("%s@%d", target, c)] = true
		}
		if t.F != "" {
			t.C = g.cond(sc, 1, used)
		} else {
			t.E = g.expr(sc, 2, used)
		}
		s.Writes = append(s.Writes, t)
	}
	return s
}

// split divides a scope among k par arms: each writable register, flag,
// memory and invokable instance goes to at most one arm; what no arm gets
// stays readable by all (memories and instances given to no arm are not
// used by the par).
func (g *gen) split(sc *scope, k int) []*scope {
	arms := make([]*scope, k)
	for i := range arms {
		a := *sc
		a.wRegs, a.wFlags, a.mems, a.insts = nil, nil, nil, nil
		arms[i] = &a
	}
	owner := map[string]int{}
	for _, r := range sc.wRegs {
		if i := g.intn(k + 1); i < k {
			owner[r] = i + 1
			arms[i].wRegs = append(arms[i].wRegs, r)
		}
	}
	for _, f := range sc.wFlags {
		if i := g.intn(k + 1); i < k {
			owner[f] = i + 1
			arms[i].wFlags = append(arms[i].wFlags, f)
		}
	}
	for _, m := range sc.mems {
		if i := g.intn(k + 1); i < k {
			arms[i].mems = append(arms[i].mems, m)
		}
	}
	for _, in := range sc.insts {
		if i := g.intn(k + 1); i < k {
			owner[in.Name] = i + 1
			arms[i].insts = append(arms[i].insts, in)
		}
	}
	for i, a := range arms {
		mine := func(name string) bool { o := owner[name]; return o == 0 || o == i+1 }
		a.rRegs, a.rFlags, a.rInsts = nil, nil, nil
		for _, r := range sc.rRegs {
			if mine(r) {
				a.rRegs = append(a.rRegs, r)
			}
		}
		for _, f := range sc.rFlags {
			if mine(f) {
				a.rFlags = append(a.rFlags, f)
			}
		}
		for _, in := range sc.rInsts {
			if mine(in.Name) {
				a.rInsts = append(a.rInsts, in)
			}
		}
	}
	return arms
}
