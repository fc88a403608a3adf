package graph

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

func TestBuildErrors(t *testing.T) {
	relu := []*onnx.Node{node("Relu", "r", []string{"x"}, []string{"y"})}
	dynamic := vinfo("x", 1, 3)
	dynamic.Dims[0] = onnx.Dim{Param: "batch"}
	intInput := vinfo("x", 2)
	intInput.ElemType = onnx.DataInt64
	tests := []struct {
		name string
		m    *onnx.Model
		want []string
	}{
		{"dynamic shape", model([]*onnx.ValueInfo{dynamic}, nil, relu, "y"), []string{`graph input "x": dimension 0 is dynamic ("batch")`}},
		{"no shape", model([]*onnx.ValueInfo{{Name: "x", ElemType: onnx.DataFloat}}, nil, relu, "y"), []string{`graph input "x": no shape`}},
		{"int input", model([]*onnx.ValueInfo{intInput}, nil, relu, "y"), []string{`graph input "x": unsupported element type INT64`}},
		{"unsupported ops", model([]*onnx.ValueInfo{vinfo("x", 2)}, nil, []*onnx.Node{
			node("Relu", "r", []string{"x"}, []string{"a"}),
			node("LSTM", "/encoder/lstm1/LSTM", []string{"a"}, []string{"b"}),
			node("Sigmoid", "", []string{"b"}, []string{"c"}),
			{Name: "q", OpType: "QuantizeLinear", Domain: "com.microsoft", Inputs: []string{"c"}, Outputs: []string{"d"}},
			{Name: "node_gelu", OpType: "Gelu", Inputs: []string{"d"}, Outputs: []string{"e"}, Metadata: []onnx.StringEntry{
				{Key: "pkg.torch.onnx.name_scopes", Value: "['', 'block', 'act', 'gelu']"},
				{Key: "pkg.torch.onnx.class_hierarchy", Value: "['m.Net', 'm.Block', 'torch.nn.modules.activation.GELU', 'aten.gelu.default']"}}},
			node("MaxPool", "pool", []string{"e"}, []string{"y"}, aInts("kernel_shape", 2), aInt("storage_order", 1)),
		}, "y"), []string{
			"5 node(s) unsupported:\n",
			"\n  LSTM \"/encoder/lstm1/LSTM\" (PyTorch module encoder.lstm1): op not supported; recurrent layers are not supported\n",
			"\n  Sigmoid \"Sigmoid_2\": op not supported; Sigmoid, Tanh",
			"\n  com.microsoft.QuantizeLinear \"q\": op of the custom domain com.microsoft; export the float model",
			"\n  Gelu \"node_gelu\" (PyTorch module block.act (torch.nn.modules.activation.GELU)): op not supported",
			"\n  MaxPool \"pool\": storage_order=1 not supported\n",
			"\nsupported ops: Abs, Add, AveragePool"}},
		{"undefined input", model([]*onnx.ValueInfo{vinfo("x", 2)}, nil, []*onnx.Node{node("Relu", "r", []string{"z"}, []string{"y"})}, "y"), []string{`input "z" is not defined`}},
		{"missing output", model([]*onnx.ValueInfo{vinfo("x", 2)}, nil, relu, "nope"), []string{`graph output "nope"`}},
		{"bad attribute", model([]*onnx.ValueInfo{vinfo("x", 1, 1, 4, 4)}, nil, []*onnx.Node{node("MaxPool", "p", []string{"x"}, []string{"y"})}, "y"), []string{`MaxPool "p": attribute kernel_shape is required`}},
		{"training bn", model([]*onnx.ValueInfo{vinfo("x", 1, 1)}, nil, []*onnx.Node{node("BatchNormalization", "bn", []string{"x", "x", "x", "x", "x"}, []string{"y"}, aInt("training_mode", 1))}, "y"), []string{"training_mode=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(tt.m)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		name string
		m    *onnx.Model
		want string
	}{
		{"expand of activation", model([]*onnx.ValueInfo{vinfo("x", 4)}, []*onnx.Tensor{intInit("s", 2, 4)}, []*onnx.Node{
			node("Expand", "/m/Expand", []string{"x", "s"}, []string{"y"})}, "y"), "1 node(s) could not be folded into constants or resolved:\n  Expand \"/m/Expand\" (PyTorch module m): Expand of a tensor known only at run time; broadcast with the consuming op"},
		{"shape of runtime values", model([]*onnx.ValueInfo{vinfo("x", 4)}, nil, []*onnx.Node{
			node("Cast", "c", []string{"x"}, []string{"i"}, aInt("to", int64(onnx.DataInt64))),
			node("Cast", "d", []string{"i"}, []string{"y"}, aInt("to", int64(onnx.DataFloat)))}, "y"), `operand "i": i64 values are supported only as constants`},
		{"shape mismatch", model([]*onnx.ValueInfo{vinfo("x", 4), vinfo("z", 3)}, nil, []*onnx.Node{
			node("Add", "add1", []string{"x", "z"}, []string{"y"})}, "y"), `Add "add1": shapes [4] and [3] do not broadcast`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	good := onnx.Encode(model([]*onnx.ValueInfo{vinfo("x", 2)}, nil, []*onnx.Node{node("Relu", "r", []string{"x"}, []string{"y"})}, "y"))
	halfInit := model([]*onnx.ValueInfo{vinfo("x", 2)}, []*onnx.Tensor{{Name: "half", DataType: onnx.DataFloat16, Dims: []int64{2}}}, []*onnx.Node{node("Relu", "r", []string{"x"}, []string{"y"})}, "y")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"good.onnx", good, ""},
		{"truncated.onnx", good[:len(good)-3], "corrupt ONNX model"},
		{"magic.onnx", []byte("PK\x03\x04 this is a zip file"), ""},
		{"empty.onnx", nil, "not an ONNX model"},
		{"half.onnx", onnx.Encode(halfInit), `tensor "half": unsupported data type FLOAT16`},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, tt.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(path)
		if tt.name == "good.onnx" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", tt.name, err, tt.want)
		}
	}
}
