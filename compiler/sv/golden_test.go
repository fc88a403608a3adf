package sv

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
)

var update = flag.Bool("update", false, "rewrite the golden .sv files")

// TestGolden compares the emitted SystemVerilog (and testbench) of small
// programs with testdata/golden/*.sv; run with -update to refresh them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.futil")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden programs: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".futil")
		t.Run(name, func(t *testing.T) {
			res := compileFile(t, f)
			got := append(append([]byte{}, res.SV...), Testbench(res)...)
			again := compileFile(t, f)
			if !bytes.Equal(res.SV, again.SV) {
				t.Fatal("two compilations differ")
			}
			golden := strings.TrimSuffix(f, ".futil") + ".sv"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -update and review the diff)", golden)
			}
			if _, err := exec.LookPath("verilator"); err == nil {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "d.sv"), res.SV, 0o644); err != nil {
					t.Fatal(err)
				}
				simtest.Verilator(t, dir, "--lint-only", "-Wall", "--top-module", res.Top, "d.sv")
			}
		})
	}
}

// TestErrors checks that malformed programs are rejected with a clear message.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"conflict", `component main() -> () {
  cells { r = std_reg(8); }
  wires { group g { r.in = 8'd1; r.in = 8'd2; r.write_en = 1'd1; g[done] = r.done; } }
  control { g; }
}`, "conflicting drivers of r_in"},
		{"wires conflict", `component main() -> () {
  cells { r = std_reg(8); }
  wires { r.in = 8'd1; group g { r.in = 8'd2; r.write_en = 1'd1; g[done] = r.done; } }
  control { g; }
}`, "conflicting drivers"},
		{"width", `component main() -> () {
  cells { r = std_reg(8); }
  wires { group g { r.in = 4'd1; r.write_en = 1'd1; g[done] = r.done; } }
  control { g; }
}`, "width mismatch"},
		{"unknown prim", `component main() -> () {
  cells { r = std_bogus(8); }
  wires {}
  control {}
}`, "std_bogus"},
		{"no group", `component main() -> () {
  cells {}
  wires {}
  control { g; }
}`, "no group g"},
		{"comb enable", `component main() -> () {
  cells { l = std_lt(2); }
  wires { comb group c { l.left = 2'd0; l.right = 2'd1; } }
  control { c; }
}`, "comb group c cannot be enabled"},
		{"float64 unit", `component main() -> () {
  cells { a = std_addFN(11, 53, 64); }
  wires {}
  control {}
}`, "std_addFN(11, 53, 64): only binary32 is supported"},
		{"float int width", `component main() -> () {
  cells { c = std_fpToInt(8, 24, 32, 200); }
  wires {}
  control {}
}`, "intWidth 200 is outside 2..128"},
		{"float const rep", `component main() -> () {
  cells { f = std_float_const(1, 32, 1.5); }
  wires {}
  control {}
}`, "representation 1 is not supported"},
		{"float const width", `component main() -> () {
  cells { f = std_float_const(0, 16, 1.5); }
  wires {}
  control {}
}`, "width 16 is not supported"},
		{"float const range", `component main() -> () {
  cells { f = std_float_const(0, 32, 1000000000000000000000000000000000000000.0); }
  wires {}
  control {}
}`, "is not a binary32 value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog, err := calyx.Parse("t.futil", []byte(tc.src))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, err = Compile(prog, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestPrimitivesLint(t *testing.T) {
	for _, p := range Primitives() {
		src, err := PrimitiveSource(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, "module "+p+" ") {
			t.Errorf("prims/%s.sv does not define module %s", p, p)
		}
	}
}
