package floatrun

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

// TestZoo runs both exports of a network (the dynamo one with external
// data) against PyTorch's outputs recorded in the zoo.
func TestZoo(t *testing.T) {
	dir := filepath.Join(testenv.RepoRoot(t), "models", "lenet5")
	for _, c := range [][2]string{{"model.onnx", "io.json"}, {"model.dynamo.onnx", "io.dynamo.json"}} {
		var out, errb bytes.Buffer
		code := cli.Main(Command, []string{"-model", filepath.Join(dir, c[0]), "-io", filepath.Join(dir, c[1])}, &out, &errb)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s%s", c[0], code, out.String(), errb.String())
		}
		if got := strings.Count(out.String(), ": ok\n"); got != 3 {
			t.Errorf("%s: %d ok lines, want 3 (one per sample):\n%s", c[0], got, out.String())
		}
		if !strings.Contains(out.String(), "sample 2: output output: max abs error ") || !strings.Contains(out.String(), "agrees in 1/1 rows") {
			t.Errorf("%s: unexpected report:\n%s", c[0], out.String())
		}
	}
}

func TestFailures(t *testing.T) {
	root := testenv.RepoRoot(t)
	model := filepath.Join(root, "models", "ops", "relu", "model.onnx")
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	zeros := "[" + strings.TrimSuffix(strings.Repeat("0,", 64), ",") + "]"
	ramp := "[" + strings.TrimSuffix(strings.Repeat("0,1,2,3,", 16), ",") + "]"
	tests := []struct {
		name, io string
		code     int
		want     string
	}{
		{"wrong values", `{"inputs":[{"name":"input","shape":[1,4,4,4]}],"outputs":[{"name":"output","shape":[1,4,4,4]}],"samples":[{"inputs":[` + zeros + `],"outputs":[` + ramp + `]}]}`,
			1, "max abs error 3, argmax per row agrees in 0/16 rows (row 0: 0, PyTorch 3): FAIL"},
		{"wrong input name", `{"inputs":[{"name":"x","shape":[1,4,4,4]}],"outputs":[{"name":"output"}],"samples":[]}`, 1, `inputs 0 is "x", the graph's is "input"`},
		{"wrong shape", `{"inputs":[{"name":"input","shape":[4,4,4]}],"outputs":[{"name":"output"}],"samples":[]}`, 1, "has shape [4 4 4], the graph's is [1 4 4 4]"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := cli.Main(Command, []string{"-model", model, "-io", write(tt.name+".json", tt.io)}, &out, &errb)
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.want) {
			t.Errorf("%s: exit %d, output %q %q; want exit %d and %q", tt.name, code, out.String(), errb.String(), tt.code, tt.want)
		}
	}
	var out, errb bytes.Buffer
	if code := cli.Main(Command, []string{"-model", model}, &out, &errb); code != 2 {
		t.Errorf("missing -io: exit %d, want 2", code)
	}
	good := `{"inputs":[{"name":"input","shape":[1,4,4,4]}],"outputs":[{"name":"output","shape":[1,4,4,4]}],"samples":[{"inputs":[` + zeros + `],"outputs":[` + zeros + `]}]}`
	if code := cli.Main(Command, []string{"-model", model, "-io", write("good.json", good), "-sample", "3"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "sample 3 out of range (1 samples)") {
		t.Errorf("bad sample: exit %d (%s)", code, errb.String())
	}
	out.Reset()
	if code := cli.Main(Command, []string{"-model", model, "-io", write("good.json", good), "-sample", "0"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "sample 0: output output: max abs error 0, argmax") {
		t.Errorf("zeros: exit %d (%s)", code, out.String())
	}
}
