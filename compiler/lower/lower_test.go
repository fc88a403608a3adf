package lower

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

// zooModel is one model of the zoo: its directory relative to models/ and its program.
type zooModel struct {
	name string // e.g. "ffnn", "ops/conv"
	dir  string
}

// zoo lists models/*/model.onnx and models/ops/*/model.onnx.
func zoo(t *testing.T) []zooModel {
	t.Helper()
	root := filepath.Join(testenv.RepoRoot(t), "models")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no model zoo at %s", root)
	}
	var out []zooModel
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "model.onnx" {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			out = append(out, zooModel{filepath.ToSlash(rel), filepath.Dir(path)})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// loadModel runs the torch_accel front end: import, lower to loops, unroll and partition.
func loadModel(t *testing.T, m zooModel, schedule string) *air.Program {
	t.Helper()
	g, err := graph.ReadFile(filepath.Join(m.dir, "model.onnx"))
	if err != nil {
		t.Fatalf("%s: %v", m.name, err)
	}
	p, err := fromgraph.Lower(g, fromgraph.Options{})
	if err != nil {
		t.Fatalf("%s: %v", m.name, err)
	}
	if schedule != "" {
		s, err := partition.ParseSchedule(schedule)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := partition.Apply(p, s, nil); err != nil {
			t.Fatalf("%s: partition: %v", m.name, err)
		}
	}
	return p
}

// roundTrip prints prog, parses it back, checks it and requires identical reprinting.
func roundTrip(t *testing.T, prog *calyx.Program) string {
	t.Helper()
	text := calyx.Print(prog)
	back, err := calyx.Parse("lowered.futil", []byte(text))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if err := calyx.Check(back); err != nil {
		t.Fatalf("check: %v", err)
	}
	if again := calyx.Print(back); again != text {
		t.Fatalf("printing the parsed program differs")
	}
	return text
}

// testdataPrograms returns the air test programs with deterministic weights.
func testdataPrograms(t *testing.T) map[string]*air.Program {
	t.Helper()
	out := map[string]*air.Program{}
	for _, path := range []string{"../air/testdata/gemm.air", "../air/testdata/conv_relu.air", "testdata/arith.air"} {
		name := strings.TrimSuffix(filepath.Base(path), ".air")
		src, err := os.ReadFile(filepath.FromSlash(path))
		if err != nil {
			t.Fatal(err)
		}
		p, err := air.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p.Data = randomData(p, air.MemConst, 1)
		out[name] = p
	}
	return out
}

// randomData fills p's memories of one kind with values spread over the
// whole range of their element type (so rounding and saturation are reached).
func randomData(p *air.Program, kind air.MemKind, seed int64) map[string][]int64 {
	rng := rand.New(rand.NewSource(seed))
	out := map[string][]int64{}
	for _, m := range p.Mems {
		if m.Kind == kind {
			d := make([]int64, m.Size())
			for i := range d {
				d[i] = m.Elem.Min() + rng.Int63n(m.Elem.Max()-m.Elem.Min()+1)
			}
			out[m.Name] = d
		}
	}
	return out
}

func randomInputs(p *air.Program, seed int64) map[string][]int64 {
	return randomData(p, air.MemInput, seed)
}

// TestTestdata lowers the air test programs, unrolled and not, and checks the Calyx.
func TestTestdata(t *testing.T) {
	for name, p := range testdataPrograms(t) {
		for _, sched := range []string{"", "*=2", "*=3"} {
			t.Run(fmt.Sprintf("%s/%s", name, sched), func(t *testing.T) {
				q := air.Clone(p)
				if sched != "" {
					s, _ := partition.ParseSchedule(sched)
					if _, err := partition.Apply(q, s, nil); err != nil {
						t.Fatal(err)
					}
				}
				prog, err := Lower(q)
				if err != nil {
					t.Fatal(err)
				}
				roundTrip(t, prog)
				if _, err := Data(q, randomInputs(q, 2)); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestZoo lowers every zoo model (plain and unrolled) and checks the Calyx.
func TestZoo(t *testing.T) {
	for _, m := range zoo(t) {
		for _, sched := range []string{"", "conv*=2,gemm*=2,matmul*=2", "conv*=4,gemm*=8,matmul*=4"} {
			t.Run(m.name+"/"+sched, func(t *testing.T) {
				t.Parallel()
				if testing.Short() && sched != "" {
					t.Skip("short")
				}
				p := loadModel(t, m, sched)
				prog, err := Lower(p)
				if err != nil {
					t.Fatal(err)
				}
				text := roundTrip(t, prog)
				prog2, err := Lower(p)
				if err != nil {
					t.Fatal(err)
				}
				if calyx.Print(prog2) != text {
					t.Fatal("lowering is not deterministic")
				}
				t.Logf("%d components, %d bytes", len(prog.Components), len(text))
			})
		}
	}
}

func partitionSchedule(s string) (partition.Schedule, error) { return partition.ParseSchedule(s) }

func applySchedule(p *air.Program, s partition.Schedule) error {
	_, err := partition.Apply(p, s, nil)
	return err
}
