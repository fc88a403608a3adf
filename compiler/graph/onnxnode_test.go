package graph

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// onnxNodeSkips lists ONNX operator cases that are not run, with the reason.
var onnxNodeSkips = map[string]string{}

// TestONNXNode runs every ONNX operator case through Import and the
// interpreter. Weights arrive as graph inputs there and stay runtime inputs;
// int64 inputs (Reshape's shape) are bound as constants before Build,
// because shapes must be static.
func TestONNXNode(t *testing.T) {
	dir := testenv.OnnxNodeDir(t)
	cases, err := filepath.Glob(filepath.Join(dir, "test_*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	sort.Strings(cases)
	for _, c := range cases {
		name := filepath.Base(c)
		t.Run(name, func(t *testing.T) {
			if why, ok := onnxNodeSkips[name]; ok {
				t.Skip(why)
			}
			worst, err := runONNXCase(c, 1e-5)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("max error %.3g", worst)
		})
	}
}

// runONNXCase imports a case, runs test_data_set_0 and returns the largest
// error relative to max(1, |want|); it fails if that exceeds tol.
func runONNXCase(dir string, tol float64) (float64, error) {
	m, err := onnx.ReadModel(filepath.Join(dir, "model.onnx"))
	if err != nil {
		return 0, err
	}
	data := filepath.Join(dir, "test_data_set_0")
	inputs := map[string][]float32{}
	for i, vi := range m.Graph.Inputs {
		tp, err := onnx.ReadTensor(filepath.Join(data, fmt.Sprintf("input_%d.pb", i)))
		if err != nil {
			return 0, err
		}
		if tp.DataType.IsInt() {
			tp.Name = vi.Name
			m.Graph.Initializers = append(m.Graph.Initializers, tp)
			continue
		}
		inputs[vi.Name] = tp.Floats
	}
	g, err := Import(m)
	if err != nil {
		return 0, err
	}
	got, err := g.Run(inputs)
	if err != nil {
		return 0, err
	}
	worst := 0.0
	for i, name := range g.Outputs {
		path := filepath.Join(data, fmt.Sprintf("output_%d.pb", i))
		if _, err := os.Stat(path); err != nil {
			return 0, err
		}
		want, err := onnx.ReadTensor(path)
		if err != nil {
			return 0, err
		}
		e, err := compare(got[name], want.Floats, tol)
		if err != nil {
			return e, fmt.Errorf("output %q: %w", name, err)
		}
		worst = math.Max(worst, e)
	}
	return worst, nil
}

// compare returns the largest |got-want| / max(1, |want|) and an error if it exceeds tol.
func compare(got, want []float32, tol float64) (float64, error) {
	if len(got) != len(want) {
		return 0, fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	worst, at := 0.0, 0
	for i := range got {
		d := math.Abs(float64(got[i])-float64(want[i])) / math.Max(1, math.Abs(float64(want[i])))
		if d > worst || math.IsNaN(d) {
			worst, at = d, i
		}
	}
	if worst > tol || math.IsNaN(worst) {
		return worst, fmt.Errorf("element %d: got %v, want %v (relative error %.3g > %g)", at, got[at], want[at], worst, tol)
	}
	return worst, nil
}
