package simcheck

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/cli"
)

// A 1x4 output partitioned cyclically into two banks: element i lives in
// bank i%2 at offset i/2, so bank 0 holds [y0, y2] and bank 1 [y1, y3].
const prog = `program t
numeric fixed<16,8>
mem x: fixed<16,8>[1,4] input
mem output: fixed<16,8>[1,4] output partition(1 cyclic 2)
kernel copy0 {
  for i in 0..2 {
    output{0}[0, i] = x[0, 2*i]
    output{1}[0, i] = x[0, 2*i+1]
  }
}
main {
  copy0
}
`

// Raw values in fixed<16,8>: 0x0100 = 1.0, 0xFF80 = -0.5, 0x0040 = 0.25, 0x0200 = 2.0.
func writeDumps(t *testing.T, dir string) {
	t.Helper()
	files := map[string]string{
		"output_b0.out": "0100\n0040\n", // y0 = 1.0, y2 = 0.25
		"output_b1.out": "ff80\n0200\n", // y1 = -0.5, y3 = 2.0
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func parse(t *testing.T) *air.Program {
	t.Helper()
	p, err := air.Parse([]byte(prog))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOutputsUnbanks(t *testing.T) {
	p := parse(t)
	dir := t.TempDir()
	writeDumps(t, dir)
	raw, err := Outputs(p, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{256, -128, 64, 512}
	got := raw["output"]
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestCompare(t *testing.T) {
	p := parse(t)
	raw := map[string][]int64{"output": {256, -128, 64, 512}} // 1.0, -0.5, 0.25, 2.0
	tests := []struct {
		name       string
		torch      string
		wantErr    float64
		wantArgmax int
		ok         bool
	}{
		{"exact", "[1.0,-0.5,0.25,2.0]", 0, 3, true},
		{"small error", "[1.01,-0.5,0.25,2.0]", 0.01, 3, true},
		{"large error", "[1.0,-0.5,0.25,2.2]", 0.2, 3, false},
		{"argmax differs", "[1.0,-0.5,2.01,2.0]", 1.76, 2, false},
	}
	for _, tt := range tests {
		io := `{"outputs":[{"name":"output","shape":[1,4]}],"samples":[{"outputs":[` + tt.torch + `]}]}`
		res, err := Compare(p, raw, []byte(io), 0)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		r := res[0]
		if d := r.MaxAbsErr - tt.wantErr; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: max abs error %v, want %v", tt.name, r.MaxAbsErr, tt.wantErr)
		}
		if r.ArgmaxWant != tt.wantArgmax || r.ArgmaxGot != 3 {
			t.Errorf("%s: argmax torch %d hw %d", tt.name, r.ArgmaxWant, r.ArgmaxGot)
		}
		if r.OK(0.05) != tt.ok {
			t.Errorf("%s: OK = %v, want %v", tt.name, r.OK(0.05), tt.ok)
		}
	}
}

// TestCompareRows reads the same four values as a [2,2] output: argmax is
// compared per row, not over the flattened batch.
func TestCompareRows(t *testing.T) {
	p := parse(t)
	raw := map[string][]int64{"output": {256, -128, 64, 512}} // rows [1.0, -0.5], [0.25, 2.0]
	io := `{"outputs":[{"name":"output","shape":[2,2]}],"samples":[{"outputs":[[-0.51,-0.5,0.25,2.0]]}]}`
	res, err := Compare(p, raw, []byte(io), 0)
	if err != nil {
		t.Fatal(err)
	}
	// Flattened, both argmaxes are 3; row 0 differs (hardware 0, PyTorch 1).
	r := res[0]
	if r.Rows != 2 || r.RowsAgree != 1 || r.FirstBad != 0 || r.ArgmaxGot != 0 || r.ArgmaxWant != 1 || r.OK(5) {
		t.Errorf("per-row comparison: %+v", r)
	}
}

func TestCompareErrors(t *testing.T) {
	p := parse(t)
	raw := map[string][]int64{"output": {0, 0, 0, 0}}
	tests := []struct{ io, want string }{
		{`{`, "io.json"},
		{`{"outputs":[{"name":"output"}],"samples":[]}`, "out of range"},
		{`{"outputs":[{"name":"nope"}],"samples":[{"outputs":[[1]]}]}`, `no output memory "nope"`},
		{`{"outputs":[{"name":"output"}],"samples":[{"outputs":[[1,2]]}]}`, "PyTorch has 2 values"},
	}
	for _, tt := range tests {
		_, err := Compare(p, raw, []byte(tt.io), 0)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compare(%s) = %v, want error containing %q", tt.io, err, tt.want)
		}
	}
}

func TestCommand(t *testing.T) {
	dir := t.TempDir()
	writeDumps(t, dir)
	airFile := filepath.Join(dir, "t.air")
	if err := os.WriteFile(airFile, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		torch string
		code  int
		out   string
		flags []string
	}{
		{"[1.0,-0.5,0.25,2.0]", 0, "max abs error 0, argmax per row agrees in 1/1 rows", nil},
		{"[1.0,-0.5,0.25,3.0]", 1, "FAIL", nil},
		// 0.01 off a largest magnitude of 2: within atol, 0.005 relative.
		{"[1.01,-0.5,0.25,2.0]", 0, "relative error 0.005 of max|PyTorch| 2, atol 0.05, rtol 0.01): ok", []string{"-rtol", "0.01"}},
		{"[1.01,-0.5,0.25,2.0]", 1, "relative error 0.005 of max|PyTorch| 2, atol 0.05, rtol 0.001): FAIL", []string{"-rtol", "0.001"}},
	} {
		ioFile := filepath.Join(dir, "io.json")
		io := `{"outputs":[{"name":"output","shape":[1,4]}],"samples":[{"outputs":[` + tc.torch + `]}]}`
		if err := os.WriteFile(ioFile, []byte(io), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		code := cli.Main(Command, append(append([]string{"-io", ioFile, "-dir", dir}, tc.flags...), airFile), &out, &errb)
		if code != tc.code || !strings.Contains(out.String(), tc.out) {
			t.Errorf("torch_check with %s: code %d, stdout %q, stderr %q", tc.torch, code, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := cli.Main(Command, []string{airFile}, &out, &errb); code != 2 {
		t.Errorf("missing flags: code %d, want 2", code)
	}
}
