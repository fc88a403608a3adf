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
	switch y.DType {
	case Float32:
		y.Floats = make([]float32, y.Size())
	case Int64:
		y.Ints = make([]int64, y.Size())
	}
	a := &n.Attrs
	switch n.Op {
	case OpAdd, OpSub, OpMul, OpDiv:
		return evalBinary(n.Op, in[0], in[1], y)
	case OpRelu:
		for i, v := range in[0].Floats {
			if v < 0 {
				v = 0
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
	case OpConstant:
		copy(y.Floats, a.Value.Floats)
		copy(y.Ints, a.Value.Ints)
	case OpShape:
		for i, d := range in[0].Shape {
			y.Ints[i] = int64(d)
		}
	case OpGather:
		return evalGather(a.Axis, in[0], in[1], y)
	case OpGemm:
		evalGemm(a, in[0], in[1], operand(in, 2), y)
	case OpMatMul:
		evalMatMul(in[0], in[1], y)
	case OpConv:
		evalConv(a, in[0], in[1], operand(in, 2), y)
	case OpMaxPool, OpAveragePool:
		evalPool(n.Op, a, in[0], y)
	case OpGlobalAveragePool:
		x := in[0]
		nc := x.Shape[0] * x.Shape[1]
		sp := x.Size() / nc
		for i := 0; i < nc; i++ {
			var s float64
			for _, v := range x.Floats[i*sp : (i+1)*sp] {
				s += float64(v)
			}
			y.Floats[i] = float32(s / float64(sp))
		}
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

func evalBinary(op Op, x, z, y *Tensor) error {
	ox := broadcastOffsets(y.Shape, x.Shape)
	oz := broadcastOffsets(y.Shape, z.Shape)
	if y.DType == Int64 {
		for i := range y.Ints {
			p, q := x.Ints[ox[i]], z.Ints[oz[i]]
			switch op {
			case OpAdd:
				y.Ints[i] = p + q
			case OpSub:
				y.Ints[i] = p - q
			case OpMul:
				y.Ints[i] = p * q
			case OpDiv:
				if q == 0 {
					return fmt.Errorf("integer division by zero")
				}
				y.Ints[i] = p / q
			}
		}
		return nil
	}
	for i := range y.Floats {
		p, q := x.Floats[ox[i]], z.Floats[oz[i]]
		switch op {
		case OpAdd:
			y.Floats[i] = p + q
		case OpSub:
			y.Floats[i] = p - q
		case OpMul:
			y.Floats[i] = p * q
		case OpDiv:
			y.Floats[i] = p / q
		}
	}
	return nil
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
			if data.DType == Int64 {
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

func evalConv(a *Attrs, x, w, b, y *Tensor) {
	N, C, H, W := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	M, OH, OW := y.Shape[1], y.Shape[2], y.Shape[3]
	KH, KW := w.Shape[2], w.Shape[3]
	cg := C / a.Group // input channels per group
	mg := M / a.Group // output channels per group
	for n := 0; n < N; n++ {
		for m := 0; m < M; m++ {
			g := m / mg
			for oh := 0; oh < OH; oh++ {
				for ow := 0; ow < OW; ow++ {
					var s float64
					if b != nil {
						s = float64(b.Floats[m])
					}
					for c := 0; c < cg; c++ {
						ic := g*cg + c
						for kh := 0; kh < KH; kh++ {
							ih := oh*a.Strides[0] - a.Pads[0] + kh*a.Dilations[0]
							if ih < 0 || ih >= H {
								continue
							}
							for kw := 0; kw < KW; kw++ {
								iw := ow*a.Strides[1] - a.Pads[1] + kw*a.Dilations[1]
								if iw < 0 || iw >= W {
									continue
								}
								s += float64(x.Floats[((n*C+ic)*H+ih)*W+iw]) * float64(w.Floats[((m*cg+c)*KH+kh)*KW+kw])
							}
						}
					}
					y.Floats[((n*M+m)*OH+oh)*OW+ow] = float32(s)
				}
			}
		}
	}
}

func evalPool(op Op, a *Attrs, x, y *Tensor) {
	NC, H, W := x.Shape[0]*x.Shape[1], x.Shape[2], x.Shape[3]
	OH, OW := y.Shape[2], y.Shape[3]
	for c := 0; c < NC; c++ {
		for oh := 0; oh < OH; oh++ {
			for ow := 0; ow < OW; ow++ {
				h0 := oh*a.Strides[0] - a.Pads[0]
				w0 := ow*a.Strides[1] - a.Pads[1]
				maxv := math.Inf(-1)
				var sum float64
				valid := 0
				for kh := 0; kh < a.Kernel[0]; kh++ {
					ih := h0 + kh*a.Dilations[0]
					if ih < 0 || ih >= H {
						continue
					}
					for kw := 0; kw < a.Kernel[1]; kw++ {
						iw := w0 + kw*a.Dilations[1]
						if iw < 0 || iw >= W {
							continue
						}
						v := float64(x.Floats[(c*H+ih)*W+iw])
						sum += v
						if v > maxv {
							maxv = v
						}
						valid++
					}
				}
				var r float64
				if op == OpMaxPool {
					r = maxv
				} else {
					div := valid
					if a.CountIncludePad {
						// Window clipped to the padded input, as PyTorch does.
						h1 := min(h0+(a.Kernel[0]-1)*a.Dilations[0]+1, H+a.Pads[2])
						w1 := min(w0+(a.Kernel[1]-1)*a.Dilations[1]+1, W+a.Pads[3])
						div = ((h1 - h0 + a.Dilations[0] - 1) / a.Dilations[0]) * ((w1 - w0 + a.Dilations[1] - 1) / a.Dilations[1])
					}
					if div > 0 {
						r = sum / float64(div)
					}
				}
				y.Floats[(c*OH+oh)*OW+ow] = float32(r)
			}
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
			if y.DType == Int64 {
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
		if y.DType == Int64 {
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
