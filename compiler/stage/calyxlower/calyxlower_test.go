package calyxlower

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/simdata"
)

// setup writes the air gemm test program, its weights and an io.json into a temp dir.
func setup(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "air", "testdata", "gemm.air"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	p.Data = map[string][]int64{}
	for _, m := range p.Mems {
		if m.Kind == air.MemConst {
			d := make([]int64, m.Size())
			for i := range d {
				d[i] = int64(i%7*40 - 120)
			}
			p.Data[m.Name] = d
		}
	}
	w, err := air.MarshalData(p)
	if err != nil {
		t.Fatal(err)
	}
	io := `{"inputs":[{"name":"x","shape":[1,10]}],"outputs":[{"name":"y","shape":[1,3]}],` +
		`"samples":[{"inputs":[[0.5,-1,2,0.25,3,-2.5,1,0,-0.75,1.5]],"outputs":[[0,0,0]]}]}` + "\n"
	for name, b := range map[string][]byte{"m.air": src, "w.json": w, "io.json": []byte(io)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRun(t *testing.T) {
	dir := setup(t)
	p := func(s string) string { return filepath.Join(dir, s) }
	args := []string{"-weights", p("w.json"), "-input", p("io.json"), "-sample", "0",
		"-o", p("out.futil"), "-data", p("out.data.json"), "-expect", p("out.expect.json"), p("m.air")}
	var out, errb bytes.Buffer
	if err := Command.Run(args, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	first := map[string][]byte{}
	for _, f := range []string{"out.futil", "out.data.json", "out.expect.json"} {
		b, err := os.ReadFile(p(f))
		if err != nil {
			t.Fatal(err)
		}
		first[f] = b
	}
	prog, err := calyx.Parse("out.futil", first["out.futil"])
	if err != nil {
		t.Fatal(err)
	}
	if err := calyx.Check(prog); err != nil {
		t.Fatal(err)
	}
	mems, err := simdata.ParseData(first["out.data.json"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := simdata.ParseExpect(first["out.expect.json"], mems); err != nil {
		t.Fatal(err)
	}
	// The input is quantized to fixed<16,8>: 0.5 -> 128.
	if !bytes.Contains(first["out.data.json"], []byte(`"x": {"data": [[128, -256, 512,`)) {
		t.Errorf("data file does not hold the quantized sample:\n%.200s", first["out.data.json"])
	}
	// Deterministic bytes.
	if err := Command.Run(args, &out, &errb); err != nil {
		t.Fatal(err)
	}
	for f, b := range first {
		again, _ := os.ReadFile(p(f))
		if !bytes.Equal(again, b) {
			t.Errorf("%s differs between runs", f)
		}
	}
}

func TestLayer(t *testing.T) {
	dir := setup(t)
	var out, errb bytes.Buffer
	if err := Command.Run([]string{"-weights", filepath.Join(dir, "w.json"), "-layer", "gemm1", filepath.Join(dir, "m.air")}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.HasPrefix(s, "component gemm1()") || strings.Contains(s, "component main") {
		t.Errorf("-layer gemm1 printed:\n%.300s", s)
	}
}

// TestShard lowers gemm.air in two pieces: piece 0 runs gemm0 alone, and
// piece 1 runs gemm1 starting from gemm0's result, which its data file
// holds; the second piece's expected output equals the whole program's.
func TestShard(t *testing.T) {
	dir := setup(t)
	p := func(s string) string { return filepath.Join(dir, s) }
	run := func(out string, extra ...string) map[string][]byte {
		args := append([]string{"-weights", p("w.json"), "-input", p("io.json"),
			"-o", p(out + ".futil"), "-data", p(out + ".data.json"), "-expect", p(out + ".expect.json")}, extra...)
		args = append(args, p("m.air"))
		var o, errb bytes.Buffer
		if err := Command.Run(args, &o, &errb); err != nil {
			t.Fatalf("%v\n%s", err, errb.String())
		}
		files := map[string][]byte{}
		for _, f := range []string{".futil", ".data.json", ".expect.json"} {
			b, err := os.ReadFile(p(out + f))
			if err != nil {
				t.Fatal(err)
			}
			files[f] = b
		}
		return files
	}
	whole := run("whole")
	first := run("first", "-shard", "0/2")
	second := run("second", "-shard", "1/2")
	if !strings.Contains(string(first[".futil"]), "gemm0") || strings.Contains(string(first[".futil"]), "component gemm1") {
		t.Errorf("piece 0 is not gemm0 alone:\n%.400s", first[".futil"])
	}
	if strings.Contains(string(second[".futil"]), "component gemm0") {
		t.Errorf("piece 1 holds gemm0:\n%.400s", second[".futil"])
	}
	// gemm0's output (gemm1's input) is piece 0's expected output and piece 1's input data.
	wantMems, err := simdata.ParseData(first[".data.json"])
	if err != nil {
		t.Fatal(err)
	}
	mid, err := simdata.ParseExpect(first[".expect.json"], wantMems)
	if err != nil {
		t.Fatal(err)
	}
	secondMems, err := simdata.ParseData(second[".data.json"])
	if err != nil {
		t.Fatal(err)
	}
	starts := map[string]*simdata.Memory{}
	for _, m := range secondMems {
		starts[m.Name] = m
	}
	if len(mid) == 0 {
		t.Fatal("piece 0 has no expected outputs")
	}
	for _, m := range mid {
		got, ok := starts[m.Name]
		if !ok {
			t.Errorf("piece 1's data lacks %s", m.Name)
			continue
		}
		if fmt.Sprint(got.Words) != fmt.Sprint(m.Words) {
			t.Errorf("piece 1 starts %s from %v, piece 0 ends with %v", m.Name, got.Words, m.Words)
		}
	}
	if !bytes.Equal(second[".expect.json"], whole[".expect.json"]) {
		t.Errorf("piece 1's expected output differs from the whole program's:\n%s\n%s", second[".expect.json"], whole[".expect.json"])
	}
}

func TestErrors(t *testing.T) {
	dir := setup(t)
	air := filepath.Join(dir, "m.air")
	w := filepath.Join(dir, "w.json")
	tests := []struct {
		args  []string
		usage bool
		want  string
	}{
		{nil, true, "want one input"},
		{[]string{air}, true, "no data; pass -weights"},
		{[]string{"-weights", w, "-layer", "nope", air}, true, `no kernel "nope"`},
		{[]string{"-weights", w, "-input", filepath.Join(dir, "io.json"), "-sample", "3", "-data", filepath.Join(dir, "d.json"), air}, false, "sample 3 out of range"},
		{[]string{"-weights", w, filepath.Join(dir, "missing.air")}, false, "missing.air"},
		{[]string{"-weights", w, "-shard", "2/2", air}, true, "want I/N"},
		{[]string{"-weights", w, "-shard", "1", air}, true, "want I/N"},
		{[]string{"-weights", w, "-shard", "2/3", air}, false, "only 2 kernel calls, too few for 3 pieces"},
		{[]string{"-weights", w, "-input", filepath.Join(dir, "io.json"), air}, true, "-input only choose the sample of -data and -expect"},
		{[]string{"-weights", w, "-input", filepath.Join(dir, "io.json"), "-sample", "1", "-o", filepath.Join(dir, "x.futil"), air}, true, "-input and -sample only choose"},
		{[]string{"-weights", w, "-sample", "0", air}, true, "drop -sample"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		err := Command.Run(tt.args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, cli.ErrUsage) != tt.usage {
			t.Errorf("%q: error %v, want %q (usage %v)", tt.args, err, tt.want, tt.usage)
		}
	}
}
