package fromgraph

import (
	"math"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/onnx"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

func floatA(name string, v float32) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrFloat, F: v}
}

func strA(name, v string) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrString, S: []byte(v)}
}

func initI(name string, v ...int64) *onnx.Tensor {
	return &onnx.Tensor{Name: name, DataType: onnx.DataInt64, Dims: []int64{int64(len(v))}, Ints: v}
}

func initV(name string, dims []int64, v ...float32) *onnx.Tensor {
	return &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Dims: dims, Floats: v}
}

func nd(op string, ins []string, outs []string, attrs ...*onnx.Attribute) *onnx.Node {
	return &onnx.Node{Name: op + "_" + outs[0], OpType: op, Inputs: ins, Outputs: outs, Attributes: attrs}
}

// TestLayers lowers the everyday layers in their corner cases and checks
// the bit-exact interpreter against the float graph interpreter (each
// output within tol), before and after unrolling and partitioning.
func TestLayers(t *testing.T) {
	x := func(dims ...int64) []*onnx.ValueInfo { return []*onnx.ValueInfo{vi("x", dims...)} }
	tests := []struct {
		name    string
		inputs  []*onnx.ValueInfo
		inits   []*onnx.Tensor
		nodes   []*onnx.Node
		outputs []*onnx.ValueInfo
		tol     float64
	}{
		{"conv 1d grouped strided dilated padded", x(1, 4, 17), []*onnx.Tensor{initF("w", 6, 2, 3), initF("b", 6)},
			[]*onnx.Node{nd("Conv", []string{"x", "w", "b"}, []string{"y"}, intA("group", 2), ints("strides", 2), ints("dilations", 2), ints("pads", 1, 3))},
			[]*onnx.ValueInfo{vi("y", 1, 6, 9)}, 0.02},
		{"conv 2d asymmetric pads", x(1, 3, 7, 6), []*onnx.Tensor{initF("w", 4, 3, 3, 2)},
			[]*onnx.Node{nd("Conv", []string{"x", "w"}, []string{"y"}, ints("strides", 2, 2), ints("pads", 0, 1, 1, 0))},
			[]*onnx.ValueInfo{vi("y", 1, 4, 3, 3)}, 0.02},
		{"pools 1d: max ceil, avg exclude pad, avg ceil include pad", x(1, 2, 9), nil, []*onnx.Node{
			nd("MaxPool", []string{"x"}, []string{"a"}, ints("kernel_shape", 2), ints("strides", 2), intA("ceil_mode", 1)),
			nd("AveragePool", []string{"x"}, []string{"b"}, ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 1)),
			nd("AveragePool", []string{"x"}, []string{"c"}, ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 1), intA("ceil_mode", 1), intA("count_include_pad", 1)),
		}, []*onnx.ValueInfo{vi("a", 1, 2, 5), vi("b", 1, 2, 5), vi("c", 1, 2, 5)}, 0.01},
		{"pools 2d: avg ceil, avg exclude pad dilated, global max", x(1, 2, 7, 6), nil, []*onnx.Node{
			nd("AveragePool", []string{"x"}, []string{"a"}, ints("kernel_shape", 2, 3), ints("strides", 2, 2), intA("ceil_mode", 1)),
			nd("AveragePool", []string{"x"}, []string{"b"}, ints("kernel_shape", 3, 3), ints("pads", 1, 2, 1, 0), ints("dilations", 1, 2)),
			nd("GlobalMaxPool", []string{"x"}, []string{"c"}),
		}, []*onnx.ValueInfo{vi("a", 1, 2, 4, 3), vi("b", 1, 2, 7, 4), vi("c", 1, 2, 1, 1)}, 0.01},
		{"reduce over axes", x(2, 3, 4), []*onnx.Tensor{initI("ax", 0, 2)}, []*onnx.Node{
			nd("ReduceMean", []string{"x", "ax"}, []string{"a"}, intA("keepdims", 0)),
			nd("ReduceSum", []string{"x"}, []string{"b"}, ints("axes", 1)),
			nd("ReduceMax", []string{"x"}, []string{"c"}),
			nd("ReduceMin", []string{"x"}, []string{"d"}, ints("axes", -1), intA("keepdims", 0)),
		}, []*onnx.ValueInfo{vi("a", 3), vi("b", 2, 1, 4), vi("c", 1, 1, 1), vi("d", 2, 3)}, 0.01},
		{"activations", x(2, 3, 4), []*onnx.Tensor{initV("slope", []int64{3, 1}, 0.25, -0.5, 2)}, []*onnx.Node{
			nd("LeakyRelu", []string{"x"}, []string{"a"}, floatA("alpha", 0.1)),
			nd("LeakyRelu", []string{"x"}, []string{"b"}, floatA("alpha", 1.5)),
			nd("LeakyRelu", []string{"x"}, []string{"c"}, floatA("alpha", -0.3)),
			nd("PRelu", []string{"x", "slope"}, []string{"d"}),
			nd("HardSigmoid", []string{"x"}, []string{"e"}),
			nd("HardSwish", []string{"x"}, []string{"f"}),
			nd("Neg", []string{"x"}, []string{"g"}),
			nd("Abs", []string{"x"}, []string{"h"}),
		}, []*onnx.ValueInfo{vi("a", 2, 3, 4), vi("b", 2, 3, 4), vi("c", 2, 3, 4), vi("d", 2, 3, 4), vi("e", 2, 3, 4), vi("f", 2, 3, 4), vi("g", 2, 3, 4), vi("h", 2, 3, 4)}, 0.01},
		{"arithmetic with constants", []*onnx.ValueInfo{vi("x", 2, 3), vi("z", 3)}, []*onnx.Tensor{initV("k", []int64{3}, 0.3, -7, 2.5), initV("s", nil, 3)}, []*onnx.Node{
			nd("Div", []string{"x", "k"}, []string{"a"}),
			nd("Div", []string{"x", "s"}, []string{"b"}),
			nd("Mul", []string{"k", "x"}, []string{"c"}),
			nd("Sub", []string{"k", "x"}, []string{"d"}),
			nd("Max", []string{"x", "z", "s"}, []string{"e"}),
			nd("Min", []string{"z", "x"}, []string{"f"}),
			// c = -7*x: the input's rounding (2^-9) times 7 is 0.0137.
		}, []*onnx.ValueInfo{vi("a", 2, 3), vi("b", 2, 3), vi("c", 2, 3), vi("d", 2, 3), vi("e", 2, 3), vi("f", 2, 3)}, 0.015},
		{"gemm transA alpha beta, runtime operands", []*onnx.ValueInfo{vi("x", 4, 3), vi("z", 4, 5), vi("c", 1, 5)}, nil, []*onnx.Node{
			nd("Gemm", []string{"x", "z", "c"}, []string{"y"}, intA("transA", 1), floatA("alpha", 0.75), floatA("beta", -1.5)),
		}, []*onnx.ValueInfo{vi("y", 3, 5)}, 0.02},
		{"gemm constant A, transposes", x(5, 4), []*onnx.Tensor{initF("a", 4, 3), initF("c", 5)}, []*onnx.Node{
			nd("Gemm", []string{"a", "x", "c"}, []string{"y"}, intA("transA", 1), intA("transB", 1), floatA("alpha", 2), floatA("beta", 0.5)),
		}, []*onnx.ValueInfo{vi("y", 3, 5)}, 0.02},
		{"batched matmul with constants", x(2, 3, 4), []*onnx.Tensor{initF("w", 4, 5), initF("v", 5), initF("u", 2, 1, 3)}, []*onnx.Node{
			nd("MatMul", []string{"x", "w"}, []string{"a"}),
			nd("MatMul", []string{"a", "v"}, []string{"b"}),
			nd("MatMul", []string{"u", "x"}, []string{"c"}),
		}, []*onnx.ValueInfo{vi("a", 2, 3, 5), vi("b", 2, 3), vi("c", 2, 1, 4)}, 0.02},
		{"slice split pad gather transpose", x(2, 3, 5), []*onnx.Tensor{
			initI("st", -1, 1), initI("en", math.MinInt64, 5), initI("ax", 0, 2), initI("sp", -2, 2),
			initI("sizes", 1, 2), initI("pads", 0, 1, -1, 0, 0, 2), {Name: "idx", DataType: onnx.DataInt64, Dims: []int64{2, 2}, Ints: []int64{4, 0, -1, 2}},
		}, []*onnx.Node{
			nd("Slice", []string{"x", "st", "en", "ax", "sp"}, []string{"a"}),
			nd("Split", []string{"x", "sizes"}, []string{"b", "c"}, intA("axis", 1)),
			nd("Pad", []string{"x", "pads"}, []string{"d"}),
			nd("Gather", []string{"x", "idx"}, []string{"e"}, intA("axis", 2)),
			nd("Transpose", []string{"x"}, []string{"f"}, ints("perm", 2, 0, 1)),
		}, []*onnx.ValueInfo{vi("a", 2, 3, 2), vi("b", 2, 1, 5), vi("c", 2, 2, 5), vi("d", 2, 4, 6), vi("e", 2, 3, 2, 2), vi("f", 5, 2, 3)}, 0.005},
		{"batchnorm 1d", x(2, 3, 4), []*onnx.Tensor{initF("g", 3), initF("b", 3), initF("m", 3), initV("v", []int64{3}, 0.5, 1, 2)}, []*onnx.Node{
			nd("BatchNormalization", []string{"x", "g", "b", "m", "v"}, []string{"y"}),
		}, []*onnx.ValueInfo{vi("y", 2, 3, 4)}, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: &onnx.Graph{
				Name: "g", Nodes: tt.nodes, Initializers: tt.inits, Inputs: tt.inputs, Outputs: tt.outputs}}
			g, err := graph.Import(m)
			if err != nil {
				t.Fatal(err)
			}
			in := map[string][]float32{}
			for k, name := range g.Inputs {
				v := make([]float32, g.Tensor(name).Size())
				for i := range v {
					v[i] = float32(2.5 * math.Cos(float64(i)*0.7+float64(k)))
				}
				in[name] = v
			}
			want, err := g.Run(in)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Lower(g, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := RunFloat(p, in, g.Outputs)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range g.Outputs {
				worst := 0.0
				for i, w := range want[o] {
					worst = math.Max(worst, math.Abs(got[o][i]-float64(w)))
				}
				t.Logf("%s: %d values, max abs error %.4f vs the float graph", o, len(want[o]), worst)
				if len(got[o]) != len(want[o]) || worst > tt.tol {
					t.Errorf("%s: %d values (want %d), max abs error %.4f > %g", o, len(got[o]), len(want[o]), worst, tt.tol)
				}
			}
			for _, u := range []string{"*=2", "*=3"} {
				q := air.Clone(p)
				s, _ := partition.ParseSchedule(u)
				if _, err := partition.Apply(q, s, nil); err != nil {
					t.Fatalf("%s: %v", u, err)
				}
				again, err := RunFloat(q, in, g.Outputs)
				if err != nil {
					t.Fatalf("%s: %v", u, err)
				}
				for _, o := range g.Outputs {
					for i := range again[o] {
						if again[o][i] != got[o][i] {
							t.Fatalf("%s: %s[%d] = %v after partitioning, %v before", u, o, i, again[o][i], got[o][i])
						}
					}
				}
			}
		})
	}
}

// TestLowerErrors checks that every node that cannot be lowered is
// reported in one error, with its op, name, module and a hint.
func TestLowerErrors(t *testing.T) {
	m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: &onnx.Graph{
		Name:         "g",
		Inputs:       []*onnx.ValueInfo{vi("x", 1, 2, 3, 4), vi("z", 1, 2, 3, 4)},
		Initializers: []*onnx.Tensor{initI("pads", 0, 0, 1, 1, 0, 0, 1, 1), initI("shape", 1, 1, 2, 3, 4)},
		Nodes: []*onnx.Node{
			{Name: "/head/softmax/Softmax", OpType: "Softmax", Inputs: []string{"x"}, Outputs: []string{"a"}},
			nd("Pad", []string{"a", "pads"}, []string{"b"}, strA("mode", "reflect")),
			nd("Div", []string{"x", "z"}, []string{"c"}),
			nd("Reshape", []string{"c", "shape"}, []string{"d"}),
		},
		Outputs: []*onnx.ValueInfo{vi("b"), vi("d")},
	}}
	g, err := graph.Import(m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lower(g, Options{})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"4 node(s) cannot be lowered to hardware:",
		"\n  Softmax \"/head/softmax/Softmax\" (PyTorch module head.softmax): no hardware lowering for Softmax yet; ",
		"\n  Pad \"Pad_b\": Pad mode \"reflect\" has no hardware lowering; use constant (zero) padding",
		"\n  Div \"Div_c\": Div by a tensor known only at run time; the hardware has no divider",
		"\n  Reshape \"Reshape_d\": tensor \"d\" has rank 5; hardware memories have at most 4 dims",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}
