package graph

import (
	"fmt"
	"math"
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

// arity is the number of leading operands each op requires (1 if absent).
var arity = map[Op]int{
	OpAdd: 2, OpSub: 2, OpMul: 2, OpDiv: 2, OpMod: 2, OpEqual: 2, OpLess: 2, OpGreater: 2,
	OpWhere: 3, OpPRelu: 2, OpGemm: 2, OpMatMul: 2, OpConv: 2, OpBatchNormalization: 5,
	OpGather: 2, OpExpand: 2, OpRange: 3, OpConstant: 0,
}

// inferOp returns the output shapes and types of n for the given inputs
// (nil = omitted), resolving shape-dependent attributes in n.Attrs.
func inferOp(n *Node, in []*Tensor) ([][]int, []DType, error) {
	one := func(s []int, d DType) ([][]int, []DType, error) { return [][]int{s}, []DType{d}, nil }
	a := &n.Attrs
	k, ok := arity[n.Op]
	if !ok {
		k = 1
	}
	if err := need(in, k); err != nil {
		return nil, nil, err
	}
	for _, t := range in {
		if t != nil && t.DType != Float32 && !t.Const {
			return nil, nil, fmt.Errorf("operand %q: %s values are supported only as constants (shape arithmetic that folds away)", t.Name, t.DType)
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
	case OpAdd, OpSub, OpMul, OpDiv, OpMod, OpEqual, OpLess, OpGreater, OpMax, OpMin, OpWhere:
		return inferElementwise(n, in)
	case OpRelu, OpLeakyRelu, OpHardSigmoid, OpHardSwish, OpSoftmax, OpClip:
		if err := floatIn(0, 1, 2); err != nil {
			return nil, nil, err
		}
		if n.Op == OpSoftmax {
			ax, err := normAxis(a.Axis, len(in[0].Shape))
			if err != nil {
				return nil, nil, err
			}
			a.Axis = ax
		}
		return one(cloneInts(in[0].Shape), Float32)
	case OpNeg, OpAbs:
		if in[0].DType == Bool {
			return nil, nil, fmt.Errorf("operand %q: want a number, have bool", in[0].Name)
		}
		return one(cloneInts(in[0].Shape), in[0].DType)
	case OpNot:
		if in[0].DType != Bool {
			return nil, nil, fmt.Errorf("operand %q: want bool, have %s", in[0].Name, in[0].DType)
		}
		return one(cloneInts(in[0].Shape), Bool)
	case OpIdentity, OpDropout:
		if n.Op == OpDropout {
			if t := operand(in, 2); t != nil && (!t.Const || len(t.Ints) != 1 || t.Ints[0] != 0) {
				return nil, nil, fmt.Errorf("training_mode must be a constant false")
			}
		}
		return one(cloneInts(in[0].Shape), in[0].DType)
	case OpCast:
		return one(cloneInts(in[0].Shape), a.To)
	case OpPRelu:
		if err := floatIn(0, 1); err != nil {
			return nil, nil, err
		}
		s, err := broadcastShapes(in[0].Shape, in[1].Shape)
		if err != nil || !equalInts(s, in[0].Shape) {
			return nil, nil, fmt.Errorf("slope %v does not broadcast to %v", in[1].Shape, in[0].Shape)
		}
		return one(cloneInts(in[0].Shape), Float32)
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
	case OpGlobalAveragePool, OpGlobalMaxPool:
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
	case OpReduceMean, OpReduceSum, OpReduceMax, OpReduceMin:
		s, err := inferReduce(n, in)
		if err != nil {
			return nil, nil, err
		}
		return one(s, in[0].DType)
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
		r := len(in[0].Shape)
		start, end := a.Start, r
		if a.HasEnd {
			end = a.End
		}
		start, end = clampAxis(start, r), clampAxis(end, r)
		a.Start, a.End, a.HasEnd = start, max(start, end), true
		return one([]int{a.End - a.Start}, Int64)
	case OpSize:
		return one([]int{}, Int64)
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
		for _, v := range idx.Ints {
			if v < -int64(data.Shape[ax]) || v >= int64(data.Shape[ax]) {
				return nil, nil, fmt.Errorf("index %d out of range for axis %d of size %d", v, ax, data.Shape[ax])
			}
		}
		s := append(cloneInts(data.Shape[:ax]), idx.Shape...)
		s = append(s, data.Shape[ax+1:]...)
		return one(s, data.DType)
	case OpConstantOfShape:
		dims, err := constInts(in[0], "shape")
		if err != nil {
			return nil, nil, err
		}
		s, err := dimsOf(dims)
		if err != nil {
			return nil, nil, err
		}
		return one(s, a.Value.DType)
	case OpExpand:
		dims, err := constInts(in[1], "shape")
		if err != nil {
			return nil, nil, err
		}
		target, err := dimsOf(dims)
		if err != nil {
			return nil, nil, err
		}
		s, err := broadcastShapes(in[0].Shape, target)
		if err != nil {
			return nil, nil, err
		}
		return one(s, in[0].DType)
	case OpRange:
		return inferRange(in)
	case OpSlice:
		s, err := inferSlice(n, in)
		if err != nil {
			return nil, nil, err
		}
		return one(s, in[0].DType)
	case OpSplit:
		return inferSplit(n, in)
	case OpPad:
		s, err := inferPad(n, in)
		if err != nil {
			return nil, nil, err
		}
		return one(s, in[0].DType)
	}
	return nil, nil, fmt.Errorf("no shape inference for op %s", n.Op)
}

// constInts returns the values of a constant int64 operand.
func constInts(t *Tensor, what string) ([]int64, error) {
	if !t.Const || t.DType != Int64 {
		return nil, fmt.Errorf("%s operand %q must be a constant int64 tensor (export with static shapes)", what, t.Name)
	}
	if len(t.Shape) > 1 {
		return nil, fmt.Errorf("%s operand %q has shape %v, want a list", what, t.Name, t.Shape)
	}
	return t.Ints, nil
}

// dimsOf converts a list of dimensions, checking each is in 0..maxElements.
func dimsOf(v []int64) ([]int, error) {
	s := make([]int, len(v))
	for i, d := range v {
		if d < 0 || d > maxElements {
			return nil, fmt.Errorf("bad dimension %d in %v", d, v)
		}
		s[i] = int(d)
	}
	return s, nil
}

// clampAxis normalises a possibly negative axis into 0..rank, clamping out-of-range values.
func clampAxis(ax, rank int) int {
	if ax < 0 {
		ax += rank
	}
	return min(max(ax, 0), rank)
}

// inferElementwise handles the broadcasting ops: arithmetic, comparisons,
// variadic Max/Min and Where.
func inferElementwise(n *Node, in []*Tensor) ([][]int, []DType, error) {
	ops := in
	if n.Op == OpWhere {
		if in[0].DType != Bool {
			return nil, nil, fmt.Errorf("condition %q is %s, want bool", in[0].Name, in[0].DType)
		}
		ops = in[1:]
	}
	if len(in) == 0 {
		return nil, nil, fmt.Errorf("no operands")
	}
	shape := []int{}
	for i, t := range in {
		if t == nil {
			return nil, nil, fmt.Errorf("operand %d is missing", i)
		}
		s, err := broadcastShapes(shape, t.Shape)
		if err != nil {
			if len(in) == 2 {
				return nil, nil, fmt.Errorf("shapes %v and %v do not broadcast", in[0].Shape, in[1].Shape)
			}
			return nil, nil, err
		}
		shape = s
	}
	dt := ops[0].DType
	for _, t := range ops[1:] {
		if t.DType != dt {
			return nil, nil, fmt.Errorf("operand types differ: %s and %s", dt, t.DType)
		}
	}
	switch n.Op {
	case OpEqual, OpLess, OpGreater:
		if n.Op != OpEqual && dt == Bool {
			return nil, nil, fmt.Errorf("cannot order bool values")
		}
		return [][]int{shape}, []DType{Bool}, nil
	case OpWhere:
	default:
		if dt == Bool {
			return nil, nil, fmt.Errorf("%s of bool values", n.Op)
		}
	}
	return [][]int{shape}, []DType{dt}, nil
}

// inferReduce resolves the axes of ReduceMean/Sum/Max/Min (attribute or
// constant operand) into sorted, non-negative Attrs.Axes.
func inferReduce(n *Node, in []*Tensor) ([]int, error) {
	a := &n.Attrs
	x := in[0].Shape
	axes := a.Axes
	if t := operand(in, 1); t != nil {
		v, err := constInts(t, "axes")
		if err != nil {
			return nil, err
		}
		axes = make([]int, len(v))
		for i, ax := range v {
			if ax < -int64(len(x)) || ax >= int64(len(x)) {
				return nil, fmt.Errorf("axis %d out of range for rank %d", ax, len(x))
			}
			axes[i] = int(ax)
		}
	}
	set := make([]bool, len(x))
	if len(axes) == 0 && !a.NoopEmptyAxes {
		for i := range set {
			set[i] = true
		}
	}
	for _, ax := range axes {
		v, err := normAxis(ax, len(x))
		if err != nil {
			return nil, err
		}
		set[v] = true
	}
	a.Axes = []int{}
	var out []int
	for i, d := range x {
		if !set[i] {
			out = append(out, d)
			continue
		}
		a.Axes = append(a.Axes, i)
		if d == 0 && n.Op != OpReduceSum {
			return nil, fmt.Errorf("reduction over an empty axis %d", i)
		}
		if a.KeepDims {
			out = append(out, 1)
		}
	}
	return cloneInts(out), nil
}

// inferRange computes the length of Range(start, limit, delta) from its constant scalars.
func inferRange(in []*Tensor) ([][]int, []DType, error) {
	dt := in[0].DType
	for _, t := range in {
		if !t.Const || t.Size() != 1 || t.DType != dt || dt == Bool {
			return nil, nil, fmt.Errorf("start, limit and delta must be constant scalars of one numeric type")
		}
	}
	var count float64
	if dt == Int64 {
		start, limit, delta := in[0].Ints[0], in[1].Ints[0], in[2].Ints[0]
		if delta == 0 {
			return nil, nil, fmt.Errorf("delta is 0")
		}
		count = math.Ceil((float64(limit) - float64(start)) / float64(delta))
	} else {
		start, limit, delta := in[0].Floats[0], in[1].Floats[0], in[2].Floats[0]
		if delta == 0 {
			return nil, nil, fmt.Errorf("delta is 0")
		}
		count = math.Ceil((float64(limit) - float64(start)) / float64(delta))
	}
	if math.IsNaN(count) || count > maxElements {
		return nil, nil, fmt.Errorf("range of %v elements", count)
	}
	return [][]int{{int(max(count, 0))}}, []DType{dt}, nil
}

// inferSlice resolves Slice's bounds (operands, or attributes before
// opset 10) into Attrs.Axes, Starts, Steps and Counts, clamped as ONNX
// specifies.
func inferSlice(n *Node, in []*Tensor) ([]int, error) {
	a := &n.Attrs
	x := in[0].Shape
	var starts, ends, axes, steps []int64
	if !a.sliceAttrs && len(in) == 1 && a.Counts != nil {
		// Already resolved (operands dropped by ResolveOperands).
		out := cloneInts(x)
		for k, ax := range a.Axes {
			if ax >= len(x) || (a.Counts[k] > 0 && (a.Starts[k] < 0 || a.Starts[k] >= x[ax] ||
				a.Starts[k]+(a.Counts[k]-1)*a.Steps[k] < 0 || a.Starts[k]+(a.Counts[k]-1)*a.Steps[k] >= x[ax])) {
				return nil, fmt.Errorf("slice out of range of %v", x)
			}
			out[ax] = a.Counts[k]
		}
		return out, nil
	}
	if a.sliceAttrs {
		starts, ends = a.sliceStarts, a.sliceEnds
		for _, ax := range a.Axes {
			axes = append(axes, int64(ax))
		}
	} else {
		if err := need(in, 3); err != nil {
			return nil, err
		}
		var err error
		if starts, err = constInts(in[1], "starts"); err != nil {
			return nil, err
		}
		if ends, err = constInts(in[2], "ends"); err != nil {
			return nil, err
		}
		if t := operand(in, 3); t != nil {
			if axes, err = constInts(t, "axes"); err != nil {
				return nil, err
			}
		}
		if t := operand(in, 4); t != nil {
			if steps, err = constInts(t, "steps"); err != nil {
				return nil, err
			}
		}
	}
	if len(starts) != len(ends) || (axes != nil && len(axes) != len(starts)) || (steps != nil && len(steps) != len(starts)) {
		return nil, fmt.Errorf("starts %v, ends %v, axes %v and steps %v differ in length", starts, ends, axes, steps)
	}
	out := cloneInts(x)
	a.Axes, a.Starts, a.Steps, a.Counts = nil, nil, nil, nil
	seen := make([]bool, len(x))
	for i := range starts {
		ax := int64(i)
		if axes != nil {
			ax = axes[i]
		}
		if ax < -int64(len(x)) || ax >= int64(len(x)) {
			return nil, fmt.Errorf("axis %d out of range for rank %d", ax, len(x))
		}
		if ax < 0 {
			ax += int64(len(x))
		}
		if seen[ax] {
			return nil, fmt.Errorf("axis %d repeated", ax)
		}
		seen[ax] = true
		step := int64(1)
		if steps != nil {
			step = steps[i]
		}
		if step == 0 {
			return nil, fmt.Errorf("step 0")
		}
		dim := int64(x[ax])
		start, end := starts[i], ends[i]
		// ONNX: negative values count from the end; then clamp to [0, dim]
		// for positive steps and [-1, dim-1] for negative ones.
		if start < 0 {
			start += dim
		}
		if end < 0 && end > math.MinInt64+dim {
			end += dim
		}
		var count int64
		if step > 0 {
			start, end = min(max(start, 0), dim), min(max(end, 0), dim)
			if end > start {
				count = (end - start + step - 1) / step
			}
		} else {
			start, end = min(max(start, -1), dim-1), min(max(end, -1), dim-1)
			if start > end {
				count = (start - end - step - 1) / -step
			}
		}
		if count == 0 {
			start = 0
		}
		if step > maxElements || step < -maxElements {
			step = min(max(step, -maxElements), maxElements)
		}
		a.Axes = append(a.Axes, int(ax))
		a.Starts = append(a.Starts, int(start))
		a.Steps = append(a.Steps, int(step))
		a.Counts = append(a.Counts, int(count))
		out[ax] = int(count)
	}
	a.sliceAttrs, a.sliceStarts, a.sliceEnds = false, nil, nil
	return out, nil
}

// inferSplit resolves the output sizes of Split into Attrs.Split.
func inferSplit(n *Node, in []*Tensor) ([][]int, []DType, error) {
	a := &n.Attrs
	x := in[0].Shape
	ax, err := normAxis(a.Axis, len(x))
	if err != nil {
		return nil, nil, err
	}
	a.Axis = ax
	k := len(n.Outputs)
	sizes := a.Split
	if t := operand(in, 1); t != nil {
		v, err := constInts(t, "split")
		if err != nil {
			return nil, nil, err
		}
		sizes = make([]int, len(v))
		for i, d := range v {
			if d < 0 || d > int64(x[ax]) {
				return nil, nil, fmt.Errorf("split size %d out of range", d)
			}
			sizes[i] = int(d)
		}
	}
	if len(sizes) == 0 {
		// Equal parts; the last one smaller when the axis does not divide
		// (opset 18's num_outputs rule).
		part := (x[ax] + k - 1) / k
		for i := 0; i < k; i++ {
			sizes = append(sizes, max(0, min(part, x[ax]-i*part)))
		}
	}
	if len(sizes) != k {
		return nil, nil, fmt.Errorf("%d split sizes for %d outputs", len(sizes), k)
	}
	total := 0
	for _, d := range sizes {
		if d < 0 {
			return nil, nil, fmt.Errorf("negative split size in %v", sizes)
		}
		total += d
	}
	if total != x[ax] {
		return nil, nil, fmt.Errorf("split sizes %v do not add up to %d", sizes, x[ax])
	}
	a.Split = cloneInts(sizes)
	shapes := make([][]int, k)
	dts := make([]DType, k)
	for i, d := range sizes {
		shapes[i] = cloneInts(x)
		shapes[i][ax] = d
		dts[i] = in[0].DType
	}
	return shapes, dts, nil
}

// inferPad resolves Pad's pads (operand, or attribute before opset 11; over
// the given axes in opset 18) into Attrs.Pads over every axis, and its
// constant value into Attrs.PadValue.
func inferPad(n *Node, in []*Tensor) ([]int, error) {
	a := &n.Attrs
	x := in[0].Shape
	r := len(x)
	var pads []int64
	if t := operand(in, 1); t != nil {
		v, err := constInts(t, "pads")
		if err != nil {
			return nil, err
		}
		pads = v
	} else {
		for _, p := range a.Pads {
			pads = append(pads, int64(p))
		}
	}
	if t := operand(in, 2); t != nil {
		if !t.Const || t.Size() != 1 {
			return nil, fmt.Errorf("constant_value operand %q must be a constant scalar", t.Name)
		}
		if t.DType == Float32 {
			a.PadValue = t.Floats[0]
		} else {
			a.PadValue = float32(t.Ints[0])
		}
	}
	axes := make([]int, r)
	for i := range axes {
		axes[i] = i
	}
	if t := operand(in, 3); t != nil {
		v, err := constInts(t, "axes")
		if err != nil {
			return nil, err
		}
		axes = axes[:0]
		for _, ax := range v {
			if ax < -int64(r) || ax >= int64(r) {
				return nil, fmt.Errorf("axis %d out of range for rank %d", ax, r)
			}
			axes = append(axes, clampAxis(int(ax), r))
		}
	}
	if len(pads) != 2*len(axes) {
		return nil, fmt.Errorf("pads %v: want %d values", pads, 2*len(axes))
	}
	full := make([]int, 2*r)
	seen := make([]bool, r)
	for i, ax := range axes {
		if seen[ax] {
			return nil, fmt.Errorf("axis %d repeated", ax)
		}
		seen[ax] = true
		for j, p := range []int64{pads[i], pads[len(axes)+i]} {
			if p < -maxElements || p > maxElements {
				return nil, fmt.Errorf("pad %d out of range", p)
			}
			full[ax+j*r] = int(p)
		}
	}
	out := make([]int, r)
	for i, d := range x {
		out[i] = d + full[i] + full[r+i]
		if out[i] < 0 {
			return nil, fmt.Errorf("pads %v remove more than dimension %d (%d)", full, i, d)
		}
		if a.Mode != "constant" && (full[i] > 0 || full[r+i] > 0) && d == 0 {
			return nil, fmt.Errorf("%s padding of an empty axis", a.Mode)
		}
		if a.Mode == "reflect" && (full[i] >= d || full[r+i] >= d) && (full[i] > 0 || full[r+i] > 0) {
			return nil, fmt.Errorf("reflect padding of %d on axis %d of size %d", max(full[i], full[r+i]), i, d)
		}
	}
	a.Pads = full
	return out, nil
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

// inferWindow handles Conv, MaxPool and AveragePool over S = 1, 2 or 3
// spatial dims (NCW, NCHW, NCDHW).
func inferWindow(n *Node, in []*Tensor) ([]int, error) {
	a := &n.Attrs
	x := in[0].Shape
	if len(x) < 3 || len(x) > 5 {
		return nil, fmt.Errorf("input shape %v: want 1-D (NCW), 2-D (NCHW) or 3-D (NCDHW)", x)
	}
	S := len(x) - 2
	outC := x[1]
	if n.Op == OpConv {
		w := in[1].Shape
		if len(w) != len(x) {
			return nil, fmt.Errorf("weight shape %v, want rank %d", w, len(x))
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
	if len(a.Kernel) != S {
		return nil, fmt.Errorf("kernel %v for %d spatial dims of input %v", a.Kernel, S, x)
	}
	ones := func() []int {
		v := make([]int, S)
		for i := range v {
			v[i] = 1
		}
		return v
	}
	if len(a.Strides) == 0 {
		a.Strides = ones()
	}
	if len(a.Dilations) == 0 {
		a.Dilations = ones()
	}
	if len(a.Strides) != S || len(a.Dilations) != S {
		return nil, fmt.Errorf("strides %v / dilations %v: want %d values", a.Strides, a.Dilations, S)
	}
	for i := 0; i < S; i++ {
		if a.Strides[i] <= 0 || a.Dilations[i] <= 0 || a.Kernel[i] <= 0 {
			return nil, fmt.Errorf("kernel %v, strides %v, dilations %v must be positive", a.Kernel, a.Strides, a.Dilations)
		}
		if a.Kernel[i] > maxElements/a.Dilations[i] {
			return nil, fmt.Errorf("kernel %v with dilations %v is too large", a.Kernel, a.Dilations)
		}
	}
	switch a.AutoPad {
	case "VALID":
		a.Pads = make([]int, 2*S)
	case "SAME_UPPER", "SAME_LOWER":
		a.Pads = make([]int, 2*S)
		for i := 0; i < S; i++ {
			out := (x[2+i] + a.Strides[i] - 1) / a.Strides[i]
			total := (out-1)*a.Strides[i] + (a.Kernel[i]-1)*a.Dilations[i] + 1 - x[2+i]
			if total < 0 {
				total = 0
			}
			small, big := total/2, total-total/2
			if a.AutoPad == "SAME_UPPER" {
				a.Pads[i], a.Pads[S+i] = small, big
			} else {
				a.Pads[i], a.Pads[S+i] = big, small
			}
		}
	}
	a.AutoPad = ""
	if len(a.Pads) == 0 {
		a.Pads = make([]int, 2*S)
	}
	if len(a.Pads) != 2*S {
		return nil, fmt.Errorf("pads %v: want %d values", a.Pads, 2*S)
	}
	out := append([]int{x[0], outC}, make([]int, S)...)
	for i := 0; i < S; i++ {
		if a.Pads[i] < 0 || a.Pads[S+i] < 0 || a.Pads[i] > maxElements || a.Pads[S+i] > maxElements {
			return nil, fmt.Errorf("bad pads %v", a.Pads)
		}
		span := x[2+i] + a.Pads[i] + a.Pads[S+i] - ((a.Kernel[i]-1)*a.Dilations[i] + 1)
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
		v, err := constInts(st, "shape")
		if err != nil {
			return nil, err
		}
		spec = v
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
		case d == 0 && n.Attrs.AllowZero:
			// allowzero=1: a literal 0 (only an empty input can become
			// empty; -1 beside it is invalid ONNX).
			out[i] = 0
			for _, e := range spec {
				if e == -1 {
					return nil, fmt.Errorf("shape %v: -1 with a literal 0 (allowzero=1)", spec)
				}
			}
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
		v, err := constInts(t, "axes")
		if err != nil {
			return nil, err
		}
		axes = nil
		for _, ax := range v {
			if ax < -maxElements || ax > maxElements {
				return nil, fmt.Errorf("axis %d out of range", ax)
			}
			axes = append(axes, int(ax))
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
