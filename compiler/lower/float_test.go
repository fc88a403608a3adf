package lower

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/onnx"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

func readAir(t *testing.T, path string) *air.Program {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func f32raw(xs ...float32) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = int64(math.Float32bits(x))
	}
	return out
}

// TestSimFloat32 simulates float32 programs (upstream's std_addFN/std_mulFN
// in dynamic control, the accel pipelines in static pipelines,
// combinational max/min) and compares them with the
// air interpreter bit for bit: a gemm with ReLU on normal random values,
// and every float operation on special operands (±0, ±inf, signaling and
// quiet NaN, subnormals, overflow, rounding), with dynamic control and as
// software pipelines on accel_fadd_pipe/accel_fmul_pipe; and exp
// (accel_fexp_pipe) on the same kinds of operands.
func TestSimFloat32(t *testing.T) {
	simtest.NeedVerilator(t)
	gemm := readAir(t, "../air/testdata/gemm_float32.air")
	rng := rand.New(rand.NewSource(5))
	normal := func(n int) []int64 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = float32(rng.NormFloat64())
		}
		return f32raw(xs...)
	}
	positive := func(n int) []int64 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = float32(math.Abs(rng.NormFloat64())) + 0.25
		}
		return f32raw(xs...)
	}
	gemm.Data = map[string][]int64{"w": normal(20), "b": normal(4)}
	ops := readAir(t, "testdata/float_ops.air")
	exp := readAir(t, "../air/testdata/exp_float32.air")
	divsqrt := readAir(t, "testdata/float_divsqrt.air")
	nan := math.Float32frombits(0x7f800001) // signaling
	inf := float32(math.Inf(1))
	negZero := math.Float32frombits(0x80000000)
	cases := []struct {
		name   string
		p      *air.Program
		inputs map[string][]int64
	}{
		{"gemm", gemm, map[string][]int64{"x": normal(15)}},
		{"ops", ops, map[string][]int64{
			"a": f32raw(1.5, negZero, inf, nan, math.Float32frombits(3), 3e38, -2.5, 0.1),
			"b": f32raw(-1.5, 0, inf, 1, math.Float32frombits(0x80000005), 3e38, -2.5, 0.2),
		}},
		// e^(x-1): NaN, ±inf, overflow, subnormal and zero results.
		{"exp", exp, map[string][]int64{
			"x": f32raw(0, 1, -1, 2.5, 89.7, -102, inf, -inf, nan, negZero, -88, 89.72),
		}},
		// div and sqrt on accel_fdivsqrt: specials in a (0/0, -0, inf/inf,
		// NaN, subnormal / subnormal, overflow, a negative root), normal
		// positive b for the means' square roots.
		{"divsqrt", divsqrt, map[string][]int64{
			"a": f32raw(0, negZero, inf, nan, math.Float32frombits(3), 3e38, -2.5, 0.1),
			"b": f32raw(0, 1.5, inf, 1, math.Float32frombits(0x80000005), 1e-30, 7, 0.3),
		}},
		// Positive b: the means' square roots are not NaN.
		{"divsqrt/normal", divsqrt, map[string][]int64{"a": normal(8), "b": positive(8)}},
	}
	for _, c := range cases {
		for _, pipe := range []bool{false, true} {
			name := c.name
			if pipe {
				name += "/pipeline"
			}
			t.Run(name, func(t *testing.T) {
				q := air.Clone(c.p)
				if pipe {
					for _, k := range q.Kernels {
						k.II = 1
					}
					_, rep, err := LowerReport(q)
					if err != nil {
						t.Fatal(err)
					}
					if len(rep.Fallbacks) != 0 || len(rep.Pipes) == 0 {
						t.Errorf("pipes %+v, fallbacks %+v: want software pipelines only", rep.Pipes, rep.Fallbacks)
					}
					for _, pi := range rep.Pipes {
						t.Logf("pipeline %s line %d: %d slots, II %d, depth %d, %d cycles", pi.Kernel, pi.Line, pi.Slots, pi.II, pi.Depth, pi.Cycles)
					}
				}
				prog, err := Lower(q)
				if err != nil {
					t.Fatal(err)
				}
				text := calyx.Print(prog)
				lib := "primitives/float/addFN.futil" // std_addFN in dynamic control
				if pipe {
					lib = "primitives/accel.futil" // accel_fadd_pipe in pipelines
				}
				if !strings.Contains(text, `import "`+lib+`";`) {
					t.Errorf("the lowered program does not import %s", lib)
				}
				back, err := calyx.Parse("lowered.futil", []byte(text))
				if err == nil {
					err = calyx.CheckStrict(back)
				}
				if err != nil {
					t.Fatalf("lowered program: %v", err)
				}
				cycles := simulate(t, q, c.inputs)
				t.Logf("%d cycles", cycles)
			})
		}
	}
}

// TestSimZooFloat32 lowers zoo models with fromgraph.Options{Float32: true}
// (unrolled and partitioned as their fixed-point targets are; with dynamic
// control and with every kernel pipeline(1)), simulates the first io.json
// sample in Verilator and compares every output bank with the air
// interpreter bit for bit.
func TestSimZooFloat32(t *testing.T) {
	simtest.NeedVerilator(t)
	models := map[string]zooModel{}
	for _, m := range zoo(t) {
		models[m.name] = m
	}
	for _, sm := range []struct {
		name, schedule string
		pipe           bool
	}{
		{"ffnn", "gemm*=4", false},
		{"ffnn", "gemm*=4", true},
		{"ops/gemm", "gemm*=2", false},
		{"ops/gemm", "gemm*=2", true},
		{"ops/conv", "conv*=2", true},
		{"ops/relu", "", true},
		// Pools (padded, ceil mode, window-dependent counts: div by a
		// table), Div by a constant and by a runtime tensor, reductions,
		// activations, BatchNormalization, Gather and friends.
		{"ops/pool2d", "", false},
		{"ops/pool2d", "", true},
		{"ops/arith", "", false},
		{"ops/arith", "*=2", true},
		{"ops/reduce", "", true},
		{"ops/globalavgpool", "", true},
		{"ops/activations", "", true},
		{"ops/batchnorm1d", "", true},
		{"ops/shapeops", "", true},
		{"ops/conv1d", "", true},
		{"mlp_tanh", "gemm*=2", true}, // Sigmoid and Tanh
	} {
		m, ok := models[sm.name]
		if !ok {
			t.Errorf("model %s not in the zoo", sm.name)
			continue
		}
		label := strings.ReplaceAll(sm.name, "/", "_")
		if sm.pipe {
			label += "/pipelined"
		}
		t.Run(label, func(t *testing.T) {
			if testing.Short() && sm.name == "ffnn" {
				t.Skip("short")
			}
			g, err := graph.ReadFile(filepath.Join(m.dir, "model.onnx"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := fromgraph.Lower(g, fromgraph.Options{Float32: true})
			if err != nil {
				t.Fatal(err)
			}
			if sm.schedule != "" {
				s, err := partition.ParseSchedule(sm.schedule)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := partition.Apply(p, s, nil); err != nil {
					t.Fatal(err)
				}
			}
			if sm.pipe {
				for _, k := range p.Kernels {
					k.II = 1
				}
			}
			io, err := os.ReadFile(filepath.Join(m.dir, "io.json"))
			if err != nil {
				t.Fatal(err)
			}
			in, err := SampleInputs(p, io, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s float32: %d cycles", label, simulate(t, p, in))
		})
	}
}

// TestPipelineDivSqrtII checks the initiation intervals the scheduler picks
// for accel_fdivsqrt, which starts one operation every fdivII = 30 cycles
// (testdata/float_divsqrt.air): 30 for a divider in every slot (kernel ew);
// for the means (kernel mean: 2 outer x 4 inner slots, division in the
// epilogue, square root in the prologue, each once per 4 slots)
// ceil(30/4) = 8, above the 3 of the accumulation through accel_fadd_pipe;
// 30 for a recurrence through the divider (kernel chain: latency 29 + 1).
// Divisions of constants fold and constrain nothing.
func TestPipelineDivSqrtII(t *testing.T) {
	p := readAir(t, "testdata/float_divsqrt.air")
	for _, k := range p.Kernels {
		k.II = 1
	}
	_, rep, err := LowerReport(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"ew": 30, "mean": 8, "chain": 30}
	got := map[string]int{}
	for _, pi := range rep.Pipes {
		got[pi.Kernel] = pi.II
		if pi.Depth < fdivLatency {
			t.Errorf("%s: depth %d, want at least the divider's latency %d", pi.Kernel, pi.Depth, fdivLatency)
		}
	}
	if len(rep.Fallbacks) != 0 {
		t.Errorf("fallbacks %+v: want software pipelines only", rep.Fallbacks)
	}
	for k, ii := range want {
		if got[k] != ii {
			t.Errorf("kernel %s: II %d, want %d", k, got[k], ii)
		}
	}
}

// TestSimFloatFunctions simulates the float32 lowerings of the nonlinear
// operators (fromgraph's float_nonlin.go: Sigmoid, Tanh, Erf, Gelu in both
// forms, Reciprocal, Sqrt, Exp, Softmax and LayerNormalization, each a
// composition of float32 operations) on a 2x8 input holding special values
// and values across the functions' ranges, with dynamic control and
// software-pipelined, bit for bit against the air interpreter.
func TestSimFloatFunctions(t *testing.T) {
	simtest.NeedVerilator(t)
	shape := []int{2, 8}
	g := &graph.Graph{Name: "functions", Tensors: map[string]*graph.Tensor{}}
	tensor := func(name string, sh []int, vals []float32) {
		g.Tensors[name] = &graph.Tensor{Name: name, DType: graph.Float32, Shape: sh, Known: true, Const: vals != nil, Floats: vals}
	}
	tensor("x", shape, nil)
	g.Inputs = []string{"x"}
	tensor("scale", []int{8}, []float32{1, 0.5, -2, 1.5, 0.25, 1, -1, 3})
	tensor("bias", []int{8}, []float32{0, 0.1, -0.2, 0.3, 0, -1, 2, 0.5})
	for i, n := range []graph.Node{
		{Op: graph.OpSigmoid}, {Op: graph.OpTanh}, {Op: graph.OpErf}, {Op: graph.OpGelu},
		{Op: graph.OpGelu, Attrs: graph.Attrs{GeluTanh: true}}, {Op: graph.OpReciprocal}, {Op: graph.OpSqrt},
		{Op: graph.OpExp}, {Op: graph.OpSoftmax, Attrs: graph.Attrs{Axis: 1}},
		{Op: graph.OpLayerNormalization, Inputs: []string{"x", "scale", "bias"}, Attrs: graph.Attrs{Axis: 1, Epsilon: 1e-5}},
	} {
		n.Name = fmt.Sprintf("n%d_%s", i, n.Op)
		if n.Inputs == nil {
			n.Inputs = []string{"x"}
		}
		y := fmt.Sprintf("y%d", i)
		n.Outputs = []string{y}
		tensor(y, shape, nil)
		g.Nodes = append(g.Nodes, &n)
		g.Outputs = append(g.Outputs, y)
	}
	p, err := fromgraph.Lower(g, fromgraph.Options{Float32: true})
	if err != nil {
		t.Fatal(err)
	}
	inf := float32(math.Inf(1))
	x := f32raw(0, float32(math.Copysign(0, -1)), 1e-30, -3e-6, 0.05, -0.4, 1, -2.5,
		4.2, -6, 11, -30, 90, -110, inf, float32(math.NaN()))
	for _, pipe := range []bool{false, true} {
		name := "dynamic"
		if pipe {
			name = "pipelined"
		}
		t.Run(name, func(t *testing.T) {
			q := air.Clone(p)
			if pipe {
				for _, k := range q.Kernels {
					k.II = 1
				}
			}
			t.Logf("%d cycles", simulate(t, q, map[string][]int64{"x": x}))
		})
	}
}

// TestSimFloat32Masks simulates the float32 lowering of a constant causal
// mask (Where(mask, -inf, x)), Trilu with k = 1, and Div by a runtime row
// maximum, built in memory, with dynamic control and pipelined, against
// the interpreter bit for bit; the input has an inf and a NaN.
func TestSimFloat32Masks(t *testing.T) {
	simtest.NeedVerilator(t)
	dims := func(name string, ds ...int64) *onnx.ValueInfo {
		v := &onnx.ValueInfo{Name: name, ElemType: onnx.DataFloat, HasShape: true}
		for _, d := range ds {
			v.Dims = append(v.Dims, onnx.Dim{Value: d, Known: true})
		}
		return v
	}
	node := func(op string, ins []string, out string) *onnx.Node {
		return &onnx.Node{Name: op + "_" + out, OpType: op, Inputs: ins, Outputs: []string{out}}
	}
	m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 18}}, Graph: &onnx.Graph{
		Name:   "masks",
		Inputs: []*onnx.ValueInfo{dims("x", 2, 4, 4)},
		Initializers: []*onnx.Tensor{
			{Name: "mask", DataType: onnx.DataBool, Dims: []int64{4, 4}, Ints: []int64{0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0}},
			{Name: "ninf", DataType: onnx.DataFloat, Dims: []int64{1}, Floats: []float32{float32(math.Inf(-1))}},
			{Name: "k", DataType: onnx.DataInt64, Ints: []int64{1}},
			{Name: "ax", DataType: onnx.DataInt64, Dims: []int64{1}, Ints: []int64{2}},
		},
		Nodes: []*onnx.Node{
			node("Where", []string{"mask", "ninf", "x"}, "a"),
			node("Trilu", []string{"x", "k"}, "b"),
			node("ReduceMax", []string{"x", "ax"}, "m"),
			node("Div", []string{"x", "m"}, "c"),
		},
		Outputs: []*onnx.ValueInfo{dims("a", 2, 4, 4), dims("b", 2, 4, 4), dims("c", 2, 4, 4)},
	}}
	g, err := graph.Import(m)
	if err != nil {
		t.Fatal(err)
	}
	xs := make([]float32, 32)
	for i := range xs {
		xs[i] = float32(2.5 * math.Cos(float64(i)*0.7))
	}
	xs[3], xs[9] = float32(math.Inf(1)), float32(math.NaN())
	for _, pipe := range []bool{false, true} {
		name := "dynamic"
		if pipe {
			name = "pipelined"
		}
		t.Run(name, func(t *testing.T) {
			p, err := fromgraph.Lower(g, fromgraph.Options{Float32: true})
			if err != nil {
				t.Fatal(err)
			}
			if pipe {
				for _, k := range p.Kernels {
					k.II = 1
				}
			}
			in := map[string][]int64{"x": fromgraph.QuantizeInput(p.Mem("x"), xs)}
			t.Logf("%s: %d cycles", name, simulate(t, p, in))
		})
	}
}
