package sv

import (
	"fmt"
	"strings"
)

// LibrarySource returns the SystemVerilog text of the named library
// primitives and of every library module they instantiate, each once, in
// name order: a self-contained file for a design that instantiates them
// directly (a test harness, or the file an `extern` block names).
func LibrarySource(names ...string) (string, error) {
	used := map[string]bool{}
	for _, n := range names {
		if !HasPrimitive(n) {
			return "", fmt.Errorf("primitive %s has no SystemVerilog implementation in the library", n)
		}
		used[primModule(n)] = true
	}
	var b strings.Builder
	for _, m := range closePrims(used) {
		src, err := PrimitiveSource(m)
		if err != nil {
			return "", err
		}
		b.WriteString(src)
	}
	return b.String(), nil
}
