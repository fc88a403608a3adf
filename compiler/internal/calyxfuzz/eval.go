package calyxfuzz

import "fmt"

// Eval runs the program as its description says, independently of any
// Calyx or SystemVerilog: registers start at 0, memories at their Init,
// statements run in order (par arms one after another: the generator makes
// them independent), arithmetic is modulo 2^W, comparisons unsigned, a
// memory index is taken modulo the memory's size, and a static group runs
// cycle by cycle (the writes of one cycle read the values from before that
// cycle). Instances keep their registers between invokes. It returns the
// final contents of every memory of main (the dump memory included).
func Eval(sp *Spec) map[string][]uint64 {
	e := &evaluator{sp: sp, mask: uint64(1)<<sp.Width - 1}
	st := &state{regs: map[string]uint64{}, mems: map[string][]uint64{}, insts: map[string]*state{}}
	for _, m := range append(append([]*Mem(nil), sp.Mems...), sp.Dump) {
		st.mems[m.Name] = append([]uint64(nil), m.Init...)
	}
	for _, in := range sp.Insts {
		st.insts[in.Name] = &state{regs: map[string]uint64{}, sub: in.Sub}
	}
	e.stmts(st, sp.Body)
	return st.mems
}

type evaluator struct {
	sp   *Spec
	mask uint64
}

// state is one component instance's state: registers and flags (by name),
// memories, sub-instances, and (in a sub) the inputs of the current invoke.
type state struct {
	regs  map[string]uint64
	mems  map[string][]uint64
	insts map[string]*state
	sub   *Sub
	x, y  uint64
}

func (e *evaluator) expr(st *state, x Expr) uint64 {
	switch x := x.(type) {
	case Lit:
		return x.V & e.mask
	case Reg:
		return st.regs[x.Name]
	case Flag:
		return st.regs[x.Name] & 1
	case In:
		if x.Name == "x" {
			return st.x
		}
		return st.y
	case Out:
		in := st.insts[x.Inst]
		return in.regs[in.sub.OutReg()]
	case Read:
		m := st.mems[x.Mem]
		return m[e.expr(st, x.Idx)%uint64(len(m))]
	case Bin:
		l, r := e.expr(st, x.L), e.expr(st, x.R)
		switch x.Op {
		case "add":
			return (l + r) & e.mask
		case "sub":
			return (l - r) & e.mask
		case "and":
			return l & r
		case "or":
			return l | r
		case "xor":
			return l ^ r
		}
	case Mux:
		if e.cond(st, x.C) {
			return e.expr(st, x.T)
		}
		return e.expr(st, x.F)
	}
	panic(fmt.Sprintf("calyxfuzz: unknown expression %#v", x))
}

func (e *evaluator) cond(st *state, c Cond) bool {
	l, r := e.expr(st, c.L), e.expr(st, c.R)
	switch c.Op {
	case "lt":
		return l < r
	case "gt":
		return l > r
	case "le":
		return l <= r
	case "ge":
		return l >= r
	case "eq":
		return l == r
	case "neq":
		return l != r
	}
	panic("calyxfuzz: unknown comparison " + c.Op)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (e *evaluator) stmts(st *state, body []Stmt) {
	for _, s := range body {
		e.stmt(st, s)
	}
}

func (e *evaluator) stmt(st *state, s Stmt) {
	switch s := s.(type) {
	case Assign:
		st.regs[s.R] = e.expr(st, s.E)
	case SetFlag:
		st.regs[s.F] = b2u(e.cond(st, s.C))
	case Store:
		m := st.mems[s.M]
		i := e.expr(st, s.Idx) % uint64(len(m))
		m[i] = e.expr(st, s.E)
	case Load:
		m := st.mems[s.M]
		st.regs[s.R] = m[e.expr(st, s.Idx)%uint64(len(m))]
	case Seq:
		e.stmts(st, s.Body)
	case Par:
		for _, a := range s.Arms {
			e.stmts(st, a)
		}
	case If:
		var c bool
		if s.Flag != "" {
			c = st.regs[s.Flag]&1 == 1
		} else {
			c = e.cond(st, s.C)
		}
		if c {
			e.stmts(st, s.Then)
		} else {
			e.stmts(st, s.Else)
		}
	case While:
		st.regs[s.Counter] = 0
		for st.regs[s.Counter] < s.N {
			e.stmts(st, s.Body)
			st.regs[s.Counter] = (st.regs[s.Counter] + 1) & e.mask
		}
	case Repeat:
		for i := uint64(0); i < s.N; i++ {
			e.stmts(st, s.Body)
		}
	case Invoke:
		e.invoke(st, s.Inst, s.X, s.Y)
	case Static:
		e.static(st, s.S)
	case RegInvoke:
		st.regs[s.R] = e.expr(st, s.X)
	case Mul:
		st.regs[s.Dst] = (e.expr(st, s.L) * e.expr(st, s.R)) & e.mask
	case Select:
		if st.regs[s.F]&1 == 1 {
			st.regs[s.R] = e.expr(st, s.T)
		} else {
			st.regs[s.R] = e.expr(st, s.E)
		}
	default:
		panic(fmt.Sprintf("calyxfuzz: unknown statement %#v", s))
	}
}

// invoke runs an instance's body with the arguments' current values.
func (e *evaluator) invoke(st *state, inst string, x, y Expr) {
	in := st.insts[inst]
	in.x, in.y = e.expr(st, x), e.expr(st, y)
	if in.sub.Op != "" {
		in.regs[in.sub.OutReg()] = e.expr(in, Bin{Op: in.sub.Op, L: In{"x"}, R: In{"y"}})
		return
	}
	if in.sub.Latency > 0 {
		e.static(in, in.sub.SBody)
	} else {
		e.stmts(in, in.sub.Body)
	}
}

func (e *evaluator) static(st *state, s SStmt) {
	switch s := s.(type) {
	case SGroup:
		for t := uint64(0); t < s.Latency; t++ {
			// every write of cycle t reads the state from before the cycle
			type upd struct {
				reg, mem string
				idx, v   uint64
			}
			var ups []upd
			for _, w := range s.Writes {
				if t < w.At || t >= w.Cycles() || (w.If != "" && st.regs[w.If]&1 == 0) {
					continue
				}
				switch {
				case w.R != "":
					ups = append(ups, upd{reg: w.R, v: e.expr(st, w.E)})
				case w.F != "":
					ups = append(ups, upd{reg: w.F, v: b2u(e.cond(st, w.C))})
				case w.M != "":
					m := st.mems[w.M]
					ups = append(ups, upd{mem: w.M, idx: e.expr(st, w.Idx) % uint64(len(m)), v: e.expr(st, w.E)})
				}
			}
			for _, u := range ups {
				if u.reg != "" {
					st.regs[u.reg] = u.v
				} else {
					st.mems[u.mem][u.idx] = u.v
				}
			}
		}
	case SSeq:
		for _, x := range s.Body {
			e.static(st, x)
		}
	case SPar:
		for _, x := range s.Arms {
			e.static(st, x)
		}
	case SRepeat:
		for i := uint64(0); i < s.N; i++ {
			e.static(st, s.Body)
		}
	case SIf:
		if st.regs[s.Flag]&1 == 1 {
			e.static(st, s.Then)
		} else if s.Else != nil {
			e.static(st, s.Else)
		}
	case SInvoke:
		e.invoke(st, s.Inst, s.X, s.Y)
	case SRegInvoke:
		st.regs[s.R] = e.expr(st, s.X)
	default:
		panic(fmt.Sprintf("calyxfuzz: unknown static statement %#v", s))
	}
}
