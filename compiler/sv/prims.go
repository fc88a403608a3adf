package sv

import (
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

//go:embed prims/*.sv
var primFS embed.FS

// primDeps lists the library modules a primitive's module instantiates.
var primDeps = map[string][]string{
	"std_sdiv_pipe":    {"std_div_pipe"},
	"std_fp_sdiv_pipe": {"std_fp_div_pipe"},
	"sqrt":             {"fp_sqrt"},
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
	for _, p := range Primitives() {
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
	for p, names := range own {
		set := map[string]bool{}
		for n := range names {
			set[n] = true
		}
		for _, d := range primDeps[p] {
			for n := range own[d] {
				set[n] = true
			}
		}
		all[p] = set
	}
	return all
}()

// HasPrimitive reports whether the library implements the named primitive.
func HasPrimitive(name string) bool {
	_, err := primFS.ReadFile("prims/" + name + ".sv")
	return err == nil
}

// Primitives returns the names of all primitives in the library, sorted.
func Primitives() []string {
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

// PrimitiveSource returns the SystemVerilog text of one library primitive.
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
