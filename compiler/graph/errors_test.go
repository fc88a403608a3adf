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
			node("LSTM", "lstm1", []string{"a"}, []string{"b"}),
			node("Sigmoid", "", []string{"b"}, []string{"c"}),
			{Name: "q", OpType: "QuantizeLinear", Domain: "com.microsoft", Inputs: []string{"c"}, Outputs: []string{"y"}},
		}, "y"), []string{"3 unsupported node(s)", "lstm1 (LSTM)", "Sigmoid_2 (Sigmoid)", "q (com.microsoft.QuantizeLinear)", "supported ops: Add, AveragePool"}},
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
		{"gather of activation", model([]*onnx.ValueInfo{vinfo("x", 4)}, []*onnx.Tensor{intInit("i", 1)}, []*onnx.Node{
			node("Gather", "g", []string{"x", "i"}, []string{"y"})}, "y"), "Gather"},
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
	boolInit := model([]*onnx.ValueInfo{vinfo("x", 2)}, []*onnx.Tensor{{Name: "mask", DataType: onnx.DataBool, Dims: []int64{2}}}, []*onnx.Node{node("Relu", "r", []string{"x"}, []string{"y"})}, "y")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"good.onnx", good, ""},
		{"truncated.onnx", good[:len(good)-3], "corrupt ONNX model"},
		{"magic.onnx", []byte("PK\x03\x04 this is a zip file"), ""},
		{"empty.onnx", nil, "not an ONNX model"},
		{"bool.onnx", onnx.Encode(boolInit), `tensor "mask": unsupported data type BOOL`},
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
