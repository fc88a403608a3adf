package fromgraph

import (
	"math"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/onnx"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

// Ops the zoo does not exercise, checked against the float graph interpreter
// on models built in memory.

func vi(name string, dims ...int64) *onnx.ValueInfo {
	v := &onnx.ValueInfo{Name: name, ElemType: onnx.DataFloat, HasShape: true}
	for _, d := range dims {
		v.Dims = append(v.Dims, onnx.Dim{Value: d, Known: true})
	}
	return v
}

func initF(name string, dims ...int64) *onnx.Tensor {
	n := int64(1)
	for _, d := range dims {
		n *= d
	}
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(0.5 * math.Sin(float64(3*i+len(name))))
	}
	return &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Dims: dims, Floats: vals}
}

func ints(name string, v ...int64) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrInts, Ints: v}
}

func intA(name string, v int64) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrInt, I: v}
}

func TestSyntheticOps(t *testing.T) {
	tests := []struct {
		name  string
		nodes []*onnx.Node
		inits []*onnx.Tensor
		in    *onnx.ValueInfo
		out   *onnx.ValueInfo
	}{
		{"grouped strided dilated conv",
			[]*onnx.Node{{Name: "c", OpType: "Conv", Inputs: []string{"x", "w", "b"}, Outputs: []string{"y"},
				Attributes: []*onnx.Attribute{intA("group", 2), ints("strides", 2, 1), ints("dilations", 1, 2), ints("pads", 1, 0, 2, 1)}}},
			[]*onnx.Tensor{initF("w", 4, 2, 3, 3), initF("b", 4)}, vi("x", 1, 4, 7, 7), vi("y", 1, 4, 5, 4)},
		{"transpose and sub with broadcast",
			[]*onnx.Node{
				{Name: "t", OpType: "Transpose", Inputs: []string{"x"}, Outputs: []string{"xt"}, Attributes: []*onnx.Attribute{ints("perm", 0, 2, 3, 1)}},
				{Name: "s", OpType: "Sub", Inputs: []string{"xt", "c"}, Outputs: []string{"y"}},
			},
			[]*onnx.Tensor{initF("c", 3)}, vi("x", 1, 3, 2, 4), vi("y", 1, 2, 4, 3)},
		{"ceil-mode padded maxpool",
			[]*onnx.Node{{Name: "p", OpType: "MaxPool", Inputs: []string{"x"}, Outputs: []string{"y"},
				Attributes: []*onnx.Attribute{ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), intA("ceil_mode", 1)}}},
			nil, vi("x", 1, 2, 6, 6), vi("y", 1, 2, 4, 4)},
		{"padded avgpool counting pads, reciprocal divisor",
			[]*onnx.Node{{Name: "p", OpType: "AveragePool", Inputs: []string{"x"}, Outputs: []string{"y"},
				Attributes: []*onnx.Attribute{ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), intA("count_include_pad", 1)}}},
			nil, vi("x", 1, 2, 5, 5), vi("y", 1, 2, 5, 5)},
		{"gemm without transposes, alpha and beta",
			[]*onnx.Node{{Name: "g", OpType: "Gemm", Inputs: []string{"x", "w", "c"}, Outputs: []string{"y"},
				Attributes: []*onnx.Attribute{{Name: "alpha", Type: onnx.AttrFloat, F: 0.5}, {Name: "beta", Type: onnx.AttrFloat, F: 2}}}},
			[]*onnx.Tensor{initF("w", 6, 5), initF("c", 1, 5)}, vi("x", 3, 6), vi("y", 3, 5)},
	}
	unary := func(op string, attrs ...*onnx.Attribute) []*onnx.Node {
		return []*onnx.Node{{Name: "f", OpType: op, Inputs: []string{"x"}, Outputs: []string{"y"}, Attributes: attrs}}
	}
	// shifted applies op to x + c (c = 3: Reciprocal and Sqrt away from 0).
	shifted := func(op string) []*onnx.Node {
		return []*onnx.Node{
			{Name: "a", OpType: "Add", Inputs: []string{"x", "c"}, Outputs: []string{"xc"}},
			{Name: "f", OpType: op, Inputs: []string{"xc"}, Outputs: []string{"y"}},
		}
	}
	three := []*onnx.Tensor{{Name: "c", DataType: onnx.DataFloat, Dims: []int64{1}, Floats: []float32{3}}}
	for _, op := range []string{"Sigmoid", "Tanh", "Erf", "Exp", "Gelu"} {
		tests = append(tests, struct {
			name  string
			nodes []*onnx.Node
			inits []*onnx.Tensor
			in    *onnx.ValueInfo
			out   *onnx.ValueInfo
		}{op, unary(op), nil, vi("x", 2, 9), vi("y", 2, 9)})
	}
	tests = append(tests, []struct {
		name  string
		nodes []*onnx.Node
		inits []*onnx.Tensor
		in    *onnx.ValueInfo
		out   *onnx.ValueInfo
	}{
		{"Gelu tanh form", unary("Gelu", &onnx.Attribute{Name: "approximate", Type: onnx.AttrString, S: []byte("tanh")}), nil, vi("x", 2, 9), vi("y", 2, 9)},
		{"Reciprocal", shifted("Reciprocal"), three, vi("x", 2, 9), vi("y", 2, 9)},
		{"Sqrt", shifted("Sqrt"), three, vi("x", 2, 9), vi("y", 2, 9)},
		{"Softmax", unary("Softmax"), nil, vi("x", 2, 3, 9), vi("y", 2, 3, 9)},
		{"LayerNormalization", []*onnx.Node{{Name: "ln", OpType: "LayerNormalization", Inputs: []string{"x", "s", "b"}, Outputs: []string{"y"}}},
			[]*onnx.Tensor{initF("s", 9), initF("b", 9)}, vi("x", 2, 3, 9), vi("y", 2, 3, 9)},
		// x / (max over the row + 3): one reciprocal per row, shared by its lanes.
		{"Div by a row maximum", []*onnx.Node{
			{Name: "m", OpType: "ReduceMax", Inputs: []string{"x", "axes"}, Outputs: []string{"m"}},
			{Name: "a", OpType: "Add", Inputs: []string{"m", "c"}, Outputs: []string{"d"}},
			{Name: "q", OpType: "Div", Inputs: []string{"x", "d"}, Outputs: []string{"y"}},
		}, append([]*onnx.Tensor{initI("axes", 1)}, three...), vi("x", 2, 9), vi("y", 2, 9)},
		// A causal mask as Where(mask, -inf, x) (the -inf saturates to the
		// format's minimum), then Softmax; and Trilu of an activation.
		{"Where causal mask and Softmax", []*onnx.Node{
			{Name: "w", OpType: "Where", Inputs: []string{"mask", "ninf", "x"}, Outputs: []string{"s"}},
			{Name: "p", OpType: "Softmax", Inputs: []string{"s"}, Outputs: []string{"y"}},
		}, []*onnx.Tensor{
			{Name: "mask", DataType: onnx.DataBool, Dims: []int64{4, 4}, Ints: []int64{0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0}},
			{Name: "ninf", DataType: onnx.DataFloat, Dims: []int64{1}, Floats: []float32{float32(math.Inf(-1))}},
		}, vi("x", 2, 4, 4), vi("y", 2, 4, 4)},
		{"Trilu", []*onnx.Node{{Name: "t", OpType: "Trilu", Inputs: []string{"x"}, Outputs: []string{"y"}, Attributes: []*onnx.Attribute{intA("upper", 0)}}},
			nil, vi("x", 2, 3, 5), vi("y", 2, 3, 5)},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 20}}, Graph: &onnx.Graph{
				Name: "g", Nodes: tt.nodes, Initializers: tt.inits, Inputs: []*onnx.ValueInfo{tt.in}, Outputs: []*onnx.ValueInfo{tt.out}}}
			g, err := graph.Import(m)
			if err != nil {
				t.Fatal(err)
			}
			x := g.Tensor("x")
			in := make([]float32, x.Size())
			for i := range in {
				in[i] = float32(2 * math.Cos(float64(i)*0.7))
			}
			want, err := g.Run(map[string][]float32{"x": in})
			if err != nil {
				t.Fatal(err)
			}
			p, err := Lower(g, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := RunFloat(p, map[string][]float32{"x": in}, []string{"y"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got["y"]) != len(want["y"]) {
				t.Fatalf("%d outputs, want %d", len(got["y"]), len(want["y"]))
			}
			worst := 0.0
			for i, w := range want["y"] {
				worst = math.Max(worst, math.Abs(got["y"][i]-float64(w)))
			}
			t.Logf("%d outputs, max abs error %.4f vs the float graph", len(want["y"]), worst)
			if worst > 0.02 {
				t.Errorf("max abs error %.4f vs the float graph", worst)
			}
			// Unrolled and partitioned, the program computes the same bits.
			for _, u := range []string{"*=2", "*=3", "*=4"} {
				q := air.Clone(p)
				s, _ := partition.ParseSchedule(u)
				if _, err := partition.Apply(q, s, nil); err != nil {
					t.Fatalf("%s: %v", u, err)
				}
				again, err := RunFloat(q, map[string][]float32{"x": in}, []string{"y"})
				if err != nil {
					t.Fatalf("%s: %v", u, err)
				}
				for i := range again["y"] {
					if again["y"][i] != got["y"][i] {
						t.Fatalf("%s: y[%d] = %v after partitioning, %v before", u, i, again["y"][i], got["y"][i])
					}
				}
			}
		})
	}
}
