package qor

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata")

func loadStat(t *testing.T, file string) *Stat {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseStat(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The testdata statistics are real Yosys 0.23 output for the zoo's op_gemm
// (Gemm 16→8, unroll 2), written by the script Script returns.
func TestSummarizeTotals(t *testing.T) {
	tests := []struct {
		file   string
		family Family
		want   Resources
	}{
		// From the file's "design" section (Yosys's own count of the whole
		// hierarchy): LUT = LUT1..LUT6 = 46+1425+266+514+63+314 = 2628;
		// LUT RAM = 14 RAM32M × 4 LUTs + 32 RAM64X1S × 1 LUT = 88 (UG474);
		// FF = 222 FDRE; CARRY4 62; MUXF = 184 MUXF7 + 63 MUXF8 = 247;
		// IO = BUFG 1 + IBUF 3 + OBUF 1 = 5; cells 3216.
		{"op_gemm_u2_xc7.stat.json", XC7, Resources{LUT: 2628, LUTRAM: 88, LUTTotal: 2716, FF: 222, Carry: 62, MuxF: 247, DSP: 6, IO: 5, Cells: 3216}},
		// Same design, the Yosys 0.23 output without "design" (trailing comma bug).
		{"op_gemm_u2_xc7_notop.stat.json", XC7, Resources{LUT: 2628, LUTRAM: 88, LUTTotal: 2716, FF: 222, Carry: 62, MuxF: 247, DSP: 6, IO: 5, Cells: 3216}},
		// "design": SB_LUT4 4914; FF = SB_DFF 7 + SB_DFFE 2688 + SB_DFFESR 295
		// + SB_DFFSR 18 = 3008; SB_CARRY 327; SB_MAC16 6; cells 8255.
		{"op_gemm_u2_ice40.stat.json", ICE40, Resources{LUT: 4914, LUTTotal: 4914, FF: 3008, Carry: 327, DSP: 6, Cells: 8255}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := Summarize(loadStat(t, tt.file), tt.family, "main")
			if err != nil {
				t.Fatal(err)
			}
			if !sameResources(r.Total, tt.want) {
				t.Errorf("total = %+v, want %+v", r.Total, tt.want)
			}
			checkParts(t, r)
		})
	}
}

// checkParts checks that the component rows and the primitive rows each add
// up to the total.
func checkParts(t *testing.T, r *Report) {
	t.Helper()
	for _, parts := range [][]Part{r.Components, r.Primitives} {
		var sum Resources
		for _, p := range parts {
			sum.add(p.Resources, 1)
		}
		if !sameResources(sum, r.Total) {
			t.Errorf("rows add up to %+v, total is %+v", sum, r.Total)
		}
	}
}

func sameResources(a, b Resources) bool {
	ao, bo := a.Other, b.Other
	a.Other, b.Other = nil, nil
	if a.LUT != b.LUT || a.LUTRAM != b.LUTRAM || a.LUTTotal != b.LUTTotal || a.FF != b.FF || a.Carry != b.Carry ||
		a.MuxF != b.MuxF || a.DSP != b.DSP || a.BRAM != b.BRAM || a.SPRAM != b.SPRAM || a.Gates != b.Gates ||
		a.IO != b.IO || a.Cells != b.Cells || len(ao) != len(bo) {
		return false
	}
	for k, v := range ao {
		if bo[k] != v {
			return false
		}
	}
	return true
}

func TestGoldenReports(t *testing.T) {
	tests := []struct {
		name, stat, pnr string
		family          Family
		cycles          int64
	}{
		{"op_gemm_u2_xc7", "op_gemm_u2_xc7.stat.json", "", XC7, 0},
		{"op_gemm_u2_ice40", "op_gemm_u2_ice40.stat.json", "", ICE40, 0},
		{"op_gemm_u2_generic", "op_gemm_u2_generic.stat.json", "", Generic, 0},
		{"op_relu_u2_ice40_pnr", "op_relu_u2_ice40.stat.json", "op_relu_u2.nextpnr.json", ICE40, 1234},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Summarize(loadStat(t, tt.stat), tt.family, "main")
			if err != nil {
				t.Fatal(err)
			}
			if tt.pnr != "" {
				data, err := os.ReadFile(filepath.Join("testdata", tt.pnr))
				if err != nil {
					t.Fatal(err)
				}
				if r.PnR, err = ParseNextpnrReport(tt.pnr, data); err != nil {
					t.Fatal(err)
				}
				r.PnR.Tool, r.PnR.Device, r.PnR.Package, r.PnR.Seed = "nextpnr-ice40 -- Next Generation Place and Route (Version 0.4-1+b1)", "up5k", "sg48", 1
			}
			if err := r.SetLatency(tt.cycles); err != nil {
				t.Fatal(err)
			}
			js, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".report.json", js)
			golden(t, tt.name+".report.md", r.Markdown())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func TestComponentsAndPrimitives(t *testing.T) {
	r, err := Summarize(loadStat(t, "op_gemm_u2_xc7.stat.json"), XC7, "main")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range r.Components {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "gemm0,main" {
		t.Errorf("components = %s, want gemm0,main", got)
	}
	// gemm0 instantiates two std_smult_pipe, each an accel_mult_pipe_core
	// with 3 DSP48E1 (its module in the file): 6 DSPs, all in gemm0.
	for _, p := range r.Primitives {
		if p.Name == "std_smult_pipe" && (p.Instances != 2 || p.Resources.DSP != 6) {
			t.Errorf("std_smult_pipe: %d instances, %d DSPs; want 2, 6", p.Instances, p.Resources.DSP)
		}
		// main holds the memories: 2 comb_mem_d1 and 1+2+2 comb_mem_d2 instances.
		if p.Name == "comb_mem_d2" && p.Instances != 5 {
			t.Errorf("comb_mem_d2: %d instances, want 5", p.Instances)
		}
	}
	if r.Components[0].Resources.DSP != 6 {
		t.Errorf("gemm0 has %d DSPs, want 6", r.Components[0].Resources.DSP)
	}
}

// stat builds statistics by hand: module -> cell type -> count.
func stat(mods map[string]Counts, design Counts) *Stat {
	s := &Stat{Creator: "Yosys test", Modules: map[string]ModuleStat{}}
	for m, c := range mods {
		s.Modules[m] = ModuleStat{NumCellsByType: c}
	}
	if design != nil {
		s.Design = &ModuleStat{NumCellsByType: design}
	}
	return s
}

func TestSummarizeHierarchy(t *testing.T) {
	// top has 2 layer instances; each layer has 3 adders of 4 LUTs and 1 FF
	// of its own: 2×(3×4) = 24 LUTs, 2×1 + 5 = 7 FFs.
	s := stat(map[string]Counts{
		"top":              {"layer": 2, "FDRE": 5},
		"layer":            {`$paramod\add\W=4`: 3, "FDRE": 1},
		`$paramod\add\W=4`: {"LUT4": 4},
	}, Counts{"LUT4": 24, "FDRE": 7})
	r, err := Summarize(s, XC7, "top")
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.LUT != 24 || r.Total.FF != 7 {
		t.Errorf("total LUT %d FF %d, want 24, 7", r.Total.LUT, r.Total.FF)
	}
	want := []Part{
		{Name: "layer", Instances: 2, Resources: Resources{LUT: 24, LUTTotal: 24, FF: 2, Cells: 26}},
		{Name: "top", Instances: 1, Resources: Resources{FF: 5, Cells: 5}},
	}
	for i, p := range r.Components {
		if p.Name != want[i].Name || p.Instances != want[i].Instances || !sameResources(p.Resources, want[i].Resources) {
			t.Errorf("component %d = %+v, want %+v", i, p, want[i])
		}
	}
	if p := r.Primitives[0]; p.Name != "add" || p.Instances != 6 || p.Resources.LUT != 24 {
		t.Errorf("primitive = %+v, want add ×6 with 24 LUTs", p)
	}
	checkParts(t, r)
}

func TestSummarizeErrors(t *testing.T) {
	tests := []struct {
		name string
		s    *Stat
		top  string
		want string
	}{
		{"no top", stat(map[string]Counts{"a": {}, "b": {}}, nil), "main", `top module "main" is not in Yosys's statistics (modules: a, b)`},
		{"cycle", stat(map[string]Counts{"a": {"b": 1}, "b": {"a": 1}}, nil), "a", "module a instantiates itself (a -> b -> a)"},
		{"design disagrees", stat(map[string]Counts{"a": {"LUT4": 3}}, Counts{"LUT4": 4}), "a", "the hierarchy holds 3 cells of type LUT4 but Yosys counts 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Summarize(tt.s, XC7, tt.top)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseStatErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "x.json: not Yosys `stat -json` output"},
		{"{", "x.json: not Yosys `stat -json` output"},
		{`{"modules": {}}`, "x.json: Yosys statistics list no module"},
		{`{"modules": {"\\m": {"num_cells_by_type": {"LUT4": -1}}}}`, "x.json: module m: negative count -1 of cell type LUT4"},
		{`{"modules": {"\\m": {}, "m": {}}}`, "x.json: module m listed twice"},
	}
	for _, tt := range tests {
		_, err := ParseStat("x.json", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseStat(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestRepairStat(t *testing.T) {
	valid := "{\n  \"modules\": {\n    \"\\\\m\": {\"num_cells_by_type\": {\"LUT4\": 1}}\n  }\n}\n"
	if got := string(repairStat([]byte(valid))); got != valid {
		t.Errorf("valid JSON changed:\n%s", got)
	}
	broken := "{\n  \"modules\": {\n    \"\\\\m\": {\"num_cells_by_type\": {\"LUT4\": 1}}\n  },\n       $paramod\\add      2\n\n}\n"
	s, err := ParseStat("b.json", []byte(broken))
	if err != nil {
		t.Fatal(err)
	}
	if s.Modules["m"].NumCellsByType["LUT4"] != 1 {
		t.Errorf("modules = %+v", s.Modules)
	}
}

func TestPrimitiveName(t *testing.T) {
	tests := map[string]string{
		`$paramod\std_add\WIDTH=s32'00000000000000000000000000000101`:   "std_add",
		`$paramod$0849acb4b81c7c4a15cb38a4a9d0ab1fe3fbf820\comb_mem_d2`: "comb_mem_d2",
		`\main`:     "main",
		`$paramod`:  "$paramod",
		`$paramod$`: "$paramod$",
	}
	for in, want := range tests {
		if got := primitiveName(in); got != want {
			t.Errorf("primitiveName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		f    Family
		typ  string
		n    int
		want Resources
	}{
		{XC7, "LUT6", 3, Resources{LUT: 3, LUTTotal: 3, Cells: 3}},
		{XC7, "INV", 1, Resources{LUT: 1, LUTTotal: 1, Cells: 1}},
		{XC7, "RAM32M", 2, Resources{LUTRAM: 8, LUTTotal: 8, Cells: 2}},
		{XC7, "RAM128X1D", 1, Resources{LUTRAM: 4, LUTTotal: 4, Cells: 1}},
		{XC7, "SRLC32E", 5, Resources{LUTRAM: 5, LUTTotal: 5, Cells: 5}},
		{XC7, "RAMB18E1", 3, Resources{BRAM: 1.5, Cells: 3}},
		{XC7, "RAMB36E1", 2, Resources{BRAM: 2, Cells: 2}},
		{XC7, "FDSE", 4, Resources{FF: 4, Cells: 4}},
		{XC7, "GND", 1, Resources{}},
		{XC7, "LUT7", 1, Resources{Other: Counts{"LUT7": 1}, Cells: 1}},
		{ICE40, "SB_DFFESR", 2, Resources{FF: 2, Cells: 2}},
		{ICE40, "SB_RAM40_4KNR", 1, Resources{BRAM: 1, Cells: 1}},
		{ICE40, "SB_SPRAM256KA", 1, Resources{SPRAM: 1, Cells: 1}},
		{Generic, "$_SDFFE_PP0P_", 7, Resources{FF: 7, Cells: 7}},
		{Generic, "$_XOR_", 7, Resources{Gates: 7, Cells: 7}},
		{Generic, "$mem_v2", 1, Resources{Other: Counts{"$mem_v2": 1}, Cells: 1}},
	}
	for _, tt := range tests {
		if got := tt.f.classify(tt.typ, tt.n); !sameResources(got, tt.want) {
			t.Errorf("%s.classify(%s, %d) = %+v, want %+v", tt.f, tt.typ, tt.n, got, tt.want)
		}
	}
}

func TestParseFamily(t *testing.T) {
	for _, f := range []string{"xc7", "ice40", "generic"} {
		if _, err := ParseFamily(f); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParseFamily("ecp5"); err == nil || !strings.Contains(err.Error(), `unknown family "ecp5"`) {
		t.Errorf("ParseFamily(ecp5) error = %v", err)
	}
}
