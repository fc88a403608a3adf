// Package graphfuzz generates small random but valid ONNX graphs (Gemm,
// MatMul, Conv, Relu, Add, Mul, MaxPool, AveragePool, Concat, Reshape,
// Flatten with random shapes, attributes, weights and inputs), encodes them
// with compiler/onnx's encoder, and runs them through the compiler's front
// half: import, lowering to fixed point in a random format, unrolling, and
// three checks — air's interpreter equals the exact oracle
// (compiler/air/exact), the interpreter is within an error bound derived
// from the formats of the float graph interpreter, and (in the tests:
// TestSeeds for two seeds, TestSimRandom on request) Verilator simulation
// equals the interpreter bit for bit.
//
// Generation is driven by a byte string, so `go test -fuzz` mutates graphs
// meaningfully: each choice consumes a byte (then a PRNG when they run out),
// and the float values come from a PRNG seeded by a hash of the bytes.
package graphfuzz

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// source turns fuzz bytes into choices.
type source struct {
	data []byte
	pos  int
	rest *rand.Rand // choices once the bytes run out
}

// intn returns a choice in [0, n) from the next byte (from rest when the bytes run out).
func (s *source) intn(n int) int {
	if n <= 1 {
		return 0
	}
	if s.pos < len(s.data) {
		b := s.data[s.pos]
		s.pos++
		return int(b) % n
	}
	return s.rest.Intn(n)
}

// rangeIn returns a choice in [lo, hi].
func (s *source) rangeIn(lo, hi int) int { return lo + s.intn(hi-lo+1) }

// Case is one generated graph with its sample inputs and compile options.
type Case struct {
	Model    *onnx.Model
	Bytes    []byte               // the encoded ModelProto
	Inputs   map[string][]float32 // graph input values
	Width    int                  // activation format width W of fixed<W,F>
	Frac     int                  // F, or -1: choose the largest that holds every value
	Uniform  bool                 // store weights in the activation format
	Schedule string               // unroll rules, partition.ParseSchedule syntax
	Sim      bool                 // also simulate (if the test runs simulations)
	Desc     string               // one line per node, for failure reports
}

// tensor is a value available to later nodes.
type tensor struct {
	name  string
	shape []int64
}

type gen struct {
	s      *source
	r      *rand.Rand
	g      *onnx.Graph
	avail  []tensor
	n      int
	inputs map[string][]float32
	desc   []string
}

// Generate builds a case from fuzz bytes; every byte string gives a valid graph.
func Generate(data []byte) *Case {
	h := fnv.New64a()
	h.Write(data)
	seed := int64(h.Sum64())
	g := &gen{
		s:      &source{data: data, rest: rand.New(rand.NewSource(seed + 1))},
		r:      rand.New(rand.NewSource(seed)),
		g:      &onnx.Graph{Name: "fuzz"},
		inputs: map[string][]float32{},
	}
	c := &Case{}
	scale := []float32{0.25, 1, 4, 30}[g.s.intn(4)]
	if g.s.intn(2) == 0 {
		g.input(scale, 1, int64(g.s.rangeIn(1, 4)), int64(g.s.rangeIn(3, 7)), int64(g.s.rangeIn(3, 7)))
	} else {
		g.input(scale, int64(g.s.rangeIn(1, 3)), int64(g.s.rangeIn(1, 16)))
	}
	if g.s.intn(4) == 0 { // a second input of the same shape
		g.input(scale, g.avail[0].shape...)
	}
	nodes := g.s.rangeIn(1, 5)
	for i := 0; i < nodes; i++ {
		g.node()
	}
	// Outputs: the last tensor, and sometimes an earlier one too.
	last := g.avail[len(g.avail)-1]
	outs := []tensor{last}
	if len(g.avail) > 2 && g.s.intn(3) == 0 {
		if t := g.avail[1+g.s.intn(len(g.avail)-2)]; !g.isInput(t.name) {
			outs = append(outs, t)
		}
	}
	for _, t := range outs {
		g.g.Outputs = append(g.g.Outputs, vi(t.name, t.shape))
	}
	c.Model = &onnx.Model{IRVersion: 8, ProducerName: "graphfuzz", Opsets: []onnx.OpsetID{{Version: 17}}, Graph: g.g}
	c.Bytes = onnx.Encode(c.Model)
	c.Inputs = g.inputs
	c.Width = []int{8, 12, 16, 16, 20, 24, 28, 31, 4, 6, 10, 14, 18, 22, 26, 30}[g.s.intn(16)]
	c.Frac = -1
	if g.s.intn(5) == 0 {
		c.Frac = g.s.intn(c.Width)
	}
	c.Uniform = g.s.intn(4) == 0
	var rules []string
	for _, k := range []string{"conv*", "gemm*", "matmul*", "relu*", "add*", "sub*", "mul*", "clip*", "maxpool*", "avgpool*", "gavgpool*", "bn*", "concat*", "reshape*", "transpose*"} {
		switch f := g.s.intn(10); {
		case f == 9:
			rules = append(rules, k+"=auto")
		case f > 1:
			rules = append(rules, fmt.Sprintf("%s=%d", k, f-1))
		}
	}
	c.Schedule = strings.Join(rules, ",")
	c.Sim = g.s.intn(3) == 0
	c.Desc = strings.Join(g.desc, "\n")
	return c
}

func vi(name string, shape []int64) *onnx.ValueInfo {
	v := &onnx.ValueInfo{Name: name, ElemType: onnx.DataFloat, HasShape: true}
	for _, d := range shape {
		v.Dims = append(v.Dims, onnx.Dim{Value: d, Known: true})
	}
	return v
}

func size(shape []int64) int {
	n := 1
	for _, d := range shape {
		n *= int(d)
	}
	return n
}

func (g *gen) isInput(name string) bool {
	_, ok := g.inputs[name]
	return ok
}

// isActivation reports whether name is a graph input or a node output (not an initializer).
func (g *gen) isActivation(name string) bool {
	for _, t := range g.avail {
		if t.name == name {
			return true
		}
	}
	return false
}

func (g *gen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *gen) input(scale float32, shape ...int64) {
	name := g.fresh("x")
	vals := make([]float32, size(shape))
	for i := range vals {
		vals[i] = g.value(scale)
	}
	g.inputs[name] = vals
	g.g.Inputs = append(g.g.Inputs, vi(name, shape))
	g.avail = append(g.avail, tensor{name, shape})
	g.desc = append(g.desc, fmt.Sprintf("input %s %v (scale %g)", name, shape, scale))
}

// value is a random float: uniform in [-scale, scale], sometimes exactly 0 or a half.
func (g *gen) value(scale float32) float32 {
	switch g.r.Intn(10) {
	case 0:
		return 0
	case 1:
		return scale * float32(g.r.Intn(5)-2) / 2
	}
	return scale * (2*g.r.Float32() - 1)
}

func (g *gen) constant(prefix string, scale float32, shape ...int64) string {
	name := g.fresh(prefix)
	vals := make([]float32, size(shape))
	for i := range vals {
		vals[i] = g.value(scale)
	}
	g.g.Initializers = append(g.g.Initializers, &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Dims: shape, Floats: vals})
	return name
}

func (g *gen) shapeConst(shape []int64) string {
	name := g.fresh("shape")
	g.g.Initializers = append(g.g.Initializers, &onnx.Tensor{Name: name, DataType: onnx.DataInt64, Dims: []int64{int64(len(shape))}, Ints: shape})
	return name
}

func ints(name string, v ...int64) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrInts, Ints: v}
}

func intA(name string, v int64) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrInt, I: v}
}

func floatA(name string, v float32) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrFloat, F: v}
}

// emit appends a node and makes its output available.
func (g *gen) emit(op string, inputs []string, attrs []*onnx.Attribute, outShape []int64) {
	out := g.fresh("t")
	g.g.Nodes = append(g.g.Nodes, &onnx.Node{Name: g.fresh(strings.ToLower(op)), OpType: op, Inputs: inputs, Outputs: []string{out}, Attributes: attrs})
	g.avail = append(g.avail, tensor{out, outShape})
	var as []string
	for _, a := range attrs {
		switch a.Type {
		case onnx.AttrInt:
			as = append(as, fmt.Sprintf("%s=%d", a.Name, a.I))
		case onnx.AttrInts:
			as = append(as, fmt.Sprintf("%s=%v", a.Name, a.Ints))
		case onnx.AttrFloat:
			as = append(as, fmt.Sprintf("%s=%g", a.Name, a.F))
		}
	}
	g.desc = append(g.desc, fmt.Sprintf("%s = %s(%s) %s -> %v", out, op, strings.Join(inputs, ", "), strings.Join(as, " "), outShape))
}

// pick returns a random available tensor of the given rank (0: any), preferring recent ones.
func (g *gen) pick(rank int) (tensor, bool) {
	var cands []tensor
	for _, t := range g.avail {
		if rank == 0 || len(t.shape) == rank {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		return tensor{}, false
	}
	if g.s.intn(2) == 0 {
		return cands[len(cands)-1], true
	}
	return cands[g.s.intn(len(cands))], true
}

// node appends one random node whose inputs are available tensors.
func (g *gen) node() {
	for tries := 0; tries < 4; tries++ {
		var ok bool
		switch g.s.intn(16) {
		case 0:
			ok = g.conv()
		case 1:
			ok = g.gemm()
		case 2:
			ok = g.matmul()
		case 3:
			ok = g.unary("Relu")
		case 4:
			ok = g.binary("Add")
		case 5:
			ok = g.binary("Mul")
		case 6:
			ok = g.pool("MaxPool")
		case 7:
			ok = g.pool("AveragePool")
		case 8:
			ok = g.concat()
		case 9:
			ok = g.reshape()
		case 10:
			ok = g.flatten()
		case 11:
			ok = g.binary("Sub")
		case 12:
			ok = g.clip()
		case 13:
			ok = g.globalAvgPool()
		case 14:
			ok = g.transpose()
		case 15:
			ok = g.batchNorm()
		}
		if ok {
			return
		}
	}
	g.unary("Relu")
}

func (g *gen) unary(op string) bool {
	x, _ := g.pick(0)
	g.emit(op, []string{x.name}, nil, x.shape)
	return true
}

// clip bounds a tensor by constant scalars (opset 11+ operands; either may be omitted).
func (g *gen) clip() bool {
	x, _ := g.pick(0)
	ins := []string{x.name, "", ""}
	lo := g.value(2)
	if g.s.intn(3) > 0 {
		ins[1] = g.scalar("lo", lo)
	}
	if g.s.intn(3) > 0 {
		ins[2] = g.scalar("hi", lo+float32(g.s.rangeIn(0, 4))/2)
	}
	for len(ins) > 1 && ins[len(ins)-1] == "" {
		ins = ins[:len(ins)-1]
	}
	g.emit("Clip", ins, nil, x.shape)
	return true
}

func (g *gen) scalar(prefix string, v float32) string {
	name := g.fresh(prefix)
	g.g.Initializers = append(g.g.Initializers, &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Floats: []float32{v}})
	return name
}

func (g *gen) globalAvgPool() bool {
	x, ok := g.pick(4)
	if !ok {
		return false
	}
	g.emit("GlobalAveragePool", []string{x.name}, nil, []int64{x.shape[0], x.shape[1], 1, 1})
	return true
}

// transpose permutes the dimensions randomly (reversed when no perm is given).
func (g *gen) transpose() bool {
	x, _ := g.pick(0)
	n := len(x.shape)
	perm := make([]int64, n)
	for i := range perm {
		perm[i] = int64(n - 1 - i)
	}
	var attrs []*onnx.Attribute
	if g.s.intn(3) > 0 {
		for i := n - 1; i > 0; i-- {
			j := g.s.intn(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
		attrs = append(attrs, ints("perm", perm...))
	}
	out := make([]int64, n)
	for i, p := range perm {
		out[i] = x.shape[p]
	}
	g.emit("Transpose", []string{x.name}, attrs, out)
	return true
}

// batchNorm normalises a 4-D tensor per channel (folded into a preceding Conv by the importer where it can).
func (g *gen) batchNorm() bool {
	x, ok := g.pick(4)
	if !ok {
		return false
	}
	C := x.shape[1]
	scale, bias, mean := g.constant("bns", 2, C), g.constant("bnb", 1, C), g.constant("bnm", 1, C)
	v := make([]float32, C)
	for i := range v {
		v[i] = 0.05 + 2*g.r.Float32()
	}
	vname := g.fresh("bnv")
	g.g.Initializers = append(g.g.Initializers, &onnx.Tensor{Name: vname, DataType: onnx.DataFloat, Dims: []int64{C}, Floats: v})
	g.emit("BatchNormalization", []string{x.name, scale, bias, mean, vname}, nil, x.shape)
	return true
}

// binary combines a tensor with an equal-shaped tensor or a broadcast constant.
func (g *gen) binary(op string) bool {
	x, _ := g.pick(0)
	other := ""
	if g.s.intn(2) == 0 {
		for i := len(g.avail) - 1; i >= 0; i-- {
			if t := g.avail[i]; t.name != x.name && equalShape(t.shape, x.shape) {
				other = t.name
				break
			}
		}
	}
	scale := float32(1)
	if op == "Add" {
		scale = 2
	}
	if other == "" {
		var shape []int64
		switch g.s.intn(4) {
		case 0:
			shape = nil // scalar
		case 1:
			shape = append([]int64(nil), x.shape...)
		case 2:
			shape = []int64{x.shape[len(x.shape)-1]}
		default:
			if len(x.shape) == 4 {
				shape = []int64{x.shape[1], 1, 1}
			} else {
				shape = []int64{1, x.shape[len(x.shape)-1]}
			}
		}
		other = g.constant("c", scale, shape...)
	}
	ins := []string{x.name, other}
	if g.s.intn(2) == 0 {
		ins[0], ins[1] = ins[1], ins[0]
	}
	g.emit(op, ins, nil, x.shape)
	return true
}

func equalShape(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (g *gen) conv() bool {
	x, ok := g.pick(4)
	if !ok {
		return false
	}
	C, H, W := x.shape[1], x.shape[2], x.shape[3]
	k := int64(g.s.rangeIn(1, 3))
	stride := int64(g.s.rangeIn(1, 2))
	dil := int64(1)
	if g.s.intn(4) == 0 {
		dil = 2
	}
	pad := int64(g.s.intn(2))
	eff := dil*(k-1) + 1
	if H+2*pad < eff || W+2*pad < eff {
		return false
	}
	group := int64(1)
	M := int64(g.s.rangeIn(1, 4))
	if C > 1 && g.s.intn(3) == 0 && C%2 == 0 {
		group = 2
		M = 2 * int64(g.s.rangeIn(1, 2))
	}
	w := g.constant("w", 1, M, C/group, k, k)
	ins := []string{x.name, w}
	if g.s.intn(2) == 0 {
		ins = append(ins, g.constant("b", 1, M))
	}
	oh := (H+2*pad-eff)/stride + 1
	ow := (W+2*pad-eff)/stride + 1
	attrs := []*onnx.Attribute{ints("kernel_shape", k, k), ints("strides", stride, stride), ints("pads", pad, pad, pad, pad), ints("dilations", dil, dil)}
	if group > 1 {
		attrs = append(attrs, intA("group", group))
	}
	g.emit("Conv", ins, attrs, []int64{x.shape[0], M, oh, ow})
	return true
}

func (g *gen) gemm() bool {
	x, ok := g.pick(2)
	if !ok {
		return false
	}
	M, K := x.shape[0], x.shape[1]
	transA := g.s.intn(4) == 0
	if transA {
		M, K = K, M
	}
	N := int64(g.s.rangeIn(1, 8))
	transB := g.s.intn(2) == 0
	var w string
	if g.s.intn(4) == 0 { // B an activation of shape [K, N]
		for i := len(g.avail) - 1; i >= 0; i-- {
			if t := g.avail[i]; len(t.shape) == 2 && t.shape[0] == K {
				w, N, transB = t.name, t.shape[1], false
				break
			}
		}
	}
	if w == "" && transB {
		w = g.constant("w", 1, N, K)
	} else if w == "" {
		w = g.constant("w", 1, K, N)
	}
	ins := []string{x.name, w}
	var attrs []*onnx.Attribute
	if transA {
		attrs = append(attrs, intA("transA", 1))
	}
	if transB {
		attrs = append(attrs, intA("transB", 1))
	}
	if g.s.intn(4) == 0 && !g.isActivation(w) {
		attrs = append(attrs, floatA("alpha", []float32{0.5, 2, -1}[g.s.intn(3)]))
	}
	if g.s.intn(2) == 0 {
		var cs []int64
		switch g.s.intn(3) {
		case 0:
			cs = []int64{N}
		case 1:
			cs = []int64{1, N}
		default:
			cs = []int64{M, N}
		}
		ins = append(ins, g.constant("c", 1, cs...))
		if g.s.intn(4) == 0 {
			attrs = append(attrs, floatA("beta", []float32{0.5, 2, -1}[g.s.intn(3)]))
		}
	}
	g.emit("Gemm", ins, attrs, []int64{M, N})
	return true
}

func (g *gen) matmul() bool {
	x, ok := g.pick(2)
	if !ok {
		return false
	}
	M, K := x.shape[0], x.shape[1]
	// The other operand: an activation of shape [K, N] if there is one, else a constant.
	other := ""
	var N int64
	for i := len(g.avail) - 1; i >= 0 && g.s.intn(2) == 0; i-- {
		if t := g.avail[i]; len(t.shape) == 2 && t.shape[0] == K {
			other, N = t.name, t.shape[1]
			break
		}
	}
	if other == "" {
		N = int64(g.s.rangeIn(1, 6))
		other = g.constant("w", 1, K, N)
	}
	g.emit("MatMul", []string{x.name, other}, nil, []int64{M, N})
	return true
}

func (g *gen) pool(op string) bool {
	x, ok := g.pick(4)
	if !ok {
		return false
	}
	H, W := x.shape[2], x.shape[3]
	kh, kw := int64(g.s.rangeIn(1, 3)), int64(g.s.rangeIn(1, 3))
	stride := int64(g.s.rangeIn(1, 2))
	pad := int64(0)
	if kh > 1 && kw > 1 && g.s.intn(2) == 0 {
		pad = 1
	}
	if H+2*pad < kh || W+2*pad < kw {
		return false
	}
	attrs := []*onnx.Attribute{ints("kernel_shape", kh, kw), ints("strides", stride, stride), ints("pads", pad, pad, pad, pad)}
	ceil := op == "MaxPool" && g.s.intn(3) == 0
	out := func(n, k int64) int64 {
		if ceil {
			return (n+2*pad-k+stride-1)/stride + 1
		}
		return (n+2*pad-k)/stride + 1
	}
	oh, ow := out(H, kh), out(W, kw)
	if ceil {
		attrs = append(attrs, intA("ceil_mode", 1))
		// ONNX drops a last window that starts in the bottom/right padding.
		if (oh-1)*stride >= H+pad {
			oh--
		}
		if (ow-1)*stride >= W+pad {
			ow--
		}
	}
	if op == "AveragePool" && pad > 0 {
		attrs = append(attrs, intA("count_include_pad", 1))
	}
	g.emit(op, []string{x.name}, attrs, []int64{x.shape[0], x.shape[1], oh, ow})
	return true
}

func (g *gen) concat() bool {
	x, _ := g.pick(0)
	axis := g.s.intn(len(x.shape))
	other := x
	for i := len(g.avail) - 1; i >= 0; i-- {
		t := g.avail[i]
		if t.name == x.name || len(t.shape) != len(x.shape) {
			continue
		}
		same := true
		for d := range t.shape {
			if d != axis && t.shape[d] != x.shape[d] {
				same = false
			}
		}
		if same {
			other = t
			break
		}
	}
	out := append([]int64(nil), x.shape...)
	out[axis] += other.shape[axis]
	g.emit("Concat", []string{x.name, other.name}, []*onnx.Attribute{intA("axis", int64(axis))}, out)
	return true
}

// reshape changes the shape to another of the same size: 2-D for Gemm, 4-D for Conv, or 3-D.
func (g *gen) reshape() bool {
	x, _ := g.pick(0)
	n := int64(size(x.shape))
	var shape []int64
	switch g.s.intn(3) {
	case 0:
		d := divisor(n, g.s.intn(8))
		shape = []int64{d, n / d}
	case 1:
		d := divisor(n, g.s.intn(8))
		e := divisor(n/d, g.s.intn(8))
		shape = []int64{1, d, e, n / d / e}
	default:
		d := divisor(n, g.s.intn(8))
		shape = []int64{d, 1, n / d}
	}
	spec := append([]int64(nil), shape...)
	if g.s.intn(3) == 0 {
		spec[len(spec)-1] = -1 // inferred
	}
	g.emit("Reshape", []string{x.name, g.shapeConst(spec)}, nil, shape)
	return true
}

// divisor returns the i-th divisor of n (cyclically).
func divisor(n int64, i int) int64 {
	var ds []int64
	for d := int64(1); d <= n; d++ {
		if n%d == 0 {
			ds = append(ds, d)
		}
	}
	return ds[i%len(ds)]
}

func (g *gen) flatten() bool {
	x, _ := g.pick(0)
	axis := g.s.rangeIn(0, len(x.shape))
	outer := int64(1)
	for _, d := range x.shape[:axis] {
		outer *= d
	}
	g.emit("Flatten", []string{x.name}, []*onnx.Attribute{intA("axis", int64(axis))}, []int64{outer, int64(size(x.shape)) / outer})
	return true
}

// maxAbs is the largest magnitude in xs.
func maxAbs(xs []float32) float64 {
	m := 0.0
	for _, x := range xs {
		m = math.Max(m, math.Abs(float64(x)))
	}
	return m
}
