package exact

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/iojson"
	"github.com/rules-accel/rules_accel/compiler/partition"
	"github.com/rules-accel/rules_accel/compiler/stage/torchaccel"
)

// zooSchedules are the unroll factors models/BUILD.bazel gives each model.
var zooSchedules = map[string]string{
	"ffnn":    "gemm*=4",
	"lenet5":  "conv*=2,gemm*=2",
	"resnet8": "conv*=4",
}

// zooFormats are the activation formats checked: the zoo's fixed<16,8> and
// others from narrow to the widest the layers accept.
var zooFormats = []string{"fixed<16,8>", "fixed<8,4>", "fixed<12,2>", "fixed<24,12>", "fixed<27,8>"}

// TestZoo builds every zoo model (models/*, models/ops/*) as torch_accel does
// and checks the int64 interpreter against the exact evaluation on every
// io.json sample, in each format of zooFormats (resnet8, about 2 s per
// sample: every sample in the zoo's format and the first in fixed<8,4>;
// skipped with -short).
func TestZoo(t *testing.T) {
	root := filepath.Join(testenv.RepoRoot(t), "models")
	var dirs []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "io.json" {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	if len(dirs) == 0 {
		t.Skipf("no model zoo under %s", root)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		name, _ := filepath.Rel(root, dir)
		name = filepath.ToSlash(name)
		for _, format := range zooFormats {
			t.Run(name+"/"+format, func(t *testing.T) {
				big := name == "resnet8"
				if big && (testing.Short() || (format != "fixed<16,8>" && format != "fixed<8,4>")) {
					t.Skip("resnet8: fixed<16,8> and fixed<8,4> only, not with -short")
				}
				checkModel(t, dir, name, format, big && format != "fixed<16,8>")
			})
		}
	}
}

func checkModel(t *testing.T, dir, name, format string, firstSampleOnly bool) {
	g, err := graph.ReadFile(filepath.Join(dir, "model.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "io.json"))
	if err != nil {
		t.Fatal(err)
	}
	io, err := iojson.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	sched := zooSchedules[name]
	if sched == "" {
		sched = "conv*=2,gemm*=2"
	}
	s, err := partition.ParseSchedule(sched)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fixed.Parse(format)
	if err != nil {
		t.Fatal(err)
	}
	p, err := torchaccel.CompileWith(g, fromgraph.Options{Numeric: f}, s, nil)
	if err != nil {
		// Wider formats may be refused by a layer, but only with a width-limit error.
		if format != "fixed<16,8>" && strings.Contains(err.Error(), "limit") {
			t.Skipf("refused: %v", err)
		}
		t.Fatal(err)
	}
	samples := io.Samples
	if firstSampleOnly {
		samples = samples[:1]
	}
	for n, smp := range samples {
		in := map[string][]int64{}
		for i, x := range io.Inputs {
			m := p.Mem(fromgraph.MemName(x.Name))
			xs := make([]float32, len(smp.Inputs[i]))
			for j, v := range smp.Inputs[i] {
				xs[j] = float32(v)
			}
			in[m.Name] = fromgraph.QuantizeInput(m, xs)
		}
		start := time.Now()
		err := Check(p, in)
		var both *BothFailed
		if errors.As(err, &both) {
			t.Errorf("sample %d: the program is wrong for this input (both evaluators stop): %v", n, err)
		} else if err != nil {
			t.Errorf("sample %d: %v", n, err)
		}
		t.Logf("%s %s (%s) sample %d: interpreter == exact, %d kernels, %v", name, format, sched, n, len(p.Main), time.Since(start).Round(time.Millisecond))
	}
}
