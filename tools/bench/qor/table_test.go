package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGroup(t *testing.T) {
	tests := map[int64]string{0: "0", 999: "999", 1000: "1,000", 219709: "219,709", 35580767: "35,580,767", -1234: "-1,234"}
	for n, want := range tests {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	rows := []Row{
		{Model: "op_relu", Unroll: 2, Cycles: 150, LUT: 270, LUTRAM: 32, LUTTotal: 302, FF: 35, SynthSeconds: 6, ICE40: "placed", FmaxMHz: 10.29, LatencyUS: 14.577},
		{Model: "ffnn", Unroll: 4, Cycles: 219709, LUT: 12000, LUTTotal: 12000, FF: 1000, DSP: 24, BRAM: 1.5, SynthSeconds: 95.4, ICE40: "does not fit (13,379 LUT4, 11,181 FF of 5,280)"},
	}
	got := string(Markdown(rows, "xc7"))
	for _, want := range []string{
		"| op_relu | 2 | 150 | 270 | 32 | 302 | 35 | 0 | 0 | 6 | 10.3 | 14.6 |",
		"| ffnn | 4 | 219,709 | 12,000 | 0 | 12,000 | 1,000 | 24 | 1.5 | 95 | does not fit (13,379 LUT4, 11,181 FF of 5,280) | – |",
		"an estimate, not Vivado's",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

func TestModelName(t *testing.T) {
	for in, want := range map[string]string{"models/ops/gemm": "op_gemm", "models/ffnn": "ffnn", "ffnn": "ffnn"} {
		if got := modelName(in); got != want {
			t.Errorf("modelName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaceFailure(t *testing.T) {
	tests := map[string]string{
		"Unable to place cell 'b.x_LC', no BELs remaining to implement cell type 'ICESTORM_LC'": "does not fit (more ICESTORM_LC than the UP5K's)",
		"Failed to expand region (0, 0) |_> (25, 31) of 5287 ICESTORM_LCs":                      "does not fit (placer: Failed to expand region (0, 0) |_> (25, 31) of 5287 ICESTORM_LCs)",
		"Something else": "nextpnr failed: Something else",
	}
	for in, want := range tests {
		if got := placeFailure(in); got != want {
			t.Errorf("placeFailure(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMerge(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	if err := os.WriteFile(a, []byte(`[{"model": "op_relu", "unroll": 2, "cycles": 450, "lut_total": 302}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(`[{"model": "ffnn", "unroll": 4, "cycles": 219709, "lut_total": 54394}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := run([]string{"-o", out, "-merge", a + "," + b}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "qor.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "| op_relu | 2 | 450 |") || !strings.Contains(string(md), "| ffnn | 4 | 219,709 |") {
		t.Errorf("merged table:\n%s", md)
	}
	if err := run([]string{"-o", out, "-merge", filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("merging a missing file succeeded")
	}
}
