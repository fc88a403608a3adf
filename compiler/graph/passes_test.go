package graph

import (
	"reflect"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// checkSame fails unless before and after give the same outputs within tol.
func checkSame(t *testing.T, before, after map[string][]float32, tol float64) {
	t.Helper()
	for name, want := range before {
		if _, err := compare(after[name], want, tol); err != nil {
			t.Errorf("output %q changed: %v", name, err)
		}
	}
}

func TestFoldConstants(t *testing.T) {
	tests := []struct {
		name    string
		m       *onnx.Model
		wantOps []Op
		consts  map[string][]float32
	}{
		{
			"constant chain",
			model([]*onnx.ValueInfo{vinfo("x", 2)}, []*onnx.Tensor{floatInit("w", []int64{2}, 10, 20)}, []*onnx.Node{
				node("Constant", "c", nil, []string{"c1"}, aTensor("value", floatInit("", []int64{2}, 1, 2))),
				node("Mul", "m", []string{"c1", "w"}, []string{"c2"}),
				node("Add", "a", []string{"x", "c2"}, []string{"y"}),
			}, "y"),
			[]Op{OpAdd}, map[string][]float32{"c2": {10, 40}},
		},
		{
			"transpose of weight",
			model([]*onnx.ValueInfo{vinfo("x", 1, 2)}, []*onnx.Tensor{floatInit("w", []int64{2, 3}, 1, 2, 3, 4, 5, 6)}, []*onnx.Node{
				node("Transpose", "t", []string{"w"}, []string{"wt"}),
				node("Gemm", "g", []string{"x", "wt"}, []string{"y"}, aInt("transB", 1)),
			}, "y"),
			[]Op{OpGemm}, map[string][]float32{"wt": {1, 4, 2, 5, 3, 6}},
		},
		{
			"nothing constant",
			model([]*onnx.ValueInfo{vinfo("x", 2)}, nil, []*onnx.Node{node("Relu", "r", []string{"x"}, []string{"y"})}, "y"),
			[]Op{OpRelu}, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustBuild(t, tt.m)
			if got := opsOf(g); !reflect.DeepEqual(got, tt.wantOps) {
				t.Errorf("ops %v, want %v", got, tt.wantOps)
			}
			for name, want := range tt.consts {
				c := g.Tensors[name]
				if c == nil || !c.Const || !reflect.DeepEqual(c.Floats, want) {
					t.Errorf("constant %q = %+v, want %v", name, c, want)
				}
			}
			if g.Tensors["c1"] != nil {
				t.Errorf("unused constant c1 kept")
			}
			mustRun(t, g)
		})
	}
}

func TestRemoveIdentity(t *testing.T) {
	tests := []struct {
		name    string
		nodes   []*onnx.Node
		wantOps []Op
	}{
		{"chain to output", []*onnx.Node{
			node("Relu", "r", []string{"x"}, []string{"a"}),
			node("Identity", "i", []string{"a"}, []string{"b"}),
			node("Dropout", "d", []string{"b"}, []string{"y"}),
		}, []Op{OpRelu}},
		{"inner", []*onnx.Node{
			node("Identity", "i", []string{"x"}, []string{"a"}),
			node("Relu", "r", []string{"a"}, []string{"y"}),
		}, []Op{OpRelu}},
		{"input to output", []*onnx.Node{
			node("Dropout", "d", []string{"x"}, []string{"y"}),
		}, []Op{OpIdentity}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustBuild(t, model([]*onnx.ValueInfo{vinfo("x", 2, 3)}, nil, tt.nodes, "y"))
			before := mustRun(t, g)
			if err := RemoveIdentity(g); err != nil {
				t.Fatal(err)
			}
			if got := opsOf(g); !reflect.DeepEqual(got, tt.wantOps) {
				t.Errorf("ops %v, want %v", got, tt.wantOps)
			}
			if !reflect.DeepEqual(g.Outputs, []string{"y"}) {
				t.Errorf("outputs %v, want [y]", g.Outputs)
			}
			checkSame(t, before, mustRun(t, g), 0)
		})
	}
}

func TestResolveReshape(t *testing.T) {
	tests := []struct {
		name      string
		inits     []*onnx.Tensor
		nodes     []*onnx.Node
		wantShape []int
	}{
		{"flatten", nil, []*onnx.Node{node("Flatten", "f", []string{"x"}, []string{"y"})}, []int{2, 12}},
		{"reshape", []*onnx.Tensor{intInit("s", -1, 4)}, []*onnx.Node{node("Reshape", "f", []string{"x", "s"}, []string{"y"})}, []int{6, 4}},
		{"unsqueeze", []*onnx.Tensor{intInit("a", 1)}, []*onnx.Node{node("Unsqueeze", "f", []string{"x", "a"}, []string{"y"})}, []int{2, 1, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustBuild(t, model([]*onnx.ValueInfo{vinfo("x", 2, 3, 4)}, tt.inits, tt.nodes, "y"))
			before := mustRun(t, g)
			if err := ResolveReshape(g); err != nil {
				t.Fatal(err)
			}
			n := g.Nodes[0]
			if n.Op != OpReshape || len(n.Inputs) != 1 || !reflect.DeepEqual(n.Attrs.Shape, tt.wantShape) {
				t.Errorf("node %s%v shape %v, want Reshape([x]) shape %v", n.Op, n.Inputs, n.Attrs.Shape, tt.wantShape)
			}
			if len(g.Tensors) != 2 {
				t.Errorf("tensors %v, want only x and y", g.TensorNames())
			}
			if err := InferShapes(g); err != nil {
				t.Fatal(err)
			}
			checkSame(t, before, mustRun(t, g), 0)
		})
	}
}

func TestResolveClip(t *testing.T) {
	tests := []struct {
		name     string
		inits    []*onnx.Tensor
		ins      []string
		attrs    []*onnx.Attribute
		opset    int64
		min, max float32
		wantIns  int
	}{
		{"inputs", []*onnx.Tensor{floatInit("lo", nil, 0), floatInit("hi", nil, 6)}, []string{"x", "lo", "hi"}, nil, 13, 0, 6, 1},
		{"max only", []*onnx.Tensor{floatInit("hi", nil, 1)}, []string{"x", "", "hi"}, nil, 13, float32(negInf), 1, 1},
		{"attributes (opset 6)", nil, []string{"x"}, []*onnx.Attribute{aFloat("min", -1), aFloat("max", 1)}, 6, -1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := model([]*onnx.ValueInfo{vinfo("x", 6)}, tt.inits, []*onnx.Node{node("Clip", "c", tt.ins, []string{"y"}, tt.attrs...)}, "y")
			m.Opsets[0].Version = tt.opset
			g := mustBuild(t, m)
			before := mustRun(t, g)
			if err := ResolveClip(g); err != nil {
				t.Fatal(err)
			}
			n := g.Nodes[0]
			if n.Attrs.Min != tt.min || n.Attrs.Max != tt.max || len(n.Inputs) != tt.wantIns {
				t.Errorf("min %v max %v inputs %v, want %v %v", n.Attrs.Min, n.Attrs.Max, n.Inputs, tt.min, tt.max)
			}
			checkSame(t, before, mustRun(t, g), 0)
		})
	}
}

func TestFoldBatchNorm(t *testing.T) {
	bnParams := []*onnx.Tensor{
		floatInit("s", []int64{3}, 0.5, 2, -1), floatInit("b", []int64{3}, 0.1, 0, -0.3),
		floatInit("m", []int64{3}, 0.2, -0.1, 0), floatInit("v", []int64{3}, 1, 0.5, 2),
	}
	bn := func(in string) *onnx.Node {
		return node("BatchNormalization", "bn", []string{in, "s", "b", "m", "v"}, []string{"y"}, aFloat("epsilon", 1e-3))
	}
	withBias := append([]*onnx.Tensor{floatInit("w", []int64{3, 2, 3, 3}), floatInit("cb", []int64{3})}, bnParams...)
	noBias := append([]*onnx.Tensor{floatInit("w", []int64{3, 2, 3, 3})}, bnParams...)
	tests := []struct {
		name    string
		inits   []*onnx.Tensor
		nodes   []*onnx.Node
		outputs []string
		wantOps []Op
	}{
		{"conv with bias", withBias, []*onnx.Node{node("Conv", "conv", []string{"x", "w", "cb"}, []string{"c"}, aInts("pads", 1, 1, 1, 1)), bn("c")}, []string{"y"}, []Op{OpConv}},
		{"conv without bias", noBias, []*onnx.Node{node("Conv", "conv", []string{"x", "w"}, []string{"c"}), bn("c")}, []string{"y"}, []Op{OpConv}},
		{"standalone", bnParams, []*onnx.Node{bn("x")}, []string{"y"}, []Op{OpBatchNormalization}},
		{"after relu", noBias, []*onnx.Node{node("Conv", "conv", []string{"x", "w"}, []string{"c"}), node("Relu", "r", []string{"c"}, []string{"c2"}), bn("c2")}, []string{"y"}, []Op{OpConv, OpRelu, OpBatchNormalization}},
		{"conv output also used", noBias, []*onnx.Node{node("Conv", "conv", []string{"x", "w"}, []string{"c"}), bn("c")}, []string{"y", "c"}, []Op{OpConv, OpBatchNormalization}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := vinfo("x", 1, 2, 5, 5)
			if tt.name == "standalone" {
				x = vinfo("x", 1, 3, 5, 5)
			}
			g := mustBuild(t, model([]*onnx.ValueInfo{x}, tt.inits, tt.nodes, tt.outputs...))
			before := mustRun(t, g)
			if err := FoldBatchNorm(g); err != nil {
				t.Fatal(err)
			}
			if got := opsOf(g); !reflect.DeepEqual(got, tt.wantOps) {
				t.Errorf("ops %v, want %v", got, tt.wantOps)
			}
			if err := InferShapes(g); err != nil {
				t.Fatal(err)
			}
			checkSame(t, before, mustRun(t, g), 1e-6)
		})
	}
}

func TestNormalizeTorchView(t *testing.T) {
	// x.view(x.size(0), -1) as the TorchScript exporter writes it.
	m := model([]*onnx.ValueInfo{vinfo("x", 2, 3, 4)}, []*onnx.Tensor{
		{Name: "i", DataType: onnx.DataInt64, Ints: []int64{0}}, intInit("ax", 0),
	}, []*onnx.Node{
		node("Shape", "sh", []string{"x"}, []string{"s"}),
		node("Gather", "ga", []string{"s", "i"}, []string{"s0"}, aInt("axis", 0)),
		node("Unsqueeze", "un", []string{"s0", "ax"}, []string{"s1"}),
		node("Constant", "c", nil, []string{"m1"}, aTensor("value", intInit("", -1))),
		node("Concat", "ca", []string{"s1", "m1"}, []string{"s2"}, aInt("axis", 0)),
		node("Reshape", "view", []string{"x", "s2"}, []string{"y"}),
	}, "y")
	g, err := Import(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := opsOf(g); !reflect.DeepEqual(got, []Op{OpReshape}) || !reflect.DeepEqual(g.Nodes[0].Attrs.Shape, []int{2, 12}) {
		t.Errorf("ops %v shape %v, want one Reshape to [2 12]", got, g.Nodes[0].Attrs.Shape)
	}
	if !reflect.DeepEqual(g.TensorNames(), []string{"x", "y"}) {
		t.Errorf("tensors %v, want [x y]", g.TensorNames())
	}
}

func TestFoldPad(t *testing.T) {
	pads := func(v ...int64) *onnx.Tensor { return intInit("p", v...) }
	conv := node("Conv", "c", []string{"xp", "w"}, []string{"y"}, aInts("strides", 2, 2), aInts("pads", 1, 0, 0, 0))
	tests := []struct {
		name     string
		pad      *onnx.Node
		inits    []*onnx.Tensor
		wantOps  []Op
		wantPads []int
	}{
		{"spatial zero pad", node("Pad", "p", []string{"x", "p"}, []string{"xp"}), []*onnx.Tensor{pads(0, 0, 0, 0, 0, 0, 1, 1)}, []Op{OpConv}, []int{1, 0, 1, 1}},
		{"nonzero value", node("Pad", "p", []string{"x", "p", "v"}, []string{"xp"}), []*onnx.Tensor{pads(0, 0, 0, 0, 0, 0, 1, 1), floatInit("v", nil, 1)}, []Op{OpPad, OpConv}, []int{1, 0, 0, 0}},
		{"batch pad", node("Pad", "p", []string{"x", "p"}, []string{"xp"}), []*onnx.Tensor{pads(1, 0, 0, 0, 0, 0, 0, 0)}, []Op{OpPad, OpConv}, []int{1, 0, 0, 0}},
		{"crop", node("Pad", "p", []string{"x", "p"}, []string{"xp"}), []*onnx.Tensor{pads(0, 0, -1, 0, 0, 0, 0, 0)}, []Op{OpPad, OpConv}, []int{1, 0, 0, 0}},
		{"reflect", node("Pad", "p", []string{"x", "p"}, []string{"xp"}, aStr("mode", "reflect")), []*onnx.Tensor{pads(0, 0, 0, 1, 0, 0, 0, 1)}, []Op{OpPad, OpConv}, []int{1, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inits := append([]*onnx.Tensor{floatInit("w", []int64{2, 1, 3, 3})}, tt.inits...)
			m := model([]*onnx.ValueInfo{vinfo("x", 1, 1, 7, 6)}, inits, []*onnx.Node{tt.pad, conv}, "y")
			g0, err := Build(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []func(*Graph) error{FoldConstants, ResolveOperands} {
				if err := p(g0); err != nil {
					t.Fatal(err)
				}
			}
			before := mustRun(t, g0)
			g, err := Import(m)
			if err != nil {
				t.Fatal(err)
			}
			if got := opsOf(g); !reflect.DeepEqual(got, tt.wantOps) {
				t.Errorf("ops %v, want %v", got, tt.wantOps)
			}
			if c := g.Nodes[len(g.Nodes)-1]; !reflect.DeepEqual(c.Attrs.Pads, tt.wantPads) {
				t.Errorf("conv pads %v, want %v", c.Attrs.Pads, tt.wantPads)
			}
			checkSame(t, before, mustRun(t, g), 1e-6)
		})
	}
}
