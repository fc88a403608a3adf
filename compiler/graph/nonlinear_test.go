package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// TestNonlinearOps runs each nonlinear op on a few inputs; the expected
// values are the functions' textbook values (tables of e, ln 2, erf,
// tanh and the normal CDF, to 10 digits).
func TestNonlinearOps(t *testing.T) {
	tests := []struct {
		op    string
		attrs []*onnx.Attribute
		in    []float32
		want  []float64
	}{
		{"Sigmoid", nil, []float32{0, 2, -2}, []float64{0.5, 0.8807970780, 0.1192029220}},
		{"Tanh", nil, []float32{0, 1, -0.5}, []float64{0, 0.7615941560, -0.4621171573}},
		{"Exp", nil, []float32{0, 1, -1}, []float64{1, 2.7182818285, 0.3678794412}},
		{"Erf", nil, []float32{0, 0.5, -1}, []float64{0, 0.5204998778, -0.8427007929}},
		{"Sqrt", nil, []float32{0, 2, 0.25}, []float64{0, 1.4142135624, 0.5}},
		{"Reciprocal", nil, []float32{4, -0.5, 3}, []float64{0.25, -2, 0.3333333333}},
		{"Softplus", nil, []float32{0, 1, -1}, []float64{0.6931471806, 1.3132616875, 0.3132616875}},
		// Exact GELU(x) = x * Phi(x): Phi(1) = 0.8413447461, Phi(-1) = 0.1586552539.
		{"Gelu", nil, []float32{0, 1, -1}, []float64{0, 0.8413447461, -0.1586552539}},
		// Tanh form: 0.5 * (1 + tanh(sqrt(2/pi) * 1.044715)) = 0.8411919906.
		{"Gelu", []*onnx.Attribute{aStr("approximate", "tanh")}, []float32{0, 1, -1}, []float64{0, 0.8411919906, -0.1588080094}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			m := model([]*onnx.ValueInfo{vinfo("x", 3)}, nil, []*onnx.Node{node(tt.op, "n", []string{"x"}, []string{"y"}, tt.attrs...)}, "y")
			g := mustBuild(t, m)
			got, err := g.Run(map[string][]float32{"x": tt.in})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				if d := math.Abs(float64(got["y"][i]) - w); d > 1e-6 {
					t.Errorf("%s(%g) = %g, want %g", tt.op, tt.in[i], got["y"][i], w)
				}
			}
		})
	}
}

// TestLayerNormalization checks one row by hand: x = [1, 2, 3, 4] has mean
// 2.5 and variance 1.25, so (x - 2.5)/sqrt(1.25) = [-1.3416408, -0.4472136,
// 0.4472136, 1.3416408]; scale [1, 2, 1, 1] and bias [0, 0, 1, 0] apply
// per element; the second row is the first plus 10 (same result).
func TestLayerNormalization(t *testing.T) {
	m := model([]*onnx.ValueInfo{vinfo("x", 2, 4)},
		[]*onnx.Tensor{floatInit("s", []int64{4}, 1, 2, 1, 1), floatInit("b", []int64{4}, 0, 0, 1, 0)},
		[]*onnx.Node{node("LayerNormalization", "ln", []string{"x", "s", "b"}, []string{"y"}, aFloat("epsilon", 0))}, "y")
	g := mustBuild(t, m)
	got, err := g.Run(map[string][]float32{"x": {1, 2, 3, 4, 11, 12, 13, 14}})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{-1.3416408, -0.8944272, 1.4472136, 1.3416408}
	for i, v := range got["y"] {
		if d := math.Abs(float64(v) - want[i%4]); d > 1e-5 {
			t.Errorf("y[%d] = %g, want %g", i, v, want[i%4])
		}
	}
}

func TestLayerNormalizationErrors(t *testing.T) {
	tests := []struct {
		name  string
		node  *onnx.Node
		inits []*onnx.Tensor
		want  string
	}{
		{"scale shape", node("LayerNormalization", "ln", []string{"x", "s"}, []string{"y"}),
			[]*onnx.Tensor{floatInit("s", []int64{3}, 1, 1, 1)}, `LayerNormalization "ln": operand "s" of shape [3] does not broadcast to the normalised dims [4]`},
		{"stats outputs", node("LayerNormalization", "ln", []string{"x", "s"}, []string{"y", "mean"}),
			[]*onnx.Tensor{floatInit("s", []int64{4}, 1, 1, 1, 1)}, `the Mean and InvStdDev outputs are not supported`},
		{"axis", node("LayerNormalization", "ln", []string{"x", "s"}, []string{"y"}, aInt("axis", 2)),
			[]*onnx.Tensor{floatInit("s", []int64{4}, 1, 1, 1, 1)}, `axis 2 out of range for rank 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(model([]*onnx.ValueInfo{vinfo("x", 2, 4)}, tt.inits, []*onnx.Node{tt.node}, "y"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestTrilu checks Trilu on x = [[1,2,3],[4,5,6],[7,8,9]] (a hand-made
// table): upper with k = 0 keeps j >= i, lower with k = -1 keeps j < i.
func TestTrilu(t *testing.T) {
	x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}
	tests := []struct {
		name  string
		attrs []*onnx.Attribute
		inits []*onnx.Tensor
		ins   []string
		want  []float32
	}{
		{"upper", nil, nil, []string{"x"}, []float32{1, 2, 3, 0, 5, 6, 0, 0, 9}},
		{"lower k=-1", []*onnx.Attribute{aInt("upper", 0)}, []*onnx.Tensor{intInit("k", -1)}, []string{"x", "k"}, []float32{0, 0, 0, 4, 0, 0, 7, 8, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustBuild(t, model([]*onnx.ValueInfo{vinfo("x", 3, 3)}, tt.inits, []*onnx.Node{node("Trilu", "tr", tt.ins, []string{"y"}, tt.attrs...)}, "y"))
			got, err := g.Run(map[string][]float32{"x": x})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				if got["y"][i] != w {
					t.Errorf("y = %v, want %v", got["y"], tt.want)
					break
				}
			}
		})
	}
}
