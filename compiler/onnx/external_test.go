package onnx

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// extModel is a model with one initializer "w" (FLOAT[2,2]) stored externally as e says.
func extModel(e *ExternalData) *Model {
	return &Model{IRVersion: 10, Graph: &Graph{
		Name: "g",
		Nodes: []*Node{{Name: "c", OpType: "Constant", Outputs: []string{"k"}, Attributes: []*Attribute{
			{Name: "value", Type: AttrTensor, T: &Tensor{DataType: DataInt64, Dims: []int64{1}, External: &ExternalData{Location: "w.bin", Offset: 16, Length: 8}}},
		}}},
		Initializers: []*Tensor{{Name: "w", DataType: DataFloat, Dims: []int64{2, 2}, External: e}},
		Outputs:      []*ValueInfo{{Name: "k"}},
	}}
}

// extFile is 16 bytes of four float32 (1, -2, 0.5, 3) followed by the int64 7.
func extFile() []byte {
	var b []byte
	for _, v := range []float32{1, -2, 0.5, 3} {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return binary.LittleEndian.AppendUint64(b, 7)
}

// writeModel writes m as model.onnx and the given files into a new directory and returns the model path.
func writeModel(t *testing.T, m *Model, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "model.onnx")
	if err := os.WriteFile(path, Encode(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExternalData(t *testing.T) {
	data := extFile()
	fileSum := sha1.Sum(data)
	sliceSum := sha1.Sum(data[:16])
	tests := []struct {
		name string
		e    ExternalData
	}{
		{"offset and length", ExternalData{Location: "w.bin", Offset: 0, Length: 16}},
		{"no length", ExternalData{Location: "w.bin", Length: -1, Offset: 0}}, // ends at the int64: too long, see errors
		{"file checksum", ExternalData{Location: "w.bin", Length: 16, Checksum: hex.EncodeToString(fileSum[:])}},
		{"slice checksum", ExternalData{Location: "w.bin", Length: 16, Checksum: strings.ToUpper(hex.EncodeToString(sliceSum[:]))}},
		{"subdirectory", ExternalData{Location: "sub/../w.bin", Length: 16}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			files := map[string][]byte{"w.bin": data}
			if tt.name == "no length" {
				files["w.bin"] = data[:16]
				files["k.bin"] = data[16:]
				m := extModel(&e)
				m.Graph.Nodes[0].Attributes[0].T.External = &ExternalData{Location: "k.bin", Length: -1}
				checkLoaded(t, writeModel(t, m, files))
				return
			}
			checkLoaded(t, writeModel(t, extModel(&e), files))
		})
	}
}

func checkLoaded(t *testing.T, path string) {
	t.Helper()
	m, err := ReadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	w := m.Graph.Initializers[0]
	if w.External != nil || !reflect.DeepEqual(w.Floats, []float32{1, -2, 0.5, 3}) {
		t.Errorf("w = %v (external %v)", w.Floats, w.External)
	}
	k := m.Graph.Nodes[0].Attributes[0].T
	if k.External != nil || !reflect.DeepEqual(k.Ints, []int64{7}) {
		t.Errorf("constant = %v (external %v)", k.Ints, k.External)
	}
}

func TestExternalDataErrors(t *testing.T) {
	data := extFile()
	tests := []struct {
		name  string
		e     ExternalData
		files map[string][]byte
		want  string
	}{
		{"parent", ExternalData{Location: "../w.bin", Length: 16}, nil, `location "../w.bin" leaves the model's directory`},
		{"parent inside", ExternalData{Location: "a/../../w.bin", Length: 16}, nil, "leaves the model's directory"},
		{"absolute", ExternalData{Location: "/etc/passwd", Length: 16}, nil, "leaves the model's directory"},
		{"backslash", ExternalData{Location: `..\w.bin`, Length: 16}, nil, "leaves the model's directory"},
		{"missing", ExternalData{Location: "nope.bin", Length: 16}, nil, "nope.bin (location \"nope.bin\") does not exist"},
		{"directory", ExternalData{Location: "sub", Length: 16}, map[string][]byte{"sub/x": nil}, "is not a regular file"},
		{"short", ExternalData{Location: "w.bin", Offset: 12, Length: 16}, nil, "short read: 16 bytes at offset 12 wanted, the file has 24 bytes"},
		{"offset past end", ExternalData{Location: "w.bin", Offset: 100, Length: 16}, nil, "short read"},
		{"wrong length", ExternalData{Location: "w.bin", Length: 12}, nil, "length 12, but FLOAT[2 2] takes 16 bytes"},
		{"to end too long", ExternalData{Location: "w.bin", Length: -1}, nil, "length 24, but FLOAT[2 2] takes 16 bytes"},
		{"checksum", ExternalData{Location: "w.bin", Length: 16, Checksum: "0123"}, nil, "checksum 0123 does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{"w.bin": data}
			for k, v := range tt.files {
				files[k] = v
			}
			e := tt.e
			path := writeModel(t, extModel(&e), files)
			_, err := ReadModel(path)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrExternalData) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `tensor "w"`) {
				t.Errorf("error %q, want ErrExternalData naming %s, tensor \"w\" and containing %q", err, path, tt.want)
			}
		})
	}
}

func TestExternalDataDeclared(t *testing.T) {
	e := ExternalData{Location: "w.bin", Length: 16}
	path := writeModel(t, extModel(&e), map[string][]byte{"w.bin": extFile()})
	dir := filepath.Dir(path)
	if _, err := ReadModelWith(path, ReadOptions{DataFiles: []string{filepath.Join(dir, "./w.bin")}}); err != nil {
		t.Errorf("declared file: %v", err)
	}
	_, err := ReadModelWith(path, ReadOptions{DataFiles: []string{filepath.Join(dir, "other.bin")}})
	if err == nil || !strings.Contains(err.Error(), "is not among the declared data files") {
		t.Errorf("undeclared file: %v", err)
	}
}

// FuzzExternalData checks that reading a model with external data never
// panics, and that whatever loads has no external tensor left and the
// values its dims promise. The fuzzer controls the model bytes and the
// contents of the one data file beside it.
func FuzzExternalData(f *testing.F) {
	f.Add(Encode(extModel(&ExternalData{Location: "w.bin", Length: 16})), extFile())
	f.Add(Encode(extModel(&ExternalData{Location: "../w.bin", Length: 16})), extFile())
	f.Add(Encode(extModel(&ExternalData{Location: "w.bin", Offset: 20, Length: -1})), extFile()[:3])
	f.Add(Encode(extModel(&ExternalData{Location: "w.bin", Length: 16, Checksum: "zz"})), []byte{})
	f.Fuzz(func(t *testing.T, model, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "w.bin"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "model.onnx")
		if err := os.WriteFile(path, model, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadModel(path)
		if err != nil {
			if m != nil {
				t.Fatal("model and error both returned")
			}
			return
		}
		check := func(tn *Tensor) {
			if tn.External != nil {
				t.Fatalf("tensor %q still external", tn.Name)
			}
			if int64(tn.Len()) != tn.NumElements() {
				t.Fatalf("tensor %q: %d values for dims %v", tn.Name, tn.Len(), tn.Dims)
			}
		}
		for _, tn := range m.Graph.Initializers {
			check(tn)
		}
		for _, n := range m.Graph.Nodes {
			for _, a := range n.Attributes {
				if a.T != nil {
					check(a.T)
				}
			}
		}
	})
}
