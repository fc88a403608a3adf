package graph

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

// zooIO is models/<name>/io.json: graph interface and PyTorch samples.
type zooIO struct {
	Model  string `json:"model"`
	Opset  int    `json:"opset"`
	Inputs []struct {
		Name  string `json:"name"`
		Shape []int  `json:"shape"`
	} `json:"inputs"`
	Outputs []struct {
		Name  string `json:"name"`
		Shape []int  `json:"shape"`
	} `json:"outputs"`
	Samples []struct {
		Inputs  [][]float64 `json:"inputs"`
		Outputs [][]float64 `json:"outputs"`
	} `json:"samples"`
}

// zooTol is the bound on |got-want| / max(1, |want|) against PyTorch.
const zooTol = 1e-4

// TestZoo imports every model under models/ that has an io.json, runs the
// recorded samples through the interpreter and compares with PyTorch's
// outputs. It skips only when models/ does not exist.
func TestZoo(t *testing.T) {
	root := filepath.Join(testenv.RepoRoot(t), "models")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no model zoo at %s", root)
	}
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "io.json" {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no io.json under %s", root)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		for _, ex := range zooExports {
			if _, err := os.Stat(filepath.Join(dir, ex.model)); err != nil {
				continue
			}
			t.Run(filepath.ToSlash(rel)+"/"+ex.name, func(t *testing.T) {
				worst, err := runZooModel(dir, ex.model, ex.io)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s %s: max relative error %.3g over all samples", rel, ex.name, worst)
				if worst > zooTol {
					t.Errorf("%s %s: max relative error %.3g > %g", rel, ex.name, worst, zooTol)
				}
			})
		}
	}
}

// zooExports are the two exports of every zoo model (models/README.md).
var zooExports = []struct{ name, model, io string }{
	{"torchscript", "model.onnx", "io.json"},
	{"dynamo", "model.dynamo.onnx", "io.dynamo.json"},
}

func runZooModel(dir, model, ioName string) (float64, error) {
	b, err := os.ReadFile(filepath.Join(dir, ioName))
	if err != nil {
		return 0, err
	}
	var io zooIO
	if err := json.Unmarshal(b, &io); err != nil {
		return 0, err
	}
	g, err := ReadFile(filepath.Join(dir, model))
	if err != nil {
		return 0, err
	}
	for i, v := range io.Inputs {
		if i >= len(g.Inputs) || g.Inputs[i] != v.Name || !equalInts(g.Tensors[v.Name].Shape, v.Shape) {
			return 0, fmt.Errorf("io.json input %d %q%v does not match graph inputs %v", i, v.Name, v.Shape, g.Inputs)
		}
	}
	for i, v := range io.Outputs {
		if i >= len(g.Outputs) || g.Outputs[i] != v.Name || !equalInts(g.Tensors[v.Name].Shape, v.Shape) {
			return 0, fmt.Errorf("io.json output %d %q%v does not match graph outputs %v", i, v.Name, v.Shape, g.Outputs)
		}
	}
	if len(io.Samples) == 0 {
		return 0, fmt.Errorf("io.json has no samples")
	}
	worst := 0.0
	for _, s := range io.Samples {
		in := map[string][]float32{}
		for i, v := range io.Inputs {
			in[v.Name] = toFloat32(s.Inputs[i])
		}
		out, err := g.Run(in)
		if err != nil {
			return 0, err
		}
		for i, v := range io.Outputs {
			e, _ := compare(out[v.Name], toFloat32(s.Outputs[i]), math.Inf(1))
			worst = math.Max(worst, e)
		}
	}
	return worst, nil
}

func toFloat32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}
