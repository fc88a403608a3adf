package onnx

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

// sampleModel is a small model using every field Decode reads.
func sampleModel() *Model {
	return &Model{
		IRVersion:    8,
		ProducerName: "test",
		Opsets:       []OpsetID{{Version: 13}, {Domain: "com.example", Version: 1}},
		Graph: &Graph{
			Name: "g",
			Nodes: []*Node{
				{Name: "conv", OpType: "Conv", Inputs: []string{"x", "w", ""}, Outputs: []string{"y"}, Attributes: []*Attribute{
					{Name: "pads", Type: AttrInts, Ints: []int64{1, 1, 1, 1}},
					{Name: "alpha", Type: AttrFloat, F: 0.5},
					{Name: "group", Type: AttrInt, I: -1},
					{Name: "auto_pad", Type: AttrString, S: []byte("NOTSET")},
					{Name: "fs", Type: AttrFloats, Floats: []float32{1.5, -2}},
					{Name: "ss", Type: AttrStrings, Strings: [][]byte{[]byte("a"), []byte("b")}},
					{Name: "value", Type: AttrTensor, T: &Tensor{Name: "c", DataType: DataInt64, Dims: []int64{2}, Ints: []int64{-1, 3}}},
				}},
				{OpType: "Custom", Domain: "com.example", Inputs: []string{"y"}, Outputs: []string{"z"},
					Metadata: []StringEntry{{"pkg.torch.onnx.name_scopes", "['', 'fc1']"}}},
			},
			Initializers: []*Tensor{
				{Name: "w", DataType: DataFloat, Dims: []int64{1, 1, 2, 2}, Floats: []float32{1, 2, 3, float32(math.Inf(-1))}},
				{Name: "i32", DataType: DataInt32, Dims: []int64{3}, Ints: []int64{-5, 0, 7}},
				{Name: "d", DataType: DataDouble, Dims: []int64{1}, Floats: []float32{0.25}},
				{Name: "mask", DataType: DataBool, Dims: []int64{2}, Ints: []int64{1, 0}},
				{Name: "ext", DataType: DataFloat, Dims: []int64{2}, External: &ExternalData{Location: "w.bin", Offset: 8, Length: 8, Checksum: "00"}},
			},
			Inputs:    []*ValueInfo{{Name: "x", ElemType: DataFloat, HasShape: true, Dims: []Dim{{Param: "N"}, {Value: 1, Known: true}, {Value: 4, Known: true}, {Value: 4, Known: true}}}},
			Outputs:   []*ValueInfo{{Name: "z", ElemType: DataFloat}},
			ValueInfo: []*ValueInfo{{Name: "y", ElemType: DataFloat, HasShape: true}},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	want := sampleModel()
	got, err := Decode(Encode(want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decode(Encode(m)) differs:\n got %+v\nwant %+v", got.Graph, want.Graph)
	}
}

// typedTensor encodes a TensorProto whose data is in the typed fields.
func typedTensor(dt DataType, dims []int64, field protowire.Number, packed bool, vals []uint64, wt protowire.Type) []byte {
	var b []byte
	for _, d := range dims {
		b = appendVarint(b, 1, uint64(d))
	}
	b = appendVarint(b, 2, uint64(dt))
	if packed {
		var p []byte
		for _, v := range vals {
			switch wt {
			case protowire.Fixed32Type:
				p = protowire.AppendFixed32(p, uint32(v))
			case protowire.Fixed64Type:
				p = protowire.AppendFixed64(p, v)
			default:
				p = protowire.AppendVarint(p, v)
			}
		}
		return appendMessage(b, field, p)
	}
	for _, v := range vals {
		b = protowire.AppendTag(b, field, wt)
		switch wt {
		case protowire.Fixed32Type:
			b = protowire.AppendFixed32(b, uint32(v))
		case protowire.Fixed64Type:
			b = protowire.AppendFixed64(b, v)
		default:
			b = protowire.AppendVarint(b, v)
		}
	}
	return b
}

func TestTypedFields(t *testing.T) {
	f32 := func(v float32) uint64 { return uint64(math.Float32bits(v)) }
	neg := func(v int64) uint64 { return uint64(v) }
	tests := []struct {
		name   string
		b      []byte
		floats []float32
		ints   []int64
	}{
		{"float_data packed", typedTensor(DataFloat, []int64{2}, 4, true, []uint64{f32(1.5), f32(-2)}, protowire.Fixed32Type), []float32{1.5, -2}, nil},
		{"float_data unpacked", typedTensor(DataFloat, []int64{2}, 4, false, []uint64{f32(1.5), f32(-2)}, protowire.Fixed32Type), []float32{1.5, -2}, nil},
		{"double_data", typedTensor(DataDouble, []int64{1}, 10, true, []uint64{math.Float64bits(0.5)}, protowire.Fixed64Type), []float32{0.5}, nil},
		{"int64_data packed", typedTensor(DataInt64, []int64{3}, 7, true, []uint64{1, neg(-1), 1 << 40}, protowire.VarintType), nil, []int64{1, -1, 1 << 40}},
		{"int64_data unpacked", typedTensor(DataInt64, []int64{2}, 7, false, []uint64{neg(-7), 9}, protowire.VarintType), nil, []int64{-7, 9}},
		{"int32_data", typedTensor(DataInt32, []int64{2}, 5, true, []uint64{neg(-3), 4}, protowire.VarintType), nil, []int64{-3, 4}},
		{"bool int32_data", typedTensor(DataBool, []int64{3}, 5, true, []uint64{1, 0, 1}, protowire.VarintType), nil, []int64{1, 0, 1}},
		{"scalar", typedTensor(DataFloat, nil, 4, true, []uint64{f32(3)}, protowire.Fixed32Type), []float32{3}, nil},
	}
	for _, tt := range tests {
		got, err := DecodeTensor(tt.b)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got.Floats, tt.floats) || !reflect.DeepEqual(got.Ints, tt.ints) {
			t.Errorf("%s: got floats %v ints %v, want %v %v", tt.name, got.Floats, got.Ints, tt.floats, tt.ints)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	good := Encode(sampleModel())
	withInit := func(tensor []byte) []byte {
		g := appendMessage(nil, 5, tensor)
		return appendMessage(appendVarint(nil, 1, 8), 7, g)
	}
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "not an ONNX model"},
		{"text file", []byte("hello, this is not a model\n"), ""},
		{"png header", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ""},
		{"truncated", good[:len(good)-1], "corrupt ONNX model"},
		{"truncated middle", good[:len(good)/2], "corrupt ONNX model"},
		{"no graph", appendVarint(nil, 1, 8), "not an ONNX model"},
		{"graph as varint", appendVarint(appendVarint(nil, 1, 8), 7, 3), "wire type varint, want length-delimited"},
		{"ir_version as bytes", appendString(nil, 1, "x"), "wire type length-delimited, want varint"},
		{"float16 tensor", withInit(appendString(appendVarint(nil, 2, uint64(DataFloat16)), 8, "half")), `unsupported ONNX model: initializer: tensor "half": unsupported data type FLOAT16`},
		{"bool without values", withInit(appendString(appendVarint(nil, 2, uint64(DataBool)), 8, "mask")), `tensor "mask": 0 values, want 1 for BOOL[]`},
		{"external without location", withInit(appendVarint(appendVarint(nil, 2, uint64(DataFloat)), 14, 1)), "external data: no location"},
		{"external bad offset", withInit(appendVarint(appendMessage(appendVarint(nil, 2, uint64(DataFloat)), 13, encodeStringEntry(StringEntry{"offset", "-4"})), 14, 1)), `offset "-4" is not a non-negative integer`},
		{"raw size", withInit(appendMessage(appendVarint(appendVarint(nil, 1, 3), 2, uint64(DataFloat)), 9, []byte{1, 2, 3, 4})), "raw_data has 4 bytes, want 12"},
		{"missing values", withInit(appendVarint(appendVarint(nil, 1, 2), 2, uint64(DataFloat))), "0 values, want 2"},
		{"huge dims", withInit(appendVarint(appendVarint(appendVarint(nil, 1, 1<<40), 1, 1<<40), 2, uint64(DataFloat))), "bad dims"},
		{"bad tag", []byte{0x0f}, "corrupt ONNX model"},
	}
	for _, tt := range tests {
		_, err := Decode(tt.b)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestReadModelNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.onnx")
	if err := os.WriteFile(path, []byte("not onnx"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadModel(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("ReadModel error %v does not name %s", err, path)
	}
	if _, err := ReadModel(filepath.Join(t.TempDir(), "missing.onnx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestONNXNodeModels decodes every ONNX operator case and its test data.
func TestONNXNodeModels(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(testenv.OnnxNodeDir(t), "test_*"))
	if len(dirs) == 0 {
		t.Fatal("no ONNX operator cases")
	}
	for _, d := range dirs {
		m, err := ReadModel(filepath.Join(d, "model.onnx"))
		if err != nil {
			t.Error(err)
			continue
		}
		if len(m.Graph.Nodes) != 1 || len(m.Graph.Inputs) == 0 || len(m.Graph.Outputs) == 0 {
			t.Errorf("%s: unexpected graph %+v", d, m.Graph)
		}
		pbs, _ := filepath.Glob(filepath.Join(d, "test_data_set_0", "*.pb"))
		for _, pb := range pbs {
			tensor, err := ReadTensor(pb)
			if err != nil {
				t.Error(err)
				continue
			}
			if int64(tensor.Len()) != tensor.NumElements() {
				t.Errorf("%s: %d values for dims %v", pb, tensor.Len(), tensor.Dims)
			}
		}
		// Re-encoding and decoding keeps the model.
		again, err := Decode(Encode(m))
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Errorf("%s: round trip: %v", d, err)
		}
	}
}
