package sv

import (
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

//go:embed prims/*.sv
var primFS embed.FS

// primDeps lists the library modules a primitive's module instantiates.
var primDeps = map[string][]string{
	"std_mult_pipe":        {"accel_mult_pipe_core"},
	"std_smult_pipe":       {"accel_mult_pipe_core"},
	"std_fp_mult_pipe":     {"accel_mult_pipe_core"},
	"std_fp_smult_pipe":    {"accel_mult_pipe_core"},
	"accel_fp_smul_round":  {"accel_mult_pipe_core"},
	"std_div_pipe":         {"accel_div_pipe_core"},
	"std_fp_div_pipe":      {"accel_div_pipe_core"},
	"std_sdiv_pipe":        {"accel_sdiv_pipe_core"},
	"std_fp_sdiv_pipe":     {"accel_sdiv_pipe_core"},
	"accel_sdiv_pipe_core": {"accel_div_pipe_core"},
	"sqrt":                 {"fp_sqrt"},
	// Row-major addresses and constant products as shifts and adds.
	"comb_mem_d2":    {"accel_const_mul"},
	"comb_mem_d3":    {"accel_const_mul"},
	"comb_mem_d4":    {"accel_const_mul"},
	"seq_mem_d2":     {"accel_const_mul"},
	"seq_mem_d3":     {"accel_const_mul"},
	"seq_mem_d4":     {"accel_const_mul"},
	"std_const_mult": {"accel_const_mul"},
	// The nonlinear units (compiler/nonlin).
	"accel_exp":         {"accel_nl_exp2", "accel_nl_scale"},
	"accel_reciprocal":  {"accel_nl_normalize", "accel_nl_recip_rom", "accel_nl_interp", "accel_nl_scale"},
	"accel_rsqrt":       {"accel_nl_normalize", "accel_nl_rsqrt_rom", "accel_nl_interp", "accel_nl_scale"},
	"accel_sigmoid":     {"accel_nl_logistic"},
	"accel_tanh":        {"accel_nl_logistic"},
	"accel_erf":         {"accel_nl_erf_rom", "accel_nl_interp", "accel_nl_scale"},
	"accel_nl_logistic": {"accel_nl_exp2", "accel_nl_recip_rom", "accel_nl_interp", "accel_nl_scale"},
	"accel_nl_exp2":     {"accel_nl_exp2_rom", "accel_nl_interp"},
	// IEEE-754 binary32 units (float.go).
	"std_addFN":            {"accel_fadd_pipe"},
	"std_mulFN":            {"accel_fmul_pipe"},
	"std_compareFN":        {"accel_fcmp_pipe"},
	"std_divSqrtFN":        {"accel_fdivsqrt"},
	"std_fpToInt":          {"accel_fp_to_int_pipe"},
	"std_intToFp":          {"accel_int_to_fp_pipe"},
	"accel_fadd_pipe":      {"accel_f32_round"},
	"accel_fmul_pipe":      {"accel_f32_round"},
	"accel_fdivsqrt":       {"accel_f32_round"},
	"accel_int_to_fp_pipe": {"accel_f32_round"},
	"accel_fexp_pipe":      {"accel_fadd_pipe", "accel_fmul_pipe", "accel_int_to_fp_pipe"},
}

// primHelpers are library modules that only other library modules
// instantiate; they are not primitives a Calyx cell can name.
var primHelpers = map[string]bool{
	"accel_mult_pipe_core": true,
	"accel_const_mul":      true,
	"accel_div_pipe_core":  true,
	"accel_sdiv_pipe_core": true,
	"accel_nl_exp2":        true,
	"accel_nl_exp2_rom":    true,
	"accel_nl_erf_rom":     true,
	"accel_nl_interp":      true,
	"accel_nl_logistic":    true,
	"accel_nl_normalize":   true,
	"accel_nl_recip_rom":   true,
	"accel_nl_rsqrt_rom":   true,
	"accel_nl_scale":       true,
	"accel_f32_round":      true,
}

// primAliases maps primitives that share another's ports, parameters and
// behaviour to the module that implements them: the std_mem_dN memories are
// upstream Calyx's older names of comb_mem_dN.
var primAliases = map[string]string{
	"std_mem_d1": "comb_mem_d1",
	"std_mem_d2": "comb_mem_d2",
	"std_mem_d3": "comb_mem_d3",
	"std_mem_d4": "comb_mem_d4",
}

// primModule returns the library module that implements a primitive.
func primModule(name string) string {
	if m, ok := primAliases[name]; ok {
		return m
	}
	return name
}

// primDecls maps each library module to the identifiers declared in it
// (parameters, ports, signals, instances), including those of the modules it
// instantiates. An instance named like one of its own module's identifiers
// makes Verilator warn (VARHIDDEN), so instances avoid these names.
var primDecls = func() map[string]map[string]bool {
	decl := regexp.MustCompile(`(?m)^\s*(?:logic|localparam|parameter|input|output)\b([^;=]*?)(?:[=;]|,?\s*$|\)\s*\()`)
	inst := regexp.MustCompile(`(?m)^\s*\)\s*(\w+)\s*\(`)
	brackets := regexp.MustCompile(`\[[^\]]*\]`)
	own := map[string]map[string]bool{}
	for _, p := range libModules() {
		src, _ := PrimitiveSource(p)
		names := map[string]bool{}
		for _, m := range decl.FindAllStringSubmatch(src, -1) {
			for _, f := range strings.Split(brackets.ReplaceAllString(m[1], ""), ",") {
				if fs := strings.Fields(f); len(fs) > 0 {
					names[fs[len(fs)-1]] = true
				}
			}
		}
		for _, m := range inst.FindAllStringSubmatch(src, -1) {
			names[m[1]] = true
		}
		own[p] = names
	}
	all := map[string]map[string]bool{}
	for p := range own {
		set := map[string]bool{}
		for _, m := range closePrims(map[string]bool{p: true}) {
			for n := range own[m] {
				set[n] = true
			}
		}
		all[p] = set
	}
	for a, m := range primAliases {
		all[a] = all[m]
	}
	return all
}()

// HasPrimitive reports whether the library implements the named primitive.
func HasPrimitive(name string) bool {
	name = primModule(name)
	if primHelpers[name] {
		return false
	}
	_, err := primFS.ReadFile("prims/" + name + ".sv")
	return err == nil
}

// libModules returns the names of all modules in the library (primitives
// and helpers), sorted.
func libModules() []string {
	ents, err := primFS.ReadDir("prims")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		names = append(names, strings.TrimSuffix(e.Name(), ".sv"))
	}
	sort.Strings(names)
	return names
}

// Primitives returns the names of the modules in the library that Calyx
// cells can instantiate, sorted. It leaves out the internal helper modules
// and the aliases HasPrimitive also accepts.
func Primitives() []string {
	var names []string
	for _, n := range libModules() {
		if !primHelpers[n] {
			names = append(names, n)
		}
	}
	return names
}

// PrimitiveSource returns the SystemVerilog text of one library module.
func PrimitiveSource(name string) (string, error) {
	b, err := primFS.ReadFile("prims/" + name + ".sv")
	if err != nil {
		return "", fmt.Errorf("primitive %s has no SystemVerilog implementation in the library", name)
	}
	return string(b), nil
}

// closePrims adds dependencies and returns the primitives in sorted order.
func closePrims(used map[string]bool) []string {
	var visit func(string)
	visit = func(n string) {
		for _, d := range primDeps[n] {
			if !used[d] {
				used[d] = true
				visit(d)
			}
		}
	}
	for n := range used {
		visit(n)
	}
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// AccelLibrarySV returns the SystemVerilog of the project's own primitives
// (those calyx.AccelLibrary declares, with the modules they instantiate):
// the accel.sv that primitives/accel.futil's extern block names, for
// upstream Calyx to compile generated programs.
func AccelLibrarySV() (string, error) {
	lib, err := calyx.Parse(calyx.AccelImport, []byte(calyx.AccelLibrary))
	if err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, e := range lib.Externs {
		for _, pr := range e.Prims {
			used[pr.Name] = true
		}
	}
	var b strings.Builder
	for _, n := range closePrims(used) {
		src, err := PrimitiveSource(n)
		if err != nil {
			return "", err
		}
		b.WriteString(src)
	}
	return b.String(), nil
}
