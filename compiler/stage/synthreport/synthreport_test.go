package synthreport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/cli"
)

// A two-level design: main has 3 FDRE and one layer of 5 LUT4 (hand-written
// in Yosys 0.23's stat -json layout).
const stat = `{
   "creator": "Yosys 0.23 (git sha1 7ce5011c24b)",
   "invocation": "stat -json -top main ",
   "modules": {
      "\\layer": {"num_cells": 5, "num_cells_by_type": {"LUT4": 5}},
      "\\main": {"num_cells": 4, "num_cells_by_type": {"FDRE": 3, "layer": 1}}
   }
}
`

const nextpnr = `{"fmax": {"clk": {"achieved": 40.004, "constraint": 12}}, "utilization": {"ICESTORM_LC": {"available": 5280, "used": 8}}}`

func run(c cli.Command, args ...string) (string, int) {
	var out, errb bytes.Buffer
	code := cli.Main(c, args, &out, &errb)
	return out.String() + errb.String(), code
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	p := func(s string) string { return filepath.Join(dir, s) }
	if err := os.WriteFile(p("stat.json"), []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p("pnr.json"), []byte(nextpnr), 0o644); err != nil {
		t.Fatal(err)
	}

	out, code := run(Script, "-family", "generic", "-top", "main", "-stat", "s.json", "a.sv")
	if code != 0 || !strings.Contains(out, "read_verilog -sv a.sv\n") || !strings.Contains(out, "\nsynth -top main\n") {
		t.Errorf("synth_script: %d %s", code, out)
	}

	out, code = run(Command, "-family", "ice40", "-top", "main", "-nextpnr", p("pnr.json"), "-cycles", "400", "-o", p("r.json"), "-md", p("r.md"), p("stat.json"))
	if code != 0 {
		t.Fatalf("synth_report: %d %s", code, out)
	}
	md, _ := os.ReadFile(p("r.md"))
	js, _ := os.ReadFile(p("r.json"))
	// 400 cycles at 40 MHz (40.004 rounded to 2 decimals) = 10 µs.
	for _, want := range []string{"Latency: 400 cycles = 10 µs at 40 MHz.", "| layer | 1 | 0 |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(string(js), `"latency_us": 10`) || strings.Contains(string(js), dir) {
		t.Errorf("JSON report:\n%s", js)
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	statPath := filepath.Join(dir, "stat.json")
	if err := os.WriteFile(statPath, []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		c        cli.Command
		args     []string
		wantCode int
		want     string
	}{
		{Script, []string{"-family", "ecp5", "-top", "m", "-stat", "s", "a.sv"}, 2, `unknown family "ecp5"`},
		{Script, []string{"-top", "m", "a.sv"}, 2, "need -top, -stat and at least one source file"},
		{Command, []string{"-top", "main"}, 2, "need -top and one stat.json"},
		{Command, []string{"-top", "nope", statPath}, 1, `top module "nope" is not in Yosys's statistics (modules: layer, main)`},
		{Command, []string{"-top", "main", "-cycles", "-3", statPath}, 2, "negative cycle count -3"},
		{Command, []string{"-top", "main", filepath.Join(dir, "missing.json")}, 1, "missing.json"},
		{Command, []string{"-top", "main", "-nextpnr", statPath, statPath}, 1, `nextpnr report has no "utilization"`},
	}
	for _, tt := range tests {
		out, code := run(tt.c, tt.args...)
		if code != tt.wantCode || !strings.Contains(out, tt.want) {
			t.Errorf("%s %q: exit %d, %q; want %d, %q", tt.c.Name, tt.args, code, out, tt.wantCode, tt.want)
		}
	}
}
