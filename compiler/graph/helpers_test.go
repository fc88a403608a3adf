package graph

import (
	"math"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// Helpers that build small ONNX models in memory for the tests.

func vinfo(name string, dims ...int64) *onnx.ValueInfo {
	v := &onnx.ValueInfo{Name: name, ElemType: onnx.DataFloat, HasShape: true}
	for _, d := range dims {
		v.Dims = append(v.Dims, onnx.Dim{Value: d, Known: true})
	}
	return v
}

func floatInit(name string, dims []int64, vals ...float32) *onnx.Tensor {
	if vals == nil {
		n := 1
		for _, d := range dims {
			n *= int(d)
		}
		for i := 0; i < n; i++ {
			vals = append(vals, float32(math.Sin(float64(i+len(name)))))
		}
	}
	return &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Dims: dims, Floats: vals}
}

func intInit(name string, vals ...int64) *onnx.Tensor {
	return &onnx.Tensor{Name: name, DataType: onnx.DataInt64, Dims: []int64{int64(len(vals))}, Ints: vals}
}

func node(op, name string, ins, outs []string, attrs ...*onnx.Attribute) *onnx.Node {
	return &onnx.Node{Name: name, OpType: op, Inputs: ins, Outputs: outs, Attributes: attrs}
}

func aInt(name string, v int64) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrInt, I: v}
}

func aInts(name string, v ...int64) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrInts, Ints: v}
}

func aFloat(name string, v float32) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrFloat, F: v}
}

func aStr(name, v string) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrString, S: []byte(v)}
}

func aTensor(name string, t *onnx.Tensor) *onnx.Attribute {
	return &onnx.Attribute{Name: name, Type: onnx.AttrTensor, T: t}
}

// model assembles a model with opset 13.
func model(inputs []*onnx.ValueInfo, inits []*onnx.Tensor, nodes []*onnx.Node, outputs ...string) *onnx.Model {
	g := &onnx.Graph{Name: "test", Nodes: nodes, Initializers: inits, Inputs: inputs}
	for _, o := range outputs {
		g.Outputs = append(g.Outputs, &onnx.ValueInfo{Name: o, ElemType: onnx.DataFloat})
	}
	return &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 13}}, Graph: g}
}

// sampleInputs returns deterministic inputs for every runtime input of g.
func sampleInputs(g *Graph) map[string][]float32 {
	in := map[string][]float32{}
	for k, name := range g.Inputs {
		data := make([]float32, g.Tensors[name].Size())
		for i := range data {
			data[i] = float32(math.Cos(float64(3*i+k)) * 2)
		}
		in[name] = data
	}
	return in
}

// mustBuild builds m and folds constants (which infers shapes), failing the test on error.
func mustBuild(t *testing.T, m *onnx.Model) *Graph {
	t.Helper()
	g, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := FoldConstants(g); err != nil {
		t.Fatal(err)
	}
	return g
}

// mustRun runs g on its sample inputs.
func mustRun(t *testing.T, g *Graph) map[string][]float32 {
	t.Helper()
	out, err := g.Run(sampleInputs(g))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func opsOf(g *Graph) []Op {
	var ops []Op
	for _, n := range g.Nodes {
		ops = append(ops, n.Op)
	}
	return ops
}

var negInf = math.Inf(-1)
