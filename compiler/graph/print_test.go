package graph

import (
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

func printModel() *onnx.Model {
	return model([]*onnx.ValueInfo{vinfo("x", 1, 1, 4, 4)}, []*onnx.Tensor{
		floatInit("w", []int64{2, 1, 3, 3}), floatInit("b", []int64{2}, 0.5, -1), intInit("s", 1, -1),
		floatInit("fc", []int64{3, 8}), floatInit("lo", nil, 0),
	}, []*onnx.Node{
		node("Conv", "conv 1", []string{"x", "w", "b"}, []string{"c"}, aInts("pads", 1, 1, 1, 1)),
		node("Clip", "", []string{"c", "lo"}, []string{"r"}),
		node("MaxPool", "pool", []string{"r"}, []string{"p"}, aInts("kernel_shape", 2, 2), aInts("strides", 2, 2)),
		node("Reshape", "flat", []string{"p", "s"}, []string{"f"}),
		node("Gemm", "fc", []string{"f", "fc"}, []string{"y"}, aInt("transB", 1)),
	}, "y")
}

func TestPrint(t *testing.T) {
	g, err := Import(printModel())
	if err != nil {
		t.Fatal(err)
	}
	want := `graph test
input x: f32[1,1,4,4]
const b: f32[2] = [0.5, -1]
const fc: f32[3,8] = sum ` + constSummary(g.Tensors["fc"])[4:] + `
const w: f32[2,1,3,3] = sum ` + constSummary(g.Tensors["w"])[4:] + `
"conv 1" = Conv(x, w, b) kernel=[3,3] strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1 -> c: f32[1,2,4,4]
Clip_1 = Clip(c) min=0 max=inf -> r: f32[1,2,4,4]
pool = MaxPool(r) kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil_mode=false -> p: f32[1,2,2,2]
flat = Reshape(p) shape=[1,8] -> f: f32[1,8]
fc = Gemm(f, fc) alpha=1 beta=1 transA=false transB=true -> y: f32[1,3]
output y: f32[1,3]
`
	if got := g.String(); got != want {
		t.Errorf("Print:\n%s\nwant:\n%s", got, want)
	}
	// Deterministic: printing a fresh import gives the same bytes.
	for i := 0; i < 5; i++ {
		g2, _ := Import(printModel())
		if g2.String() != g.String() {
			t.Fatal("Print is not deterministic")
		}
	}
}

func TestSummary(t *testing.T) {
	g, err := Import(printModel())
	if err != nil {
		t.Fatal(err)
	}
	stats := NodeStats(g)
	want := []struct {
		params, macs int
	}{
		{20, 2 * 16 * 9}, // conv: 18 weights + 2 biases; 32 outputs x 9 MACs
		{0, 0},
		{0, 0},
		{0, 0},
		{24, 24}, // gemm: 3x8
	}
	for i, w := range want {
		if stats[i].Params != w.params || stats[i].MACs != w.macs {
			t.Errorf("%s: params %d MACs %d, want %d %d", stats[i].Node.Name, stats[i].Params, stats[i].MACs, w.params, w.macs)
		}
	}
	var b strings.Builder
	if err := Summary(&b, g); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"total", "5 nodes", "44", "312", "ops: Clip 1, Conv 1, Gemm 1, MaxPool 1, Reshape 1"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("summary lacks %q:\n%s", s, b.String())
		}
	}
}
