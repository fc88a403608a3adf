package graph

import (
	"fmt"
	"math"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// Op is an operator name, spelled as in ONNX.
type Op string

// Supported operators.
const (
	OpAbs                Op = "Abs"
	OpAdd                Op = "Add"
	OpAveragePool        Op = "AveragePool"
	OpBatchNormalization Op = "BatchNormalization"
	OpCast               Op = "Cast"
	OpClip               Op = "Clip"
	OpConcat             Op = "Concat"
	OpConstant           Op = "Constant"
	OpConstantOfShape    Op = "ConstantOfShape"
	OpConv               Op = "Conv"
	OpDiv                Op = "Div"
	OpDropout            Op = "Dropout"
	OpEqual              Op = "Equal"
	OpExpand             Op = "Expand"
	OpFlatten            Op = "Flatten"
	OpGather             Op = "Gather"
	OpGemm               Op = "Gemm"
	OpGlobalAveragePool  Op = "GlobalAveragePool"
	OpGlobalMaxPool      Op = "GlobalMaxPool"
	OpGreater            Op = "Greater"
	OpHardSigmoid        Op = "HardSigmoid"
	OpHardSwish          Op = "HardSwish"
	OpIdentity           Op = "Identity"
	OpLeakyRelu          Op = "LeakyRelu"
	OpLess               Op = "Less"
	OpMatMul             Op = "MatMul"
	OpMax                Op = "Max"
	OpMaxPool            Op = "MaxPool"
	OpMin                Op = "Min"
	OpMod                Op = "Mod"
	OpMul                Op = "Mul"
	OpNeg                Op = "Neg"
	OpNot                Op = "Not"
	OpPRelu              Op = "PRelu"
	OpPad                Op = "Pad"
	OpRange              Op = "Range"
	OpReduceMax          Op = "ReduceMax"
	OpReduceMean         Op = "ReduceMean"
	OpReduceMin          Op = "ReduceMin"
	OpReduceSum          Op = "ReduceSum"
	OpRelu               Op = "Relu"
	OpReshape            Op = "Reshape"
	OpShape              Op = "Shape"
	OpSize               Op = "Size"
	OpSlice              Op = "Slice"
	OpSoftmax            Op = "Softmax"
	OpSplit              Op = "Split"
	OpSqueeze            Op = "Squeeze"
	OpSub                Op = "Sub"
	OpTranspose          Op = "Transpose"
	OpUnsqueeze          Op = "Unsqueeze"
	OpWhere              Op = "Where"
)

// SupportedOps lists every operator Build accepts, sorted. The shape and
// index ops (Shape, Size, Cast, ConstantOfShape, Range, Equal, Less,
// Greater, Not, Where, Expand, Mod) are accepted where constant folding
// removes them; Gather also where its indices are constant.
var SupportedOps = []Op{
	OpAbs, OpAdd, OpAveragePool, OpBatchNormalization, OpCast, OpClip,
	OpConcat, OpConstant, OpConstantOfShape, OpConv, OpDiv, OpDropout,
	OpEqual, OpExpand, OpFlatten, OpGather, OpGemm, OpGlobalAveragePool,
	OpGlobalMaxPool, OpGreater, OpHardSigmoid, OpHardSwish, OpIdentity,
	OpLeakyRelu, OpLess, OpMatMul, OpMax, OpMaxPool, OpMin, OpMod, OpMul,
	OpNeg, OpNot, OpPRelu, OpPad, OpRange, OpReduceMax, OpReduceMean,
	OpReduceMin, OpReduceSum, OpRelu, OpReshape, OpShape, OpSize, OpSlice,
	OpSoftmax, OpSplit, OpSqueeze, OpSub, OpTranspose, OpUnsqueeze, OpWhere,
}

// NormalizedOps lists the operators that can remain after Normalize, sorted.
// Identity remains only where a graph output is a copy of a graph input or
// constant. Their operands are data only: attributes given as constant
// operands in newer opsets (axes, pads, split sizes, slice bounds, clip
// bounds) have been moved into Attrs.
var NormalizedOps = []Op{
	OpAbs, OpAdd, OpAveragePool, OpBatchNormalization, OpClip, OpConcat,
	OpConv, OpDiv, OpGather, OpGemm, OpGlobalAveragePool, OpGlobalMaxPool,
	OpHardSigmoid, OpHardSwish, OpIdentity, OpLeakyRelu, OpMatMul, OpMax,
	OpMaxPool, OpMin, OpMul, OpNeg, OpPRelu, OpPad, OpReduceMax,
	OpReduceMean, OpReduceMin, OpReduceSum, OpRelu, OpReshape, OpSlice,
	OpSoftmax, OpSplit, OpSub, OpTranspose,
}

func isSupported(op string) bool {
	for _, s := range SupportedOps {
		if string(s) == op {
			return true
		}
	}
	return false
}

func supportedList() string {
	s := make([]string, len(SupportedOps))
	for i, o := range SupportedOps {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

// Attrs holds the parsed attributes of a node. Each field lists the ops that
// use it; other ops leave it zero.
type Attrs struct {
	// Gemm: scale of A*B (default 1). LeakyRelu: slope for x < 0 (default
	// 0.01). HardSigmoid: slope (default 0.2).
	Alpha float32
	// Gemm: scale of C (default 1). HardSigmoid: offset (default 0.5).
	Beta   float32
	TransA bool // Gemm: A is transposed
	TransB bool // Gemm: B is transposed

	// Conv, MaxPool, AveragePool, over the S spatial dims (S = 1 or 2:
	// W, or H then W).
	Kernel    []int  // pool kernel_shape; Conv: from the weight's shape once inferred
	Strides   []int  // strides per spatial axis (default 1)
	Pads      []int  // [begin per axis..., end per axis...] (default 0); auto_pad is resolved into it. Pad: the same over every axis of the data
	Dilations []int  // dilations per spatial axis (default 1)
	AutoPad   string // auto_pad as given ("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"); resolved into Pads by shape inference
	Group     int    // Conv: groups (default 1)
	CeilMode  bool   // MaxPool, AveragePool: ceil_mode
	// AveragePool: count padding cells in the divisor.
	CountIncludePad bool

	Min float32 // Clip: lower bound (-Inf if absent)
	Max float32 // Clip: upper bound (+Inf if absent)

	// Concat, Softmax, Flatten, Gather, Split: axis, normalised to >= 0 by
	// shape inference. Softmax: default -1 (opset >= 13), 1 before.
	Axis int
	// Softmax (opset < 13): normalise jointly over all dims from Axis on.
	Softmax2D bool

	Perm    []int   // Transpose: permutation (default: reversed dims)
	Epsilon float32 // BatchNormalization: epsilon (default 1e-5)
	Shape   []int   // Reshape after ResolveReshape: static target shape
	// Reshape: a 0 in the target shape is a literal 0, not a copy of the
	// input's dimension (allowzero=1).
	AllowZero bool
	// Squeeze, Unsqueeze, ReduceX, Slice: axes (attribute or constant
	// operand), normalised to >= 0 and, for ReduceX, sorted; ReduceX with
	// no axes reduces all (unless NoopEmptyAxes).
	Axes []int
	// ReduceX: keep reduced dims as size 1 (default true).
	KeepDims bool
	// ReduceX: no axes means identity instead of all axes.
	NoopEmptyAxes bool
	// Slice: per entry of Axes, the first index and the step, and the
	// number of elements taken (resolved by shape inference: clamped to the
	// data's dims as ONNX specifies).
	Starts, Steps, Counts []int
	// Slice in opset < 10: the starts and ends attributes as given.
	sliceStarts, sliceEnds []int64
	sliceAttrs             bool
	// Split: the size of each output along Axis (attribute, constant operand
	// or num_outputs, resolved by shape inference).
	Split []int
	// Pad: mode ("constant", "reflect", "edge", "wrap") and the constant value.
	Mode     string
	PadValue float32
	// Cast: target element type.
	To DType
	// Mod: C fmod semantics (sign of the dividend) instead of Python's.
	FMod bool
	// Shape: dims Start..End of the input (opset 15; End = rank when absent).
	Start, End int
	HasEnd     bool

	Value *Tensor // Constant: the value. ConstantOfShape: the one-element fill value (float 0 when absent)
}

func (a Attrs) clone() Attrs {
	c := a
	c.Kernel = append([]int(nil), a.Kernel...)
	c.Strides = append([]int(nil), a.Strides...)
	c.Pads = append([]int(nil), a.Pads...)
	c.Dilations = append([]int(nil), a.Dilations...)
	c.Perm = append([]int(nil), a.Perm...)
	c.Shape = append([]int(nil), a.Shape...)
	c.Axes = append([]int(nil), a.Axes...)
	c.Starts = append([]int(nil), a.Starts...)
	c.Steps = append([]int(nil), a.Steps...)
	c.Counts = append([]int(nil), a.Counts...)
	c.Split = append([]int(nil), a.Split...)
	c.sliceStarts = append([]int64(nil), a.sliceStarts...)
	c.sliceEnds = append([]int64(nil), a.sliceEnds...)
	if a.Value != nil {
		c.Value = a.Value.Clone()
	}
	return c
}

// attrReader reads typed attributes of one ONNX node and remembers the first error.
type attrReader struct {
	n   *onnx.Node
	err error
}

func (r *attrReader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, a...)
	}
}

func (r *attrReader) int(name string, def int64) int64 {
	a := r.n.Attr(name)
	if a == nil {
		return def
	}
	if a.Type != onnx.AttrInt && a.Type != onnx.AttrUndefined {
		r.fail("attribute %s: want INT", name)
	}
	return a.I
}

func (r *attrReader) float(name string, def float32) float32 {
	a := r.n.Attr(name)
	if a == nil {
		return def
	}
	if a.Type != onnx.AttrFloat && a.Type != onnx.AttrUndefined {
		r.fail("attribute %s: want FLOAT", name)
	}
	return a.F
}

func (r *attrReader) str(name, def string) string {
	a := r.n.Attr(name)
	if a == nil {
		return def
	}
	return string(a.S)
}

func (r *attrReader) int64s(name string) []int64 {
	a := r.n.Attr(name)
	if a == nil {
		return nil
	}
	return append([]int64(nil), a.Ints...)
}

func (r *attrReader) ints(name string) []int {
	a := r.n.Attr(name)
	if a == nil {
		return nil
	}
	out := make([]int, len(a.Ints))
	for i, v := range a.Ints {
		if v > math.MaxInt32 || v < math.MinInt32 {
			r.fail("attribute %s: value %d out of range", name, v)
		}
		out[i] = int(v)
	}
	return out
}

// parseAttrs fills the Attrs of an ONNX node of a supported op. Attributes
// that later opsets turned into operands are read here for the older
// opsets; shape inference reads the operands.
func parseAttrs(n *onnx.Node, opset int64) (Attrs, error) {
	r := &attrReader{n: n}
	var a Attrs
	switch Op(n.OpType) {
	case OpGemm:
		a.Alpha = r.float("alpha", 1)
		a.Beta = r.float("beta", 1)
		a.TransA = r.int("transA", 0) != 0
		a.TransB = r.int("transB", 0) != 0
	case OpLeakyRelu:
		a.Alpha = r.float("alpha", 0.01)
	case OpHardSigmoid:
		a.Alpha = r.float("alpha", 0.2)
		a.Beta = r.float("beta", 0.5)
	case OpConv, OpMaxPool, OpAveragePool:
		a.Kernel = r.ints("kernel_shape")
		a.Strides = r.ints("strides")
		a.Pads = r.ints("pads")
		a.Dilations = r.ints("dilations")
		a.AutoPad = r.str("auto_pad", "NOTSET")
		a.Group = int(r.int("group", 1))
		a.CeilMode = r.int("ceil_mode", 0) != 0
		a.CountIncludePad = r.int("count_include_pad", 0) != 0
		if Op(n.OpType) != OpConv && len(a.Kernel) == 0 {
			r.fail("attribute kernel_shape is required")
		}
		switch a.AutoPad {
		case "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER":
		default:
			r.fail("auto_pad %q not supported", a.AutoPad)
		}
		if Op(n.OpType) == OpMaxPool && r.int("storage_order", 0) != 0 {
			r.fail("storage_order=1 not supported")
		}
		if Op(n.OpType) == OpMaxPool && len(n.Outputs) > 1 && n.Outputs[1] != "" {
			r.fail("the Indices output is not supported")
		}
	case OpClip:
		a.Min = r.float("min", float32(math.Inf(-1)))
		a.Max = r.float("max", float32(math.Inf(1)))
	case OpConcat:
		a.Axis = int(r.int("axis", 0))
		if n.Attr("axis") == nil {
			r.fail("attribute axis is required")
		}
	case OpFlatten:
		a.Axis = int(r.int("axis", 1))
	case OpGather, OpSplit:
		a.Axis = int(r.int("axis", 0))
		if Op(n.OpType) == OpSplit {
			a.Split = r.ints("split")
			if k := r.int("num_outputs", 0); k != 0 && k != int64(len(n.Outputs)) {
				r.fail("num_outputs %d but %d outputs", k, len(n.Outputs))
			}
		}
	case OpSoftmax:
		if opset >= 13 {
			a.Axis = int(r.int("axis", -1))
		} else {
			a.Axis = int(r.int("axis", 1))
			a.Softmax2D = true
		}
	case OpTranspose:
		a.Perm = r.ints("perm")
	case OpBatchNormalization:
		a.Epsilon = r.float("epsilon", 1e-5)
		if r.int("training_mode", 0) != 0 {
			r.fail("training_mode=1 not supported")
		}
		if opset < 9 && r.int("spatial", 1) != 1 {
			r.fail("spatial=0 not supported")
		}
	case OpSqueeze, OpUnsqueeze:
		a.Axes = r.ints("axes")
	case OpReduceMean, OpReduceSum, OpReduceMax, OpReduceMin:
		a.Axes = r.ints("axes")
		a.KeepDims = r.int("keepdims", 1) != 0
		a.NoopEmptyAxes = r.int("noop_with_empty_axes", 0) != 0
	case OpSlice:
		// Opset < 10: starts, ends and axes are attributes; the operand form
		// is read by shape inference.
		if n.Attr("starts") != nil || n.Attr("ends") != nil {
			a.sliceStarts = r.int64s("starts")
			a.sliceEnds = r.int64s("ends")
			a.Axes = r.ints("axes")
			a.sliceAttrs = true
		}
	case OpPad:
		a.Mode = r.str("mode", "constant")
		switch a.Mode {
		case "constant", "reflect", "edge", "wrap":
		default:
			r.fail("mode %q not supported", a.Mode)
		}
		a.Pads = r.ints("pads") // opset < 11
		a.PadValue = r.float("value", 0)
	case OpReshape:
		a.AllowZero = r.int("allowzero", 0) != 0
	case OpCast:
		to := onnx.DataType(r.int("to", 0))
		switch {
		case to.IsFloat() || to == onnx.DataFloat16 || to == onnx.DataBfloat16:
			a.To = Float32
		case to == onnx.DataBool:
			a.To = Bool
		case to == onnx.DataInt8 || to == onnx.DataUint8 || to == onnx.DataInt16 || to == onnx.DataUint16 ||
			to == onnx.DataInt32 || to == onnx.DataInt64 || to == onnx.DataUint32 || to == onnx.DataUint64:
			a.To = Int64
		default:
			r.fail("cast to %s not supported", to)
		}
	case OpMod:
		a.FMod = r.int("fmod", 0) != 0
	case OpShape:
		a.Start = int(r.int("start", 0))
		a.End = int(r.int("end", 0))
		a.HasEnd = n.Attr("end") != nil
	case OpConstantOfShape:
		if at := n.Attr("value"); at != nil {
			if at.T == nil {
				r.fail("attribute value: no tensor")
			} else if v, err := fromONNXTensor(at.T, ""); err != nil {
				r.fail("attribute value: %v", err)
			} else if v.Size() != 1 {
				r.fail("attribute value: %d elements, want 1", v.Size())
			} else {
				a.Value = v
			}
		}
		if a.Value == nil {
			a.Value = &Tensor{DType: Float32, Known: true, Const: true, Shape: []int{1}, Floats: []float32{0}}
		}
	case OpConstant:
		a.Value, r.err = constantValue(n)
	}
	return a, r.err
}

// constantValue returns the value of a Constant node.
func constantValue(n *onnx.Node) (*Tensor, error) {
	for _, at := range n.Attributes {
		switch at.Name {
		case "value":
			if at.T == nil {
				return nil, fmt.Errorf("attribute value: no tensor")
			}
			return fromONNXTensor(at.T, "")
		case "value_float":
			return &Tensor{DType: Float32, Known: true, Const: true, Floats: []float32{at.F}}, nil
		case "value_floats":
			return &Tensor{DType: Float32, Known: true, Const: true, Shape: []int{len(at.Floats)}, Floats: append([]float32(nil), at.Floats...)}, nil
		case "value_int":
			return &Tensor{DType: Int64, Known: true, Const: true, Ints: []int64{at.I}}, nil
		case "value_ints":
			return &Tensor{DType: Int64, Known: true, Const: true, Shape: []int{len(at.Ints)}, Ints: append([]int64(nil), at.Ints...)}, nil
		default:
			return nil, fmt.Errorf("attribute %s not supported", at.Name)
		}
	}
	return nil, fmt.Errorf("no value attribute")
}
