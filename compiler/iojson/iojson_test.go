package iojson

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

const good = `{"inputs":[{"name":"a","shape":[1,2]},{"name":"b","shape":[3]}],"model":"m","opset":17,` +
	`"outputs":[{"name":"output","shape":[1,2]}],` +
	`"samples":[{"inputs":[[0.5,-1],[1,2,3]],"outputs":[[0.25,3.5]]},{"inputs":[[0,0],[0,0,0]],"outputs":[[1e-3,-2]]}],"torch":"2.15.0"}` + "\n"

func TestParse(t *testing.T) {
	f, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := &File{
		Inputs:  []Tensor{{Name: "a", Shape: []int{1, 2}}, {Name: "b", Shape: []int{3}}},
		Outputs: []Tensor{{Name: "output", Shape: []int{1, 2}}},
		Samples: []Sample{
			{Inputs: [][]float64{{0.5, -1}, {1, 2, 3}}, Outputs: [][]float64{{0.25, 3.5}}},
			{Inputs: [][]float64{{0, 0}, {0, 0, 0}}, Outputs: [][]float64{{1e-3, -2}}},
		},
		Model: "m", Opset: 17, Torch: "2.15.0",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("Parse = %+v, want %+v", f, want)
	}
	s, err := f.Sample(1)
	if err != nil || s.Outputs[0][1] != -2 {
		t.Errorf("Sample(1) = %v, %v", s, err)
	}
	for _, n := range []int{-1, 2} {
		if _, err := f.Sample(n); err == nil || !strings.Contains(err.Error(), "out of range (2 samples)") {
			t.Errorf("Sample(%d) error = %v", n, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"array", `[]`, "not a JSON object"},
		{"syntax", `{`, "io.json: unexpected end"},
		{"trailing", `{} {}`, "io.json: invalid character"},
		{"type", `{"inputs":3}`, "cannot unmarshal number"},
		{"no name", `{"inputs":[{"shape":[1]}],"samples":[]}`, "input 0 has no name"},
		{"duplicate", `{"outputs":[{"name":"o"},{"name":"o"}],"samples":[]}`, `output "o" listed twice`},
		{"negative dim", `{"inputs":[{"name":"a","shape":[1,-2]}],"samples":[]}`, "negative dimension"},
		{"huge shape", `{"inputs":[{"name":"a","shape":[1048576,1048576,1048576]}],"samples":[]}`, "too large"},
		{"input count", `{"inputs":[{"name":"a"}],"samples":[{"inputs":[]}]}`, "sample 0 has 0 inputs, want 1"},
		{"output count", `{"outputs":[{"name":"o"}],"samples":[{"outputs":[[1]]},{"outputs":[[1],[2]]}]}`, "sample 1 has 2 outputs, want 1"},
		{"value count", `{"inputs":[{"name":"a","shape":[2,2]}],"samples":[{"inputs":[[1,2,3]]}]}`, `sample 0: input "a" has 3 values, shape [2 2] holds 4`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "io.json: ") {
				t.Errorf("Parse(%s) error = %v, want one containing %q", tc.in, err, tc.want)
			}
		})
	}
}

// FuzzParse checks that Parse never panics and that what it accepts is
// consistent and survives a round trip through encoding/json.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(`{"outputs":[{"name":"output"}],"samples":[{"outputs":[[1,2]]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "io.json: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		for i, s := range file.Samples {
			if len(s.Inputs) != len(file.Inputs) || len(s.Outputs) != len(file.Outputs) {
				t.Fatalf("sample %d accepted with mismatched counts", i)
			}
		}
		b, err := json.Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(b)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", b, err)
		}
		if !reflect.DeepEqual(normalize(file), normalize(again)) {
			t.Fatalf("round trip changed %+v into %+v", file, again)
		}
	})
}

// normalize maps empty slices to nil (omitempty drops them).
func normalize(f *File) *File {
	g := *f
	if len(g.Inputs) == 0 {
		g.Inputs = nil
	}
	if len(g.Outputs) == 0 {
		g.Outputs = nil
	}
	g.Samples = nil
	for _, s := range f.Samples {
		if len(s.Inputs) == 0 {
			s.Inputs = nil
		}
		if len(s.Outputs) == 0 {
			s.Outputs = nil
		}
		g.Samples = append(g.Samples, s)
	}
	return &g
}

// TestModels parses every io.json of the model zoo.
func TestModels(t *testing.T) {
	root := filepath.Join(testenv.RepoRoot(t), "models")
	var files []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "io.json" {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skipf("no io.json under %s", root)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if len(f.Inputs) == 0 || len(f.Outputs) == 0 || len(f.Samples) == 0 || f.Model == "" {
			t.Errorf("%s: %d inputs, %d outputs, %d samples, model %q", path, len(f.Inputs), len(f.Outputs), len(f.Samples), f.Model)
		}
	}
}
