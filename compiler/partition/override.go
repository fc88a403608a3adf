package partition

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Override fixes the partitioning of one memory instead of deriving it.
type Override struct {
	Mem    string
	Scheme air.Scheme // 0 means unpartitioned ("none")
	Factor int        // ignored for complete
	Dim    int        // -1: the derived dimension, else 0
}

// ParseOverrides reads "MEM=SCHEME[:FACTOR][@DIM],..." where SCHEME is cyclic, block, complete or none.
func ParseOverrides(s string) ([]Override, error) {
	var out []Override
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		mem, spec, ok := strings.Cut(item, "=")
		if !ok || strings.TrimSpace(mem) == "" {
			return nil, fmt.Errorf("partition override %q: want MEM=SCHEME[:FACTOR][@DIM]", item)
		}
		o := Override{Mem: strings.TrimSpace(mem), Dim: -1}
		spec, dim, hasDim := strings.Cut(strings.TrimSpace(spec), "@")
		if hasDim {
			d, err := strconv.Atoi(dim)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("partition override %q: bad dimension %q", item, dim)
			}
			o.Dim = d
		}
		name, factor, hasFactor := strings.Cut(spec, ":")
		if name != "none" {
			sch, err := air.ParseScheme(name)
			if err != nil {
				return nil, fmt.Errorf("partition override %q: %w", item, err)
			}
			o.Scheme = sch
		}
		switch {
		case hasFactor:
			f, err := strconv.Atoi(factor)
			if err != nil || f < 1 {
				return nil, fmt.Errorf("partition override %q: bad factor %q", item, factor)
			}
			o.Factor = f
		case o.Scheme == air.Cyclic || o.Scheme == air.Block:
			return nil, fmt.Errorf("partition override %q: %s needs a factor", item, o.Scheme)
		}
		out = append(out, o)
	}
	return out, nil
}
