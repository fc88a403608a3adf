package air

import (
	"errors"
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// maxErrors bounds how many problems Verify reports at once.
const maxErrors = 20

// Verify checks that the program is well formed: names defined and unique,
// ranks and types consistent, partitions valid, data sized right, and every
// memory access provably inside its memory (or bank) for all loop iterations.
func Verify(p *Program) error {
	v := &verifier{p: p, mems: map[string]*Memory{}, bad: map[string]bool{}}
	v.program()
	if len(v.errs) == 0 {
		return nil
	}
	return fmt.Errorf("air: invalid program: %w", errors.Join(v.errs...))
}

type verifier struct {
	p    *Program
	mems map[string]*Memory
	bad  map[string]bool // memories whose declaration is invalid (already reported)
	errs []error
	nerr int // problems found, including those past maxErrors
	kern string
	regs map[string]Type // registers of the current kernel
}

func (v *verifier) errf(line int, format string, a ...any) {
	v.nerr++
	if len(v.errs) >= maxErrors {
		return
	}
	msg := fmt.Sprintf(format, a...)
	if v.kern != "" {
		msg = "kernel " + v.kern + ": " + msg
	}
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	v.errs = append(v.errs, errors.New(msg))
}

func (v *verifier) program() {
	p := v.p
	if !p.Numeric.Valid() {
		v.errf(0, "invalid numeric type %s", p.Numeric)
	}
	for _, m := range p.Mems {
		v.mem(m)
	}
	for name := range p.Data {
		if m := v.mems[name]; m == nil || m.Kind != MemConst {
			v.errf(0, "data for %q, which is not a const memory", name)
		}
	}
	kernels := map[string]bool{}
	for _, k := range p.Kernels {
		if kernels[k.Name] {
			v.errf(k.Line, "kernel %s defined twice", k.Name)
		}
		kernels[k.Name] = true
		v.kern = k.Name
		v.regs = map[string]Type{}
		v.block(k.Body, &scope{vars: map[string]Range{}, regs: map[string]bool{}})
		v.kern = ""
	}
	for _, c := range p.Main {
		if !kernels[c.Kernel] {
			v.errf(c.Line, "main calls undefined kernel %s", c.Kernel)
		}
	}
}

func (v *verifier) mem(m *Memory) {
	if v.mems[m.Name] != nil {
		v.errf(m.Line, "memory %s declared twice", m.Name)
		return
	}
	v.mems[m.Name] = m
	before := v.nerr
	defer func() {
		if v.nerr > before {
			v.bad[m.Name] = true
		}
	}()
	if !m.Elem.Valid() {
		v.errf(m.Line, "memory %s: invalid element type %s", m.Name, m.Elem)
	}
	if len(m.Shape) == 0 {
		v.errf(m.Line, "memory %s: no dimensions", m.Name)
	}
	size := int64(1)
	for _, d := range m.Shape {
		if d < 1 {
			v.errf(m.Line, "memory %s: dimension %d must be positive", m.Name, d)
			return
		}
		size *= int64(d)
		if size > 1<<31 {
			v.errf(m.Line, "memory %s: too large", m.Name)
			return
		}
	}
	last := -1
	for _, pt := range m.Parts {
		switch {
		case pt.Dim <= last || pt.Dim >= len(m.Shape):
			v.errf(m.Line, "memory %s: partition dimension %d out of order or range", m.Name, pt.Dim)
			return
		case pt.Scheme < Cyclic || pt.Scheme > Complete:
			v.errf(m.Line, "memory %s: bad partition scheme", m.Name)
			return
		case pt.Factor < 1 || pt.Factor > m.Shape[pt.Dim]:
			v.errf(m.Line, "memory %s: partition factor %d of dimension %d (size %d) out of range", m.Name, pt.Factor, pt.Dim, m.Shape[pt.Dim])
			return
		case pt.Scheme == Complete && pt.Factor != m.Shape[pt.Dim]:
			v.errf(m.Line, "memory %s: complete partition factor must equal the dimension size", m.Name)
			return
		}
		last = pt.Dim
	}
	if d, ok := v.p.Data[m.Name]; ok {
		if len(d) != m.Size() {
			v.errf(m.Line, "memory %s: data has %d values, want %d", m.Name, len(d), m.Size())
		}
		for i, x := range d {
			if x < m.Elem.Min() || x > m.Elem.Max() {
				v.errf(m.Line, "memory %s: data[%d]=%d out of range of %s", m.Name, i, x, m.Elem)
				break
			}
		}
	}
}

// scope holds the loop variables (with their value ranges) and registers visible at a point.
type scope struct {
	vars   map[string]Range
	empty  bool            // some enclosing loop never runs: skip range proofs
	regs   map[string]bool // registers declared in this scope
	parent *scope          // registers of enclosing scopes
}

// child is a nested scope. Loop variables (a few) are copied; registers
// (thousands after unrolling and bank strip-mining) are found through the
// parent chain, so that verification stays linear in the program's size.
func (s *scope) child() *scope {
	c := &scope{vars: map[string]Range{}, regs: map[string]bool{}, empty: s.empty, parent: s}
	for k, r := range s.vars {
		c.vars[k] = r
	}
	return c
}

// hasReg reports whether register name is visible.
func (s *scope) hasReg(name string) bool {
	for ; s != nil; s = s.parent {
		if s.regs[name] {
			return true
		}
	}
	return false
}

func (v *verifier) block(ss []Stmt, sc *scope) {
	for _, s := range ss {
		v.stmt(s, sc)
	}
}

func (v *verifier) stmt(s Stmt, sc *scope) {
	switch s := s.(type) {
	case *For:
		if _, ok := sc.vars[s.Var]; ok {
			v.errf(s.Line, "loop variable %s shadows an enclosing loop", s.Var)
		}
		if sc.hasReg(s.Var) {
			v.errf(s.Line, "loop variable %s is also a register", s.Var)
		}
		if s.Step < 1 {
			v.errf(s.Line, "loop %s: step %d must be positive", s.Var, s.Step)
			return
		}
		c := sc.child()
		if s.Hi <= s.Lo {
			c.empty = true
			c.vars[s.Var] = Range{int64(s.Lo), int64(s.Lo)}
		} else {
			c.vars[s.Var] = Range{int64(s.Lo), int64(s.Lo + (s.Hi-1-s.Lo)/s.Step*s.Step)}
		}
		v.block(s.Body, c)
	case *Reg:
		if _, dup := v.regs[s.Name]; dup {
			v.errf(s.Line, "register %s declared twice", s.Name)
		}
		if _, ok := sc.vars[s.Name]; ok {
			v.errf(s.Line, "register %s is also a loop variable", s.Name)
		}
		if !s.T.Valid() {
			v.errf(s.Line, "register %s: invalid type %s", s.Name, s.T)
		}
		v.regs[s.Name] = s.T
		if t, ok := v.expr(s.Init, sc, s.Line); ok && (t.Frac != s.T.Frac || t.Float != s.T.Float) {
			v.errf(s.Line, "register %s: %s initialised with %s (fractional bits or float32 differ)", s.Name, s.T, t)
		}
		sc.regs[s.Name] = true
	case *Assign:
		if !sc.hasReg(s.Name) {
			v.errf(s.Line, "assignment to undefined register %s", s.Name)
			return
		}
		rt := v.regs[s.Name]
		if t, ok := v.expr(s.Val, sc, s.Line); ok && (t.Frac != rt.Frac || t.Float != rt.Float) {
			v.errf(s.Line, "register %s: %s assigned %s (fractional bits or float32 differ)", s.Name, rt, t)
		}
	case *Store:
		m := v.access(s.Mem, s.Bank, s.Index, sc, s.Line)
		t, ok := v.expr(s.Val, sc, s.Line)
		if m == nil {
			return
		}
		if m.Kind == MemConst || m.Kind == MemInput {
			v.errf(s.Line, "store to %s memory %s", m.Kind, m.Name)
		}
		if ok && (t.Frac != m.Elem.Frac || t.Width > m.Elem.Width || t.Float != m.Elem.Float) {
			v.errf(s.Line, "store of %s into %s of %s (use rq)", t, m.Name, m.Elem)
		}
	case *Par:
		if len(s.Arms) == 0 {
			v.errf(s.Line, "par with no arms")
		}
		var declared []string
		for _, arm := range s.Arms {
			c := sc.child()
			v.block(arm, c)
			for r := range c.regs {
				if !sc.hasReg(r) {
					declared = append(declared, r)
				}
			}
		}
		for _, r := range declared {
			sc.regs[r] = true
		}
	default:
		v.errf(0, "unknown statement %T", s)
	}
}

// access checks a load or store's memory, rank, bank and index ranges.
func (v *verifier) access(name string, bank int, idx []Affine, sc *scope, line int) *Memory {
	m := v.mems[name]
	if m == nil {
		v.errf(line, "undefined memory %s", name)
		return nil
	}
	if v.bad[name] {
		return nil // its declaration's problem is reported
	}
	if len(idx) != len(m.Shape) {
		v.errf(line, "%s: %d indices for a memory of rank %d", accessString(name, bank, idx), len(idx), len(m.Shape))
		return nil
	}
	shape := m.Shape
	switch {
	case m.Partitioned() && bank < 0:
		v.errf(line, "%s: memory %s is partitioned; access needs a bank", accessString(name, bank, idx), name)
		return nil
	case !m.Partitioned() && bank >= 0:
		v.errf(line, "%s: memory %s is not partitioned", accessString(name, bank, idx), name)
		return nil
	case bank >= m.NumBanks():
		v.errf(line, "%s: bank %d out of range (memory %s has %d banks)", accessString(name, bank, idx), bank, name, m.NumBanks())
		return nil
	case m.Partitioned():
		shape = m.BankShape()
	}
	for d, a := range idx {
		for _, t := range a.Terms {
			if _, ok := sc.vars[t.Var]; !ok {
				v.errf(line, "%s: undefined loop variable %s", accessString(name, bank, idx), t.Var)
				return nil
			}
		}
		if sc.empty {
			continue
		}
		lo, hi, _ := a.Bounds(sc.vars)
		if lo < 0 || hi >= int64(shape[d]) {
			v.errf(line, "%s: index %d (%s) ranges over [%d,%d], outside [0,%d)", accessString(name, bank, idx), d, a, lo, hi, shape[d])
		}
	}
	return m
}

// paddedAccess checks a padded load: an unpartitioned memory, defined loop
// variables, a pad value of the element type; indices may leave the shape.
func (v *verifier) paddedAccess(e *Load, sc *scope, line int) *Memory {
	where := ExprString(e)
	m := v.mems[e.Mem]
	switch {
	case m == nil:
		v.errf(line, "undefined memory %s", e.Mem)
		return nil
	case v.bad[e.Mem]:
		return nil
	case len(e.Index) != len(m.Shape):
		v.errf(line, "%s: %d indices for a memory of rank %d", where, len(e.Index), len(m.Shape))
		return nil
	case m.Partitioned() || e.Bank >= 0:
		v.errf(line, "%s: a padded load needs an unpartitioned memory", where)
		return nil
	case e.Pad < m.Elem.Min() || e.Pad > m.Elem.Max():
		v.errf(line, "%s: pad value %d out of range of %s", where, e.Pad, m.Elem)
		return nil
	}
	for _, a := range e.Index {
		for _, t := range a.Terms {
			if _, ok := sc.vars[t.Var]; !ok {
				v.errf(line, "%s: undefined loop variable %s", where, t.Var)
				return nil
			}
		}
	}
	return m
}

// expr type-checks an expression; ok is false if an error was reported.
func (v *verifier) expr(e Expr, sc *scope, line int) (Type, bool) {
	switch e := e.(type) {
	case *Const:
		if !e.T.Valid() {
			v.errf(line, "literal of invalid type %s", e.T)
			return Type{}, false
		}
		if e.Val < e.T.Min() || e.Val > e.T.Max() {
			v.errf(line, "literal %d out of range of %s", e.Val, e.T)
			return Type{}, false
		}
		return e.T, true
	case *Ref:
		if !sc.hasReg(e.Name) {
			v.errf(line, "undefined register %s", e.Name)
			return Type{}, false
		}
		return v.regs[e.Name], true
	case *Load:
		var m *Memory
		if e.Padded {
			m = v.paddedAccess(e, sc, line)
		} else {
			m = v.access(e.Mem, e.Bank, e.Index, sc, line)
		}
		if m == nil {
			return Type{}, false
		}
		return m.Elem, true
	case *Op:
		var ts []Type
		for _, a := range e.Args {
			t, ok := v.expr(a, sc, line)
			if !ok {
				return Type{}, false
			}
			ts = append(ts, t)
		}
		t, err := OpType(e, ts)
		if err != nil {
			v.errf(line, "%v", err)
			return Type{}, false
		}
		return t, true
	case nil:
		v.errf(line, "missing expression")
		return Type{}, false
	}
	v.errf(line, "unknown expression %T", e)
	return Type{}, false
}

// OpType returns the result type of op applied to arguments of types args.
func OpType(op *Op, args []Type) (Type, error) {
	want := op.Kind.Arity()
	if len(args) != want {
		return Type{}, fmt.Errorf("%s takes %d operands, got %d", op.Kind, want, len(args))
	}
	if args[0].Float || (len(args) > 1 && args[1].Float) {
		return floatOpType(op, args)
	}
	switch op.Kind {
	case Add, Sub, Max, Min:
		a, b := args[0], args[1]
		if a.Frac != b.Frac {
			return Type{}, fmt.Errorf("%s of %s and %s: fractional bits differ", op.Kind, a, b)
		}
		w := max(a.Width, b.Width)
		if op.Kind == Add || op.Kind == Sub {
			w++
		}
		if w > MaxWidth {
			return Type{}, fmt.Errorf("%s of %s and %s: result needs %d bits, limit %d", op.Kind, a, b, w, MaxWidth)
		}
		return Type{Width: w, Frac: a.Frac}, nil
	case Mul:
		a, b := args[0], args[1]
		t := Type{Width: a.Width + b.Width, Frac: a.Frac + b.Frac}
		if t.Width > MaxWidth {
			return Type{}, fmt.Errorf("mul of %s and %s: exact product needs %d bits, limit %d", a, b, t.Width, MaxWidth)
		}
		if !t.Valid() {
			return Type{}, fmt.Errorf("mul of %s and %s: product type %s is invalid", a, b, t)
		}
		return t, nil
	case Rq:
		if !op.T.Valid() {
			return Type{}, fmt.Errorf("rq to invalid type %s", op.T)
		}
		if op.T.Float {
			return Type{}, fmt.Errorf("rq of %s to float32: conversions between fixed point and float32 are not supported", args[0])
		}
		return op.T, nil
	case Shr:
		if op.Shift < 0 || op.Shift > MaxWidth {
			return Type{}, fmt.Errorf("shr by %d out of range", op.Shift)
		}
		t := Type{Width: args[0].Width, Frac: args[0].Frac + op.Shift}
		if !t.Valid() {
			return Type{}, fmt.Errorf("shr of %s by %d: result type %s is invalid", args[0], op.Shift, t)
		}
		return t, nil
	case Nonlin:
		if _, err := NonlinUnit(op, args[0]); err != nil {
			return Type{}, err
		}
		return op.T, nil
	case Div, Sqrt:
		return Type{}, fmt.Errorf("%s of %s: float32 only (in fixed point, multiply by reciprocal(...) or use rsqrt(...))", op.Kind, args[0])
	}
	return Type{}, fmt.Errorf("unknown operation %d", op.Kind)
}

// NonlinUnit returns the nonlinear unit of a Nonlin op whose operand has
// type in, or an error naming the op when package nonlin has no unit for
// these formats (input or output wider than the unit's, or Frac >= Width).
func NonlinUnit(op *Op, in Type) (nonlin.Unit, error) {
	where := fmt.Sprintf("%s of %s to %s", op.Func, in, op.T)
	if op.Kind != Nonlin {
		return nonlin.Unit{}, fmt.Errorf("%s is not a nonlinear function", op.Kind)
	}
	fi, err := in.Format()
	if err != nil {
		return nonlin.Unit{}, fmt.Errorf("%s: input: %w", where, err)
	}
	fo, err := op.T.Format()
	if err != nil {
		return nonlin.Unit{}, fmt.Errorf("%s: output: %w", where, err)
	}
	u, err := nonlin.New(op.Func, fi, fo)
	if err != nil {
		return nonlin.Unit{}, fmt.Errorf("%s: %w", where, err)
	}
	return u, nil
}

// floatOpType types an operation with a float32 operand: add, sub, mul,
// div, max and min of two float32 values and sqrt of one are float32 (one
// rounding each), rq to float32 is the identity, exp(a, float32) is
// fp32.Exp; mixing float32 with fixed point, rq to a fixed type, shr and
// the other nonlinear functions are not defined.
func floatOpType(op *Op, args []Type) (Type, error) {
	if len(args) == 2 && args[0] != args[1] {
		return Type{}, fmt.Errorf("%s of %s and %s: float32 and fixed point do not mix", op.Kind, args[0], args[1])
	}
	switch op.Kind {
	case Add, Sub, Mul, Max, Min, Div, Sqrt:
		return Float32, nil
	case Rq:
		if !op.T.Float {
			return Type{}, fmt.Errorf("rq of float32 to %s: conversions between float32 and fixed point are not supported", op.T)
		}
		return Float32, nil
	case Nonlin:
		if op.Func != nonlin.Exp {
			return Type{}, fmt.Errorf("%s of float32: only exp has a float32 unit (compose the others of exp and arithmetic)", op.Func)
		}
		if !op.T.Float {
			return Type{}, fmt.Errorf("exp of float32 to %s: conversions between float32 and fixed point are not supported", op.T)
		}
		return Float32, nil
	}
	return Type{}, fmt.Errorf("%s of float32 is not defined", op.Kind)
}
