package fromgraph

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/onnx"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

// float32Tol bounds the error of a float32 program against a float32
// reference, relative to the largest magnitude of the output (at least 1):
// both round every operation to binary32 but may sum in another order.
const float32Tol = 1e-5

// compareFloat32 checks got against want: the same non-finite values
// (+inf, -inf, NaN) at the same places, and finite ones within tol
// relative to max(1, the largest finite |want|). It returns the largest
// relative error.
func compareFloat32(t *testing.T, what string, got []float64, want []float32, tol float64) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	scale := 1.0
	for _, w := range want {
		if !math.IsInf(float64(w), 0) && !math.IsNaN(float64(w)) {
			scale = math.Max(scale, math.Abs(float64(w)))
		}
	}
	worst := 0.0
	for i, w := range want {
		g, wf := got[i], float64(w)
		switch {
		case math.IsNaN(wf) || math.IsInf(wf, 0):
			if !(math.IsNaN(g) && math.IsNaN(wf)) && g != wf {
				t.Errorf("%s[%d] = %v, want %v", what, i, g, wf)
			}
		default:
			worst = math.Max(worst, math.Abs(g-wf)/scale)
		}
	}
	if worst > tol {
		t.Errorf("%s: error %.3g relative to %g, above %g", what, worst, scale, tol)
	}
	return worst
}

// TestLayersFloat32 lowers the layers that gained a float32 lowering with
// Options.Float32 (pools in their padding and ceil variants, reductions,
// activations, Div, BatchNormalization, Gather, Where and Trilu masks) and
// checks the interpreter against the float graph interpreter, before and
// after unrolling and partitioning (bit-identical).
func TestLayersFloat32(t *testing.T) {
	x := func(dims ...int64) []*onnx.ValueInfo { return []*onnx.ValueInfo{vi("x", dims...)} }
	ninf := float32(math.Inf(-1))
	tests := []struct {
		name    string
		inputs  []*onnx.ValueInfo
		inits   []*onnx.Tensor
		nodes   []*onnx.Node
		outputs []*onnx.ValueInfo
		// ops (air operation names) the program must contain, and not contain.
		has, hasNot []string
	}{
		{"pools 1d: max ceil, avg exclude pad, avg ceil include pad", x(1, 2, 9), nil, []*onnx.Node{
			nd("MaxPool", []string{"x"}, []string{"a"}, ints("kernel_shape", 2), ints("strides", 2), intA("ceil_mode", 1)),
			nd("AveragePool", []string{"x"}, []string{"b"}, ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 1)),
			nd("AveragePool", []string{"x"}, []string{"c"}, ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 1), intA("ceil_mode", 1), intA("count_include_pad", 1)),
		}, []*onnx.ValueInfo{vi("a", 1, 2, 5), vi("b", 1, 2, 5), vi("c", 1, 2, 5)}, []string{"div(", "max("}, nil},
		{"pools 2d: avg ceil, avg exclude pad dilated, global max, padded max", x(1, 2, 7, 6), nil, []*onnx.Node{
			nd("AveragePool", []string{"x"}, []string{"a"}, ints("kernel_shape", 2, 3), ints("strides", 2, 2), intA("ceil_mode", 1)),
			nd("AveragePool", []string{"x"}, []string{"b"}, ints("kernel_shape", 3, 3), ints("pads", 1, 2, 1, 0), ints("dilations", 1, 2)),
			nd("GlobalMaxPool", []string{"x"}, []string{"c"}),
			nd("MaxPool", []string{"x"}, []string{"d"}, ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), intA("ceil_mode", 1)),
		}, []*onnx.ValueInfo{vi("a", 1, 2, 4, 3), vi("b", 1, 2, 7, 4), vi("c", 1, 2, 1, 1), vi("d", 1, 2, 4, 4)}, nil, nil},
		// 2x2 windows and 8x8 global: counts 4 and 64 divide by a product with 2^-k (exact, no divider).
		{"power-of-two averages", x(1, 3, 8, 8), nil, []*onnx.Node{
			nd("AveragePool", []string{"x"}, []string{"a"}, ints("kernel_shape", 2, 2), ints("strides", 2, 2)),
			nd("GlobalAveragePool", []string{"x"}, []string{"b"}),
		}, []*onnx.ValueInfo{vi("a", 1, 3, 4, 4), vi("b", 1, 3, 1, 1)}, []string{"mul("}, []string{"div("}},
		{"global average of 42", x(1, 2, 7, 6), nil, []*onnx.Node{nd("GlobalAveragePool", []string{"x"}, []string{"y"})},
			[]*onnx.ValueInfo{vi("y", 1, 2, 1, 1)}, []string{"div("}, nil},
		{"reduce over axes", x(2, 3, 4), []*onnx.Tensor{initI("ax", 0, 2)}, []*onnx.Node{
			nd("ReduceMean", []string{"x", "ax"}, []string{"a"}, intA("keepdims", 0)),
			nd("ReduceSum", []string{"x"}, []string{"b"}, ints("axes", 1)),
			nd("ReduceMax", []string{"x"}, []string{"c"}),
			nd("ReduceMin", []string{"x"}, []string{"d"}, ints("axes", -1), intA("keepdims", 0)),
			nd("ReduceMean", []string{"x"}, []string{"e"}, ints("axes", 1)),
		}, []*onnx.ValueInfo{vi("a", 3), vi("b", 2, 1, 4), vi("c", 1, 1, 1), vi("d", 2, 3), vi("e", 2, 1, 4)}, nil, nil},
		{"activations", x(2, 3, 4), []*onnx.Tensor{initV("slope", []int64{3, 1}, 0.25, -0.5, 2)}, []*onnx.Node{
			nd("LeakyRelu", []string{"x"}, []string{"a"}, floatA("alpha", 0.1)),
			nd("LeakyRelu", []string{"x"}, []string{"b"}, floatA("alpha", 1.5)),
			nd("LeakyRelu", []string{"x"}, []string{"c"}, floatA("alpha", -0.3)),
			nd("PRelu", []string{"x", "slope"}, []string{"d"}),
			nd("HardSigmoid", []string{"x"}, []string{"e"}),
			nd("HardSwish", []string{"x"}, []string{"f"}),
			nd("Neg", []string{"x"}, []string{"g"}),
			nd("Abs", []string{"x"}, []string{"h"}),
		}, []*onnx.ValueInfo{vi("a", 2, 3, 4), vi("b", 2, 3, 4), vi("c", 2, 3, 4), vi("d", 2, 3, 4), vi("e", 2, 3, 4), vi("f", 2, 3, 4), vi("g", 2, 3, 4), vi("h", 2, 3, 4)}, nil, nil},
		{"div by constants and by runtime tensors", []*onnx.ValueInfo{vi("x", 2, 3), vi("z", 3)}, []*onnx.Tensor{
			initV("k", []int64{3}, 0.3, -7, 2.5), initV("s", nil, 4), initV("zero", nil, 0), initI("ax", 1)}, []*onnx.Node{
			nd("Div", []string{"x", "k"}, []string{"a"}),
			nd("Div", []string{"x", "s"}, []string{"b"}),
			nd("Div", []string{"x", "z"}, []string{"c"}),
			nd("ReduceMax", []string{"x", "ax"}, []string{"m"}),
			nd("Div", []string{"x", "m"}, []string{"d"}),
			nd("Div", []string{"x", "zero"}, []string{"e"}),
		}, []*onnx.ValueInfo{vi("a", 2, 3), vi("b", 2, 3), vi("c", 2, 3), vi("d", 2, 3), vi("e", 2, 3)}, []string{"div(", "mul("}, nil},
		{"batchnorm", x(2, 3, 4), []*onnx.Tensor{initF("g", 3), initF("b", 3), initF("m", 3), initV("v", []int64{3}, 0.5, 1, 2)}, []*onnx.Node{
			nd("BatchNormalization", []string{"x", "g", "b", "m", "v"}, []string{"y"}),
		}, []*onnx.ValueInfo{vi("y", 2, 3, 4)}, nil, nil},
		{"gather", x(2, 3, 5), []*onnx.Tensor{{Name: "idx", DataType: onnx.DataInt64, Dims: []int64{2, 2}, Ints: []int64{4, 0, -1, 2}}, {Name: "one", DataType: onnx.DataInt64, Ints: []int64{1}}}, []*onnx.Node{
			nd("Gather", []string{"x", "idx"}, []string{"a"}, intA("axis", 2)),
			nd("Gather", []string{"x", "one"}, []string{"b"}, intA("axis", 1)),
		}, []*onnx.ValueInfo{vi("a", 2, 3, 2, 2), vi("b", 2, 5)}, nil, nil},
		// -inf is a float32 value: the masked elements are exactly -inf.
		{"where masks", []*onnx.ValueInfo{vi("x", 2, 4, 4), vi("z", 4)}, []*onnx.Tensor{
			{Name: "mask", DataType: onnx.DataBool, Dims: []int64{4, 4}, Ints: []int64{0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0}},
			{Name: "col", DataType: onnx.DataBool, Dims: []int64{2, 1, 4}, Ints: []int64{1, 0, 0, 1, 0, 1, 1, 0}},
			{Name: "ninf", DataType: onnx.DataFloat, Dims: []int64{1}, Floats: []float32{ninf}},
		}, []*onnx.Node{
			nd("Where", []string{"mask", "ninf", "x"}, []string{"a"}),
			nd("Where", []string{"col", "x", "z"}, []string{"b"}),
		}, []*onnx.ValueInfo{vi("a", 2, 4, 4), vi("b", 2, 4, 4)}, nil, []string{"mul("}},
		{"trilu", x(2, 3, 5), []*onnx.Tensor{{Name: "k", DataType: onnx.DataInt64, Ints: []int64{1}}}, []*onnx.Node{
			nd("Trilu", []string{"x"}, []string{"a"}, intA("upper", 0)),
			nd("Trilu", []string{"x", "k"}, []string{"b"}),
		}, []*onnx.ValueInfo{vi("a", 2, 3, 5), vi("b", 2, 3, 5)}, nil, []string{"mul("}},
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
			// Non-finite and signed-zero inputs where they are interesting.
			if x := in["x"]; len(x) > 6 {
				x[1], x[4], x[6] = float32(math.Inf(1)), float32(math.Copysign(0, -1)), ninf
			}
			if strings.HasPrefix(tt.name, "where") || strings.HasPrefix(tt.name, "trilu") || strings.HasPrefix(tt.name, "gather") {
				in["x"][2] = float32(math.NaN())
			}
			want, err := g.Run(in)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Lower(g, Options{Float32: true})
			if err != nil {
				t.Fatal(err)
			}
			text := string(air.Format(p))
			for _, op := range tt.has {
				if !strings.Contains(text, op) {
					t.Errorf("the program has no %s", op)
				}
			}
			for _, op := range tt.hasNot {
				if strings.Contains(text, op) {
					t.Errorf("the program has %s", op)
				}
			}
			got, err := RunFloat(p, in, g.Outputs)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range g.Outputs {
				worst := compareFloat32(t, o, got[o], want[o], float32Tol)
				t.Logf("%s: %d values, max error %.3g relative to the float graph", o, len(want[o]), worst)
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
						if math.Float64bits(again[o][i]) != math.Float64bits(got[o][i]) {
							t.Fatalf("%s: %s[%d] = %v after partitioning, %v before", u, o, i, again[o][i], got[o][i])
						}
					}
				}
			}
		})
	}
}

// TestFloat32Bits checks float32 results that the tolerance of
// TestLayersFloat32 cannot see, against hand-derived bit patterns: the sign
// of zero of Neg and Abs, -inf through MaxPool padding, Where's -inf kept
// exactly, Trilu zeroing an infinity (a product with 0 would give NaN),
// and averages rounded once: (1 + 2^-23 + 2^-23)/3 = (1+2^-22)/3.
func TestFloat32Bits(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	inf := float32(math.Inf(1))
	ninf := float32(math.Inf(-1))
	ulp := float32(math.Ldexp(1, -23))
	tests := []struct {
		name  string
		inits []*onnx.Tensor
		node  *onnx.Node
		in    []float32
		out   []int64 // output dims
		want  []float32
	}{
		// -(+0) = -0, -(-0) = +0; |-0| = +0.
		{"neg", nil, nd("Neg", []string{"x"}, []string{"y"}), []float32{0, negZero, 1.5, ninf}, []int64{4}, []float32{negZero, 0, -1.5, inf}},
		{"abs", nil, nd("Abs", []string{"x"}, []string{"y"}), []float32{0, negZero, -1.5, ninf}, []int64{4}, []float32{0, 0, 1.5, inf}},
		// Windows of 2 over [-inf, -3, -inf] padded by 1 on each side: the
		// padding is -inf, so the first window is max(-inf(pad), -inf) = -inf.
		{"maxpool -inf padding", nil, nd("MaxPool", []string{"x"}, []string{"y"}, ints("kernel_shape", 2), ints("pads", 1, 1)),
			[]float32{ninf, -3, ninf}, []int64{1, 1, 4}, []float32{ninf, -3, -3, ninf}},
		// mean of [1, 1+2^-23, 1+2^-23]: the sum 3+2^-22 is exact in float32
		// (ulp of 2 is 2^-22), one division by 3 rounds 1+2^-22/3 to 1.
		{"mean rounds once", nil, nd("GlobalAveragePool", []string{"x"}, []string{"y"}),
			[]float32{1, 1 + ulp, 1 + ulp}, []int64{1, 1, 1}, []float32{1}},
		// Trilu (upper) of [[inf, inf], [inf, inf]]: the lower-left inf becomes 0.
		{"trilu of inf", nil, nd("Trilu", []string{"x"}, []string{"y"}), []float32{inf, inf, inf, inf}, []int64{2, 2}, []float32{inf, inf, 0, inf}},
		{"where keeps -inf", []*onnx.Tensor{
			{Name: "c", DataType: onnx.DataBool, Dims: []int64{4}, Ints: []int64{1, 0, 0, 1}},
			{Name: "ninf", DataType: onnx.DataFloat, Floats: []float32{ninf}},
		}, nd("Where", []string{"c", "ninf", "x"}, []string{"y"}), []float32{inf, 2, inf, 4}, []int64{4}, []float32{ninf, 2, inf, ninf}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := vi("x", int64(len(tt.in)))
			switch tt.node.OpType {
			case "MaxPool":
				in = vi("x", 1, 1, int64(len(tt.in)))
			case "GlobalAveragePool":
				in = vi("x", 1, 1, int64(len(tt.in)))
			case "Trilu":
				in = vi("x", 2, 2)
			}
			m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: &onnx.Graph{
				Name: "g", Nodes: []*onnx.Node{tt.node}, Initializers: tt.inits, Inputs: []*onnx.ValueInfo{in}, Outputs: []*onnx.ValueInfo{vi("y", tt.out...)}}}
			g, err := graph.Import(m)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Lower(g, Options{Float32: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := RunFloat(p, map[string][]float32{"x": tt.in}, []string{"y"})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				if g := float32(got["y"][i]); math.Float32bits(g) != math.Float32bits(w) {
					t.Errorf("y[%d] = %v (%#08x), want %v (%#08x)", i, g, math.Float32bits(g), w, math.Float32bits(w))
				}
			}
		})
	}
}

// TestFloat32Refusal checks that an operator without a float32 lowering is
// refused with an error naming the node and suggesting fixed point (the
// first of a list of candidates still without one; skipped when none is).
func TestFloat32Refusal(t *testing.T) {
	var op graph.Op
	for _, c := range []graph.Op{graph.OpSoftplus, graph.OpSigmoid, graph.OpTanh, graph.OpExp, graph.OpErf} {
		if !float32Ops[c] {
			op = c
			break
		}
	}
	if op == "" {
		t.Skip("every candidate has a float32 lowering")
	}
	m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: &onnx.Graph{
		Name: "g", Inputs: []*onnx.ValueInfo{vi("x", 2, 3)}, Outputs: []*onnx.ValueInfo{vi("y", 2, 3)},
		Nodes: []*onnx.Node{{Name: "/act/f", OpType: string(op), Inputs: []string{"x"}, Outputs: []string{"y"}}}}}
	g, err := graph.Import(m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lower(g, Options{Float32: true})
	want := fmt.Sprintf("%s \"/act/f\" (PyTorch module act): operator %s has no float32 lowering yet; use a fixed-point numeric for this model", op, op)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want it to contain %q", err, want)
	}
}

// TestONNXNodeFloat32 lowers every ONNX operator case with Options.Float32
// (skipping those refused for want of a float32 lowering) and compares the interpreter with
// the case's expected output (ONNX's reference implementation) within
// float32Tol. The cases' weights are graph inputs; where the lowering needs
// them constant (Conv, BatchNormalization) every float input after the
// first is bound as an initializer with the case's values.
func TestONNXNodeFloat32(t *testing.T) {
	dir := testenv.OnnxNodeDir(t)
	cases, err := filepath.Glob(filepath.Join(dir, "test_*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	sort.Strings(cases)
	ran := 0
	for _, c := range cases {
		t.Run(filepath.Base(c), func(t *testing.T) {
			m, err := onnx.ReadModel(filepath.Join(c, "model.onnx"))
			if err != nil {
				t.Fatal(err)
			}
			data := filepath.Join(c, "test_data_set_0")
			var ins []*onnx.Tensor
			for i := range m.Graph.Inputs {
				tp, err := onnx.ReadTensor(filepath.Join(data, fmt.Sprintf("input_%d.pb", i)))
				if err != nil {
					t.Fatal(err)
				}
				ins = append(ins, tp)
			}
			p, g, inputs, bound, err := lowerCase(m, ins)
			if err != nil && strings.Contains(err.Error(), "no float32 lowering yet") {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := RunFloat(p, inputs, g.Outputs)
			if err != nil {
				t.Fatal(err)
			}
			for i, name := range g.Outputs {
				want, err := onnx.ReadTensor(filepath.Join(data, fmt.Sprintf("output_%d.pb", i)))
				if err != nil {
					t.Fatal(err)
				}
				worst := compareFloat32(t, name, got[name], want.Floats, float32Tol)
				t.Logf("%s: %d values, max error %.3g relative (weights bound as constants: %v)", name, len(want.Floats), worst, bound)
			}
			ran++
		})
	}
	if ran < 15 {
		t.Errorf("only %d ONNX cases ran in float32", ran)
	}
}

// lowerCase imports an ONNX case with its input tensors and lowers it in
// float32: int inputs are bound as constants (shapes must be static);
// float inputs stay runtime inputs unless the lowering needs constants
// there, then all but the first are bound.
func lowerCase(m *onnx.Model, ins []*onnx.Tensor) (*air.Program, *graph.Graph, map[string][]float32, bool, error) {
	base := m.Graph.Initializers
	var lastErr error
	for _, bind := range []bool{false, true} {
		m.Graph.Initializers = append([]*onnx.Tensor(nil), base...)
		inputs := map[string][]float32{}
		for i, vi := range m.Graph.Inputs {
			tp := *ins[i]
			tp.Name = vi.Name
			if tp.DataType.IsInt() || (bind && i > 0) {
				m.Graph.Initializers = append(m.Graph.Initializers, &tp)
				continue
			}
			inputs[vi.Name] = tp.Floats
		}
		g, err := graph.Import(m)
		if err != nil {
			return nil, nil, nil, bind, err
		}
		p, err := Lower(g, Options{Float32: true})
		if err == nil {
			return p, g, inputs, bind, nil
		}
		lastErr = err
	}
	return nil, nil, nil, true, lastErr
}

// TestClipRuntimeBounds checks Clip whose min and max are graph inputs
// (opset 11+ operands that graph.ResolveClip cannot fold): they were
// ignored before, a silently wrong design. Against the float graph, in
// fixed<16,8> (within its rounding) and in float32 (exactly: max and min).
func TestClipRuntimeBounds(t *testing.T) {
	m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: &onnx.Graph{
		Name:    "g",
		Inputs:  []*onnx.ValueInfo{vi("x", 2, 5), vi("lo"), vi("hi")},
		Outputs: []*onnx.ValueInfo{vi("a", 2, 5), vi("b", 2, 5)},
		Nodes: []*onnx.Node{
			nd("Clip", []string{"x", "lo", "hi"}, []string{"a"}),
			nd("Clip", []string{"x", "", "hi"}, []string{"b"}),
		}}}
	g, err := graph.Import(m)
	if err != nil {
		t.Fatal(err)
	}
	in := map[string][]float32{"x": {-3, -1, -0.5, 0, 0.25, 0.5, 1, 2, 3, 4}, "lo": {-0.75}, "hi": {1.5}}
	want, err := g.Run(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []Options{{}, {Float32: true}} {
		p, err := Lower(g, opt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := RunFloat(p, in, g.Outputs)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range g.Outputs {
			for i, w := range want[o] {
				// Every value here is a multiple of 2^-8: exact in both.
				if got[o][i] != float64(w) {
					t.Errorf("float32 %v: %s[%d] = %v, want %v", opt.Float32, o, i, got[o][i], w)
				}
			}
		}
	}
}
