package graph

import (
	"fmt"
	"math"
)

// Run executes g, which must have its shapes inferred (Normalize or
// InferShapes), on runtime inputs given by name (row-major float32, one
// entry per graph input), and returns each graph output by name.
//
// It is the float reference: Conv, Gemm, MatMul, pooling, BatchNormalization
// and Softmax accumulate in float64 and round once to float32, so results
// are at least as accurate as PyTorch's float32 kernels.
func (g *Graph) Run(inputs map[string][]float32) (map[string][]float32, error) {
	vals, err := g.Eval(inputs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]float32, len(g.Outputs))
	for _, name := range g.Outputs {
		out[name] = vals[name].Floats
	}
	return out, nil
}

// Eval is Run returning every tensor's value (inputs, constants and all
// intermediate activations) by name; each value carries its shape.
func (g *Graph) Eval(inputs map[string][]float32) (map[string]*Tensor, error) {
	vals := map[string]*Tensor{}
	for _, name := range g.Inputs {
		t := g.Tensors[name]
		data, ok := inputs[name]
		if !ok {
			return nil, fmt.Errorf("input %q not given", name)
		}
		if len(data) != t.Size() {
			return nil, fmt.Errorf("input %q: %d values, want %d for shape %v", name, len(data), t.Size(), t.Shape)
		}
		vals[name] = &Tensor{Name: name, DType: Float32, Shape: t.Shape, Known: true, Floats: data}
	}
	for name := range inputs {
		if !g.IsInput(name) {
			return nil, fmt.Errorf("%q is not a graph input", name)
		}
	}
	for name, t := range g.Tensors {
		if t.Const {
			vals[name] = t
		}
	}
	for _, n := range g.Nodes {
		in := make([]*Tensor, len(n.Inputs))
		for i, name := range n.Inputs {
			if name == "" {
				continue
			}
			if in[i] = vals[name]; in[i] == nil {
				return nil, fmt.Errorf("%s %q: input %q has no value", n.Op, n.Name, name)
			}
		}
		out := make([]*Tensor, len(n.Outputs))
		for i, name := range n.Outputs {
			t := g.Tensors[name]
			if name == "" || t == nil || !t.Known {
				if i == 0 {
					return nil, fmt.Errorf("%s %q: output shape not inferred; run InferShapes first", n.Op, n.Name)
				}
				continue
			}
			out[i] = &Tensor{Name: name, DType: t.DType, Shape: t.Shape, Known: true}
		}
		if err := evalNode(n, in, out); err != nil {
			return nil, fmt.Errorf("%s %q: %w", n.Op, n.Name, err)
		}
		for i, name := range n.Outputs {
			if out[i] != nil {
				vals[name] = out[i]
			}
		}
	}
	return vals, nil
}

// evalNode computes the outputs of n; out[i] arrive with Shape and DType set
// (nil for unused outputs) and leave with their data.
func evalNode(n *Node, in []*Tensor, out []*Tensor) error {
	y := out[0]
	if y == nil {
		return fmt.Errorf("first output has no shape")
	}
	for _, o := range out {
		if o == nil {
			continue
		}
		if o.DType.isInt() {
			o.Ints = make([]int64, o.Size())
		} else {
			o.Floats = make([]float32, o.Size())
		}
	}
	a := &n.Attrs
	switch n.Op {
	case OpAdd, OpSub, OpMul, OpDiv, OpMod, OpEqual, OpLess, OpGreater, OpMax, OpMin, OpWhere:
		return evalElementwise(n, in, y)
	case OpRelu, OpLeakyRelu, OpHardSigmoid, OpHardSwish, OpNeg, OpAbs, OpNot:
		evalUnary(n.Op, a, in[0], y)
	case OpPRelu:
		off := broadcastOffsets(y.Shape, in[1].Shape)
		for i, v := range in[0].Floats {
			if v < 0 {
				v *= in[1].Floats[off[i]]
			}
			y.Floats[i] = v
		}
	case OpClip:
		lo, hi := a.Min, a.Max
		if t := operand(in, 1); t != nil {
			if len(t.Floats) != 1 {
				return fmt.Errorf("min must be a scalar")
			}
			lo = t.Floats[0]
		}
		if t := operand(in, 2); t != nil {
			if len(t.Floats) != 1 {
				return fmt.Errorf("max must be a scalar")
			}
			hi = t.Floats[0]
		}
		for i, v := range in[0].Floats {
			if v < lo {
				v = lo
			}
			if v > hi {
				v = hi
			}
			y.Floats[i] = v
		}
	case OpIdentity, OpDropout, OpFlatten, OpReshape, OpSqueeze, OpUnsqueeze:
		copy(y.Floats, in[0].Floats)
		copy(y.Ints, in[0].Ints)
	case OpCast:
		evalCast(in[0], y)
	case OpConstant:
		copy(y.Floats, a.Value.Floats)
		copy(y.Ints, a.Value.Ints)
	case OpConstantOfShape:
		for i := range y.Floats {
			y.Floats[i] = a.Value.Floats[0]
		}
		for i := range y.Ints {
			y.Ints[i] = a.Value.Ints[0]
		}
	case OpShape:
		for i := range y.Ints {
			y.Ints[i] = int64(in[0].Shape[a.Start+i])
		}
	case OpSize:
		y.Ints[0] = int64(in[0].Size())
	case OpRange:
		for i := range y.Ints {
			y.Ints[i] = in[0].Ints[0] + int64(i)*in[2].Ints[0]
		}
		for i := range y.Floats {
			y.Floats[i] = in[0].Floats[0] + float32(i)*in[2].Floats[0]
		}
	case OpExpand:
		evalGatherOffsets(in[0], y, broadcastOffsets(y.Shape, in[0].Shape))
	case OpGather:
		return evalGather(a.Axis, in[0], in[1], y)
	case OpSlice:
		evalGatherOffsets(in[0], y, sliceOffsets(a, in[0].Shape, y.Shape))
	case OpSplit:
		evalSplit(a, in[0], out)
	case OpPad:
		return evalPad(a, in[0], y)
	case OpGemm:
		evalGemm(a, in[0], in[1], operand(in, 2), y)
	case OpMatMul:
		evalMatMul(in[0], in[1], y)
	case OpConv:
		evalConv(a, in[0], in[1], operand(in, 2), y)
	case OpMaxPool, OpAveragePool:
		evalPool(n.Op, a, in[0], y)
	case OpGlobalAveragePool, OpGlobalMaxPool:
		x := in[0]
		nc := x.Shape[0] * x.Shape[1]
		if nc == 0 {
			return nil
		}
		sp := x.Size() / nc
		for i := 0; i < nc; i++ {
			var s float64
			m := math.Inf(-1)
			for _, v := range x.Floats[i*sp : (i+1)*sp] {
				s += float64(v)
				m = math.Max(m, float64(v))
			}
			if n.Op == OpGlobalMaxPool {
				y.Floats[i] = float32(m)
			} else {
				y.Floats[i] = float32(s / float64(sp))
			}
		}
	case OpReduceMean, OpReduceSum, OpReduceMax, OpReduceMin:
		evalReduce(n.Op, a.Axes, in[0], y)
	case OpBatchNormalization:
		evalBatchNorm(a.Epsilon, in, y)
	case OpConcat:
		evalConcat(a.Axis, in, y)
	case OpTranspose:
		evalTranspose(a.Perm, in[0], y)
	case OpSoftmax:
		evalSoftmax(a, in[0], y)
	default:
		return fmt.Errorf("interpreter: op %s not implemented", n.Op)
	}
	return nil
}

// strides returns row-major strides of shape.
func strides(shape []int) []int {
	s := make([]int, len(shape))
	k := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = k
		k *= shape[i]
	}
	return s
}

// broadcastOffsets returns, for every element of out (row-major), the offset
// of the element of a tensor of shape in that numpy broadcasting maps to it.
func broadcastOffsets(out, in []int) []int {
	st := strides(in)
	al := make([]int, len(out)) // strides aligned to out, 0 where broadcast
	for i := range out {
		j := len(in) - len(out) + i
		if j >= 0 && in[j] != 1 {
			al[i] = st[j]
		}
	}
	offs := make([]int, numElements(out))
	idx := make([]int, len(out))
	off := 0
	for k := range offs {
		offs[k] = off
		for d := len(out) - 1; d >= 0; d-- {
			idx[d]++
			off += al[d]
			if idx[d] < out[d] {
				break
			}
			off -= al[d] * idx[d]
			idx[d] = 0
		}
	}
	return offs
}

func evalGather(axis int, data, idx, y *Tensor) error {
	outer := numElements(data.Shape[:axis])
	n := data.Shape[axis]
	inner := numElements(data.Shape[axis+1:])
	k := 0
	for o := 0; o < outer; o++ {
		for _, ix := range idx.Ints {
			if ix < 0 {
				ix += int64(n)
			}
			if ix < 0 || ix >= int64(n) {
				return fmt.Errorf("index %d out of range [0,%d)", ix, n)
			}
			src := (o*n + int(ix)) * inner
			if data.DType.isInt() {
				copy(y.Ints[k:k+inner], data.Ints[src:src+inner])
			} else {
				copy(y.Floats[k:k+inner], data.Floats[src:src+inner])
			}
			k += inner
		}
	}
	return nil
}

func evalGemm(a *Attrs, A, B, C, y *Tensor) {
	m, nn := y.Shape[0], y.Shape[1]
	k := A.Shape[1]
	if a.TransA {
		k = A.Shape[0]
	}
	var coff []int
	if C != nil {
		coff = broadcastOffsets(y.Shape, C.Shape)
	}
	for i := 0; i < m; i++ {
		for j := 0; j < nn; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float32
				if a.TransA {
					av = A.Floats[p*m+i]
				} else {
					av = A.Floats[i*k+p]
				}
				if a.TransB {
					bv = B.Floats[j*k+p]
				} else {
					bv = B.Floats[p*nn+j]
				}
				s += float64(av) * float64(bv)
			}
			s *= float64(a.Alpha)
			if C != nil {
				s += float64(a.Beta) * float64(C.Floats[coff[i*nn+j]])
			}
			y.Floats[i*nn+j] = float32(s)
		}
	}
}

func evalMatMul(A, B, y *Tensor) {
	as, bs := A.Shape, B.Shape
	if len(as) == 1 {
		as = []int{1, as[0]}
	}
	if len(bs) == 1 {
		bs = []int{bs[0], 1}
	}
	m, k, nn := as[len(as)-2], as[len(as)-1], bs[len(bs)-1]
	batch, _ := broadcastShapes(as[:len(as)-2], bs[:len(bs)-2])
	oa := broadcastOffsets(batch, as[:len(as)-2])
	ob := broadcastOffsets(batch, bs[:len(bs)-2])
	for bi := range oa {
		pa, pb, py := oa[bi]*m*k, ob[bi]*k*nn, bi*m*nn
		for i := 0; i < m; i++ {
			for j := 0; j < nn; j++ {
				var s float64
				for p := 0; p < k; p++ {
					s += float64(A.Floats[pa+i*k+p]) * float64(B.Floats[pb+p*nn+j])
				}
				y.Floats[py+i*nn+j] = float32(s)
			}
		}
	}
}

// window describes the spatial geometry of a Conv or pool: S spatial dims
// of the input (X) and output (O), and every kernel position's offsets.
type window struct {
	X, O    []int   // input and output spatial dims
	offsets [][]int // per kernel position (row-major), the dilated offset per dim
	kflat   int     // number of kernel positions
}

func newWindow(a *Attrs, xs, ys []int) *window {
	S := len(xs) - 2
	w := &window{X: xs[2:], O: ys[2:], kflat: numElements(a.Kernel)}
	idx := make([]int, S)
	for k := 0; k < w.kflat; k++ {
		off := make([]int, S)
		for d := 0; d < S; d++ {
			off[d] = idx[d] * a.Dilations[d]
		}
		w.offsets = append(w.offsets, off)
		for d := S - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < a.Kernel[d] {
				break
			}
			idx[d] = 0
		}
	}
	return w
}

// origin returns the input position of the window at flat output position o (may be negative).
func (w *window) origin(a *Attrs, o int) []int {
	S := len(w.O)
	pos := make([]int, S)
	for d := S - 1; d >= 0; d-- {
		pos[d] = (o%w.O[d])*a.Strides[d] - a.Pads[d]
		o /= w.O[d]
	}
	return pos
}

// at returns the flat spatial input offset of kernel position k from origin p, or -1 if it lies in the padding.
func (w *window) at(p []int, k int) int {
	flat := 0
	for d, off := range w.offsets[k] {
		i := p[d] + off
		if i < 0 || i >= w.X[d] {
			return -1
		}
		flat = flat*w.X[d] + i
	}
	return flat
}

func evalConv(a *Attrs, x, w, b, y *Tensor) {
	N, C, M := x.Shape[0], x.Shape[1], y.Shape[1]
	win := newWindow(a, x.Shape, y.Shape)
	xsp, osp := numElements(win.X), numElements(win.O)
	cg := C / a.Group // input channels per group
	mg := M / a.Group // output channels per group
	for n := 0; n < N; n++ {
		for m := 0; m < M; m++ {
			g := m / mg
			for o := 0; o < osp; o++ {
				p := win.origin(a, o)
				var s float64
				if b != nil {
					s = float64(b.Floats[m])
				}
				for c := 0; c < cg; c++ {
					ic := g*cg + c
					for k := 0; k < win.kflat; k++ {
						if i := win.at(p, k); i >= 0 {
							s += float64(x.Floats[(n*C+ic)*xsp+i]) * float64(w.Floats[(m*cg+c)*win.kflat+k])
						}
					}
				}
				y.Floats[(n*M+m)*osp+o] = float32(s)
			}
		}
	}
}

func evalPool(op Op, a *Attrs, x, y *Tensor) {
	NC := x.Shape[0] * x.Shape[1]
	win := newWindow(a, x.Shape, y.Shape)
	xsp, osp := numElements(win.X), numElements(win.O)
	S := len(win.X)
	for c := 0; c < NC; c++ {
		for o := 0; o < osp; o++ {
			p := win.origin(a, o)
			maxv := math.Inf(-1)
			var sum float64
			valid := 0
			for k := 0; k < win.kflat; k++ {
				i := win.at(p, k)
				if i < 0 {
					continue
				}
				v := float64(x.Floats[c*xsp+i])
				sum += v
				maxv = math.Max(maxv, v)
				valid++
			}
			var r float64
			if op == OpMaxPool {
				r = maxv
			} else {
				div := valid
				if a.CountIncludePad {
					// Window clipped to the padded input, as PyTorch does.
					div = 1
					for d := 0; d < S; d++ {
						end := min(p[d]+(a.Kernel[d]-1)*a.Dilations[d]+1, win.X[d]+a.Pads[S+d])
						div *= (end - p[d] + a.Dilations[d] - 1) / a.Dilations[d]
					}
				}
				if div > 0 {
					r = sum / float64(div)
				}
			}
			y.Floats[c*osp+o] = float32(r)
		}
	}
}

func evalBatchNorm(eps float32, in []*Tensor, y *Tensor) {
	x, scale, bias, mean, variance := in[0], in[1], in[2], in[3], in[4]
	C := x.Shape[1]
	inner := numElements(x.Shape[2:])
	for i := range y.Floats {
		c := (i / inner) % C
		inv := 1 / math.Sqrt(float64(variance.Floats[c])+float64(eps))
		y.Floats[i] = float32((float64(x.Floats[i])-float64(mean.Floats[c]))*inv*float64(scale.Floats[c]) + float64(bias.Floats[c]))
	}
}

func evalConcat(axis int, in []*Tensor, y *Tensor) {
	outer := numElements(y.Shape[:axis])
	inner := numElements(y.Shape[axis+1:])
	k := 0
	for o := 0; o < outer; o++ {
		for _, t := range in {
			chunk := t.Shape[axis] * inner
			if y.DType.isInt() {
				copy(y.Ints[k:], t.Ints[o*chunk:(o+1)*chunk])
			} else {
				copy(y.Floats[k:], t.Floats[o*chunk:(o+1)*chunk])
			}
			k += chunk
		}
	}
}

func evalTranspose(perm []int, x, y *Tensor) {
	xs := strides(x.Shape)
	st := make([]int, len(perm)) // input stride for each output axis
	for i, p := range perm {
		st[i] = xs[p]
	}
	idx := make([]int, len(perm))
	off := 0
	for k := 0; k < y.Size(); k++ {
		if y.DType.isInt() {
			y.Ints[k] = x.Ints[off]
		} else {
			y.Floats[k] = x.Floats[off]
		}
		for d := len(perm) - 1; d >= 0; d-- {
			idx[d]++
			off += st[d]
			if idx[d] < y.Shape[d] {
				break
			}
			off -= st[d] * idx[d]
			idx[d] = 0
		}
	}
}

func evalSoftmax(a *Attrs, x, y *Tensor) {
	outer := numElements(x.Shape[:a.Axis])
	n := x.Shape[a.Axis]
	inner := numElements(x.Shape[a.Axis+1:])
	if a.Softmax2D {
		n, inner = numElements(x.Shape[a.Axis:]), 1
	}
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			base := o*n*inner + i
			maxv := math.Inf(-1)
			for j := 0; j < n; j++ {
				maxv = math.Max(maxv, float64(x.Floats[base+j*inner]))
			}
			var sum float64
			for j := 0; j < n; j++ {
				sum += math.Exp(float64(x.Floats[base+j*inner]) - maxv)
			}
			for j := 0; j < n; j++ {
				y.Floats[base+j*inner] = float32(math.Exp(float64(x.Floats[base+j*inner])-maxv) / sum)
			}
		}
	}
}
