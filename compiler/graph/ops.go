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
	OpAdd                Op = "Add"
	OpAveragePool        Op = "AveragePool"
	OpBatchNormalization Op = "BatchNormalization"
	OpClip               Op = "Clip"
	OpConcat             Op = "Concat"
	OpConstant           Op = "Constant"
	OpConv               Op = "Conv"
	OpDiv                Op = "Div"
	OpDropout            Op = "Dropout"
	OpFlatten            Op = "Flatten"
	OpGather             Op = "Gather"
	OpGemm               Op = "Gemm"
	OpGlobalAveragePool  Op = "GlobalAveragePool"
	OpIdentity           Op = "Identity"
	OpMatMul             Op = "MatMul"
	OpMaxPool            Op = "MaxPool"
	OpMul                Op = "Mul"
	OpRelu               Op = "Relu"
	OpReshape            Op = "Reshape"
	OpShape              Op = "Shape"
	OpSoftmax            Op = "Softmax"
	OpSqueeze            Op = "Squeeze"
	OpSub                Op = "Sub"
	OpTranspose          Op = "Transpose"
	OpUnsqueeze          Op = "Unsqueeze"
)

// SupportedOps lists every operator Build accepts, sorted. Shape and Gather
// are accepted only where constant folding removes them.
var SupportedOps = []Op{
	OpAdd, OpAveragePool, OpBatchNormalization, OpClip, OpConcat, OpConstant,
	OpConv, OpDiv, OpDropout, OpFlatten, OpGather, OpGemm, OpGlobalAveragePool,
	OpIdentity, OpMatMul, OpMaxPool, OpMul, OpRelu, OpReshape, OpShape,
	OpSoftmax, OpSqueeze, OpSub, OpTranspose, OpUnsqueeze,
}

// NormalizedOps lists the operators that can remain after Normalize, sorted.
// Identity remains only where a graph output is a copy of a graph input or
// constant.
var NormalizedOps = []Op{
	OpAdd, OpAveragePool, OpBatchNormalization, OpClip, OpConcat, OpConv,
	OpDiv, OpGemm, OpGlobalAveragePool, OpIdentity, OpMatMul, OpMaxPool,
	OpMul, OpRelu, OpReshape, OpSoftmax, OpSub, OpTranspose,
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
	Alpha  float32 // Gemm: scale of A*B (default 1)
	Beta   float32 // Gemm: scale of C (default 1)
	TransA bool    // Gemm: A is transposed
	TransB bool    // Gemm: B is transposed

	// Conv, MaxPool, AveragePool (2-D: H then W).
	Kernel    []int  // pool kernel_shape; Conv: from the weight's shape once inferred
	Strides   []int  // strides per spatial axis (default 1)
	Pads      []int  // [H_begin, W_begin, H_end, W_end] (default 0); auto_pad is resolved into it
	Dilations []int  // dilations per spatial axis (default 1)
	AutoPad   string // auto_pad as given ("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"); resolved into Pads by shape inference
	Group     int    // Conv: groups (default 1)
	CeilMode  bool   // MaxPool, AveragePool: ceil_mode
	// AveragePool: count padding cells in the divisor.
	CountIncludePad bool

	Min float32 // Clip: lower bound (-Inf if absent)
	Max float32 // Clip: upper bound (+Inf if absent)

	// Concat, Softmax, Flatten, Gather: axis, normalised to >= 0 by shape
	// inference. Softmax: default -1 (opset >= 13), 1 before.
	Axis int
	// Softmax (opset < 13): normalise jointly over all dims from Axis on.
	Softmax2D bool

	Perm    []int   // Transpose: permutation (default: reversed dims)
	Epsilon float32 // BatchNormalization: epsilon (default 1e-5)
	Shape   []int   // Reshape after ResolveReshape: static target shape
	Axes    []int   // Squeeze, Unsqueeze: axes (attribute or constant input)

	Value *Tensor // Constant: the value
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

// parseAttrs fills the Attrs of an ONNX node of a supported op.
func parseAttrs(n *onnx.Node, opset int64) (Attrs, error) {
	r := &attrReader{n: n}
	var a Attrs
	switch Op(n.OpType) {
	case OpGemm:
		a.Alpha = r.float("alpha", 1)
		a.Beta = r.float("beta", 1)
		a.TransA = r.int("transA", 0) != 0
		a.TransB = r.int("transB", 0) != 0
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
	case OpGather:
		a.Axis = int(r.int("axis", 0))
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
	case OpReshape:
		if r.int("allowzero", 0) != 0 {
			r.fail("allowzero=1 not supported")
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
