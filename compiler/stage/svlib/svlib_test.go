package svlib

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/cli"
)

const prog = `import "primitives/core.futil";
import "primitives/memories/comb.futil";
component main() -> () {
  cells { @external m = comb_mem_d1(8, 2, 1); }
  wires { group g { m.addr0 = 1'd1; m.write_data = 8'd3; m.write_en = 1'd1; g[done] = m.done; } }
  control { g; }
}
`

const data = `{"m": {"data": [1, 2], "format": {"numeric_type": "bitnum", "is_signed": false, "width": 8}}}`

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	futil := write("p.futil", prog)
	dataJSON := write("d.json", data)
	expect := write("e.json", `{"m": [1, 3]}`)
	run := func(c cli.Command, args ...string) (string, int) {
		var out, errb bytes.Buffer
		code := cli.Main(c, args, &out, &errb)
		return out.String() + errb.String(), code
	}
	tests := []struct {
		name string
		cmd  cli.Command
		args []string
		code int
		want string
	}{
		{"compile", Command, []string{"-o", filepath.Join(dir, "o.sv"), "-tb", filepath.Join(dir, "tb.sv"), futil}, 0, ""},
		{"stdout", Command, []string{futil}, 0, "module main"},
		{"no input", Command, nil, 2, "want one input"},
		{"to-hex", SimData, []string{"to-hex", dataJSON, filepath.Join(dir, "hex")}, 0, ""},
		{"bad mode", SimData, []string{"frob"}, 2, "bad arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, code := run(tc.cmd, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, output %q; want exit %d and %q", code, out, tc.code, tc.want)
			}
		})
	}
	for _, f := range []string{"o.sv", "tb.sv", "hex/m.dat"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	// A dump that matches, then one that does not.
	write("hex/m.out", "01\n03\n")
	if out, code := run(SimData, "check", dataJSON, expect, filepath.Join(dir, "hex")); code != 0 {
		t.Errorf("check failed: %s", out)
	}
	write("hex/m.out", "01\n02\n")
	if out, code := run(SimData, "check", dataJSON, expect, filepath.Join(dir, "hex")); code != 1 || !strings.Contains(out, "m[1]: got 2, want 3") {
		t.Errorf("check of a wrong dump: exit %d, %s", code, out)
	}
}
