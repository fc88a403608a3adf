package sv

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// LoadProgram parses a .futil file and merges in the components (and
// primitive declarations) of the files it imports, found next to the
// importing file or under one of libDirs. Imports that are not found are
// skipped: the core primitives are built into this package.
func LoadProgram(path string, libDirs []string) (*calyx.Program, error) {
	prog, err := calyx.ParseFile(path)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var visit func(from string, imports []string) error
	visit = func(from string, imports []string) error {
		for _, imp := range imports {
			file := findImport(from, imp, libDirs)
			if file == "" || seen[file] {
				continue
			}
			seen[file] = true
			lib, err := calyx.ParseFile(file)
			if err != nil {
				return fmt.Errorf("import %q: %w", imp, err)
			}
			for _, c := range lib.Components {
				if prog.Component(c.Name) == nil {
					prog.Components = append(prog.Components, c)
				}
			}
			prog.Externs = append(prog.Externs, lib.Externs...)
			prog.Prims = append(prog.Prims, lib.Prims...)
			if err := visit(file, lib.Imports); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(path, prog.Imports); err != nil {
		return nil, err
	}
	return prog, nil
}

// findImport resolves an import path against the importing file's directory
// and the library directories; "" if absent.
func findImport(from, imp string, libDirs []string) string {
	dirs := append([]string{filepath.Dir(from)}, libDirs...)
	for _, d := range dirs {
		p := filepath.Join(d, imp)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			if abs, err := filepath.Abs(p); err == nil {
				return abs
			}
			return p
		}
	}
	return ""
}
