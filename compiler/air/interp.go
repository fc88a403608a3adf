package air

import (
	"fmt"
	"math"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/fp32"
)

// Machine is the bit-exact interpreter: it holds every memory's contents
// (row-major, original shape, raw int64 values) and runs kernels on them.
// Partitioned accesses are mapped back through their banks, so a wrong
// (bank, offset) rewrite changes the results. Par arms run one after another.
type Machine struct {
	p       *Program
	mems    map[string][]int64
	kernels map[string]func() error
}

// NewMachine verifies p, allocates its memories (const ones from p.Data, others zero) and compiles its kernels.
func NewMachine(p *Program) (*Machine, error) {
	if err := Verify(p); err != nil {
		return nil, err
	}
	m := &Machine{p: p, mems: map[string][]int64{}, kernels: map[string]func() error{}}
	for _, mem := range p.Mems {
		buf := make([]int64, mem.Size())
		if mem.Kind == MemConst {
			d, ok := p.Data[mem.Name]
			if !ok {
				return nil, fmt.Errorf("air: no data for const memory %s", mem.Name)
			}
			copy(buf, d)
		}
		m.mems[mem.Name] = buf
	}
	for _, k := range p.Kernels {
		m.kernels[k.Name] = m.compileKernel(k)
	}
	return m, nil
}

// Set writes a memory's whole contents (row-major raw values).
func (m *Machine) Set(name string, data []int64) error {
	buf, ok := m.mems[name]
	if !ok {
		return fmt.Errorf("air: no memory %s", name)
	}
	if len(data) != len(buf) {
		return fmt.Errorf("air: memory %s holds %d values, got %d", name, len(buf), len(data))
	}
	t := m.p.Mem(name).Elem
	for i, v := range data {
		if v < t.Min() || v > t.Max() {
			return fmt.Errorf("air: memory %s: value %d at %d out of range of %s", name, v, i, t)
		}
	}
	copy(buf, data)
	return nil
}

// Mem returns a memory's contents (row-major raw values); the slice is the machine's own.
func (m *Machine) Mem(name string) []int64 { return m.mems[name] }

// Run runs main: every called kernel in order.
func (m *Machine) Run() error {
	for _, c := range m.p.Main {
		if err := m.RunKernel(c.Kernel); err != nil {
			return err
		}
	}
	return nil
}

// RunKernel runs one kernel.
func (m *Machine) RunKernel(name string) error {
	k, ok := m.kernels[name]
	if !ok {
		return fmt.Errorf("air: no kernel %s", name)
	}
	return k()
}

// Interpret runs p on the given input memories and returns the contents of its output memories.
func Interpret(p *Program, inputs map[string][]int64) (map[string][]int64, error) {
	m, err := NewMachine(p)
	if err != nil {
		return nil, err
	}
	for _, mem := range p.Mems {
		if mem.Kind != MemInput {
			continue
		}
		d, ok := inputs[mem.Name]
		if !ok {
			return nil, fmt.Errorf("air: no value for input %s", mem.Name)
		}
		if err := m.Set(mem.Name, d); err != nil {
			return nil, err
		}
	}
	if err := m.Run(); err != nil {
		return nil, err
	}
	out := map[string][]int64{}
	for _, mem := range p.Mems {
		if mem.Kind == MemOutput {
			out[mem.Name] = append([]int64(nil), m.Mem(mem.Name)...)
		}
	}
	return out, nil
}

// runError is panicked by compiled code and recovered by the kernel.
type runError struct{ msg string }

type compiler struct {
	m     *Machine
	slots map[string]int
	types map[string]Type
	loops []string // enclosing loop variables, outermost first (for run-time errors)
	n     int
}

func (m *Machine) compileKernel(k *Kernel) func() error {
	c := &compiler{m: m, slots: map[string]int{}, types: map[string]Type{}}
	body := c.block(k.Body)
	n := c.n
	return func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				re, ok := r.(runError)
				if !ok {
					panic(r)
				}
				err = fmt.Errorf("air: kernel %s: %s", k.Name, re.msg)
			}
		}()
		body(make([]int64, n))
		return nil
	}
}

func (c *compiler) slot(name string) int {
	c.n++
	c.slots[name] = c.n - 1
	return c.n - 1
}

func (c *compiler) block(ss []Stmt) func([]int64) {
	fs := make([]func([]int64), len(ss))
	for i, s := range ss {
		fs[i] = c.stmt(s)
	}
	return func(f []int64) {
		for _, g := range fs {
			g(f)
		}
	}
}

func (c *compiler) stmt(s Stmt) func([]int64) {
	switch s := s.(type) {
	case *For:
		saved, had := c.slots[s.Var]
		i := c.slot(s.Var)
		c.loops = append(c.loops, s.Var)
		body := c.block(s.Body)
		c.loops = c.loops[:len(c.loops)-1]
		if had {
			c.slots[s.Var] = saved
		} else {
			delete(c.slots, s.Var)
		}
		lo, hi, step := int64(s.Lo), int64(s.Hi), int64(s.Step)
		return func(f []int64) {
			for v := lo; v < hi; v += step {
				f[i] = v
				body(f)
			}
		}
	case *Reg:
		e, _ := c.expr(s.Init)
		i := c.slot(s.Name)
		c.types[s.Name] = s.T
		return c.setReg(i, s.T, e, s.Line, fmt.Sprintf("reg %s: %s = %s", s.Name, s.T, ExprString(s.Init)))
	case *Assign:
		e, _ := c.expr(s.Val)
		return c.setReg(c.slots[s.Name], c.types[s.Name], e, s.Line, fmt.Sprintf("%s = %s", s.Name, ExprString(s.Val)))
	case *Store:
		e, _ := c.expr(s.Val)
		at := c.address(s.Mem, s.Bank, s.Index)
		buf := c.m.mems[s.Mem]
		return func(f []int64) { buf[at(f)] = e(f) }
	case *Par:
		arms := make([]func([]int64), len(s.Arms))
		for i, a := range s.Arms {
			arms[i] = c.block(a)
		}
		return func(f []int64) {
			for _, a := range arms {
				a(f)
			}
		}
	}
	panic(fmt.Sprintf("air: unknown statement %T", s))
}

// setReg compiles a register write. A value outside the register's type is a
// run-time error, never a silent wrap: the hardware register keeps only the
// low Width bits, so such a program is wrong for these inputs.
func (c *compiler) setReg(i int, t Type, e func([]int64) int64, line int, text string) func([]int64) {
	where := c.where(line, text)
	return func(f []int64) {
		v := e(f)
		if v < t.Min() || v > t.Max() {
			panic(runError{fmt.Sprintf("%s: value %d out of range of %s [%d, %d] (the register would wrap)%s", where, v, t, t.Min(), t.Max(), where.iteration(f))})
		}
		f[i] = v
	}
}

// site names a statement in run-time errors: its line (if parsed), its text and the loop variables around it.
type site struct {
	text  string
	vars  []string
	slots []int
}

func (c *compiler) where(line int, text string) site {
	s := site{text: text}
	if line > 0 {
		s.text = fmt.Sprintf("line %d: %s", line, text)
	}
	s.vars = append(s.vars, c.loops...)
	for _, v := range s.vars {
		s.slots = append(s.slots, c.slots[v])
	}
	return s
}

func (s site) String() string { return s.text }

// iteration prints the loop variables' current values, e.g. " at i=0, k=31".
func (s site) iteration(f []int64) string {
	if len(s.vars) == 0 {
		return ""
	}
	parts := make([]string, len(s.vars))
	for j, v := range s.vars {
		parts[j] = fmt.Sprintf("%s=%d", v, f[s.slots[j]])
	}
	return " at " + strings.Join(parts, ", ")
}

// linear is an affine index compiled to frame slots.
type linear struct {
	slots []int
	coefs []int64
	c     int64
}

func (l linear) eval(f []int64) int64 {
	v := l.c
	for i, s := range l.slots {
		v += l.coefs[i] * f[s]
	}
	return v
}

func (c *compiler) linear(a Affine) linear {
	l := linear{c: a.Const}
	for _, t := range a.Terms {
		l.slots = append(l.slots, c.slots[t.Var])
		l.coefs = append(l.coefs, t.Coef)
	}
	return l
}

// address compiles an access to a function returning the flat row-major position in the original memory.
func (c *compiler) address(name string, bank int, idx []Affine) func([]int64) int {
	mem := c.m.p.Mem(name)
	rank := len(mem.Shape)
	dims := make([]linear, rank)
	for d, a := range idx {
		dims[d] = c.linear(a)
	}
	// Original index in dim d = mul[d]*offset + add[d]; offsets must stay below lim[d].
	mul := make([]int64, rank)
	add := make([]int64, rank)
	lim := make([]int64, rank)
	for d := range mul {
		mul[d], lim[d] = 1, int64(mem.Shape[d])
	}
	if bank >= 0 {
		bs := mem.BankShape()
		b := bank
		for k := len(mem.Parts) - 1; k >= 0; k-- {
			pt := mem.Parts[k]
			bd := int64(b % pt.Factor)
			b /= pt.Factor
			lim[pt.Dim] = int64(bs[pt.Dim])
			switch pt.Scheme {
			case Cyclic:
				mul[pt.Dim], add[pt.Dim] = int64(pt.Factor), bd
			case Block:
				add[pt.Dim] = bd * int64(bs[pt.Dim])
			case Complete:
				mul[pt.Dim], add[pt.Dim] = 0, bd
			}
		}
	}
	shape := mem.Shape
	where := accessString(name, bank, idx)
	return func(f []int64) int {
		flat := int64(0)
		for d := 0; d < rank; d++ {
			o := dims[d].eval(f)
			if o < 0 || o >= lim[d] {
				panic(runError{fmt.Sprintf("%s: index %d = %d out of range [0,%d)", where, d, o, lim[d])})
			}
			i := mul[d]*o + add[d]
			if i >= int64(shape[d]) {
				panic(runError{fmt.Sprintf("%s: index %d maps to padding (%d >= %d)", where, d, i, shape[d])})
			}
			flat = flat*int64(shape[d]) + i
		}
		return int(flat)
	}
}

// padded reads an unpartitioned memory, or the pad value where an index
// lies outside its shape.
func (c *compiler) padded(e *Load, buf []int64) func([]int64) int64 {
	shape := c.m.p.Mem(e.Mem).Shape
	dims := make([]linear, len(e.Index))
	for d, a := range e.Index {
		dims[d] = c.linear(a)
	}
	pad := e.Pad
	return func(f []int64) int64 {
		flat := int64(0)
		for d, l := range dims {
			i := l.eval(f)
			if i < 0 || i >= int64(shape[d]) {
				return pad
			}
			flat = flat*int64(shape[d]) + i
		}
		return buf[flat]
	}
}

func (c *compiler) expr(e Expr) (func([]int64) int64, Type) {
	switch e := e.(type) {
	case *Const:
		v := e.Val
		return func([]int64) int64 { return v }, e.T
	case *Ref:
		i := c.slots[e.Name]
		return func(f []int64) int64 { return f[i] }, c.types[e.Name]
	case *Load:
		buf := c.m.mems[e.Mem]
		if e.Padded {
			return c.padded(e, buf), c.m.p.Mem(e.Mem).Elem
		}
		at := c.address(e.Mem, e.Bank, e.Index)
		return func(f []int64) int64 { return buf[at(f)] }, c.m.p.Mem(e.Mem).Elem
	case *Op:
		var fs []func([]int64) int64
		var ts []Type
		for _, a := range e.Args {
			g, t := c.expr(a)
			fs = append(fs, g)
			ts = append(ts, t)
		}
		rt, _ := OpType(e, ts)
		if rt.Float && e.Kind == Nonlin { // exp, the only float32 function (verified)
			a := fs[0]
			return func(f []int64) int64 { return int64(fp32.ExpBits(uint32(a(f)))) }, rt
		}
		if rt.Float {
			return floatOp(e.Kind, fs), rt
		}
		switch e.Kind {
		case Add:
			a, b := fs[0], fs[1]
			return func(f []int64) int64 { return a(f) + b(f) }, rt
		case Sub:
			a, b := fs[0], fs[1]
			return func(f []int64) int64 { return a(f) - b(f) }, rt
		case Mul:
			a, b := fs[0], fs[1]
			return func(f []int64) int64 { return a(f) * b(f) }, rt
		case Max:
			a, b := fs[0], fs[1]
			return func(f []int64) int64 { return max(a(f), b(f)) }, rt
		case Min:
			a, b := fs[0], fs[1]
			return func(f []int64) int64 { return min(a(f), b(f)) }, rt
		case Rq:
			a, from, to := fs[0], ts[0].Frac, e.T
			return func(f []int64) int64 { return to.Requantize(a(f), from) }, rt
		case Shr:
			return fs[0], rt
		case Nonlin:
			u, err := NonlinUnit(e, ts[0])
			if err != nil {
				panic("air: unverified nonlinear op: " + err.Error())
			}
			a := fs[0]
			return func(f []int64) int64 { return u.Eval(a(f)) }, rt
		}
	}
	panic(fmt.Sprintf("air: unknown expression %T", e))
}

// floatOp evaluates a float32 operation on raw bit patterns with package
// fp32's arithmetic (one rounding to nearest even per operation; a product
// is rounded before any sum uses it; div and sqrt are fp32.Div and
// fp32.Sqrt). rq to float32 is the identity.
func floatOp(k OpKind, fs []func([]int64) int64) func([]int64) int64 {
	f32 := func(v int64) float32 { return math.Float32frombits(uint32(v)) }
	raw := func(x float32) int64 { return int64(math.Float32bits(x)) }
	if k == Rq {
		return fs[0]
	}
	if k == Sqrt {
		a := fs[0]
		return func(f []int64) int64 { return raw(fp32.Sqrt(f32(a(f)))) }
	}
	a, b := fs[0], fs[1]
	var op func(x, y float32) float32
	switch k {
	case Add:
		op = fp32.Add
	case Sub:
		op = fp32.Sub
	case Mul:
		op = fp32.Mul
	case Div:
		op = fp32.Div
	case Max:
		op = fp32.Max
	case Min:
		op = fp32.Min
	default:
		panic(fmt.Sprintf("air: %s of float32", k))
	}
	return func(f []int64) int64 { return raw(op(f32(a(f)), f32(b(f)))) }
}
