package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// TestKernels checks interpreter results against hand-computed values.
func TestKernels(t *testing.T) {
	x := func(dims ...int64) []*onnx.ValueInfo { return []*onnx.ValueInfo{vinfo("x", dims...)} }
	one := func(op string, ins []string, attrs ...*onnx.Attribute) []*onnx.Node {
		return []*onnx.Node{node(op, "n", ins, []string{"y"}, attrs...)}
	}
	seq := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(i + 1)
		}
		return v
	}
	tests := []struct {
		name   string
		inputs []*onnx.ValueInfo
		inits  []*onnx.Tensor
		nodes  []*onnx.Node
		in     []float32
		want   []float32
	}{
		{"avgpool exclude pad", x(1, 1, 2, 2), nil, one("AveragePool", []string{"x"}, aInts("kernel_shape", 2, 2), aInts("pads", 1, 1, 0, 0)),
			seq(4), []float32{1, 1.5, 2, 2.5}},
		{"avgpool include pad", x(1, 1, 2, 2), nil, one("AveragePool", []string{"x"}, aInts("kernel_shape", 2, 2), aInts("pads", 1, 1, 0, 0), aInt("count_include_pad", 1)),
			seq(4), []float32{0.25, 0.75, 1, 2.5}},
		{"maxpool pad", x(1, 1, 2, 2), nil, one("MaxPool", []string{"x"}, aInts("kernel_shape", 2, 2), aInts("pads", 1, 1, 0, 0)),
			[]float32{-1, -2, -3, -4}, []float32{-1, -1, -1, -1}},
		{"conv group 2", x(1, 2, 1, 2), []*onnx.Tensor{floatInit("w", []int64{2, 1, 1, 1}, 2, 3), floatInit("b", []int64{2}, 1, -1)},
			one("Conv", []string{"x", "w", "b"}, aInt("group", 2)), seq(4), []float32{3, 5, 8, 11}},
		{"conv dilation", x(1, 1, 1, 5), []*onnx.Tensor{floatInit("w", []int64{1, 1, 1, 2}, 1, 1)},
			one("Conv", []string{"x", "w"}, aInts("dilations", 1, 2)), seq(5), []float32{4, 6, 8}},
		{"matmul batch bcast", x(2, 1, 2), []*onnx.Tensor{floatInit("b", []int64{2, 1}, 1, 10)},
			one("MatMul", []string{"x", "b"}), seq(4), []float32{21, 43}},
		{"softmax axis 0", x(2, 1), nil, one("Softmax", []string{"x"}, aInt("axis", 0)), []float32{0, 0}, []float32{0.5, 0.5}},
		{"clip attrs", x(4), nil, one("Clip", []string{"x"}), []float32{-1, 0, 5, 7}, []float32{-1, 0, 5, 7}},
		{"sub div bcast", x(2, 2), []*onnx.Tensor{floatInit("d", []int64{2}, 1, 2)}, []*onnx.Node{
			node("Sub", "s", []string{"x", "d"}, []string{"t"}), node("Div", "v", []string{"t", "d"}, []string{"y"})}, seq(4), []float32{0, 0, 2, 1}},
		{"transpose 3d", x(1, 2, 3), nil, one("Transpose", []string{"x"}, aInts("perm", 2, 0, 1)), seq(6), []float32{1, 4, 2, 5, 3, 6}},
		{"concat axis 0", []*onnx.ValueInfo{vinfo("x", 1, 2)}, []*onnx.Tensor{floatInit("c", []int64{1, 2}, 9, 8)},
			one("Concat", []string{"c", "x"}, aInt("axis", 0)), seq(2), []float32{9, 8, 1, 2}},
		// 1-D windows: x = 1..5.
		{"conv 1d pad stride", x(1, 1, 5), []*onnx.Tensor{floatInit("w", []int64{1, 1, 3}, 1, 1, 1)},
			one("Conv", []string{"x", "w"}, aInts("pads", 1, 1), aInts("strides", 2)), seq(5), []float32{0 + 1 + 2, 2 + 3 + 4, 4 + 5 + 0}},
		{"conv 1d depthwise", x(1, 2, 3), []*onnx.Tensor{floatInit("w", []int64{2, 1, 2}, 1, -1, 2, 0)},
			one("Conv", []string{"x", "w"}, aInt("group", 2)), seq(6), []float32{1 - 2, 2 - 3, 8, 10}},
		{"maxpool 1d ceil", x(1, 1, 5), nil, one("MaxPool", []string{"x"}, aInts("kernel_shape", 2), aInts("strides", 2), aInt("ceil_mode", 1)),
			seq(5), []float32{2, 4, 5}},
		// AveragePool ceil mode: the last window [5] is clipped to the input:
		// divisor 1 without and with count_include_pad (no padding to count).
		{"avgpool 1d ceil", x(1, 1, 5), nil, one("AveragePool", []string{"x"}, aInts("kernel_shape", 2), aInts("strides", 2), aInt("ceil_mode", 1), aInt("count_include_pad", 1)),
			seq(5), []float32{1.5, 3.5, 5}},
		// Pads 1 each side, kernel 3 stride 2 on 1..4: windows [p,1,2], [2,3,4], [4,p] (ceil).
		{"avgpool 1d exclude pad ceil", x(1, 1, 4), nil, one("AveragePool", []string{"x"}, aInts("kernel_shape", 3), aInts("strides", 2), aInts("pads", 1, 1), aInt("ceil_mode", 1)),
			seq(4), []float32{1.5, 3, 4}},
		{"avgpool 1d include pad ceil", x(1, 1, 4), nil, one("AveragePool", []string{"x"}, aInts("kernel_shape", 3), aInts("strides", 2), aInts("pads", 1, 1), aInt("ceil_mode", 1), aInt("count_include_pad", 1)),
			seq(4), []float32{3.0 / 3, 9.0 / 3, 4.0 / 2}},
		{"conv 3d", x(1, 1, 2, 2, 2), []*onnx.Tensor{floatInit("w", []int64{1, 1, 2, 2, 2}, 1, 1, 1, 1, 1, 1, 1, 1)},
			one("Conv", []string{"x", "w"}), seq(8), []float32{36}},
		{"global max", x(1, 2, 2), nil, one("GlobalMaxPool", []string{"x"}), []float32{1, -3, -2, -5}, []float32{1, -2}},
		{"leaky relu", x(3), nil, one("LeakyRelu", []string{"x"}, aFloat("alpha", 0.5)), []float32{-2, 0, 3}, []float32{-1, 0, 3}},
		{"prelu channel", x(1, 2, 2), []*onnx.Tensor{floatInit("s", []int64{2, 1}, 0.5, -1)}, one("PRelu", []string{"x", "s"}),
			[]float32{-2, 2, -2, 2}, []float32{-1, 2, 2, 2}},
		// HardSigmoid: max(0, min(1, 0.25x + 0.5)); HardSwish: x*max(0, min(1, x/6 + 1/2)).
		{"hardsigmoid", x(3), nil, one("HardSigmoid", []string{"x"}, aFloat("alpha", 0.25)), []float32{-4, 1, 4}, []float32{0, 0.75, 1}},
		{"hardswish", x(3), nil, one("HardSwish", []string{"x"}), []float32{-3, 1.5, 3}, []float32{0, 1.5 * 0.75, 3}},
		{"neg abs", x(2), nil, []*onnx.Node{node("Neg", "a", []string{"x"}, []string{"t"}), node("Abs", "b", []string{"t"}, []string{"y"})},
			[]float32{-2, 3}, []float32{2, 3}},
		{"max min bcast", x(2, 2), []*onnx.Tensor{floatInit("c", []int64{2}, 1.5, 2.5), floatInit("d", nil, 3)}, []*onnx.Node{
			node("Max", "a", []string{"x", "c"}, []string{"t"}), node("Min", "b", []string{"t", "d"}, []string{"y"})},
			seq(4), []float32{1.5, 2.5, 3, 3}},
		{"reduce mean axes", x(2, 3), nil, one("ReduceMean", []string{"x"}, aInts("axes", 1), aInt("keepdims", 0)), seq(6), []float32{2, 5}},
		{"reduce sum operand", x(2, 3), []*onnx.Tensor{intInit("a", 0)}, one("ReduceSum", []string{"x", "a"}), seq(6), []float32{5, 7, 9}},
		{"reduce max all", x(2, 3), nil, one("ReduceMax", []string{"x"}, aInt("keepdims", 0)), []float32{1, 9, 3, 4, 5, -6}, []float32{9}},
		{"reduce min noop", x(2), nil, one("ReduceMin", []string{"x"}, aInt("noop_with_empty_axes", 1)), []float32{4, 3}, []float32{4, 3}},
		{"slice steps", x(2, 4), []*onnx.Tensor{intInit("s", 1, 3), intInit("e", 2, 0), intInit("a", 0, 1), intInit("st", 1, -2)},
			one("Slice", []string{"x", "s", "e", "a", "st"}), seq(8), []float32{8, 6}},
		{"split", x(5), []*onnx.Tensor{intInit("sp", 2, 3)}, []*onnx.Node{node("Split", "s", []string{"x", "sp"}, []string{"a", "b"}),
			node("Concat", "c", []string{"b", "a"}, []string{"y"}, aInt("axis", 0))}, seq(5), []float32{3, 4, 5, 1, 2}},
		{"pad constant", x(1, 2), []*onnx.Tensor{intInit("p", 0, 1, 1, 2), floatInit("v", nil, 7)}, one("Pad", []string{"x", "p", "v"}),
			seq(2), []float32{7, 1, 2, 7, 7, 7, 7, 7, 7, 7}},
		{"pad reflect", x(3), []*onnx.Tensor{intInit("p", 2, 2)}, one("Pad", []string{"x", "p"}, aStr("mode", "reflect")), seq(3), []float32{3, 2, 1, 2, 3, 2, 1}},
		{"pad edge crop", x(3), []*onnx.Tensor{intInit("p", -1, 2)}, one("Pad", []string{"x", "p"}, aStr("mode", "edge")), seq(3), []float32{2, 3, 3, 3}},
		{"pad wrap", x(3), []*onnx.Tensor{intInit("p", 1, 1)}, one("Pad", []string{"x", "p"}, aStr("mode", "wrap")), seq(3), []float32{3, 1, 2, 3, 1}},
		{"gather activation", x(2, 3), []*onnx.Tensor{intInit("i", 2, -3)}, one("Gather", []string{"x", "i"}, aInt("axis", 1)), seq(6), []float32{3, 1, 6, 4}},
		{"cast to float", x(2), nil, []*onnx.Node{node("Cast", "c", []string{"x"}, []string{"y"}, aInt("to", int64(onnx.DataFloat)))}, []float32{1.5, 2}, []float32{1.5, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Import(model(tt.inputs, tt.inits, tt.nodes, "y"))
			if err != nil {
				t.Fatal(err)
			}
			out, err := g.Run(map[string][]float32{"x": tt.in})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if _, err := compare(out["y"], want, 1e-6); err != nil {
				t.Errorf("got %v, want %v: %v", out["y"], want, err)
			}
		})
	}
}

func TestGemmAlphaBeta(t *testing.T) {
	// A (2x1) transposed is [3 4]; B (2x2); Y = 2*A^T*B + 0.5*10.
	m := model([]*onnx.ValueInfo{vinfo("x", 2, 1)}, []*onnx.Tensor{floatInit("b", []int64{2, 2}, 1, 2, 3, 4), floatInit("c", nil, 10)},
		[]*onnx.Node{node("Gemm", "g", []string{"x", "b", "c"}, []string{"y"}, aInt("transA", 1), aFloat("alpha", 2), aFloat("beta", 0.5))}, "y")
	g, err := Import(m)
	if err != nil {
		t.Fatal(err)
	}
	out, err := g.Run(map[string][]float32{"x": {3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{2*(3*1+4*3) + 5, 2*(3*2+4*4) + 5}
	if _, err := compare(out["y"], want, 1e-6); err != nil {
		t.Error(err)
	}
}

func TestSoftmaxLegacy(t *testing.T) {
	// Opset 11 Softmax with axis=1 on [1,2,2] normalises over all 4 values.
	m := model([]*onnx.ValueInfo{vinfo("x", 1, 2, 2)}, nil, []*onnx.Node{node("Softmax", "s", []string{"x"}, []string{"y"})}, "y")
	m.Opsets[0].Version = 11
	g, err := Import(m)
	if err != nil {
		t.Fatal(err)
	}
	out, err := g.Run(map[string][]float32{"x": {0, 0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compare(out["y"], []float32{0.25, 0.25, 0.25, 0.25}, 1e-6); err != nil {
		t.Error(err)
	}
}

func TestRunInputErrors(t *testing.T) {
	g, err := Import(model([]*onnx.ValueInfo{vinfo("x", 2)}, nil, []*onnx.Node{node("Relu", "r", []string{"x"}, []string{"y"})}, "y"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   map[string][]float32
		want string
	}{
		{map[string][]float32{}, `input "x" not given`},
		{map[string][]float32{"x": {1}}, "1 values, want 2"},
		{map[string][]float32{"x": {1, 2}, "z": {1}}, `"z" is not a graph input`},
	}
	for _, tt := range tests {
		if _, err := g.Run(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run(%v) error %v, want %q", tt.in, err, tt.want)
		}
	}
	out, err := g.Run(map[string][]float32{"x": {-1, 2}})
	if err != nil || out["y"][0] != 0 || out["y"][1] != 2 || math.IsNaN(float64(out["y"][0])) {
		t.Errorf("Run = %v, %v", out, err)
	}
}

// TestShapeArithmetic folds the shape computations the exporters write and
// checks the folded constants against hand-computed values.
func TestShapeArithmetic(t *testing.T) {
	i64 := func(name string, v ...int64) *onnx.Tensor { return intInit(name, v...) }
	scalar := func(name string, v int64) *onnx.Tensor {
		return &onnx.Tensor{Name: name, DataType: onnx.DataInt64, Ints: []int64{v}}
	}
	tests := []struct {
		name  string
		inits []*onnx.Tensor
		nodes []*onnx.Node
		want  []int64 // value of "k"
	}{
		// torch.nn.functional.pad's pads as the TorchScript exporter writes
		// them: [0,1,0,1] (PyTorch order) -> ONNX [0,0,0,0, 0,0,1,1].
		{"F.pad", []*onnx.Tensor{i64("pt", 0, 1, 0, 1), i64("four", 4), i64("s", -1), i64("e", math.MinInt64), i64("ax", 0), i64("st", -1), i64("shape", -1, 2)}, []*onnx.Node{
			node("ConstantOfShape", "cs", []string{"four"}, []string{"zeros"}, aTensor("value", i64("", 0))),
			node("Concat", "cat", []string{"pt", "zeros"}, []string{"p8"}, aInt("axis", 0)),
			node("Reshape", "r", []string{"p8", "shape"}, []string{"p42"}),
			node("Slice", "sl", []string{"p42", "s", "e", "ax", "st"}, []string{"rev"}),
			node("Transpose", "tr", []string{"rev"}, []string{"tt"}, aInts("perm", 1, 0)),
			node("Reshape", "r2", []string{"tt", "s"}, []string{"flat"}),
			node("Cast", "k", []string{"flat"}, []string{"k"}, aInt("to", int64(onnx.DataInt64))),
		}, []int64{0, 0, 0, 0, 0, 0, 1, 1}},
		{"mod div mul", []*onnx.Tensor{i64("a", 7, -7), i64("b", 3)}, []*onnx.Node{
			node("Mod", "m", []string{"a", "b"}, []string{"r"}),
			node("Div", "d", []string{"a", "b"}, []string{"q"}),
			node("Mul", "mu", []string{"q", "b"}, []string{"qb"}),
			node("Concat", "k", []string{"r", "qb"}, []string{"k"}, aInt("axis", 0)),
		}, []int64{1, 2, 6, -6}}, // Python's %: -7 % 3 = 2; Div truncates: -7/3 = -2
		{"fmod", []*onnx.Tensor{i64("a", -7), i64("b", 3)}, []*onnx.Node{
			node("Mod", "k", []string{"a", "b"}, []string{"k"}, aInt("fmod", 1))}, []int64{-1}},
		{"range where equal", []*onnx.Tensor{scalar("s", 0), scalar("l", 5), scalar("d", 2), i64("two", 2), i64("minus", -1)}, []*onnx.Node{
			node("Range", "rg", []string{"s", "l", "d"}, []string{"r"}), // [0 2 4]
			node("Equal", "eq", []string{"r", "two"}, []string{"m"}),
			node("Not", "nt", []string{"m"}, []string{"nm"}),
			node("Where", "k", []string{"nm", "r", "minus"}, []string{"k"}),
		}, []int64{0, -1, 4}},
		{"less greater expand", []*onnx.Tensor{i64("a", 1, 5), i64("b", 3), i64("shape", 2, 1), i64("minus1", -1)}, []*onnx.Node{
			node("Less", "ls", []string{"a", "b"}, []string{"l"}),
			node("Greater", "gt", []string{"a", "b"}, []string{"g"}),
			node("Cast", "cl", []string{"l"}, []string{"li"}, aInt("to", int64(onnx.DataInt64))),
			node("Cast", "cg", []string{"g"}, []string{"gi"}, aInt("to", int64(onnx.DataInt64))),
			node("Sub", "sb", []string{"li", "gi"}, []string{"d"}),
			node("Expand", "e", []string{"d", "shape"}, []string{"e"}),
			node("Reshape", "k", []string{"e", "minus1"}, []string{"k"}),
		}, []int64{1, -1, 1, -1}},
		{"shape size start", nil, []*onnx.Node{
			node("Shape", "sh", []string{"x"}, []string{"s"}, aInt("start", -2)),
			node("Size", "sz", []string{"x"}, []string{"n"}),
			node("Unsqueeze", "u", []string{"n", "zero"}, []string{"n1"}),
			node("Concat", "k", []string{"s", "n1"}, []string{"k"}, aInt("axis", 0)),
		}, []int64{3, 4, 24}},
		{"gather max min abs neg", []*onnx.Tensor{i64("a", 4, -9, 2), scalar("i", 1), i64("c", 3)}, []*onnx.Node{
			node("Gather", "g", []string{"a", "i"}, []string{"ai"}),
			node("Abs", "ab", []string{"ai"}, []string{"aa"}),
			node("Neg", "ng", []string{"a"}, []string{"na"}),
			node("Max", "mx", []string{"na", "c", "aa"}, []string{"mm"}),
			node("Min", "k", []string{"mm", "aa"}, []string{"k"}),
		}, []int64{9, 9, 9}},
		{"reduce ints", []*onnx.Tensor{i64("a", 1, 2, 3)}, []*onnx.Node{
			node("ReduceSum", "k", []string{"a"}, []string{"k"}, aInt("keepdims", 1)),
		}, []int64{6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// y = x + float(k): after folding only the Add is left, with
			// float(k) as its constant operand.
			inits := append([]*onnx.Tensor{i64("zero", 0)}, tt.inits...)
			nodes := append(append([]*onnx.Node{}, tt.nodes...),
				node("Cast", "kf", []string{"k"}, []string{"kf"}, aInt("to", int64(onnx.DataFloat))),
				node("Add", "add", []string{"x", "kf"}, []string{"y"}))
			m := model([]*onnx.ValueInfo{vinfo("x", int64(len(tt.want))), vinfo("z", 2, 3, 4)}, inits, nodes, "y")
			for _, n := range m.Graph.Nodes {
				for i, in := range n.Inputs {
					if in == "x" && n.Name != "add" {
						n.Inputs[i] = "z"
					}
				}
			}
			g, err := Import(m)
			if err != nil {
				t.Fatal(err)
			}
			if got := opsOf(g); len(got) != 1 || got[0] != OpAdd {
				t.Fatalf("nodes left: %v", got)
			}
			k := g.Tensors[g.Nodes[0].Inputs[1]]
			if k == nil || !k.Const || len(k.Floats) != len(tt.want) {
				t.Fatalf("folded constant %+v, want %v", k, tt.want)
			}
			for i := range tt.want {
				if k.Floats[i] != float32(tt.want[i]) {
					t.Fatalf("k = %v, want %v", k.Floats, tt.want)
				}
			}
		})
	}
}
