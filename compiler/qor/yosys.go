package qor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Stat is Yosys's `stat -json` output: cell counts per module.
type Stat struct {
	Creator string                `json:"creator"` // "Yosys 0.23 (git sha1 ...)"
	Modules map[string]ModuleStat `json:"modules"` // by module name ("main", "$paramod\\std_add\\WIDTH=...")
	Design  *ModuleStat           `json:"design"`  // the whole hierarchy under -top, if given
}

// ModuleStat is one module's entry in Yosys's `stat -json`.
type ModuleStat struct {
	NumCells       int    `json:"num_cells"`
	NumCellsByType Counts `json:"num_cells_by_type"`
}

// ParseStat decodes Yosys's `stat -json` output; name labels errors.
// Module names lose Yosys's escape of public names ("\\main" is main), in
// the module list and as cell types alike.
func ParseStat(name string, data []byte) (*Stat, error) {
	var raw Stat
	if err := json.NewDecoder(bytes.NewReader(repairStat(data))).Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: not Yosys `stat -json` output: %w", name, err)
	}
	if len(raw.Modules) == 0 {
		return nil, fmt.Errorf("%s: Yosys statistics list no module", name)
	}
	s := Stat{Creator: raw.Creator, Modules: map[string]ModuleStat{}}
	norm := func(m string, ms ModuleStat) (ModuleStat, error) {
		out := ModuleStat{NumCells: ms.NumCells, NumCellsByType: Counts{}}
		for t, n := range ms.NumCellsByType {
			if n < 0 {
				return out, fmt.Errorf("%s: module %s: negative count %d of cell type %s", name, m, n, t)
			}
			out.NumCellsByType[moduleName(t)] += n
		}
		return out, nil
	}
	for m, ms := range raw.Modules {
		key := moduleName(m)
		if _, dup := s.Modules[key]; dup {
			return nil, fmt.Errorf("%s: module %s listed twice", name, key)
		}
		n, err := norm(key, ms)
		if err != nil {
			return nil, err
		}
		s.Modules[key] = n
	}
	if raw.Design != nil {
		d, err := norm("design", *raw.Design)
		if err != nil {
			return nil, err
		}
		s.Design = &d
	}
	return &s, nil
}

// repairStat undoes two bugs of Yosys 0.23's `stat -json`, which later
// versions fixed: with a top module it prints the design hierarchy as text
// into the JSON (lines that do not start with a JSON token), and without a
// "design" section it leaves a comma after the last member of the top
// object. Yosys writes one member per line, so both are repaired line by line;
// Yosys's valid output passes unchanged.
func repairStat(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	kept := lines[:0]
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.ContainsAny(t[:1], `"{}[]`) {
			kept = append(kept, l)
		}
	}
	for i, l := range kept {
		if !strings.HasSuffix(strings.TrimSpace(l), ",") {
			continue
		}
		for _, next := range kept[i+1:] {
			t := strings.TrimSpace(next)
			if t == "" {
				continue
			}
			if t[0] == '}' || t[0] == ']' {
				kept[i] = strings.TrimSuffix(strings.TrimRight(l, " \t\r"), ",")
			}
			break
		}
	}
	return []byte(strings.Join(kept, "\n"))
}

// Tool is the Yosys version that wrote the statistics ("Yosys 0.23 (git sha1 7ce5011c24b)"),
// without the compiler it was built with.
func (s *Stat) Tool() string {
	c := s.Creator
	if i := strings.Index(c, ", "); i >= 0 && strings.Contains(c[i:], ")") {
		c = c[:i] + ")"
	}
	return c
}

// moduleName strips Yosys's escape of public names: "\\main" is main.
func moduleName(s string) string { return strings.TrimPrefix(s, `\`) }

// primitiveName is the module a derived module was made from:
// "$paramod\\std_add\\WIDTH=..." and "$paramod$hash\\comb_mem_d2" are std_add and comb_mem_d2.
func primitiveName(s string) string {
	s = moduleName(s)
	if !strings.HasPrefix(s, "$paramod") {
		return s
	}
	rest := s[len("$paramod"):]
	if strings.HasPrefix(rest, "$") { // $paramod$<hash>\name
		if i := strings.IndexByte(rest, '\\'); i >= 0 {
			return rest[i+1:]
		}
		return s
	}
	rest = strings.TrimPrefix(rest, `\`) // $paramod\name\PARAM=...
	if i := strings.IndexByte(rest, '\\'); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" {
		return s
	}
	return rest
}

// isComponent reports whether a module counts as a component of its own
// (see the package doc): any module Yosys did not derive from parameters.
func isComponent(s string) bool { return !strings.HasPrefix(moduleName(s), "$") }
