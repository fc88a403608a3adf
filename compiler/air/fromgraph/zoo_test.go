package fromgraph

import (
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

// zooIO is models/<name>/io.json.
type zooIO struct {
	Inputs []struct {
		Name string `json:"name"`
	} `json:"inputs"`
	Outputs []struct {
		Name string `json:"name"`
	} `json:"outputs"`
	Samples []struct {
		Inputs  [][]float64 `json:"inputs"`
		Outputs [][]float64 `json:"outputs"`
	} `json:"samples"`
}

// zooModel is one model directory with its lowered program and samples.
type zooModel struct {
	name string
	g    *graph.Graph
	io   zooIO
}

// zooModels returns both exports of every model under models/ with an
// io.json (skipping the test if there is no zoo); the dynamo export is named
// <model>/dynamo.
func zooModels(t *testing.T) []zooModel {
	t.Helper()
	root := filepath.Join(testenv.RepoRoot(t), "models")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no model zoo at %s", root)
	}
	var dirs []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "io.json" {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	sort.Strings(dirs)
	var out []zooModel
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		for _, ex := range []struct{ suffix, model, io string }{
			{"", "model.onnx", "io.json"},
			{"/dynamo", "model.dynamo.onnx", "io.dynamo.json"},
		} {
			if _, err := os.Stat(filepath.Join(dir, ex.model)); err != nil {
				continue
			}
			g, err := graph.ReadFile(filepath.Join(dir, ex.model))
			if err != nil {
				t.Fatalf("%s%s: %v", rel, ex.suffix, err)
			}
			b, err := os.ReadFile(filepath.Join(dir, ex.io))
			if err != nil {
				t.Fatal(err)
			}
			var z zooIO
			if err := json.Unmarshal(b, &z); err != nil {
				t.Fatalf("%s%s: %v", rel, ex.suffix, err)
			}
			out = append(out, zooModel{filepath.ToSlash(rel) + ex.suffix, g, z})
		}
	}
	return out
}

// Bounds asserted against PyTorch: whole networks may accumulate more error than single ops.
const (
	opTol    = 0.02
	modelTol = 0.05
)

// TestZooAccuracy lowers every zoo model to fixed<16,8>, runs the bit-exact
// interpreter on the recorded samples and reports the max absolute error and
// top-1 agreement against PyTorch's float outputs.
func TestZooAccuracy(t *testing.T) {
	for _, z := range zooModels(t) {
		t.Run(z.name, func(t *testing.T) {
			worst, _ := accuracy(t, z, Options{})
			tol := opTol
			if !strings.HasPrefix(z.name, "ops/") {
				tol = modelTol
			}
			if worst > tol {
				t.Errorf("%s: max abs error %.4f above %g", z.name, worst, tol)
			}
			if u, _ := accuracy(t, z, Options{UniformWeights: true}); u > 10*tol {
				t.Errorf("%s: with uniform weights, max abs error %.4f above %g", z.name, u, 10*tol)
			}
		})
	}
}

// accuracy runs every sample of z and logs the max absolute error and top-1 agreement.
func accuracy(t *testing.T, z zooModel, opt Options) (float64, int) {
	t.Helper()
	p, err := Lower(z.g, opt)
	if err != nil {
		t.Fatal(err)
	}
	worst, agree := 0.0, 0
	for _, s := range z.io.Samples {
		in := map[string][]float32{}
		for i, x := range z.io.Inputs {
			in[x.Name] = toF32(s.Inputs[i])
		}
		var outs []string
		for _, o := range z.io.Outputs {
			outs = append(outs, o.Name)
		}
		got, err := RunFloat(p, in, outs)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range outs {
			for k, w := range s.Outputs[i] {
				worst = math.Max(worst, math.Abs(got[o][k]-w))
			}
		}
		if argmax(got[outs[0]]) == argmax(s.Outputs[0]) {
			agree++
		}
	}
	mode := "per-tensor weights"
	if opt.UniformWeights {
		mode = "uniform weights"
	}
	t.Logf("%s: fixed<16,8>, %s: max abs error %.4f, top-1 agreement %d/%d, %d kernels", z.name, mode, worst, agree, len(z.io.Samples), len(p.Kernels))
	return worst, agree
}

func toF32(xs []float64) []float32 {
	out := make([]float32, len(xs))
	for i, x := range xs {
		out[i] = float32(x)
	}
	return out
}

func argmax(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}

// TestLowerDeterministic checks that lowering twice prints the same bytes and that the text round-trips.
func TestLowerDeterministic(t *testing.T) {
	for _, z := range zooModels(t) {
		p1, err := Lower(z.g, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p2, _ := Lower(z.g, Options{})
		a, b := air.Format(p1), air.Format(p2)
		if string(a) != string(b) {
			t.Errorf("%s: lowering is not deterministic", z.name)
		}
		q, err := air.Parse(a)
		if err != nil {
			t.Fatalf("%s: %v", z.name, err)
		}
		if string(air.Format(q)) != string(a) {
			t.Errorf("%s: text does not round-trip", z.name)
		}
	}
}

// TestZooFloat32 lowers every zoo model whose operators all have a float32
// lowering with Options.Float32 and runs the interpreter (package fp32
// arithmetic) on the recorded samples: the largest error against PyTorch,
// relative to the output's largest magnitude, must stay below 1e-4 and
// every sample's argmax must agree. PyTorch also computes in float32 but
// sums in another order, so the outputs are close, not bit-equal.
func TestZooFloat32(t *testing.T) {
	ran := 0
	for _, z := range zooModels(t) {
		t.Run(z.name, func(t *testing.T) {
			p, err := Lower(z.g, Options{Float32: true})
			if err != nil {
				if strings.Contains(err.Error(), "no float32 lowering yet") {
					t.Skipf("not lowered in float32: %v", err)
				}
				t.Fatal(err)
			}
			ran++
			worstRel, agree := 0.0, 0
			for _, s := range z.io.Samples {
				in := map[string][]float32{}
				for i, x := range z.io.Inputs {
					in[x.Name] = toF32(s.Inputs[i])
				}
				var outs []string
				for _, o := range z.io.Outputs {
					outs = append(outs, o.Name)
				}
				got, err := RunFloat(p, in, outs)
				if err != nil {
					t.Fatal(err)
				}
				for i, o := range outs {
					scale := 0.0
					for _, w := range s.Outputs[i] {
						scale = math.Max(scale, math.Abs(w))
					}
					for k, w := range s.Outputs[i] {
						worstRel = math.Max(worstRel, math.Abs(got[o][k]-w)/math.Max(scale, 1e-30))
					}
				}
				if argmax(got[outs[0]]) == argmax(s.Outputs[0]) {
					agree++
				}
			}
			t.Logf("%s: float32: max error %.3g of the largest output magnitude, top-1 agreement %d/%d", z.name, worstRel, agree, len(z.io.Samples))
			if worstRel > 1e-4 {
				t.Errorf("%s: float32 error %.3g relative, above 1e-4", z.name, worstRel)
			}
			if agree != len(z.io.Samples) {
				t.Errorf("%s: argmax agrees in %d of %d samples", z.name, agree, len(z.io.Samples))
			}
		})
	}
}
