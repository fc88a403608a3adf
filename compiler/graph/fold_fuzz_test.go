package graph

import (
	"fmt"
	"math"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// foldOps are the ops FuzzFoldConstants strings together.
var foldOps = []string{
	"Add", "Sub", "Mul", "Div", "Mod", "Max", "Min", "Equal", "Less", "Greater", "Not", "Where",
	"Neg", "Abs", "Cast", "Shape", "Size", "Gather", "Slice", "Concat", "Range", "Expand",
	"ConstantOfShape", "Unsqueeze", "Squeeze", "Reshape", "Transpose", "ReduceSum", "ReduceMax",
	"Split", "Pad", "Relu", "LeakyRelu", "Flatten", "Tile",
}

// fuzzProgram decodes b into a model: constant seeds (int64 and float32
// tensors) and up to 12 nodes, each an op of foldOps applied to earlier
// values with attributes taken from b. The float seeds are initializers, or
// graph inputs when runtimeFloats is set; the last value, cast to float, is
// the output "y".
func fuzzProgram(b []byte, runtimeFloats bool) *onnx.Model {
	pos := 0
	next := func() int {
		if pos >= len(b) {
			return 0
		}
		pos++
		return int(b[pos-1])
	}
	small := func() int64 { return int64(int8(next())) % 6 }
	g := &onnx.Graph{Name: "fuzz"}
	names := []string{"x"}
	g.Inputs = append(g.Inputs, vinfo("x", 2, 3, 4))
	for i := 0; i < 3; i++ {
		n := next()%4 + 1
		var v []int64
		for j := 0; j < n; j++ {
			v = append(v, small())
		}
		name := fmt.Sprintf("i%d", i)
		t := &onnx.Tensor{Name: name, DataType: onnx.DataInt64, Dims: []int64{int64(n)}, Ints: v}
		if next()%3 == 0 {
			t.Dims, t.Ints = nil, v[:1]
		}
		g.Initializers = append(g.Initializers, t)
		names = append(names, name)
	}
	for i := 0; i < 2; i++ {
		n := next()%4 + 1
		var v []float32
		for j := 0; j < n; j++ {
			v = append(v, float32(int8(next()))/8)
		}
		name := fmt.Sprintf("f%d", i)
		if runtimeFloats {
			g.Inputs = append(g.Inputs, vinfo(name, int64(n)))
		} else {
			g.Initializers = append(g.Initializers, &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Dims: []int64{int64(n)}, Floats: v})
		}
		names = append(names, name)
	}
	pick := func() string { return names[next()%len(names)] }
	steps := next() % 13
	for k := 0; k < steps; k++ {
		op := foldOps[next()%len(foldOps)]
		out := fmt.Sprintf("v%d", k)
		nd := &onnx.Node{Name: fmt.Sprintf("n%d", k), OpType: op, Outputs: []string{out}}
		operands := 1
		switch op {
		case "Add", "Sub", "Mul", "Div", "Mod", "Max", "Min", "Equal", "Less", "Greater", "Gather", "Expand",
			"Unsqueeze", "Reshape", "Concat", "Tile":
			operands = 2
		case "Where", "Range":
			operands = 3
		case "Slice":
			operands = 3 + next()%3
		case "Pad", "Split", "ReduceSum", "ReduceMax", "Squeeze":
			operands = 1 + next()%2
		}
		for j := 0; j < operands; j++ {
			nd.Inputs = append(nd.Inputs, pick())
		}
		switch op {
		case "Cast":
			to := []onnx.DataType{onnx.DataFloat, onnx.DataInt64, onnx.DataBool, onnx.DataInt32}[next()%4]
			nd.Attributes = append(nd.Attributes, aInt("to", int64(to)))
		case "Gather", "Concat", "Flatten":
			nd.Attributes = append(nd.Attributes, aInt("axis", small()))
		case "Split":
			nd.Attributes = append(nd.Attributes, aInt("axis", small()))
			nd.Outputs = append(nd.Outputs, out+"b")
		case "Transpose":
			if next()%2 == 0 {
				nd.Attributes = append(nd.Attributes, aInts("perm", small(), small()))
			}
		case "ReduceSum", "ReduceMax":
			nd.Attributes = append(nd.Attributes, aInt("keepdims", int64(next()%2)))
		case "Mod":
			nd.Attributes = append(nd.Attributes, aInt("fmod", int64(next()%2)))
		case "Shape":
			nd.Attributes = append(nd.Attributes, aInt("start", small()))
		case "ConstantOfShape":
			nd.Attributes = append(nd.Attributes, aTensor("value", &onnx.Tensor{DataType: onnx.DataInt64, Dims: []int64{1}, Ints: []int64{small()}}))
		case "Pad":
			nd.Attributes = append(nd.Attributes, aStr("mode", []string{"constant", "edge", "reflect", "wrap"}[next()%4]))
		}
		g.Nodes = append(g.Nodes, nd)
		names = append(names, out)
	}
	last := names[len(names)-1]
	g.Nodes = append(g.Nodes, &onnx.Node{Name: "out", OpType: "Cast", Inputs: []string{last}, Outputs: []string{"y"},
		Attributes: []*onnx.Attribute{aInt("to", int64(onnx.DataFloat))}})
	g.Outputs = []*onnx.ValueInfo{{Name: "y", ElemType: onnx.DataFloat}}
	return &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: g}
}

// FuzzFoldConstants strings together shape-arithmetic and float ops on
// constants and checks that Import never panics, that whatever it accepts
// runs, and that folding the float seeds as constants gives bit for bit the
// outputs of the same program with the float seeds as runtime inputs (which
// then stay unfolded).
func FuzzFoldConstants(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 1, 2, 3, 4, 5, 6, 1, 8, 16, 2, 1, 0, 5, 3, 14, 0, 21, 3, 0, 22, 2, 0})
	f.Add([]byte{4, 3, 0, 0, 1, 2, 4, 1, 0, 1, 1, 2, 9, 9, 3, 3, 1, 1, 6, 9, 4, 30, 2, 5})
	f.Add([]byte{1, 5, 9, 1, 0, 1, 250, 0, 2, 7, 12, 3, 0, 17, 1, 2, 3, 4, 5, 23, 4, 1, 0, 19, 5, 6})
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := Import(fuzzProgram(b, false))
		if err != nil {
			return
		}
		if cost(g) > 1<<20 {
			return
		}
		folded, err := g.Run(sampleInputs(g))
		if err != nil {
			t.Fatalf("Run after successful Import: %v\n%s", err, g)
		}
		g2, err := Import(fuzzProgram(b, true))
		if err != nil || cost(g2) > 1<<20 {
			return // e.g. a float value used as a shape: only constants may be
		}
		in := sampleInputs(g2)
		// The float seeds get the values the constant program has.
		m := fuzzProgram(b, false)
		for _, it := range m.Graph.Initializers {
			if _, ok := in[it.Name]; ok {
				in[it.Name] = it.Floats
			}
		}
		in["x"] = sampleInputs(g)["x"]
		runtime, err := g2.Run(in)
		if err != nil {
			t.Fatalf("Run of the unfolded program: %v\n%s", err, g2)
		}
		a, c := folded["y"], runtime["y"]
		if len(a) != len(c) {
			t.Fatalf("folded %d values, unfolded %d", len(a), len(c))
		}
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(c[i]) && !(math.IsNaN(float64(a[i])) && math.IsNaN(float64(c[i]))) {
				t.Fatalf("y[%d]: folded %v, unfolded %v\n%s\n%s", i, a[i], c[i], g, g2)
			}
		}
	})
}
