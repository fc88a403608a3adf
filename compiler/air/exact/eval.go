package exact

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// maxWidth is air's documented limit on every type (air.MaxWidth), restated.
const maxWidth = 64

// Site is a statement of the program: its kernel, source line (0 for a
// program built in memory) and text.
type Site struct {
	Kernel string
	Line   int
	Text   string
}

func (s Site) String() string {
	if s.Line > 0 {
		return fmt.Sprintf("kernel %s: line %d: %s", s.Kernel, s.Line, s.Text)
	}
	return fmt.Sprintf("kernel %s: %s", s.Kernel, s.Text)
}

// EvalError is a fault the exact evaluation found at a statement: a value
// outside its type, a register write that would wrap, an access outside its
// memory.
type EvalError struct {
	Site Site
	Msg  string
	Iter string // loop variables at the time, e.g. "i=0, k=31"
}

func (e *EvalError) Error() string {
	s := "exact: " + e.Site.String() + ": " + e.Msg
	if e.Iter != "" {
		s += " at " + e.Iter
	}
	return s
}

// typ is a fixed<W,F> type, restated from air's definition: a W-bit two's
// complement integer q standing for q/2^F.
type typ struct{ w, f int }

func (t typ) String() string { return fmt.Sprintf("fixed<%d,%d>", t.w, t.f) }

// bounds returns -2^(W-1) and 2^(W-1)-1.
func (t typ) bounds() (lo, hi *big.Int) {
	p := new(big.Int).Lsh(big.NewInt(1), uint(t.w-1))
	return new(big.Int).Neg(p), new(big.Int).Sub(p, big.NewInt(1))
}

func typOf(t air.Type) typ { return typ{t.Width, t.Frac} }

// memory is one memory's exact contents in the original (unpartitioned)
// row-major layout. Values are held as int64 only after they were checked to
// fit the element type, whose width is at most 64.
type memory struct {
	m      *air.Memory
	t      typ
	lo, hi *big.Int
	vals   []int64
	writer []int32 // 1 + index into Machine.sites of the last store, 0 if never stored
}

// Machine is the exact evaluator of one program.
type Machine struct {
	p       *air.Program
	mems    map[string]*memory
	kernels map[string]func() error
	sites   []Site
}

// New prepares p for exact evaluation: const memories from p.Data, others
// zero. It reports types beyond the 64-bit limit, literals outside their
// type, operands with different fractional bits and stores of a wider type
// as errors, without relying on air.Verify.
func New(p *air.Program) (*Machine, error) {
	m := &Machine{p: p, mems: map[string]*memory{}, kernels: map[string]func() error{}}
	for _, am := range p.Mems {
		if am.Elem.Float {
			return nil, fmt.Errorf("exact: memory %s: float32 is not supported (the exact oracle covers fixed point only)", am.Name)
		}
		t := typOf(am.Elem)
		if t.w < 1 || t.w > maxWidth || t.f < 0 {
			return nil, fmt.Errorf("exact: memory %s: type %s outside the %d-bit limit", am.Name, t, maxWidth)
		}
		n := 1
		for _, d := range am.Shape {
			n *= d
		}
		mem := &memory{m: am, t: t, vals: make([]int64, n), writer: make([]int32, n)}
		mem.lo, mem.hi = t.bounds()
		if am.Kind == air.MemConst {
			d := p.Data[am.Name]
			if len(d) != n {
				return nil, fmt.Errorf("exact: const memory %s: %d values, want %d", am.Name, len(d), n)
			}
			for i, v := range d {
				if !mem.holds(big.NewInt(v)) {
					return nil, fmt.Errorf("exact: const memory %s: value %d at %d outside %s", am.Name, v, i, t)
				}
			}
			copy(mem.vals, d)
		}
		m.mems[am.Name] = mem
	}
	for _, k := range p.Kernels {
		run, err := m.compileKernel(k)
		if err != nil {
			return nil, err
		}
		m.kernels[k.Name] = run
	}
	return m, nil
}

func (mem *memory) holds(v *big.Int) bool { return v.Cmp(mem.lo) >= 0 && v.Cmp(mem.hi) <= 0 }

// Set writes an input memory's contents (row-major raw values); each must fit the element type.
func (m *Machine) Set(name string, data []int64) error {
	mem, ok := m.mems[name]
	if !ok {
		return fmt.Errorf("exact: no memory %s", name)
	}
	if len(data) != len(mem.vals) {
		return fmt.Errorf("exact: memory %s holds %d values, got %d", name, len(mem.vals), len(data))
	}
	for i, v := range data {
		if !mem.holds(big.NewInt(v)) {
			return fmt.Errorf("exact: memory %s: value %d at %d outside %s", name, v, i, mem.t)
		}
	}
	copy(mem.vals, data)
	return nil
}

// Mem returns a memory's contents (row-major raw values); the slice is the machine's own.
func (m *Machine) Mem(name string) []int64 { return m.mems[name].vals }

// Writer returns the statement that last stored element i of memory name, if any.
func (m *Machine) Writer(name string, i int) (Site, bool) {
	w := m.mems[name].writer[i]
	if w == 0 {
		return Site{}, false
	}
	return m.sites[w-1], true
}

// RunKernel evaluates one kernel.
func (m *Machine) RunKernel(name string) error {
	k, ok := m.kernels[name]
	if !ok {
		return fmt.Errorf("exact: no kernel %s", name)
	}
	return k()
}

// Run evaluates main: every called kernel in order.
func (m *Machine) Run() error {
	for _, c := range m.p.Main {
		if err := m.RunKernel(c.Kernel); err != nil {
			return err
		}
	}
	return nil
}

// frame holds a kernel's loop variables and registers while it runs.
type frame struct {
	vars []int64
	regs []*big.Int
}

// kcomp compiles one kernel.
type kcomp struct {
	m      *Machine
	kernel string
	vars   map[string]int // loop variable -> slot, for the loops in scope
	order  []string       // loop variables in scope, outermost first
	regs   map[string]int // register -> slot
	rtypes map[string]typ
}

// fault is panicked by compiled code and recovered by the kernel.
type fault struct{ err *EvalError }

func (m *Machine) compileKernel(k *air.Kernel) (func() error, error) {
	c := &kcomp{m: m, kernel: k.Name, vars: map[string]int{}, regs: map[string]int{}, rtypes: map[string]typ{}}
	nvars := 0
	body, err := c.block(k.Body, &nvars)
	if err != nil {
		return nil, err
	}
	f := &frame{vars: make([]int64, nvars), regs: make([]*big.Int, len(c.regs))}
	for i := range f.regs {
		f.regs[i] = new(big.Int)
	}
	return func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				ft, ok := r.(fault)
				if !ok {
					panic(r)
				}
				err = ft.err
			}
		}()
		body(f)
		return nil
	}, nil
}

// site registers a statement and returns its index and a function that
// raises an EvalError there with the loop variables' current values.
func (c *kcomp) site(line int, text string) (int32, func(f *frame, format string, a ...any)) {
	s := Site{Kernel: c.kernel, Line: line, Text: text}
	c.m.sites = append(c.m.sites, s)
	id := int32(len(c.m.sites))
	names := append([]string(nil), c.order...)
	slots := make([]int, len(names))
	for i, n := range names {
		slots[i] = c.vars[n]
	}
	raise := func(f *frame, format string, a ...any) {
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = fmt.Sprintf("%s=%d", n, f.vars[slots[i]])
		}
		panic(fault{&EvalError{Site: s, Msg: fmt.Sprintf(format, a...), Iter: strings.Join(parts, ", ")}})
	}
	return id, raise
}

func (c *kcomp) errf(line int, text, format string, a ...any) error {
	return &EvalError{Site: Site{Kernel: c.kernel, Line: line, Text: text}, Msg: fmt.Sprintf(format, a...)}
}

func (c *kcomp) block(ss []air.Stmt, nvars *int) (func(*frame), error) {
	fs := make([]func(*frame), 0, len(ss))
	for _, s := range ss {
		g, err := c.stmt(s, nvars)
		if err != nil {
			return nil, err
		}
		fs = append(fs, g)
	}
	return func(f *frame) {
		for _, g := range fs {
			g(f)
		}
	}, nil
}

func (c *kcomp) stmt(s air.Stmt, nvars *int) (func(*frame), error) {
	switch s := s.(type) {
	case *air.For:
		if s.Step < 1 {
			return nil, c.errf(s.Line, "for "+s.Var, "step %d is not positive", s.Step)
		}
		slot := *nvars
		*nvars++
		old, had := c.vars[s.Var]
		c.vars[s.Var] = slot
		c.order = append(c.order, s.Var)
		body, err := c.block(s.Body, nvars)
		c.order = c.order[:len(c.order)-1]
		if had {
			c.vars[s.Var] = old
		} else {
			delete(c.vars, s.Var)
		}
		if err != nil {
			return nil, err
		}
		lo, hi, step := int64(s.Lo), int64(s.Hi), int64(s.Step)
		return func(f *frame) {
			for v := lo; v < hi; v += step {
				f.vars[slot] = v
				body(f)
			}
		}, nil
	case *air.Reg:
		text := fmt.Sprintf("reg %s: %s = %s", s.Name, s.T, air.ExprString(s.Init))
		if _, dup := c.regs[s.Name]; dup {
			return nil, c.errf(s.Line, text, "register %s declared twice", s.Name)
		}
		if s.T.Float {
			return nil, c.errf(s.Line, text, "register %s: float32 is not supported (the exact oracle covers fixed point only)", s.Name)
		}
		t := typOf(s.T)
		if t.w < 1 || t.w > maxWidth || t.f < 0 {
			return nil, c.errf(s.Line, text, "register type %s outside the %d-bit limit", t, maxWidth)
		}
		e, et, err := c.expr(s.Init, s.Line, text)
		if err != nil {
			return nil, err
		}
		c.regs[s.Name] = len(c.regs)
		c.rtypes[s.Name] = t
		return c.write(s.Name, e, et, s.Line, text)
	case *air.Assign:
		text := fmt.Sprintf("%s = %s", s.Name, air.ExprString(s.Val))
		if _, ok := c.regs[s.Name]; !ok {
			return nil, c.errf(s.Line, text, "undefined register %s", s.Name)
		}
		e, et, err := c.expr(s.Val, s.Line, text)
		if err != nil {
			return nil, err
		}
		return c.write(s.Name, e, et, s.Line, text)
	case *air.Store:
		text := access(s.Mem, s.Bank, s.Index) + " = " + air.ExprString(s.Val)
		mem, ok := c.m.mems[s.Mem]
		if !ok {
			return nil, c.errf(s.Line, text, "undefined memory %s", s.Mem)
		}
		e, et, err := c.expr(s.Val, s.Line, text)
		if err != nil {
			return nil, err
		}
		if et.f != mem.t.f || et.w > mem.t.w {
			return nil, c.errf(s.Line, text, "store of %s into %s of %s", et, s.Mem, mem.t)
		}
		at, err := c.address(mem, s.Bank, s.Index, false, s.Line, text)
		if err != nil {
			return nil, err
		}
		id, raise := c.site(s.Line, text)
		return func(f *frame) {
			v := e(f)
			i := at(f)
			if !mem.holds(v) {
				raise(f, "stored value %s outside %s", v, mem.t)
			}
			mem.vals[i] = v.Int64()
			mem.writer[i] = id
		}, nil
	case *air.Par:
		var arms []func(*frame)
		for _, a := range s.Arms {
			g, err := c.block(a, nvars)
			if err != nil {
				return nil, err
			}
			arms = append(arms, g)
		}
		return func(f *frame) {
			for _, g := range arms {
				g(f)
			}
		}, nil
	}
	return nil, fmt.Errorf("exact: kernel %s: unknown statement %T", c.kernel, s)
}

// write compiles a register write: the exact value must lie in the register's type.
func (c *kcomp) write(name string, e func(*frame) *big.Int, et typ, line int, text string) (func(*frame), error) {
	t := c.rtypes[name]
	if et.f != t.f {
		return nil, c.errf(line, text, "register %s of %s written with %s (fractional bits differ)", name, t, et)
	}
	slot := c.regs[name]
	lo, hi := t.bounds()
	_, raise := c.site(line, text)
	return func(f *frame) {
		v := e(f)
		if v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
			raise(f, "value %s outside %s of register %s (it would wrap)", v, t, name)
		}
		f.regs[slot].Set(v)
	}, nil
}

// address compiles an access to the flat row-major position in the original
// memory, from the definitions of the partition schemes: with factor F on a
// dimension of size N, cyclic holds index b + F*o in bank b at offset o,
// block holds b*S + o with S = ceil(N/F), complete holds b; the bank number
// is row-major over the partition entries.
func (c *kcomp) address(mem *memory, bank int, idx []air.Affine, padded bool, line int, text string) (func(*frame) int, error) {
	am := mem.m
	rank := len(am.Shape)
	if len(idx) != rank {
		return nil, c.errf(line, text, "%d indices for memory %s of rank %d", len(idx), am.Name, rank)
	}
	type dimMap struct {
		slots  []int
		coefs  []int64
		c      int64
		extent int64 // offsets must lie in [0, extent)
		mul    int64 // original index = mul*offset + add
		add    int64
		n      int64
	}
	dims := make([]dimMap, rank)
	for d, a := range idx {
		dm := dimMap{c: a.Const, extent: int64(am.Shape[d]), mul: 1, n: int64(am.Shape[d])}
		for _, t := range a.Terms {
			s, ok := c.vars[t.Var]
			if !ok {
				return nil, c.errf(line, text, "undefined loop variable %s", t.Var)
			}
			dm.slots = append(dm.slots, s)
			dm.coefs = append(dm.coefs, t.Coef)
		}
		dims[d] = dm
	}
	nb := 1
	for _, pt := range am.Parts {
		nb *= pt.Factor
	}
	switch {
	case len(am.Parts) > 0 && (bank < 0 || bank >= nb):
		return nil, c.errf(line, text, "bank %d of memory %s, which has %d banks", bank, am.Name, nb)
	case len(am.Parts) == 0 && bank >= 0:
		return nil, c.errf(line, text, "bank %d of unpartitioned memory %s", bank, am.Name)
	case padded && len(am.Parts) > 0:
		return nil, c.errf(line, text, "padded load of partitioned memory %s", am.Name)
	}
	rest := bank
	for k := len(am.Parts) - 1; k >= 0; k-- {
		pt := am.Parts[k]
		b := int64(rest % pt.Factor)
		rest /= pt.Factor
		dm := &dims[pt.Dim]
		F := int64(pt.Factor)
		switch pt.Scheme {
		case air.Cyclic:
			dm.extent, dm.mul, dm.add = (dm.n+F-1)/F, F, b
		case air.Block:
			S := (dm.n + F - 1) / F
			dm.extent, dm.mul, dm.add = S, 1, b*S
		case air.Complete:
			dm.extent, dm.mul, dm.add = 1, 0, b
		default:
			return nil, c.errf(line, text, "memory %s: unknown partition scheme", am.Name)
		}
	}
	_, raise := c.site(line, text)
	return func(f *frame) int {
		flat := int64(0)
		for d := range dims {
			dm := &dims[d]
			o := dm.c
			for j, s := range dm.slots {
				o += dm.coefs[j] * f.vars[s]
			}
			if o < 0 || o >= dm.extent {
				if padded {
					return -1 // outside the shape: the pad value
				}
				raise(f, "%s: index %d is %d, outside [0,%d)", access(am.Name, bank, idx), d, o, dm.extent)
			}
			i := dm.mul*o + dm.add
			if i >= dm.n {
				raise(f, "%s: index %d maps to element %d of %d (bank padding)", access(am.Name, bank, idx), d, i, dm.n)
			}
			flat = flat*dm.n + i
		}
		return int(flat)
	}, nil
}

// expr compiles an expression to a function returning its exact value (in a
// buffer owned by the node, valid until the node is evaluated again) and
// its type by the rules of air's package comment. Every operation's value is
// checked against its type at run time.
func (c *kcomp) expr(e air.Expr, line int, text string) (func(*frame) *big.Int, typ, error) {
	switch e := e.(type) {
	case *air.Const:
		if e.T.Float {
			return nil, typ{}, c.errf(line, text, "float32 literal: float32 is not supported (the exact oracle covers fixed point only)")
		}
		t := typOf(e.T)
		if t.w < 1 || t.w > maxWidth || t.f < 0 {
			return nil, t, c.errf(line, text, "literal type %s outside the %d-bit limit", t, maxWidth)
		}
		v := big.NewInt(e.Val)
		if lo, hi := t.bounds(); v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
			return nil, t, c.errf(line, text, "literal %d outside %s", e.Val, t)
		}
		return func(*frame) *big.Int { return v }, t, nil
	case *air.Ref:
		slot, ok := c.regs[e.Name]
		if !ok {
			return nil, typ{}, c.errf(line, text, "undefined register %s", e.Name)
		}
		return func(f *frame) *big.Int { return f.regs[slot] }, c.rtypes[e.Name], nil
	case *air.Load:
		mem, ok := c.m.mems[e.Mem]
		if !ok {
			return nil, typ{}, c.errf(line, text, "undefined memory %s", e.Mem)
		}
		at, err := c.address(mem, e.Bank, e.Index, e.Padded, line, text)
		if err != nil {
			return nil, typ{}, err
		}
		buf := new(big.Int)
		if e.Padded {
			pad := big.NewInt(e.Pad)
			if lo, hi := mem.t.bounds(); pad.Cmp(lo) < 0 || pad.Cmp(hi) > 0 {
				return nil, typ{}, c.errf(line, text, "pad value %d outside %s", e.Pad, mem.t)
			}
			return func(f *frame) *big.Int {
				if i := at(f); i >= 0 {
					return buf.SetInt64(mem.vals[i])
				}
				return buf.Set(pad)
			}, mem.t, nil
		}
		return func(f *frame) *big.Int { return buf.SetInt64(mem.vals[at(f)]) }, mem.t, nil
	case *air.Op:
		return c.op(e, line, text)
	}
	return nil, typ{}, c.errf(line, text, "unknown expression %T", e)
}

func (c *kcomp) op(e *air.Op, line int, text string) (func(*frame) *big.Int, typ, error) {
	want := e.Kind.Arity()
	if len(e.Args) != want {
		return nil, typ{}, c.errf(line, text, "%s takes %d operands, got %d", e.Kind, want, len(e.Args))
	}
	var fs []func(*frame) *big.Int
	var ts []typ
	for _, a := range e.Args {
		g, t, err := c.expr(a, line, text)
		if err != nil {
			return nil, typ{}, err
		}
		fs = append(fs, g)
		ts = append(ts, t)
	}
	var rt typ
	switch e.Kind {
	case air.Add, air.Sub, air.Max, air.Min:
		if ts[0].f != ts[1].f {
			return nil, typ{}, c.errf(line, text, "%s of %s and %s: fractional bits differ", e.Kind, ts[0], ts[1])
		}
		rt = typ{max(ts[0].w, ts[1].w), ts[0].f}
		if e.Kind == air.Add || e.Kind == air.Sub {
			rt.w++
		}
	case air.Mul:
		rt = typ{ts[0].w + ts[1].w, ts[0].f + ts[1].f}
	case air.Rq, air.Nonlin:
		if e.T.Float {
			return nil, typ{}, c.errf(line, text, "%s to float32: float32 is not supported (the exact oracle covers fixed point only)", e.Kind)
		}
		rt = typOf(e.T)
	case air.Shr:
		if e.Shift < 0 {
			return nil, typ{}, c.errf(line, text, "shr by %d", e.Shift)
		}
		rt = typ{ts[0].w, ts[0].f + e.Shift}
	case air.Div, air.Sqrt:
		return nil, typ{}, c.errf(line, text, "%s is a float32 operation (the exact oracle covers fixed point only)", e.Kind)
	default:
		return nil, typ{}, c.errf(line, text, "unknown operation %v", e.Kind)
	}
	if rt.w < 1 || rt.w > maxWidth || rt.f < 0 {
		return nil, typ{}, c.errf(line, text, "%s gives %s, outside the %d-bit limit", air.ExprString(e), rt, maxWidth)
	}
	lo, hi := rt.bounds()
	buf := new(big.Int)
	opText := air.ExprString(e)
	_, raise := c.site(line, text)
	// check is the invariant the int64 interpreter relies on: the value fits the result type.
	check := func(f *frame, v *big.Int) *big.Int {
		if v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
			raise(f, "%s = %s does not fit its type %s", opText, v, rt)
		}
		return v
	}
	a := fs[0]
	switch e.Kind {
	case air.Add:
		b := fs[1]
		return func(f *frame) *big.Int { return check(f, buf.Add(a(f), b(f))) }, rt, nil
	case air.Sub:
		b := fs[1]
		return func(f *frame) *big.Int { return check(f, buf.Sub(a(f), b(f))) }, rt, nil
	case air.Mul:
		b := fs[1]
		return func(f *frame) *big.Int { return check(f, buf.Mul(a(f), b(f))) }, rt, nil
	case air.Max, air.Min:
		b := fs[1]
		sign := 1
		if e.Kind == air.Min {
			sign = -1
		}
		return func(f *frame) *big.Int {
			x, y := a(f), b(f)
			if x.Cmp(y)*sign >= 0 {
				return buf.Set(x)
			}
			return buf.Set(y)
		}, rt, nil
	case air.Rq:
		return c.rq(a, ts[0], rt), rt, nil
	case air.Nonlin:
		// The unit's own definition (package nonlin, bit-exact with its
		// SystemVerilog) is the reference; its input has at most 31 bits.
		u, err := air.NonlinUnit(e, air.Type{Width: ts[0].w, Frac: ts[0].f})
		if err != nil {
			return nil, typ{}, c.errf(line, text, "%v", err)
		}
		return func(f *frame) *big.Int { return buf.SetInt64(u.Eval(a(f).Int64())) }, rt, nil
	default: // Shr: the same integer read with more fractional bits
		return func(f *frame) *big.Int { return check(f, a(f)) }, rt, nil
	}
}

// rq compiles requantization from type from to type to, by its definition:
// the value a/2^Fa rounded half up to a multiple of 2^-Ft, that is
// q = floor(a*2^(Ft-Fa) + 1/2), then saturated to [-2^(W-1), 2^(W-1)-1].
// For s = Fa-Ft > 0, floor(a/2^s + 1/2) = floor((2a + 2^s) / 2^(s+1)); for
// s <= 0 the value is the integer a*2^-s and adding 1/2 does not change its floor.
func (c *kcomp) rq(a func(*frame) *big.Int, from, to typ) func(*frame) *big.Int {
	s := from.f - to.f
	lo, hi := to.bounds()
	buf := new(big.Int)
	sat := func(v *big.Int) *big.Int {
		switch {
		case v.Cmp(lo) < 0:
			return v.Set(lo)
		case v.Cmp(hi) > 0:
			return v.Set(hi)
		}
		return v
	}
	if s <= 0 {
		return func(f *frame) *big.Int { return sat(buf.Lsh(a(f), uint(-s))) }
	}
	half := new(big.Int).Lsh(big.NewInt(1), uint(s))  // 2^s
	den := new(big.Int).Lsh(big.NewInt(1), uint(s+1)) // 2^(s+1)
	num := new(big.Int)
	return func(f *frame) *big.Int {
		num.Lsh(a(f), 1)
		num.Add(num, half)
		// Div is Euclidean division; for a positive divisor it is floor division.
		buf.Div(num, den)
		return sat(buf)
	}
}

// access prints m[IDX] or m{B}[IDX] like the text form.
func access(mem string, bank int, idx []air.Affine) string {
	var b strings.Builder
	b.WriteString(mem)
	if bank >= 0 {
		fmt.Fprintf(&b, "{%d}", bank)
	}
	b.WriteByte('[')
	for i, a := range idx {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.String())
	}
	b.WriteByte(']')
	return b.String()
}
