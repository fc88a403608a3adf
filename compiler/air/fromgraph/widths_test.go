package fromgraph

import (
	"math"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/exact"
	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// Regression tests for ../shared/cases/onnx-accumulator-overflow (a Gemm
// with K=32 in fixed<31,8> whose accumulator needed 68 bits, was capped at
// 64, wrapped, and saturated to the wrong sign) and variants: other K, Conv,
// MatMul, pools, BatchNormalization and biases, at and beyond the limits.

// constF is a constant tensor holding vals.
func constF(name string, vals []float32, dims ...int64) *onnx.Tensor {
	return &onnx.Tensor{Name: name, DataType: onnx.DataFloat, Dims: dims, Floats: vals}
}

// oneNode builds and imports a model with one node, inputs ins and output y.
func oneNode(t *testing.T, n *onnx.Node, inits []*onnx.Tensor, ins []*onnx.ValueInfo, y *onnx.ValueInfo) *graph.Graph {
	t.Helper()
	m := &onnx.Model{IRVersion: 8, Opsets: []onnx.OpsetID{{Version: 17}}, Graph: &onnx.Graph{
		Name: "g", Nodes: []*onnx.Node{n}, Initializers: inits, Inputs: ins, Outputs: []*onnx.ValueInfo{y}}}
	g, err := graph.Import(m)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// plusMinusGemm is the case's model: y[1,2] = x[1,K] * w[K,2] with w[:,0] = +1, w[:,1] = -1.
func plusMinusGemm(t *testing.T, K int) *graph.Graph {
	w := make([]float32, 2*K)
	for k := 0; k < K; k++ {
		w[2*k], w[2*k+1] = 1, -1
	}
	return oneNode(t, &onnx.Node{Name: "Gemm_0", OpType: "Gemm", Inputs: []string{"x", "w"}, Outputs: []string{"y"}},
		[]*onnx.Tensor{constF("w", w, int64(K), 2)}, []*onnx.ValueInfo{vi("x", 1, int64(K))}, vi("y", 1, 2))
}

func fill(n int, v float32) []float32 {
	xs := make([]float32, n)
	for i := range xs {
		xs[i] = v
	}
	return xs
}

// TestAccumulatorWidthRefused: formats whose accumulators (or other sums)
// would need more than the limit are refused before any program exists, with
// an error naming the kernel, the width needed and the limit.
func TestAccumulatorWidthRefused(t *testing.T) {
	conv := func(cin, k int64) *graph.Graph {
		return oneNode(t, &onnx.Node{Name: "c", OpType: "Conv", Inputs: []string{"x", "w", "b"}, Outputs: []string{"y"}},
			[]*onnx.Tensor{initF("w", 2, cin, k, k), initF("b", 2)}, []*onnx.ValueInfo{vi("x", 1, cin, 5, 5)}, vi("y", 1, 2, 6-k, 6-k))
	}
	matmul := func(K int64) *graph.Graph {
		return oneNode(t, &onnx.Node{Name: "mm", OpType: "MatMul", Inputs: []string{"a", "b"}, Outputs: []string{"y"}},
			nil, []*onnx.ValueInfo{vi("a", 2, K), vi("b", K, 3)}, vi("y", 2, 3))
	}
	avgpool := oneNode(t, &onnx.Node{Name: "p", OpType: "AveragePool", Inputs: []string{"x"}, Outputs: []string{"y"},
		Attributes: []*onnx.Attribute{ints("kernel_shape", 3, 3)}}, nil, []*onnx.ValueInfo{vi("x", 1, 1, 4, 4)}, vi("y", 1, 1, 2, 2))
	bn := oneNode(t, &onnx.Node{Name: "bn", OpType: "BatchNormalization", Inputs: []string{"x", "s", "o", "m", "v"}, Outputs: []string{"y"}},
		[]*onnx.Tensor{constF("s", []float32{1, 2}, 2), constF("o", []float32{0.5, -1}, 2), constF("m", []float32{0, 1}, 2), constF("v", []float32{1, 4}, 2)},
		[]*onnx.ValueInfo{vi("x", 1, 2, 3, 3)}, vi("y", 1, 2, 3, 3))
	hugeBias := oneNode(t, &onnx.Node{Name: "g", OpType: "Gemm", Inputs: []string{"x", "w", "c"}, Outputs: []string{"y"}},
		[]*onnx.Tensor{initF("w", 4, 2), constF("c", []float32{1e30, -1}, 2)}, []*onnx.ValueInfo{vi("x", 1, 4)}, vi("y", 1, 2))
	// Layers of the N-D lowering: a reciprocal table (exclude pad), ReduceMean, HardSwish,
	// Gemm's alpha on a runtime sum, and constants that fit no format.
	avgTable := oneNode(t, &onnx.Node{Name: "pt", OpType: "AveragePool", Inputs: []string{"x"}, Outputs: []string{"y"},
		Attributes: []*onnx.Attribute{ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)}}, nil, []*onnx.ValueInfo{vi("x", 1, 1, 4, 4)}, vi("y", 1, 1, 4, 4))
	reduceMean := oneNode(t, &onnx.Node{Name: "rm", OpType: "ReduceMean", Inputs: []string{"x"}, Outputs: []string{"y"},
		Attributes: []*onnx.Attribute{ints("axes", 1)}}, nil, []*onnx.ValueInfo{vi("x", 2, 9)}, vi("y", 2, 1))
	hardSwish := oneNode(t, &onnx.Node{Name: "hs", OpType: "HardSwish", Inputs: []string{"x"}, Outputs: []string{"y"}},
		nil, []*onnx.ValueInfo{vi("x", 1, 4)}, vi("y", 1, 4))
	gemmAlpha := oneNode(t, &onnx.Node{Name: "ga", OpType: "Gemm", Inputs: []string{"a", "b"}, Outputs: []string{"y"},
		Attributes: []*onnx.Attribute{{Name: "alpha", Type: onnx.AttrFloat, F: 0.5}}}, nil, []*onnx.ValueInfo{vi("a", 2, 1), vi("b", 1, 2)}, vi("y", 2, 2))
	divTiny := oneNode(t, &onnx.Node{Name: "d", OpType: "Div", Inputs: []string{"x", "k"}, Outputs: []string{"y"}},
		[]*onnx.Tensor{constF("k", []float32{1e-12}, 1)}, []*onnx.ValueInfo{vi("x", 1, 4)}, vi("y", 1, 4))
	leaky := oneNode(t, &onnx.Node{Name: "lr", OpType: "LeakyRelu", Inputs: []string{"x"}, Outputs: []string{"y"},
		Attributes: []*onnx.Attribute{{Name: "alpha", Type: onnx.AttrFloat, F: 1e6}}}, nil, []*onnx.ValueInfo{vi("x", 1, 4)}, vi("y", 1, 4))
	tests := []struct {
		name   string
		g      *graph.Graph
		format string
		want   string
	}{
		// Sums of 9 values of fixed<28,8> have 33 bits: 1/9 gets at most 29
		// fractional bits, but an error below half an ulp needs 28+4-1 = 31.
		{"avgpool exclude-pad table fixed<28,8>", avgTable, "fixed<28,8>", `AveragePool "pt": avgpool0: average of K=9 values needs a 66-bit product`},
		{"reducemean K=9 fixed<28,8>", reduceMean, "fixed<28,8>", `ReduceMean "rm": reducemean0: average of K=9 values needs a 66-bit product`},
		// 31 + (30+10) bits: x times h, h in fixed<40,38>.
		{"hardswish fixed<31,30>", hardSwish, "fixed<31,30>", `HardSwish "hs": hardswish0: x times hardsigmoid(x) needs 71 bits (fixed<31,30> times fixed<40,38>), limit 64`},
		// K=1: accumulator 31+31+0+1 = 63 bits, alpha 0.5 = 2^29 raw in fixed<31,30>: 31 more.
		{"gemm runtime alpha fixed<31,8>", gemmAlpha, "fixed<31,8>", `Gemm "ga": gemm0: alpha times the sum needs 94 bits (fixed<63,16> times fixed<31,30>), limit 64`},
		{"div by a tiny constant", divTiny, "fixed<16,8>", `Div "d": div0: reciprocals of "k": largest magnitude 1e+12 does not fit fixed<16,0>`},
		{"leakyrelu huge alpha", leaky, "fixed<16,8>", `LeakyRelu "lr": leakyrelu0: alpha: largest magnitude 1e+06 does not fit fixed<16,0>`},
		// The case: 31+31-bit products, 5 bits for 32 of them, a headroom bit = 68 > 63.
		{"case gemm K=32", plusMinusGemm(t, 32), "fixed<31,8>",
			`Gemm "Gemm_0": gemm0: accumulator needs 68 bits (K=32 products of fixed<31,8> and fixed<31,29>: 62-bit products, 5 bits for the sum and a sign bit of headroom), limit 63 (acc + product must fit in 64 bits); use a narrower -numeric such as fixed<28,8>`},
		{"gemm K=2", plusMinusGemm(t, 2), "fixed<31,8>", "gemm0: accumulator needs 64 bits (K=2 products"},
		{"gemm K=512 fixed<27,8>", plusMinusGemm(t, 512), "fixed<27,8>", "gemm0: accumulator needs 64 bits (K=512 products of fixed<27,8> and fixed<27,25>"},
		// initF weights are below 0.5 in magnitude: 30 fractional bits in 31.
		{"conv K=72", conv(8, 3), "fixed<31,8>", `Conv "c": conv0: accumulator needs 70 bits (K=72 products of fixed<31,30> and fixed<31,8>`},
		{"matmul K=5 fixed<30,8>", matmul(5), "fixed<30,8>", `MatMul "mm": matmul0: accumulator needs 64 bits (K=5 products of fixed<30,8> and fixed<30,8>`},
		{"avgpool 3x3 fixed<28,8>", avgpool, "fixed<28,8>", `AveragePool "p": avgpool0: average of K=9 values needs a 66-bit product`},
		// Scales 1/sqrt(1+eps) and 2/sqrt(4+eps) are just below 1: 35 fractional bits in 36.
		{"batchnorm fixed<28,8>", bn, "fixed<28,8>", `BatchNormalization "bn": bn0: x*scale + shift needs 65 bits (x fixed<28,8>, scale fixed<36,35>, shift fixed<56,43>), limit 64; use a narrower -numeric such as fixed<27,8>`},
		{"huge bias", hugeBias, "fixed<16,8>", `bias "c": largest magnitude 1e+30 needs more than 62 bits with 23 fractional bits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := fixed.Parse(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Lower(tt.g, Options{Numeric: f})
			if err == nil {
				t.Fatalf("accepted:\n%s", air.Format(p))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

// TestAccumulatorAtTheLimit: the widest accepted formats compute the right
// values, saturating to the right sign. Expectations are hand-derived:
// fixed<W,8> holds [-2^(W-9), 2^(W-9) - 2^-8]; the exact oracle checks every
// program too.
func TestAccumulatorAtTheLimit(t *testing.T) {
	tests := []struct {
		name   string
		g      *graph.Graph
		format string
		in     map[string][]float32
		want   []float64 // nil: compare with the float graph within tol instead
		tol    float64
	}{
		// The case with the suggested fixed<28,8>: 4e6 saturates on input to
		// 2^19 - 2^-8; 32 of them, times +1 and -1, saturate to max and min.
		{"case gemm fixed<28,8> saturating", plusMinusGemm(t, 32), "fixed<28,8>",
			map[string][]float32{"x": fill(32, 4e6)}, []float64{524288 - 1.0/256, -524288}, 0},
		// The case's second sample: 32 * 1000 = 32000 exactly.
		{"case gemm fixed<28,8> in range", plusMinusGemm(t, 32), "fixed<28,8>",
			map[string][]float32{"x": fill(32, 1000)}, []float64{32000, -32000}, 0},
		// Negative inputs flip the signs: min and max.
		{"case gemm fixed<28,8> negative", plusMinusGemm(t, 32), "fixed<28,8>",
			map[string][]float32{"x": fill(32, -4e6)}, []float64{-524288, 524288 - 1.0/256}, 0},
		// K=2 in fixed<30,8>: 60+1+1 = 62 bits; 2 * (2^21 - 2^-8) saturates.
		{"gemm K=2 fixed<30,8>", plusMinusGemm(t, 2), "fixed<30,8>",
			map[string][]float32{"x": fill(2, 3e6)}, []float64{2097152 - 1.0/256, -2097152}, 0},
		// MatMul K=4 in fixed<30,8>: 60+2+1 = 63, exactly the limit; 4*1000*1000 saturates.
		{"matmul K=4 fixed<30,8>", oneNode(t, &onnx.Node{Name: "mm", OpType: "MatMul", Inputs: []string{"a", "b"}, Outputs: []string{"y"}},
			nil, []*onnx.ValueInfo{vi("a", 1, 4), vi("b", 4, 2)}, vi("y", 1, 2)), "fixed<30,8>",
			map[string][]float32{"a": fill(4, 1000), "b": {1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000}},
			[]float64{2097152 - 1.0/256, -2097152}, 0},
		// Conv with 8*3*3 = 72 products in fixed<27,8>: 54+7+1 = 62 bits.
		{"conv K=72 fixed<27,8>", oneNode(t, &onnx.Node{Name: "c", OpType: "Conv", Inputs: []string{"x", "w"}, Outputs: []string{"y"}},
			[]*onnx.Tensor{constF("w", append(fill(72, 1), fill(72, -1)...), 2, 8, 3, 3)}, []*onnx.ValueInfo{vi("x", 1, 8, 3, 3)}, vi("y", 1, 2, 1, 1)), "fixed<27,8>",
			map[string][]float32{"x": fill(72, 1e5)}, []float64{262144 - 1.0/256, -262144}, 0},
		// AveragePool 3x3 in fixed<27,8>: the reciprocal is narrowed to fixed<32,30> to fit 64 bits.
		{"avgpool 3x3 fixed<27,8>", oneNode(t, &onnx.Node{Name: "p", OpType: "AveragePool", Inputs: []string{"x"}, Outputs: []string{"y"},
			Attributes: []*onnx.Attribute{ints("kernel_shape", 3, 3)}}, nil, []*onnx.ValueInfo{vi("x", 1, 1, 4, 4)}, vi("y", 1, 1, 2, 2)), "fixed<27,8>",
			map[string][]float32{"x": {1e5, -3, 7.25, 1e5, 2, 2, 2, 2, -1e5, 5, 5.5, -2, 1, 1, 1, 1}}, nil, 1.0 / 256},
		// Sums of 9 values of fixed<27,8> have 32 bits: 1/divisor gets
		// 30 = 27+4-1 fractional bits, just enough, in the table too.
		{"avgpool exclude-pad table fixed<27,8>", oneNode(t, &onnx.Node{Name: "pt", OpType: "AveragePool", Inputs: []string{"x"}, Outputs: []string{"y"},
			Attributes: []*onnx.Attribute{ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)}}, nil, []*onnx.ValueInfo{vi("x", 1, 1, 4, 4)}, vi("y", 1, 1, 4, 4)), "fixed<27,8>",
			map[string][]float32{"x": {1e5, -3, 7.25, 1e5, 2, 2, 2, 2, -1e5, 5, 5.5, -2, 1, 1, 1, 1}}, nil, 1.0 / 256},
		{"reducemean K=9 fixed<27,8>", oneNode(t, &onnx.Node{Name: "rm", OpType: "ReduceMean", Inputs: []string{"x"}, Outputs: []string{"y"},
			Attributes: []*onnx.Attribute{ints("axes", 1)}}, nil, []*onnx.ValueInfo{vi("x", 2, 9)}, vi("y", 2, 1)), "fixed<27,8>",
			map[string][]float32{"x": {1e5, 1e5, 1e5, 1e5, 1e5, 1e5, 1e5, 1e5, 1e5, -3, 7.25, 2, 2, -1e5, 5, 5.5, -2, 1}}, nil, 1.0 / 256},
		{"batchnorm fixed<27,8>", oneNode(t, &onnx.Node{Name: "bn", OpType: "BatchNormalization", Inputs: []string{"x", "s", "o", "m", "v"}, Outputs: []string{"y"}},
			[]*onnx.Tensor{constF("s", []float32{1, 2}, 2), constF("o", []float32{0.5, -1}, 2), constF("m", []float32{0, 1}, 2), constF("v", []float32{1, 4}, 2)},
			[]*onnx.ValueInfo{vi("x", 1, 2, 2, 2)}, vi("y", 1, 2, 2, 2)), "fixed<27,8>",
			map[string][]float32{"x": {1e5, -1e5, 3.5, -0.25, 7, -7, 100, 0.125}}, nil, 1.0 / 256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := fixed.Parse(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Lower(tt.g, Options{Numeric: f})
			if err != nil {
				t.Fatal(err)
			}
			raw := map[string][]int64{}
			for name, xs := range tt.in {
				raw[MemName(name)] = QuantizeInput(p.Mem(MemName(name)), xs)
			}
			if err := exact.Check(p, raw); err != nil {
				t.Fatal(err)
			}
			got, err := RunFloat(p, tt.in, []string{"y"})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil {
				ref, err := tt.g.Run(tt.in)
				if err != nil {
					t.Fatal(err)
				}
				lim := f.ToFloat(f.Max())
				for _, v := range ref["y"] {
					want = append(want, math.Max(-lim-f.Resolution(), math.Min(lim, float64(v))))
				}
			}
			for i := range want {
				if math.Abs(got["y"][i]-want[i]) > tt.tol {
					t.Errorf("y[%d] = %v, want %v (tolerance %g)", i, got["y"][i], want[i], tt.tol)
				}
			}
		})
	}
}
