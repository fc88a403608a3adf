package graph

import (
	"fmt"
)

// InferShapes computes the shape and element type of every node output, in
// graph order, and checks operand shapes. It also resolves shape-dependent
// attributes: auto_pad into Pads, default strides/dilations/pads, the Conv
// kernel from its weight, negative axes, and the default Transpose perm.
// Reshape, Squeeze and Unsqueeze need their shape/axes operands constant.
func InferShapes(g *Graph) error {
	for _, n := range g.Nodes {
		if err := inferNode(g, n); err != nil {
			return err
		}
	}
	return nil
}

// inferNode infers the outputs of one node from its inputs.
func inferNode(g *Graph, n *Node) error {
	in := make([]*Tensor, len(n.Inputs))
	for i, name := range n.Inputs {
		if name == "" {
			continue
		}
		t := g.Tensors[name]
		if t == nil {
			return fmt.Errorf("%s %q: input %q is not defined", n.Op, n.Name, name)
		}
		if !t.Known {
			return fmt.Errorf("%s %q: shape of input %q is not known (graph not in topological order?)", n.Op, n.Name, name)
		}
		in[i] = t
	}
	shapes, dtypes, err := inferOp(n, in)
	if err != nil {
		return fmt.Errorf("%s %q: %w", n.Op, n.Name, err)
	}
	for i, name := range n.Outputs {
		if name == "" {
			continue
		}
		if i >= len(shapes) {
			if len(g.Consumers(name)) > 0 || g.IsOutput(name) {
				return fmt.Errorf("%s %q: output %d (%q) is not supported", n.Op, n.Name, i, name)
			}
			continue
		}
		if !sizeOK(shapes[i]) {
			return fmt.Errorf("%s %q: output %q shape %v has more than %d elements", n.Op, n.Name, name, shapes[i], maxElements)
		}
		t := g.Tensors[name]
		if t == nil {
			t = &Tensor{Name: name}
			g.Tensors[name] = t
		}
		t.Shape, t.DType, t.Known = shapes[i], dtypes[i], true
	}
	return nil
}

// operand returns in[i] or nil when the optional operand is absent.
func operand(in []*Tensor, i int) *Tensor {
	if i < len(in) {
		return in[i]
	}
	return nil
}

// need checks that operands 0..k-1 are present.
func need(in []*Tensor, k int) error {
	for i := 0; i < k; i++ {
		if operand(in, i) == nil {
			return fmt.Errorf("operand %d is missing", i)
		}
	}
	return nil
}

func normAxis(axis, rank int) (int, error) {
	if axis < -rank || axis >= rank {
		return 0, fmt.Errorf("axis %d out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis, nil
}

// inferOp returns the output shapes and types of n for the given inputs
// (nil = omitted), resolving shape-dependent attributes in n.Attrs.
func inferOp(n *Node, in []*Tensor) ([][]int, []DType, error) {
	one := func(s []int, d DType) ([][]int, []DType, error) { return [][]int{s}, []DType{d}, nil }
	a := &n.Attrs
	arity := map[Op]int{OpAdd: 2, OpSub: 2, OpMul: 2, OpDiv: 2, OpGemm: 2, OpMatMul: 2, OpConv: 2,
		OpBatchNormalization: 5, OpGather: 2, OpReshape: 1, OpSqueeze: 1, OpUnsqueeze: 1}
	k, ok := arity[n.Op]
	if !ok && n.Op != OpConstant && n.Op != OpConcat {
		k = 1
	}
	if err := need(in, k); err != nil {
		return nil, nil, err
	}
	for _, t := range in {
		if t != nil && t.DType == Int64 && !t.Const {
			return nil, nil, fmt.Errorf("operand %q: int64 values are supported only as constants", t.Name)
		}
	}
	floatIn := func(idx ...int) error {
		for _, i := range idx {
			if t := operand(in, i); t != nil && t.DType != Float32 {
				return fmt.Errorf("operand %q: want f32, have %s", t.Name, t.DType)
			}
		}
		return nil
	}
	switch n.Op {
	case OpAdd, OpSub, OpMul, OpDiv:
		s, err := broadcastShapes(in[0].Shape, in[1].Shape)
		if err != nil {
			return nil, nil, err
		}
		if in[0].DType != in[1].DType {
			return nil, nil, fmt.Errorf("operand types differ: %s and %s", in[0].DType, in[1].DType)
		}
		return one(s, in[0].DType)
	case OpRelu, OpIdentity, OpDropout, OpSoftmax, OpClip:
		if n.Op != OpIdentity {
			if err := floatIn(0, 1, 2); err != nil {
				return nil, nil, err
			}
		}
		if n.Op == OpSoftmax {
			ax, err := normAxis(a.Axis, len(in[0].Shape))
			if err != nil {
				return nil, nil, err
			}
			a.Axis = ax
		}
		if n.Op == OpDropout {
			if t := operand(in, 2); t != nil && (!t.Const || len(t.Ints) != 1 || t.Ints[0] != 0) {
				return nil, nil, fmt.Errorf("training_mode must be a constant false")
			}
		}
		return one(cloneInts(in[0].Shape), in[0].DType)
	case OpGemm:
		if err := floatIn(0, 1, 2); err != nil {
			return nil, nil, err
		}
		return inferGemm(a, in)
	case OpMatMul:
		if err := floatIn(0, 1); err != nil {
			return nil, nil, err
		}
		s, err := matmulShape(in[0].Shape, in[1].Shape)
		if err != nil {
			return nil, nil, err
		}
		return one(s, Float32)
	case OpConv, OpMaxPool, OpAveragePool:
		if err := floatIn(0, 1, 2); err != nil {
			return nil, nil, err
		}
		s, err := inferWindow(n, in)
		if err != nil {
			return nil, nil, err
		}
		return one(s, Float32)
	case OpGlobalAveragePool:
		if err := floatIn(0); err != nil {
			return nil, nil, err
		}
		x := in[0].Shape
		if len(x) < 3 {
			return nil, nil, fmt.Errorf("input rank %d, want >= 3", len(x))
		}
		s := cloneInts(x)
		for i := 2; i < len(s); i++ {
			s[i] = 1
		}
		return one(s, Float32)
	case OpBatchNormalization:
		if err := floatIn(0, 1, 2, 3, 4); err != nil {
			return nil, nil, err
		}
		x := in[0].Shape
		if len(x) < 2 {
			return nil, nil, fmt.Errorf("input rank %d, want >= 2", len(x))
		}
		for i := 1; i < 5; i++ {
			if len(in[i].Shape) != 1 || in[i].Shape[0] != x[1] {
				return nil, nil, fmt.Errorf("operand %q has shape %v, want [%d]", in[i].Name, in[i].Shape, x[1])
			}
		}
		return one(cloneInts(x), Float32)
	case OpFlatten:
		x := in[0].Shape
		ax := a.Axis
		if ax < 0 {
			ax += len(x)
		}
		if ax < 0 || ax > len(x) {
			return nil, nil, fmt.Errorf("axis %d out of range for rank %d", a.Axis, len(x))
		}
		a.Axis = ax
		return one([]int{numElements(x[:ax]), numElements(x[ax:])}, in[0].DType)
	case OpReshape:
		s, err := reshapeTarget(n, in)
		if err != nil {
			return nil, nil, err
		}
		return one(s, in[0].DType)
	case OpSqueeze, OpUnsqueeze:
		s, err := squeezeShape(n, in)
		if err != nil {
			return nil, nil, err
		}
		return one(s, in[0].DType)
	case OpConcat:
		return inferConcat(a, in)
	case OpTranspose:
		x := in[0].Shape
		if len(a.Perm) == 0 {
			for i := len(x) - 1; i >= 0; i-- {
				a.Perm = append(a.Perm, i)
			}
		}
		if len(a.Perm) != len(x) {
			return nil, nil, fmt.Errorf("perm %v for rank %d", a.Perm, len(x))
		}
		seen := make([]bool, len(x))
		s := make([]int, len(x))
		for i, p := range a.Perm {
			if p < 0 || p >= len(x) || seen[p] {
				return nil, nil, fmt.Errorf("perm %v is not a permutation", a.Perm)
			}
			seen[p] = true
			s[i] = x[p]
		}
		return one(s, in[0].DType)
	case OpConstant:
		if a.Value == nil {
			return nil, nil, fmt.Errorf("no value")
		}
		return one(cloneInts(a.Value.Shape), a.Value.DType)
	case OpShape:
		return one([]int{len(in[0].Shape)}, Int64)
	case OpGather:
		data, idx := in[0], in[1]
		if idx.DType != Int64 {
			return nil, nil, fmt.Errorf("indices must be int64")
		}
		ax, err := normAxis(a.Axis, len(data.Shape))
		if err != nil {
			return nil, nil, err
		}
		a.Axis = ax
		s := append(cloneInts(data.Shape[:ax]), idx.Shape...)
		s = append(s, data.Shape[ax+1:]...)
		return one(s, data.DType)
	}
	return nil, nil, fmt.Errorf("no shape inference for op %s", n.Op)
}

func cloneInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return append([]int{}, s...)
}

// broadcastShapes applies numpy (multidirectional) broadcasting.
func broadcastShapes(a, b []int) ([]int, error) {
	r := len(a)
	if len(b) > r {
		r = len(b)
	}
	out := make([]int, r)
	for i := 0; i < r; i++ {
		da, db := 1, 1
		if j := len(a) - r + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - r + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db || db == 1:
			out[i] = da
		case da == 1:
			out[i] = db
		default:
			return nil, fmt.Errorf("shapes %v and %v do not broadcast", a, b)
		}
	}
	return out, nil
}

func inferGemm(a *Attrs, in []*Tensor) ([][]int, []DType, error) {
	A, B := in[0].Shape, in[1].Shape
	if len(A) != 2 || len(B) != 2 {
		return nil, nil, fmt.Errorf("A %v and B %v must be matrices", A, B)
	}
	m, k := A[0], A[1]
	if a.TransA {
		m, k = k, m
	}
	k2, nn := B[0], B[1]
	if a.TransB {
		k2, nn = nn, k2
	}
	if k != k2 {
		return nil, nil, fmt.Errorf("inner dimensions differ: A %v, B %v (transA=%v, transB=%v)", A, B, a.TransA, a.TransB)
	}
	out := []int{m, nn}
	if c := operand(in, 2); c != nil {
		s, err := broadcastShapes(out, c.Shape)
		if err != nil || !equalInts(s, out) {
			return nil, nil, fmt.Errorf("C %v does not broadcast to %v", c.Shape, out)
		}
	}
	return [][]int{out}, []DType{Float32}, nil
}

// matmulShape applies numpy matmul shape rules.
func matmulShape(a, b []int) ([]int, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, fmt.Errorf("matmul of a scalar")
	}
	aa, bb := a, b
	if len(a) == 1 {
		aa = []int{1, a[0]}
	}
	if len(b) == 1 {
		bb = []int{b[0], 1}
	}
	if aa[len(aa)-1] != bb[len(bb)-2] {
		return nil, fmt.Errorf("inner dimensions differ: %v and %v", a, b)
	}
	batch, err := broadcastShapes(aa[:len(aa)-2], bb[:len(bb)-2])
	if err != nil {
		return nil, err
	}
	out := append(batch, aa[len(aa)-2], bb[len(bb)-1])
	if len(a) == 1 {
		out = append(out[:len(out)-2], out[len(out)-1])
	}
	if len(b) == 1 {
		out = out[:len(out)-1]
	}
	return out, nil
}

func equalInts(a, b []int) bool {
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

// inferWindow handles Conv, MaxPool and AveragePool (2-D).
func inferWindow(n *Node, in []*Tensor) ([]int, error) {
	a := &n.Attrs
	x := in[0].Shape
	if len(x) != 4 {
		return nil, fmt.Errorf("input shape %v: only 2-D (NCHW) is supported", x)
	}
	outC := x[1]
	if n.Op == OpConv {
		w := in[1].Shape
		if len(w) != 4 {
			return nil, fmt.Errorf("weight shape %v, want rank 4", w)
		}
		if a.Group <= 0 || x[1]%a.Group != 0 || w[0]%a.Group != 0 || w[1]*a.Group != x[1] {
			return nil, fmt.Errorf("weight %v, input %v and group %d do not match", w, x, a.Group)
		}
		if len(a.Kernel) != 0 && !equalInts(a.Kernel, w[2:]) {
			return nil, fmt.Errorf("kernel_shape %v differs from weight %v", a.Kernel, w)
		}
		a.Kernel = cloneInts(w[2:])
		outC = w[0]
		if b := operand(in, 2); b != nil && (len(b.Shape) != 1 || b.Shape[0] != w[0]) {
			return nil, fmt.Errorf("bias shape %v, want [%d]", b.Shape, w[0])
		}
	}
	if len(a.Kernel) != 2 {
		return nil, fmt.Errorf("kernel %v: only 2-D is supported", a.Kernel)
	}
	if len(a.Strides) == 0 {
		a.Strides = []int{1, 1}
	}
	if len(a.Dilations) == 0 {
		a.Dilations = []int{1, 1}
	}
	if len(a.Strides) != 2 || len(a.Dilations) != 2 {
		return nil, fmt.Errorf("strides %v / dilations %v: want 2 values", a.Strides, a.Dilations)
	}
	for i := 0; i < 2; i++ {
		if a.Strides[i] <= 0 || a.Dilations[i] <= 0 || a.Kernel[i] <= 0 {
			return nil, fmt.Errorf("kernel %v, strides %v, dilations %v must be positive", a.Kernel, a.Strides, a.Dilations)
		}
	}
	switch a.AutoPad {
	case "VALID":
		a.Pads = []int{0, 0, 0, 0}
	case "SAME_UPPER", "SAME_LOWER":
		a.Pads = make([]int, 4)
		for i := 0; i < 2; i++ {
			out := (x[2+i] + a.Strides[i] - 1) / a.Strides[i]
			total := (out-1)*a.Strides[i] + (a.Kernel[i]-1)*a.Dilations[i] + 1 - x[2+i]
			if total < 0 {
				total = 0
			}
			small, big := total/2, total-total/2
			if a.AutoPad == "SAME_UPPER" {
				a.Pads[i], a.Pads[2+i] = small, big
			} else {
				a.Pads[i], a.Pads[2+i] = big, small
			}
		}
	}
	a.AutoPad = ""
	if len(a.Pads) == 0 {
		a.Pads = []int{0, 0, 0, 0}
	}
	if len(a.Pads) != 4 {
		return nil, fmt.Errorf("pads %v: want 4 values", a.Pads)
	}
	out := []int{x[0], outC, 0, 0}
	for i := 0; i < 2; i++ {
		if a.Pads[i] < 0 || a.Pads[2+i] < 0 {
			return nil, fmt.Errorf("negative pads %v", a.Pads)
		}
		span := x[2+i] + a.Pads[i] + a.Pads[2+i] - ((a.Kernel[i]-1)*a.Dilations[i] + 1)
		if span < 0 {
			return nil, fmt.Errorf("kernel %v larger than padded input %v", a.Kernel, x)
		}
		o := span/a.Strides[i] + 1
		if a.CeilMode && span%a.Strides[i] != 0 {
			o++
			// The last window must start inside the input or its begin padding.
			if (o-1)*a.Strides[i] >= x[2+i]+a.Pads[i] {
				o--
			}
		}
		out[2+i] = o
	}
	return out, nil
}

// reshapeTarget resolves the Reshape target shape (0 copies, -1 infers).
func reshapeTarget(n *Node, in []*Tensor) ([]int, error) {
	x := in[0]
	var spec []int64
	if st := operand(in, 1); st != nil {
		if !st.Const || st.DType != Int64 {
			return nil, fmt.Errorf("shape operand %q must be a constant int64 tensor", st.Name)
		}
		spec = st.Ints
	} else if n.Attrs.Shape != nil {
		for _, d := range n.Attrs.Shape {
			spec = append(spec, int64(d))
		}
	} else {
		return nil, fmt.Errorf("no shape operand")
	}
	out := make([]int, len(spec))
	infer := -1
	known := 1
	for i, d := range spec {
		switch {
		case d == 0:
			if i >= len(x.Shape) {
				return nil, fmt.Errorf("shape %v: 0 at %d beyond input rank %d", spec, i, len(x.Shape))
			}
			out[i] = x.Shape[i]
		case d == -1:
			if infer >= 0 {
				return nil, fmt.Errorf("shape %v has two -1", spec)
			}
			infer = i
			continue
		case d < 0 || d > maxElements:
			return nil, fmt.Errorf("shape %v: bad dimension %d", spec, d)
		default:
			out[i] = int(d)
		}
		known *= out[i]
	}
	total := x.Size()
	if infer >= 0 {
		if known == 0 || total%known != 0 {
			return nil, fmt.Errorf("cannot reshape %v to %v", x.Shape, spec)
		}
		out[infer] = total / known
	} else if known != total {
		return nil, fmt.Errorf("cannot reshape %v (%d elements) to %v", x.Shape, total, spec)
	}
	return out, nil
}

// squeezeShape handles Squeeze and Unsqueeze; axes come from the attribute
// or a constant second operand, and are stored normalised in Attrs.Axes.
func squeezeShape(n *Node, in []*Tensor) ([]int, error) {
	x := in[0].Shape
	axes := n.Attrs.Axes
	if t := operand(in, 1); t != nil {
		if !t.Const || t.DType != Int64 {
			return nil, fmt.Errorf("axes operand %q must be a constant int64 tensor", t.Name)
		}
		axes = nil
		for _, v := range t.Ints {
			axes = append(axes, int(v))
		}
	}
	rank := len(x)
	if n.Op == OpUnsqueeze {
		rank += len(axes)
	}
	set := make([]bool, rank)
	var norm []int
	for _, ax := range axes {
		a, err := normAxis(ax, rank)
		if err != nil {
			return nil, err
		}
		if set[a] {
			return nil, fmt.Errorf("axis %d repeated", ax)
		}
		set[a] = true
		norm = append(norm, a)
	}
	var out []int
	if n.Op == OpUnsqueeze {
		j := 0
		for i := 0; i < rank; i++ {
			if set[i] {
				out = append(out, 1)
			} else {
				out = append(out, x[j])
				j++
			}
		}
	} else {
		for i, d := range x {
			if len(axes) == 0 && d == 1 {
				norm = append(norm, i)
				continue
			}
			if len(axes) > 0 && set[i] {
				if d != 1 {
					return nil, fmt.Errorf("cannot squeeze axis %d of size %d", i, d)
				}
				continue
			}
			out = append(out, d)
		}
	}
	n.Attrs.Axes = norm
	return cloneInts(out), nil
}

func inferConcat(a *Attrs, in []*Tensor) ([][]int, []DType, error) {
	if len(in) == 0 {
		return nil, nil, fmt.Errorf("no operands")
	}
	for i, t := range in {
		if t == nil {
			return nil, nil, fmt.Errorf("operand %d is missing", i)
		}
	}
	first := in[0]
	ax, err := normAxis(a.Axis, len(first.Shape))
	if err != nil {
		return nil, nil, err
	}
	a.Axis = ax
	out := cloneInts(first.Shape)
	for _, t := range in[1:] {
		if t.DType != first.DType || len(t.Shape) != len(out) {
			return nil, nil, fmt.Errorf("operand %q (%s%v) does not match %q (%s%v)", t.Name, t.DType, t.Shape, first.Name, first.DType, first.Shape)
		}
		for i := range out {
			if i == ax {
				continue
			}
			if t.Shape[i] != out[i] {
				return nil, nil, fmt.Errorf("operand %q shape %v does not match %v off axis %d", t.Name, t.Shape, first.Shape, ax)
			}
		}
		out[ax] += t.Shape[ax]
	}
	return [][]int{out}, []DType{first.DType}, nil
}
