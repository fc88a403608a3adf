package fromgraph

import (
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// Options controls the lowering.
type Options struct {
	Numeric fixed.Format // element format of activations (and of weights if UniformWeights); zero value means fixed.Default
	// UniformWeights stores Conv/Gemm weights in Numeric too; by default each
	// weight tensor gets Numeric's width with as many fractional bits as its
	// largest magnitude allows.
	UniformWeights bool
	// Float32 makes every tensor IEEE-754 binary32 (air.Float32) instead of
	// fixed point: weights are stored as float32, accumulators are float32,
	// every operation rounds once to nearest even (Numeric and
	// UniformWeights are then ignored); see the package comment's float32
	// section. Operators outside float32Ops are refused.
	Float32 bool
}

// Lower turns a normalised graph into a loop-nest program with its weight data.
func Lower(g *graph.Graph, opt Options) (*air.Program, error) {
	f := opt.Numeric
	if f.Width == 0 {
		f = fixed.Default
	}
	e := air.TypeOf(f)
	if opt.Float32 {
		e = air.Float32
	}
	l := &lowerer{
		g: g, e: e, opt: opt,
		p:       &air.Program{Name: sanitize(g.Name), Numeric: e, Data: map[string][]int64{}},
		mems:    map[string]*air.Memory{},
		taken:   map[string]bool{},
		count:   map[string]int{},
		written: map[string]bool{},
	}
	if l.p.Name == "" {
		l.p.Name = "model"
	}
	// Inputs and outputs first, so they keep their sanitized names (MemName).
	// A tensor that cannot be a memory is reported by the nodes using it.
	for _, name := range append(append([]string(nil), g.Inputs...), g.Outputs...) {
		l.mem(name)
	}
	var bad []graph.NodeError
	for _, n := range g.Nodes {
		if err := l.node(n); err != nil {
			e := graph.NodeError{Op: string(n.Op), Node: n.Name, Module: n.Module, Problem: err.Error()}
			if le, ok := err.(*lowerError); ok {
				e.Problem, e.Hint = le.problem, le.hint
			}
			bad = append(bad, e)
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("fromgraph: %w", &graph.NodeErrors{What: "cannot be lowered to hardware", Nodes: bad})
	}
	for _, o := range g.Outputs {
		if !l.written[o] {
			return nil, fmt.Errorf("fromgraph: output %q is not computed by a node", o)
		}
	}
	if err := air.Verify(l.p); err != nil {
		return nil, fmt.Errorf("fromgraph: %w", err)
	}
	return l.p, nil
}

// MemName returns the memory name Lower gives a graph input or output tensor.
func MemName(tensor string) string { return sanitize(tensor) }

type lowerer struct {
	g       *graph.Graph
	opt     Options
	p       *air.Program
	e       air.Type
	mems    map[string]*air.Memory // tensor name -> memory
	taken   map[string]bool        // memory names in use
	count   map[string]int         // op -> kernels made so far
	written map[string]bool        // tensors some node has produced
}

// sanitize maps a tensor or graph name to an IR identifier.
func sanitize(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 {
				b.WriteByte('t')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// newMem declares a memory with a fresh name derived from base.
func (l *lowerer) newMem(base string, t air.Type, shape []int, kind air.MemKind) *air.Memory {
	name := sanitize(base)
	if name == "" {
		name = "m"
	}
	for i := 2; l.taken[name]; i++ {
		name = fmt.Sprintf("%s_%d", sanitize(base), i)
	}
	l.taken[name] = true
	if len(shape) == 0 {
		shape = []int{1}
	}
	m := &air.Memory{Name: name, Elem: t, Shape: append([]int(nil), shape...), Kind: kind}
	l.p.Mems = append(l.p.Mems, m)
	return m
}

// mem returns the memory of a tensor, declaring it (with data for constants) on first use.
func (l *lowerer) mem(name string) (*air.Memory, error) {
	if m, ok := l.mems[name]; ok {
		return m, nil
	}
	t := l.g.Tensor(name)
	if t == nil {
		return nil, fmt.Errorf("no tensor %q", name)
	}
	if t.DType != graph.Float32 {
		return nil, fmt.Errorf("tensor %q is %s; only f32 tensors become memories", name, t.DType)
	}
	if len(t.Shape) > 4 {
		return nil, &lowerError{fmt.Sprintf("tensor %q has rank %d", name, len(t.Shape)), "hardware memories have at most 4 dims: reshape to fewer dims (e.g. merge the batch dim)"}
	}
	for _, d := range t.Shape {
		if d == 0 {
			return nil, &lowerError{fmt.Sprintf("tensor %q is empty (shape %v)", name, t.Shape), ""}
		}
	}
	kind := air.MemInternal
	switch {
	case l.g.IsInput(name):
		kind = air.MemInput
	case l.g.IsOutput(name):
		kind = air.MemOutput
	case t.Const:
		kind = air.MemConst
	}
	m := l.newMem(name, l.e, t.Shape, kind)
	if kind == air.MemConst {
		l.p.Data[m.Name] = quantizeAll(l.e, t.Floats)
	}
	l.mems[name] = m
	return m, nil
}

// constMem declares a const memory of type t holding values.
func (l *lowerer) constMem(base string, t air.Type, shape []int, values []float64) *air.Memory {
	m := l.newMem(base, t, shape, air.MemConst)
	d := make([]int64, len(values))
	for i, v := range values {
		d[i] = quantize(t, v)
	}
	l.p.Data[m.Name] = d
	return m
}

// weight declares a constant weight tensor scaled by scale, in its own type (see Options.UniformWeights).
func (l *lowerer) weight(name string, scale float64) (*air.Memory, error) {
	t := l.g.Tensor(name)
	if t == nil || !t.Const || t.DType != graph.Float32 {
		return nil, fmt.Errorf("weights %q must be a constant f32 tensor", name)
	}
	vals := floats(t.Floats, scale)
	wt := l.e
	if !l.opt.UniformWeights {
		var err error
		if wt, err = l.weightType(name, vals); err != nil {
			return nil, err
		}
	}
	return l.constMem(name, wt, t.Shape, vals), nil
}

// accConst declares a bias-like constant at the accumulator's scale 2^-frac,
// at least 2W bits and wide enough to hold it (an error past accLimit-1 bits,
// the widest bias an accumulator can hold).
func (l *lowerer) accConst(name string, frac int, scale float64) (*air.Memory, error) {
	t := l.g.Tensor(name)
	if t == nil || !t.Const || t.DType != graph.Float32 {
		return nil, fmt.Errorf("%q must be a constant f32 tensor", name)
	}
	vals := floats(t.Floats, scale)
	bt, err := l.wideType(fmt.Sprintf("bias %q", name), frac, accLimit-1, vals)
	if err != nil {
		return nil, err
	}
	return l.constMem(name, bt, t.Shape, vals), nil
}

// kernel starts a kernel named after op and appends it to main.
func (l *lowerer) kernel(op string, body []air.Stmt) string {
	name := fmt.Sprintf("%s%d", op, l.count[op])
	l.count[op]++
	l.addKernel(name, body)
	return name
}

func (l *lowerer) addKernel(name string, body []air.Stmt) {
	l.p.Kernels = append(l.p.Kernels, &air.Kernel{Name: name, Body: body})
	l.p.Main = append(l.p.Main, air.Call{Kernel: name})
}

// peekName is the name the next kernel for op will get.
func (l *lowerer) peekName(op string) string { return fmt.Sprintf("%s%d", op, l.count[op]) }

// shape returns a tensor's shape (scalars as [1]).
func (l *lowerer) shape(name string) []int {
	s := l.g.Tensor(name).Shape
	if len(s) == 0 {
		return []int{1}
	}
	return s
}

func ld(m *air.Memory, idx ...air.Affine) *air.Load {
	return &air.Load{Mem: m.Name, Bank: -1, Index: idx}
}

func st(m *air.Memory, idx []air.Affine, v air.Expr) *air.Store {
	return &air.Store{Mem: m.Name, Bank: -1, Index: idx, Val: v}
}

func lit(v int64, t air.Type) *air.Const { return &air.Const{Val: v, T: t} }

// nest wraps body in loops vars[i] in 0..sizes[i], outermost first.
func nest(vars []string, sizes []int, body ...air.Stmt) []air.Stmt {
	for i := len(vars) - 1; i >= 0; i-- {
		body = []air.Stmt{&air.For{Var: vars[i], Lo: 0, Hi: sizes[i], Step: 1, Body: body}}
	}
	return body
}

// ivars returns i0..i{n-1} and their affine forms.
func ivars(prefix string, n int) ([]string, []air.Affine) {
	vs := make([]string, n)
	as := make([]air.Affine, n)
	for i := range vs {
		vs[i] = fmt.Sprintf("%s%d", prefix, i)
		as[i] = air.V(vs[i])
	}
	return vs, as
}

// bcast indexes an operand of shape s inside a loop nest over out (ONNX multidirectional broadcasting).
func bcast(s []int, out []air.Affine, outShape []int) ([]air.Affine, error) {
	if len(s) > len(out) {
		return nil, fmt.Errorf("operand rank %d above result rank %d", len(s), len(out))
	}
	idx := make([]air.Affine, len(s))
	off := len(out) - len(s)
	for d, n := range s {
		switch {
		case n == outShape[off+d]:
			idx[d] = out[off+d]
		case n == 1:
			idx[d] = air.C(0)
		default:
			return nil, fmt.Errorf("operand dimension %d (%d) does not broadcast to %d", d, n, outShape[off+d])
		}
	}
	return idx, nil
}
