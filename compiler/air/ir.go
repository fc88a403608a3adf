package air

import "github.com/rules-accel/rules_accel/compiler/nonlin"

// Program is one model lowered to loop nests: memories, kernels and the main sequence.
type Program struct {
	Name    string             // model name (informative)
	Numeric Type               // the model's default element type (informative)
	Mems    []*Memory          // memories in declaration order
	Kernels []*Kernel          // kernels in declaration order
	Main    []Call             // kernel invocations, run in order
	Data    map[string][]int64 // initial contents of const memories, row-major raw values
}

// Call is one kernel invocation in main.
type Call struct {
	Kernel string
	Line   int
}

// MemKind says where a memory's contents come from and go to.
type MemKind int

// Memory kinds.
const (
	MemInternal MemKind = iota // intermediate tensor, zero at start
	MemInput                   // model input, written by the host before the run
	MemOutput                  // model output, read by the host after the run
	MemConst                   // weights, initialised from the data file
)

var memKindNames = [...]string{"internal", "input", "output", "const"}

// String returns the keyword used in the text form.
func (k MemKind) String() string { return memKindNames[k] }

// Memory is a named multi-dimensional array of Elem values.
type Memory struct {
	Name  string
	Elem  Type
	Shape []int
	Kind  MemKind
	Parts []DimPart // partitioning, at most one entry per dimension, sorted by Dim
	Line  int
}

// Kernel is one layer: a body of statements over the global memories.
type Kernel struct {
	Name string
	II   int // target initiation interval of its loop nests in cycles when pipelined; 0: not pipelined
	Body []Stmt
	Line int
}

// Stmt is a statement: *For, *Reg, *Assign, *Store or *Par.
type Stmt interface{ stmtLine() int }

// For runs Body for Var = Lo, Lo+Step, ... while Var < Hi.
type For struct {
	Var          string
	Lo, Hi, Step int
	Body         []Stmt
	Line         int
}

// Reg declares a scalar register of type T and sets it to Init.
type Reg struct {
	Name string
	T    Type
	Init Expr
	Line int
}

// Assign sets a register; the value must fit the register's type (the interpreter reports it otherwise).
type Assign struct {
	Name string
	Val  Expr
	Line int
}

// Store writes Val to Mem[Index] (or to bank Bank of a partitioned memory at offset Index).
type Store struct {
	Mem   string
	Bank  int // -1 for an unpartitioned access
	Index []Affine
	Val   Expr
	Line  int
}

// Par runs its arms in parallel (unrolled copies); arms touch disjoint registers and banks.
type Par struct {
	Arms [][]Stmt
	Line int
}

func (s *For) stmtLine() int    { return s.Line }
func (s *Reg) stmtLine() int    { return s.Line }
func (s *Assign) stmtLine() int { return s.Line }
func (s *Store) stmtLine() int  { return s.Line }
func (s *Par) stmtLine() int    { return s.Line }

// Expr is a value expression: *Const, *Ref, *Load or *Op.
type Expr interface{ isExpr() }

// Const is a typed literal raw value.
type Const struct {
	Val int64
	T   Type
}

// Ref reads a register.
type Ref struct{ Name string }

// Load reads Mem[Index] (or bank Bank at offset Index). A padded load
// (text form `m[IDX, ...]?PAD`) reads the raw value Pad wherever an index
// lies outside the memory's shape, e.g. the zero border of a convolution's
// input; only unpartitioned memories are read this way.
type Load struct {
	Mem    string
	Bank   int // -1 for an unpartitioned access
	Index  []Affine
	Padded bool  // indices outside the shape read Pad
	Pad    int64 // raw value (of the memory's element type) read outside the shape
}

// OpKind is an arithmetic operation.
type OpKind int

// Operations. Each maps to one hardware primitive (or none for Shr).
const (
	Add    OpKind = iota // a+b, same Frac; Width max+1
	Sub                  // a-b, same Frac; Width max+1
	Mul                  // a*b exact; Width and Frac add
	Max                  // max(a,b), same Frac (comparator + mux)
	Min                  // min(a,b), same Frac (comparator + mux)
	Rq                   // requantize to T: round half up, saturate (fixed.Requantize)
	Shr                  // same bits read with Shift more fractional bits: exact a/2^Shift, no hardware
	Nonlin               // nonlinear function Func of one operand into type T (a package nonlin unit)
	Div                  // a/b of two float32 values, rounded once (fp32.Div); float32 only
	Sqrt                 // square root of one float32 value, rounded once (fp32.Sqrt); float32 only
)

// opNames are the text names of the ops; a Nonlin op is written with its function's name instead.
var opNames = [...]string{"add", "sub", "mul", "max", "min", "rq", "shr", "nonlin", "div", "sqrt"}

// String returns the op's name in the text form.
func (k OpKind) String() string { return opNames[k] }

// Arity is the number of expression operands of an op of kind k (rq, shr
// and the nonlinear functions also carry a type or shift amount).
func (k OpKind) Arity() int {
	switch k {
	case Rq, Shr, Nonlin, Sqrt:
		return 1
	}
	return 2
}

// Op applies Kind to Args; T is the target type of Rq and Nonlin, Shift the
// amount of Shr, Func the function of Nonlin.
type Op struct {
	Kind  OpKind
	Args  []Expr
	T     Type
	Shift int
	Func  nonlin.Func
}

func (*Const) isExpr() {}
func (*Ref) isExpr()   {}
func (*Load) isExpr()  {}
func (*Op) isExpr()    {}

// Mem returns the memory named name, or nil.
func (p *Program) Mem(name string) *Memory {
	for _, m := range p.Mems {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Kernel returns the kernel named name, or nil.
func (p *Program) Kernel(name string) *Kernel {
	for _, k := range p.Kernels {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Size is the number of elements of the memory (before partitioning).
func (m *Memory) Size() int {
	n := 1
	for _, d := range m.Shape {
		n *= d
	}
	return n
}

// NewOp builds an arithmetic op.
func NewOp(k OpKind, args ...Expr) *Op { return &Op{Kind: k, Args: args} }

// NewRq builds rq(e, t).
func NewRq(e Expr, t Type) *Op { return &Op{Kind: Rq, Args: []Expr{e}, T: t} }

// NewNonlin builds f(e, t), e.g. exp(e, fixed<16,14>): the unit computing f from e's type into t.
func NewNonlin(f nonlin.Func, e Expr, t Type) *Op {
	return &Op{Kind: Nonlin, Args: []Expr{e}, T: t, Func: f}
}

// NewSqrt builds sqrt(e) of a float32 e.
func NewSqrt(e Expr) *Op { return &Op{Kind: Sqrt, Args: []Expr{e}} }

// NewShr builds shr(e, k).
func NewShr(e Expr, k int) *Op { return &Op{Kind: Shr, Args: []Expr{e}, Shift: k} }

// StmtLine returns the source line of a statement (0 if generated).
func StmtLine(s Stmt) int { return s.stmtLine() }

// Clone returns a deep copy of p (via the text form; const data is shared, it is never modified).
func Clone(p *Program) *Program {
	c, err := Parse(Format(p))
	if err != nil {
		panic("air: clone: " + err.Error())
	}
	c.Data = make(map[string][]int64, len(p.Data))
	for k, v := range p.Data {
		c.Data[k] = v
	}
	return c
}
