package calyxfuzz

// Spec is a generated program in the generator's own terms: registers,
// memories, sub-components and a structured program over them. Emit turns it
// into Calyx and Eval computes its final memories; the two share nothing but
// this description.
type Spec struct {
	Seed  uint64 // the seed it was generated from
	Width uint64 // W: the width of every data register, memory word and operator
	Regs  []string
	Flags []string // 1-bit registers
	Mems  []*Mem
	Subs  []*Sub  // component definitions
	Insts []*Inst // instances of them in main
	Body  []Stmt  // main's control, run in sequence
	Dump  *Mem    // comb memory main stores every register and instance output into at the end
}

// Mem is a one-dimensional memory of Size = 2^IdxW words of W bits, an
// @external cell of main with initial contents Init.
type Mem struct {
	Name string
	Seq  bool   // seq_mem_d1 (one-cycle reads through content_en) instead of comb_mem_d1
	IdxW uint64 // address width
	Init []uint64
}

// Cycles returns the end (exclusive) of a timed write's cycles.
func (t Timed) Cycles() uint64 {
	if t.End == 0 {
		return t.At + 1
	}
	return t.End
}

// Size is the number of words.
func (m *Mem) Size() uint64 { return 1 << m.IdxW }

// Sub is a component main instantiates: inputs X and Y (W bits), output Out
// (W bits) driven by its register Regs[0]. A static sub (Latency > 0) is a
// static<Latency> component whose body is one static statement; a wires sub
// (Op != "") has empty control and implements go/done itself: continuous
// assignments compute x Op y into a chain of Regs (each written when the
// previous is done, the first while go is high), out is the last register
// and done its done; otherwise its body is dynamic control.
type Sub struct {
	Name    string
	Latency uint64
	Op      string   // a wires sub's operator (as Bin.Op)
	Regs    []string // its registers; Regs[0] drives the output (the last one for a wires sub)
	Body    []Stmt   // dynamic control (Latency == 0)
	SBody   SStmt    // static control (Latency > 0)
}

// OutReg is the register that drives the sub's output.
func (s *Sub) OutReg() string {
	if s.Op != "" {
		return s.Regs[len(s.Regs)-1]
	}
	return s.Regs[0]
}

// Inst is an instance of a Sub in main.
type Inst struct {
	Name string
	Sub  *Sub
}

// Expr is a W-bit value: Lit, Reg, In, Read, Out, Bin or Mux.
type Expr interface{ expr() }

// Lit is a constant.
type Lit struct{ V uint64 }

// Reg reads a register.
type Reg struct{ Name string }

// In reads an input port of the enclosing sub-component ("x" or "y").
type In struct{ Name string }

// Read reads word Idx mod Size of a comb memory.
type Read struct {
	Mem string
	Idx Expr
}

// Out reads an instance's output.
type Out struct{ Inst string }

// Bin is a binary operator: "add", "sub", "and", "or", "xor" (std_add, ...).
type Bin struct {
	Op   string
	L, R Expr
}

// Mux is C ? T : F (std_mux).
type Mux struct {
	C    Cond
	T, F Expr
}

// Cond compares two values: "lt", "gt", "le", "ge", "eq", "neq" (std_lt, ...).
type Cond struct {
	Op   string
	L, R Expr
}

func (Lit) expr()  {}
func (Reg) expr()  {}
func (In) expr()   {}
func (Read) expr() {}
func (Out) expr()  {}
func (Bin) expr()  {}
func (Mux) expr()  {}

// Stmt is a dynamic statement.
type Stmt interface{ stmt() }

// Assign sets register R to E (one group).
type Assign struct {
	R string
	E Expr
}

// SetFlag sets 1-bit register F to C.
type SetFlag struct {
	F string
	C Cond
}

// Store writes E to word Idx of memory M.
type Store struct {
	M      string
	Idx, E Expr
}

// Load sets register R to word Idx of seq memory M (two groups).
type Load struct {
	R, M string
	Idx  Expr
}

// Seq runs statements in order.
type Seq struct{ Body []Stmt }

// Par runs arms in parallel; the generator makes arms independent (no arm
// reads or writes what another writes), so they equal running them in order.
type Par struct{ Arms [][]Stmt }

// If branches on C (computed by a comb group) or, when Flag is set, on a flag register.
type If struct {
	C          Cond
	Flag       string
	Then, Else []Stmt
}

// While runs Body N times with a dedicated counter register (Counter = 0
// before, incremented after each iteration, compared with N by a comb group).
type While struct {
	Counter string
	N       uint64
	Body    []Stmt
}

// Repeat runs Body N times.
type Repeat struct {
	N    uint64
	Body []Stmt
}

// Invoke runs instance Inst with inputs X and Y (`static invoke` for a
// static sub).
type Invoke struct {
	Inst string
	X, Y Expr // Lit or Reg
}

// Select sets register R to T when flag F is high, else to E, with two
// assignments under the disjoint guards F and !F.
type Select struct {
	R, F string
	T, E Expr
}

func (Select) stmt() {}

// Static runs a static statement (a static island in dynamic control).
type Static struct{ S SStmt }

// RegInvoke sets register R to X by invoking it (std_reg's go is write_en,
// @interval(1)): `invoke r(in = x)()`, or `static invoke` when Static.
type RegInvoke struct {
	R      string
	X      Expr // Lit or Reg
	Static bool
}

// Mul sets register R to L * R mod 2^W with a std_mult_pipe (a group that
// holds go until the product is done, then a group that stores it).
type Mul struct {
	Dst  string
	L, R Expr
}

func (RegInvoke) stmt() {}
func (Mul) stmt()       {}

func (Assign) stmt()  {}
func (SetFlag) stmt() {}
func (Store) stmt()   {}
func (Load) stmt()    {}
func (Seq) stmt()     {}
func (Par) stmt()     {}
func (If) stmt()      {}
func (While) stmt()   {}
func (Repeat) stmt()  {}
func (Invoke) stmt()  {}
func (Static) stmt()  {}

// SStmt is a static statement.
type SStmt interface{ sstmt() }

// SGroup is a static<Latency> group whose writes happen in the cycles they name.
type SGroup struct {
	Latency uint64
	Writes  []Timed
}

// Timed is one write of a static group in cycles [At, End): register R
// (or flag F, or word Idx of comb memory M) gets E (or C for a flag) in
// each of them, when If is "" or flag If is high in that cycle.
type Timed struct {
	At  uint64
	End uint64 // 0 means At+1
	If  string // a flag guarding the write, or ""
	R   string // register, or
	F   string // flag (C is its value), or
	M   string // comb memory (Idx is the word)
	Idx Expr
	E   Expr
	C   Cond
}

// SSeq runs static statements back to back.
type SSeq struct{ Body []SStmt }

// SPar runs independent static statements together.
type SPar struct{ Arms []SStmt }

// SRepeat runs Body N times.
type SRepeat struct {
	N    uint64
	Body SStmt
}

// SIf runs Then or Else on flag register Flag (read in its first cycle).
type SIf struct {
	Flag       string
	Then, Else SStmt // Else may be nil
}

// SRegInvoke is `static invoke r(in = x)()` of register R (one cycle).
type SRegInvoke struct {
	R string
	X Expr // Lit or Reg
}

func (SRegInvoke) sstmt() {}

// SInvoke is a `static invoke` of a static sub instance.
type SInvoke struct {
	Inst string
	X, Y Expr // Lit or Reg
}

func (SGroup) sstmt()  {}
func (SSeq) sstmt()    {}
func (SPar) sstmt()    {}
func (SRepeat) sstmt() {}
func (SIf) sstmt()     {}
func (SInvoke) sstmt() {}

// Flag reads a 1-bit register as a W-bit 0 or 1 (zero-extended with std_pad).
type Flag struct{ Name string }

func (Flag) expr() {}

// Latency is the number of cycles static statement s takes.
func (sp *Spec) Latency(s SStmt) uint64 {
	switch s := s.(type) {
	case SGroup:
		return s.Latency
	case SSeq:
		var n uint64
		for _, x := range s.Body {
			n += sp.Latency(x)
		}
		return n
	case SPar:
		var n uint64
		for _, x := range s.Arms {
			n = max(n, sp.Latency(x))
		}
		return n
	case SRepeat:
		return s.N * sp.Latency(s.Body)
	case SIf:
		n := sp.Latency(s.Then)
		if s.Else != nil {
			n = max(n, sp.Latency(s.Else))
		}
		return n
	case SInvoke:
		return sp.Inst(s.Inst).Sub.Latency
	case SRegInvoke:
		return 1
	}
	return 0
}

// Inst returns the instance of main with the given name, or nil.
func (sp *Spec) Inst(name string) *Inst {
	for _, in := range sp.Insts {
		if in.Name == name {
			return in
		}
	}
	return nil
}

// Mem returns the memory with the given name (the dump memory included), or nil.
func (sp *Spec) Mem(name string) *Mem {
	for _, m := range sp.Mems {
		if m.Name == name {
			return m
		}
	}
	if sp.Dump != nil && sp.Dump.Name == name {
		return sp.Dump
	}
	return nil
}
