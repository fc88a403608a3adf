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
