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
	for _, path := range []string{"../air/testdata/gemm.air", "../air/testdata/conv_relu.air", "../air/testdata/nonlin.air", "testdata/arith.air"} {
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

// TestPipelineReport checks how nests are pipelined: the II the memory
// ports and recurrences force, the fusion of strip-mined sibling loops,
// and why a nest keeps dynamic control.
func TestPipelineReport(t *testing.T) {
	for _, tt := range pipelineForms {
		t.Run(tt.name, func(t *testing.T) {
			_, rep, err := LowerReport(tt.program(t))
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, pi := range rep.Pipes {
				parts = append(parts, fmt.Sprintf("%s %d %d %d %d", pi.Loops, pi.Slots, pi.II, pi.Depth, pi.Cycles))
			}
			for _, f := range rep.Fallbacks {
				parts = append(parts, "not pipelined: "+f.Reason)
			}
			got := strings.Join(parts, "; ")
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// pipelineForm is a one-kernel program (air text of the kernel's body)
// with what the pipeliner must make of it.
type pipelineForm struct {
	target       int // the kernel's pipeline(II); 0 means 1
	name, kernel string
	want         string // each nest as "loops slots II depth cycles" or "not pipelined: REASON", joined by "; "
}

func (f pipelineForm) program(t *testing.T) *air.Program {
	t.Helper()
	head := "program p\nnumeric fixed<8,4>\n\nmem a: fixed<8,4>[4,4] input\nmem b: fixed<8,4>[4] output\nmem y: fixed<8,4>[4,4] output\n\n"
	src := head + fmt.Sprintf("kernel k pipeline(%d) {\n", max(1, f.target)) + f.kernel + "\n}\n\nmain {\n  k\n}\n"
	p, err := air.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var pipelineForms = []pipelineForm{
	{0, "elementwise", "for i in 0..4 {\n for j in 0..4 {\n  y[i, j] = max(a[i, j], 0:fixed<8,4>)\n }\n}",
		"i,j 16 1 0 16"},
	// Two loads of bank a and two stores to bank y per slot: II 2; the
	// loads are issued in stages 0 and 1 and each store follows its load,
	// so depth 1 and (8-1)*2 + 1 + 1 = 16 cycles.
	{0, "two stores per bank", "for i in 0..4 {\n for j in 0..2 {\n  y[i, 2*j] = a[i, 2*j]\n  y[i, 2*j+1] = a[i, 2*j+1]\n }\n}",
		"i,j 8 2 1 16"},
	// Sibling loops with the same iteration space and disjoint stores fuse
	// into one nest, which then has the timing of the case above.
	{0, "fused siblings", "for i in 0..2 {\n for j in 0..4 {\n  y[2*i, j] = a[2*i, j]\n }\n for j in 0..4 {\n  y[2*i+1, j] = a[2*i+1, j]\n }\n}",
		"i,j 8 2 1 16"},
	// The same when the stores are told apart by the ranges of the fused
	// loop: y[i, j] and y[i, j+2] with j < 2 write columns 0..1 and 2..3.
	{0, "fused siblings, disjoint ranges", "for i in 0..4 {\n for j in 0..2 {\n  y[i, j] = a[i, j]\n }\n for j in 0..2 {\n  y[i, j+2] = a[i, j+2]\n }\n}",
		"i,j 8 2 1 16"},
	// Strip-mined copies of a window loop (pre, inner loop, post each) are
	// interleaved into one nest: loops c,i,k, 8 slots; two loads of bank a
	// per slot (stages 0 and 1) give II 2; m0 and m1 update in the stage of
	// their load and are stored there (stages 0 and 1): depth 1, (8-1)*2 +
	// 1 + 1 = 16 cycles.
	{0, "fused window copies", "for c in 0..2 {\n for i in 0..2 {\n  reg m0: fixed<8,4> = -128:fixed<8,4>\n  for k in 0..2 {\n   m0 = max(m0, a[2*c, 2*i+k])\n  }\n  y[2*c, i] = m0\n }\n for i in 0..2 {\n  reg m1: fixed<8,4> = -128:fixed<8,4>\n  for k in 0..2 {\n   m1 = max(m1, a[2*c+1, 2*i+k])\n  }\n  y[2*c+1, i] = m1\n }\n}",
		"c,i,k 8 2 1 16"},
	// A product inside the recurrence: II = mulLatency + 1 = 3; r is read
	// in stage 0 and written in stage 2 with the store of b: (16-1)*3 + 2 +
	// 1 = 48 cycles.
	{0, "recurrence through a product", "for i in 0..4 {\n reg r: fixed<8,4> = 16:fixed<8,4>\n for j in 0..4 {\n  r = rq(mul(r, a[i, j]), fixed<8,4>)\n }\n b[i] = r\n}",
		"i,j 16 3 2 48"},
	// A nonlinear unit (tanh: 8 cycles) between a load in stage 0 and the
	// requantize, which rounds (fixed<16,14> to fixed<8,4>) and so takes
	// the next stage with the store (stageRequantizes): depth 9,
	// (16-1)*1 + 9 + 1 = 25 cycles.
	{0, "nonlinear unit", "for i in 0..4 {\n for j in 0..4 {\n  y[i, j] = rq(tanh(a[i, j], fixed<16,14>), fixed<8,4>)\n }\n}",
		"i,j 16 1 9 25"},
	// A recurrence through sigmoid (8 cycles): II = 8 + 1 = 9; r is read in
	// stage 0 and written in stage 8 with the store of b: (16-1)*9 + 8 + 1
	// = 144 cycles.
	{0, "recurrence through a nonlinear unit", "for i in 0..4 {\n reg r: fixed<8,4> = a[i, 0]\n for j in 0..4 {\n  r = rq(sigmoid(r, fixed<8,7>), fixed<8,4>)\n }\n b[i] = r\n}",
		"i,j 16 9 8 144"},
	// A padded load (zero border) in a pipeline: two loads of bank a (stages
	// 0 and 1, II 2), their sum (fixed<9,4>) saturated to fixed<8,4> in
	// stage 2 with the store: depth 2, (16-1)*2 + 2 + 1 = 33 cycles.
	{0, "padded load", "for i in 0..4 {\n for j in 0..4 {\n  y[i, j] = rq(add(a[i-1, j]?0, a[i, j+1]?-3), fixed<8,4>)\n }\n}",
		"i,j 16 2 2 33"},
	// A row loop around three dependent passes (like a softmax's): the row
	// loop keeps dynamic control and each pass is a pipeline reading its
	// index register: 4 slots each. The first pass reads bank a twice per
	// slot (a[r, 0] for the prologue, a[r, j] for the body), so II 2 and
	// (4-1)*2 + 1 + 1 = 8 cycles; the others II 1: the second's requantize
	// is on s's recurrence, so it stays in stage 0 (depth 0, 4 cycles); the
	// third's saturates a value of the slot and takes stage 1 with the
	// store (depth 1, (4-1)*1 + 1 + 1 = 5 cycles).
	{0, "passes of a row", "for r in 0..3 {\n reg m: fixed<8,4> = a[r, 0]\n for j in 0..4 {\n  m = max(m, a[r, j])\n }\n reg s: fixed<12,4> = 0:fixed<12,4>\n for j in 0..4 {\n  s = rq(add(s, sub(a[r, j], m)), fixed<12,4>)\n }\n for j in 0..4 {\n  y[r, j] = rq(add(sub(a[r, j], m), s), fixed<8,4>)\n }\n}",
		"j 4 2 1 8; j 4 1 0 4; j 4 1 1 5"},
	// A target II of 3 where 1 would do: (16-1)*3 + 0 + 1 = 46 cycles.
	{3, "target II", "for i in 0..4 {\n for j in 0..4 {\n  y[i, j] = max(a[i, j], 0:fixed<8,4>)\n }\n}",
		"i,j 16 3 0 46"},
	{0, "read-modify-write", "for i in 0..4 {\n b[i] = a[i, 0]\n b[i] = rq(add(b[i], a[i, 1]), fixed<8,4>)\n}",
		"not pipelined: memory b is both read and written"},
}
