package partition

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

// TestZooPartition lowers every zoo model, unrolls its conv and gemm kernels
// by 1, 2, 4 and 8, partitions and checks the interpreter's outputs are
// bit-identical to the unpartitioned program's, with and without the fusion
// passes (air.FuseElementwise, air.FuseCopies) before partitioning.
func TestZooPartition(t *testing.T) {
	root := filepath.Join(testenv.RepoRoot(t), "models")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no model zoo at %s", root)
	}
	var models []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "model.onnx" {
			models = append(models, path)
		}
		return nil
	})
	sort.Strings(models)
	for _, path := range models {
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		g, err := graph.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		base, err := fromgraph.Lower(g, fromgraph.Options{})
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		rng := rand.New(rand.NewSource(7))
		in := map[string][]int64{}
		for _, m := range base.Mems {
			if m.Kind == air.MemInput {
				d := make([]int64, m.Size())
				for i := range d {
					d[i] = rng.Int63n(768) - 384
				}
				in[m.Name] = d
			}
		}
		want, err := air.Interpret(base, in)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		// The fusion passes run before partitioning in torch_accel: the
		// partitions must also bank the accesses they rewrite.
		fused := air.Clone(base)
		if _, err := air.FuseElementwise(fused); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if _, err := air.FuseCopies(fused); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		for _, u := range []int{1, 2, 4, 8} {
			for _, v := range []struct {
				name string
				p    *air.Program
			}{{"", base}, {"/fused", fused}} {
				t.Run(fmt.Sprintf("%s/unroll%d%s", filepath.ToSlash(rel), u, v.name), func(t *testing.T) {
					if testing.Short() && u != 4 {
						t.Skip("short")
					}
					p := air.Clone(v.p)
					s, _ := ParseSchedule(fmt.Sprintf("conv*=%d,gemm*=%d,matmul*=%d", u, u, u))
					plan, err := Apply(p, s, nil)
					if err != nil {
						t.Fatal(err)
					}
					got, err := air.Interpret(p, in)
					if err != nil {
						t.Fatal(err)
					}
					equalOutputs(t, want, got)
					t.Logf("%d memories partitioned, %d pars", len(plan.Parts), len(pars(p)))
				})
			}
		}
	}
}
