package graph

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

func TestInferShapes(t *testing.T) {
	x := func(dims ...int64) []*onnx.ValueInfo { return []*onnx.ValueInfo{vinfo("x", dims...)} }
	xy := func(a, b []int64) []*onnx.ValueInfo { return []*onnx.ValueInfo{vinfo("x", a...), vinfo("y", b...)} }
	w := func(dims ...int64) []*onnx.Tensor { return []*onnx.Tensor{floatInit("w", dims)} }
	one := func(op string, ins []string, attrs ...*onnx.Attribute) []*onnx.Node {
		return []*onnx.Node{node(op, "n", ins, []string{"out"}, attrs...)}
	}
	tests := []struct {
		name    string
		inputs  []*onnx.ValueInfo
		inits   []*onnx.Tensor
		nodes   []*onnx.Node
		want    []int
		wantErr string
	}{
		{"conv pad 1", x(1, 3, 8, 8), w(4, 3, 3, 3), one("Conv", []string{"x", "w"}, aInts("pads", 1, 1, 1, 1)), []int{1, 4, 8, 8}, ""},
		{"conv stride 2", x(1, 3, 8, 8), w(4, 3, 3, 3), one("Conv", []string{"x", "w"}, aInts("strides", 2, 2)), []int{1, 4, 3, 3}, ""},
		{"conv same_upper", x(1, 3, 8, 8), w(4, 3, 3, 3), one("Conv", []string{"x", "w"}, aInts("strides", 2, 2), aStr("auto_pad", "SAME_UPPER")), []int{1, 4, 4, 4}, ""},
		{"conv channels", x(1, 2, 8, 8), w(4, 3, 3, 3), one("Conv", []string{"x", "w"}), nil, "do not match"},
		{"conv 1d", x(1, 3, 8), w(4, 3, 3), one("Conv", []string{"x", "w"}, aInts("pads", 1, 1)), []int{1, 4, 8}, ""},
		{"conv 1d stride dilation", x(1, 2, 17), w(4, 1, 3), one("Conv", []string{"x", "w"}, aInts("pads", 0, 3), aInts("strides", 2), aInts("dilations", 2), aInt("group", 2)), []int{1, 4, 8}, ""},
		{"conv 1d weight rank", x(1, 3, 8), w(4, 3, 3, 3), one("Conv", []string{"x", "w"}), nil, "want rank 3"},
		{"conv 4d", x(1, 1, 2, 2, 2, 2), w(1, 1, 1, 1, 1, 1), one("Conv", []string{"x", "w"}), nil, "want 1-D (NCW), 2-D (NCHW) or 3-D"},
		{"conv asymmetric", x(1, 3, 15, 15), w(8, 3, 3, 3), one("Conv", []string{"x", "w"}, aInts("pads", 0, 0, 1, 1), aInts("strides", 2, 2)), []int{1, 8, 7, 7}, ""},
		{"conv dilation", x(1, 1, 7, 7), w(1, 1, 3, 3), one("Conv", []string{"x", "w"}, aInts("pads", 2, 2, 2, 2), aInts("dilations", 2, 2)), []int{1, 1, 7, 7}, ""},
		{"maxpool 1d ceil", x(1, 2, 7), nil, one("MaxPool", []string{"x"}, aInts("kernel_shape", 2), aInts("strides", 2), aInt("ceil_mode", 1)), []int{1, 2, 4}, ""},
		{"pool kernel rank", x(1, 2, 7), nil, one("MaxPool", []string{"x"}, aInts("kernel_shape", 2, 2)), nil, "kernel [2 2] for 1 spatial dims"},
		{"global max", x(1, 4, 5), nil, one("GlobalMaxPool", []string{"x"}), []int{1, 4, 1}, ""},
		{"reduce mean attr", x(2, 3, 4), nil, one("ReduceMean", []string{"x"}, aInts("axes", 1, -1), aInt("keepdims", 0)), []int{2}, ""},
		{"reduce sum operand", x(2, 3, 4), []*onnx.Tensor{intInit("a", -1)}, one("ReduceSum", []string{"x", "a"}), []int{2, 3, 1}, ""},
		{"reduce max all", x(2, 3, 4), nil, one("ReduceMax", []string{"x"}), []int{1, 1, 1}, ""},
		{"reduce noop", x(2, 3, 4), nil, one("ReduceMin", []string{"x"}, aInt("noop_with_empty_axes", 1)), []int{2, 3, 4}, ""},
		{"reduce axis range", x(2, 3), []*onnx.Tensor{intInit("a", 2)}, one("ReduceMean", []string{"x", "a"}), nil, "out of range"},
		{"slice step", x(2, 3, 8), []*onnx.Tensor{intInit("s", 1), intInit("e", math.MaxInt64), intInit("a", 2), intInit("st", 2)},
			one("Slice", []string{"x", "s", "e", "a", "st"}), []int{2, 3, 4}, ""},
		{"slice reverse", x(2, 3, 8), []*onnx.Tensor{intInit("s", -1), intInit("e", math.MinInt64), intInit("a", 1), intInit("st", -1)},
			one("Slice", []string{"x", "s", "e", "a", "st"}), []int{2, 3, 8}, ""},
		{"slice clamp", x(2, 3, 8), []*onnx.Tensor{intInit("s", -100, 5), intInit("e", 1, 100)},
			one("Slice", []string{"x", "s", "e"}), []int{1, 0, 8}, ""},
		{"slice attributes", x(2, 3, 8), nil, one("Slice", []string{"x"}, aInts("starts", 1), aInts("ends", 2), aInts("axes", 1)), []int{2, 1, 8}, ""},
		{"slice step 0", x(2, 3), []*onnx.Tensor{intInit("s", 0), intInit("e", 1), intInit("a", 0), intInit("st", 0)},
			one("Slice", []string{"x", "s", "e", "a", "st"}), nil, "step 0"},
		{"split sizes", x(2, 6), []*onnx.Tensor{intInit("sp", 2, 4)}, []*onnx.Node{node("Split", "n", []string{"x", "sp"}, []string{"out", "o2"}, aInt("axis", 1))}, []int{2, 2}, ""},
		{"split equal", x(2, 7), nil, []*onnx.Node{node("Split", "n", []string{"x"}, []string{"out", "o2", "o3"}, aInt("axis", -1), aInt("num_outputs", 3))}, []int{2, 3}, ""},
		{"split bad sum", x(2, 6), []*onnx.Tensor{intInit("sp", 2, 3)}, []*onnx.Node{node("Split", "n", []string{"x", "sp"}, []string{"out", "o2"}, aInt("axis", 1))}, nil, "do not add up"},
		{"pad", x(1, 2, 3), []*onnx.Tensor{intInit("p", 0, 0, 1, 0, 0, 2)}, one("Pad", []string{"x", "p"}), []int{1, 2, 6}, ""},
		{"pad crop", x(1, 2, 3), []*onnx.Tensor{intInit("p", 0, 0, -1, 0, 0, 0)}, one("Pad", []string{"x", "p"}), []int{1, 2, 2}, ""},
		{"pad axes", x(1, 2, 3), []*onnx.Tensor{intInit("p", 1, 2), intInit("ax", -1)}, one("Pad", []string{"x", "p", "", "ax"}), []int{1, 2, 6}, ""},
		{"pad attribute", x(1, 2, 3), nil, one("Pad", []string{"x"}, aInts("pads", 0, 1, 0, 0, 1, 0), aFloat("value", 2)), []int{1, 4, 3}, ""},
		{"pad reflect too far", x(1, 2, 3), []*onnx.Tensor{intInit("p", 0, 0, 3, 0, 0, 0)}, one("Pad", []string{"x", "p"}, aStr("mode", "reflect")), nil, "reflect padding of 3"},
		{"expand", x(3, 1), []*onnx.Tensor{intInit("s", 2, 1, 4)}, one("Expand", []string{"x", "s"}), []int{2, 3, 4}, ""},
		{"leaky", x(2, 3), nil, one("LeakyRelu", []string{"x"}), []int{2, 3}, ""},
		{"prelu", x(1, 3, 2, 2), []*onnx.Tensor{floatInit("w", []int64{3, 1, 1})}, one("PRelu", []string{"x", "w"}), []int{1, 3, 2, 2}, ""},
		{"prelu bad", x(1, 3, 2, 2), w(4), one("PRelu", []string{"x", "w"}), nil, "does not broadcast"},
		{"max variadic", []*onnx.ValueInfo{vinfo("x", 3), vinfo("y", 2, 1), vinfo("z", 1)}, nil, one("Max", []string{"x", "y", "z"}), []int{2, 3}, ""},
		{"reshape allowzero", x(2, 3), []*onnx.Tensor{intInit("s", 3, 2)}, one("Reshape", []string{"x", "s"}, aInt("allowzero", 1)), []int{3, 2}, ""},
		{"reshape literal 0", x(2, 3), []*onnx.Tensor{intInit("s", 0, 6)}, one("Reshape", []string{"x", "s"}, aInt("allowzero", 1)), nil, "cannot reshape [2 3] (6 elements) to [0 6]"},
		{"reshape 0 and -1", x(2, 3), []*onnx.Tensor{intInit("s", 0, -1)}, one("Reshape", []string{"x", "s"}, aInt("allowzero", 1)), nil, "-1 with a literal 0"},
		{"gather constant index", x(2, 3), []*onnx.Tensor{{Name: "i", DataType: onnx.DataInt64, Ints: []int64{-1}}}, one("Gather", []string{"x", "i"}, aInt("axis", 1)), []int{2}, ""},
		{"gather out of range", x(2, 3), []*onnx.Tensor{intInit("i", 3)}, one("Gather", []string{"x", "i"}, aInt("axis", 1)), nil, "index 3 out of range"},
		{"maxpool", x(1, 4, 8, 8), nil, one("MaxPool", []string{"x"}, aInts("kernel_shape", 2, 2), aInts("strides", 2, 2)), []int{1, 4, 4, 4}, ""},
		{"maxpool ceil", x(1, 1, 5, 5), nil, one("MaxPool", []string{"x"}, aInts("kernel_shape", 2, 2), aInts("strides", 2, 2), aInt("ceil_mode", 1)), []int{1, 1, 3, 3}, ""},
		{"avgpool same", x(1, 2, 7, 7), nil, one("AveragePool", []string{"x"}, aInts("kernel_shape", 3, 3), aInts("pads", 1, 1, 1, 1)), []int{1, 2, 7, 7}, ""},
		{"global avg", x(2, 4, 5, 6), nil, one("GlobalAveragePool", []string{"x"}), []int{2, 4, 1, 1}, ""},
		{"gemm transB", x(2, 3), w(4, 3), one("Gemm", []string{"x", "w"}, aInt("transB", 1)), []int{2, 4}, ""},
		{"gemm transA", x(3, 2), w(3, 4), one("Gemm", []string{"x", "w"}, aInt("transA", 1)), []int{2, 4}, ""},
		{"gemm mismatch", x(2, 3), w(4, 3), one("Gemm", []string{"x", "w"}), nil, "inner dimensions differ"},
		{"matmul batch", x(2, 3, 4), w(4, 5), one("MatMul", []string{"x", "w"}), []int{2, 3, 5}, ""},
		{"matmul vec", x(4), w(4, 5), one("MatMul", []string{"x", "w"}), []int{5}, ""},
		{"matmul vec vec", x(4), w(4), one("MatMul", []string{"x", "w"}), []int{}, ""},
		{"matmul bcast", x(2, 1, 3, 4), w(5, 4, 2), one("MatMul", []string{"x", "w"}), []int{2, 5, 3, 2}, ""},
		{"add bcast", x(2, 3, 4), w(4), one("Add", []string{"x", "w"}), []int{2, 3, 4}, ""},
		{"mul bcast both", xy([]int64{3}, []int64{2, 1}), nil, one("Mul", []string{"x", "y"}), []int{2, 3}, ""},
		{"add bad", xy([]int64{3}, []int64{4}), nil, one("Add", []string{"x", "y"}), nil, "do not broadcast"},
		{"relu", x(2, 3), nil, one("Relu", []string{"x"}), []int{2, 3}, ""},
		{"flatten", x(2, 3, 4), nil, one("Flatten", []string{"x"}), []int{2, 12}, ""},
		{"flatten 0", x(2, 3, 4), nil, one("Flatten", []string{"x"}, aInt("axis", 0)), []int{1, 24}, ""},
		{"flatten -1", x(2, 3, 4), nil, one("Flatten", []string{"x"}, aInt("axis", -1)), []int{6, 4}, ""},
		{"reshape 0 -1", x(2, 3, 4), []*onnx.Tensor{intInit("s", 0, -1)}, one("Reshape", []string{"x", "s"}), []int{2, 12}, ""},
		{"reshape bad", x(2, 3, 4), []*onnx.Tensor{intInit("s", 5, -1)}, one("Reshape", []string{"x", "s"}), nil, "cannot reshape"},
		{"reshape dynamic", xy([]int64{2, 3}, []int64{2}), nil, one("Reshape", []string{"x", "y"}), nil, "constant int64"},
		{"concat", xy([]int64{2, 3}, []int64{2, 5}), nil, one("Concat", []string{"x", "y"}, aInt("axis", 1)), []int{2, 8}, ""},
		{"concat -1", xy([]int64{2, 3}, []int64{2, 5}), nil, one("Concat", []string{"x", "y"}, aInt("axis", -1)), []int{2, 8}, ""},
		{"concat bad", xy([]int64{2, 3}, []int64{3, 5}), nil, one("Concat", []string{"x", "y"}, aInt("axis", 1)), nil, "does not match"},
		{"transpose default", x(2, 3, 4), nil, one("Transpose", []string{"x"}), []int{4, 3, 2}, ""},
		{"transpose perm", x(2, 3, 4), nil, one("Transpose", []string{"x"}, aInts("perm", 0, 2, 1)), []int{2, 4, 3}, ""},
		{"transpose bad", x(2, 3, 4), nil, one("Transpose", []string{"x"}, aInts("perm", 0, 0, 1)), nil, "not a permutation"},
		{"softmax", x(2, 3), nil, one("Softmax", []string{"x"}), []int{2, 3}, ""},
		{"softmax axis", x(2, 3), nil, one("Softmax", []string{"x"}, aInt("axis", 2)), nil, "out of range"},
		{"unsqueeze", x(2, 3), []*onnx.Tensor{intInit("a", 0, -1)}, one("Unsqueeze", []string{"x", "a"}), []int{1, 2, 3, 1}, ""},
		{"squeeze", x(1, 3, 1), []*onnx.Tensor{intInit("a", 0)}, one("Squeeze", []string{"x", "a"}), []int{3, 1}, ""},
		{"squeeze all", x(1, 3, 1), nil, one("Squeeze", []string{"x"}), []int{3}, ""},
		{"squeeze not 1", x(2, 3), []*onnx.Tensor{intInit("a", 0)}, one("Squeeze", []string{"x", "a"}), nil, "cannot squeeze"},
		{"batchnorm", x(1, 2, 3, 3), []*onnx.Tensor{floatInit("s", []int64{2}), floatInit("b", []int64{2}), floatInit("m", []int64{2}), floatInit("v", []int64{2}, 1, 2)},
			one("BatchNormalization", []string{"x", "s", "b", "m", "v"}), []int{1, 2, 3, 3}, ""},
		{"batchnorm bad", x(1, 3, 3, 3), []*onnx.Tensor{floatInit("s", []int64{2}), floatInit("b", []int64{2}), floatInit("m", []int64{2}), floatInit("v", []int64{2}, 1, 2)},
			one("BatchNormalization", []string{"x", "s", "b", "m", "v"}), nil, "want [3]"},
		{"clip", x(2, 3), nil, one("Clip", []string{"x"}), []int{2, 3}, ""},
		{"shape chain", x(2, 3, 4), []*onnx.Tensor{intInit("i", 0), intInit("m1", -1)}, []*onnx.Node{
			node("Shape", "sh", []string{"x"}, []string{"s"}),
			node("Gather", "ga", []string{"s", "i"}, []string{"s0"}),
			node("Concat", "ca", []string{"s0", "m1"}, []string{"s2"}, aInt("axis", 0)),
			node("Reshape", "n", []string{"x", "s2"}, []string{"out"}),
		}, []int{2, 12}, ""},
		{"torch view pattern", x(2, 3, 4), []*onnx.Tensor{{Name: "i", DataType: onnx.DataInt64, Ints: []int64{0}}, intInit("ax", 0), intInit("m1", -1)}, []*onnx.Node{
			node("Shape", "sh", []string{"x"}, []string{"s"}),
			node("Gather", "ga", []string{"s", "i"}, []string{"s0"}, aInt("axis", 0)),
			node("Unsqueeze", "un", []string{"s0", "ax"}, []string{"s1"}),
			node("Concat", "ca", []string{"s1", "m1"}, []string{"s2"}, aInt("axis", 0)),
			node("Reshape", "n", []string{"x", "s2"}, []string{"out"}),
		}, []int{2, 12}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Build(model(tt.inputs, tt.inits, tt.nodes, "out"))
			if err == nil {
				err = FoldConstants(g)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := g.Tensors["out"]
			if !got.Known || !reflect.DeepEqual(cloneInts(got.Shape), tt.want) {
				t.Errorf("shape %v (known %v), want %v", got.Shape, got.Known, tt.want)
			}
			// The interpreter must run the graph with these shapes.
			if _, err := g.Run(sampleInputs(g)); err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
}
