package torchaccel

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/exact"
	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/lower"
)

var update = flag.Bool("update", false, "rewrite golden files")

func model(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(testenv.RepoRoot(t), "models", name, "model.onnx")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no model %s", p)
	}
	return p
}

// TestGolden runs the stage on models/ops/conv with conv unrolled by 2 and compares the .air with testdata.
func TestGolden(t *testing.T) {
	m := model(t, "ops/conv")
	dir := t.TempDir()
	args := []string{"-model", m, "-unroll", "conv*=2", "-o", filepath.Join(dir, "out.air"), "-data", filepath.Join(dir, "out.json")}
	var stdout, stderr bytes.Buffer
	if code := cli.Main(Command, args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(filepath.Join(dir, "out.air"))
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/conv_unroll2.air"
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, got)
	}
	// The outputs read back: text parses, data loads, program verifies.
	p, err := air.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := air.UnmarshalData(p, data); err != nil {
		t.Fatal(err)
	}
	if _, err := air.NewMachine(p); err != nil {
		t.Fatal(err)
	}
}

// TestDeterministic runs the stage twice on a whole network and compares bytes.
func TestDeterministic(t *testing.T) {
	m := model(t, "lenet5")
	var outs [2]string
	for i := range outs {
		dir := t.TempDir()
		args := []string{"-model", m, "-numeric", "fixed<12,6>", "-unroll", "conv*=4,gemm*=2", "-partition", "fc1_weight=cyclic:4@0", "-data", filepath.Join(dir, "d.json")}
		var stdout, stderr bytes.Buffer
		if code := cli.Main(Command, args, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		d, _ := os.ReadFile(filepath.Join(dir, "d.json"))
		outs[i] = stdout.String() + string(d)
	}
	if outs[0] != outs[1] {
		t.Error("two runs differ")
	}
	if !strings.Contains(outs[0], "mem fc1_weight: fixed<12,11>[120,400] const partition(0 cyclic 4)") {
		t.Error("override not applied")
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "-model is required"},
		{[]string{"-model", "x.onnx", "-numeric", "float"}, "-numeric"},
		{[]string{"-model", "x.onnx", "-unroll", "conv*"}, "-unroll"},
		{[]string{"-model", "x.onnx", "-partition", "w=spiral:2"}, "-partition"},
		{[]string{"-model", "x.onnx", "extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := Command.Run(tt.args, &stdout, &stderr)
		if !errors.Is(err, cli.ErrUsage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want usage error with %q", tt.args, err, tt.want)
		}
	}
}

// TestAccumulatorOverflowCase is ../shared/cases/onnx-accumulator-overflow
// (testdata/onnx-accumulator-overflow): fixed<31,8> is refused, with an error
// naming the kernel, the width needed and the limit, before any file is
// written; the suggested fixed<28,8> gives the right values on the case's
// samples, checked by the exact oracle too.
func TestAccumulatorOverflowCase(t *testing.T) {
	m := filepath.Join("testdata", "onnx-accumulator-overflow", "model.onnx")
	dir := t.TempDir()
	out, data := filepath.Join(dir, "out.air"), filepath.Join(dir, "out.json")
	var stdout, stderr bytes.Buffer
	code := cli.Main(Command, []string{"-model", m, "-numeric", "fixed<31,8>", "-o", out, "-data", data}, &stdout, &stderr)
	want := "gemm0: accumulator needs 68 bits (K=32 products of fixed<31,8> and fixed<31,29>: 62-bit products, 5 bits for the sum and a sign bit of headroom), limit 63 (acc + product must fit in 64 bits); use a narrower -numeric such as fixed<28,8>"
	if code == 0 || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit %d, stderr:\n%s\nwant the error\n%s", code, stderr.String(), want)
	}
	for _, f := range []string{out, data} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s written despite the error", f)
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout not empty:\n%s", stdout.String())
	}

	// The suggested format compiles; run the case's two samples.
	stdout.Reset()
	stderr.Reset()
	if code := cli.Main(Command, []string{"-model", m, "-numeric", "fixed<28,8>", "-data", data}, &stdout, &stderr); code != 0 {
		t.Fatalf("fixed<28,8>: exit %d: %s", code, stderr.String())
	}
	p, err := air.Parse(stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	d, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := air.UnmarshalData(p, d); err != nil {
		t.Fatal(err)
	}
	io, err := os.ReadFile(filepath.Join("testdata", "onnx-accumulator-overflow", "io.json"))
	if err != nil {
		t.Fatal(err)
	}
	// fixed<28,8> raw range is [-2^27, 2^27-1]. Sample 0 (x = 4e6, saturated
	// on input) sums past both ends: [max, min]. Sample 1 (x = 1000): 32*1000
	// = 32000, raw 32000*256.
	wants := [][]int64{{1<<27 - 1, -(1 << 27)}, {32000 * 256, -32000 * 256}}
	for n, w := range wants {
		in, err := lower.SampleInputs(p, io, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := exact.Check(p, in); err != nil {
			t.Errorf("sample %d: %v", n, err)
		}
		res, err := air.Interpret(p, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := res["y"]; len(got) != 2 || got[0] != w[0] || got[1] != w[1] {
			t.Errorf("sample %d: y = %v, want %v", n, got, w)
		}
	}
}

// TestUnrollWarning: a pattern that matches no kernel is reported on stderr, one that matches is not.
func TestUnrollWarning(t *testing.T) {
	m := model(t, "ops/relu")
	var stdout, stderr bytes.Buffer
	if code := cli.Main(Command, []string{"-model", m, "-unroll", "relu*=2,conv*=4"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), `warning: -unroll pattern "conv*" matches no kernel`) || !strings.Contains(stderr.String(), "(kernels: relu0)") || strings.Contains(stderr.String(), `"relu*"`) {
		t.Errorf("stderr %q", stderr.String())
	}
}

// TestExternalData compiles the dynamo export of lenet5, whose weights are
// in model.dynamo.onnx.data; with -model_data or -only_model_data only the
// declared files may be read.
func TestExternalData(t *testing.T) {
	dir := filepath.Dir(model(t, "lenet5"))
	dyn := filepath.Join(dir, "model.dynamo.onnx")
	run := func(args ...string) (string, string, int) {
		var stdout, stderr bytes.Buffer
		code := cli.Main(Command, args, &stdout, &stderr)
		return stdout.String(), stderr.String(), code
	}
	out, errs, code := run("-model", dyn, "-model_data", dyn+".data")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "kernel gemm2") {
		t.Errorf("unexpected program:\n%s", out)
	}
	_, errs, code = run("-model", dyn, "-only_model_data")
	if code != 1 || !strings.Contains(errs, "is not among the declared data files") || !strings.Contains(errs, "model_data") {
		t.Errorf("undeclared data file: exit %d, %s", code, errs)
	}
	_, errs, code = run("-model", dyn, "-model_data", filepath.Join(dir, "other.data"))
	if code != 1 || !strings.Contains(errs, "is not among the declared data files") {
		t.Errorf("wrong data file: exit %d, %s", code, errs)
	}
}

// TestFloat32 compiles a model with -numeric float32: every memory is
// float32 and the weights round-trip through the data file as bit patterns
// of the ONNX floats. A model with an operator that has no float32
// lowering fails with the node named.
func TestFloat32(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := cli.Main(Command, []string{"-model", model(t, "ffnn"), "-numeric", "float32", "-data", filepath.Join(dir, "d.json")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	text := stdout.String()
	if !strings.Contains(text, "numeric float32\n") || !strings.Contains(text, "mem fc1_weight: float32[128,784] const") || strings.Contains(text, "fixed<") {
		t.Errorf("not a float32 program:\n%.600s", text)
	}
	p, err := air.Parse(stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "d.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := air.UnmarshalData(p, data); err != nil {
		t.Fatal(err)
	}
	// The refusal: the first of these models (nonlinear functions,
	// Softmax, LayerNormalization) that has no float32 lowering yet.
	for _, m := range []struct{ name, op string }{{"mlp_tanh", "Sigmoid"}, {"seed_mha", "Softmax"}, {"transformer_layer_gelu", "Erf"}} {
		stdout.Reset()
		stderr.Reset()
		code := cli.Main(Command, []string{"-model", model(t, m.name), "-numeric", "float32"}, &stdout, &stderr)
		if code == 0 {
			continue
		}
		if !strings.Contains(stderr.String(), m.op+" \"") || !strings.Contains(stderr.String(), "no float32 lowering yet") {
			t.Errorf("%s in float32: exit %d, stderr %q", m.name, code, stderr.String())
		}
		return
	}
	t.Log("every candidate model lowers in float32: no refusal to check")
}
