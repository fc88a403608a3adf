package partition

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// PipelineRule sets whether kernels whose name matches Pattern are
// software-pipelined, and at which target initiation interval.
type PipelineRule struct {
	Pattern string // path.Match glob over kernel names
	II      int    // target initiation interval in cycles; 0: not pipelined
}

// PipelinePlan is the per-kernel pipelining plan: the first matching rule
// wins; kernels no rule matches are pipelined at II 1.
type PipelinePlan struct {
	Rules []PipelineRule
}

// ParsePipeline reads "PATTERN=II,..." where II is a target initiation
// interval (an integer from 1 to 1024) or off (empty string: every kernel
// pipelined at II 1). The scheduler (package lower) uses the larger of the
// target and the II the nest's memory ports and recurrences need.
func ParsePipeline(s string) (PipelinePlan, error) {
	var pl PipelinePlan
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		pat, val, ok := strings.Cut(item, "=")
		pat, val = strings.TrimSpace(pat), strings.TrimSpace(val)
		if !ok {
			return pl, fmt.Errorf("pipeline rule %q: want PATTERN=II (II: 1 or off)", item)
		}
		if _, err := path.Match(pat, ""); err != nil || pat == "" {
			return pl, fmt.Errorf("pipeline rule %q: bad pattern", item)
		}
		if val == "off" || val == "0" {
			pl.Rules = append(pl.Rules, PipelineRule{Pattern: pat})
			continue
		}
		ii, err := strconv.Atoi(val)
		if err != nil || ii < 1 || ii > 1024 {
			return pl, fmt.Errorf("pipeline rule %q: II must be an integer from 1 to 1024, or off", item)
		}
		pl.Rules = append(pl.Rules, PipelineRule{Pattern: pat, II: ii})
	}
	return pl, nil
}

// For returns the target II of a kernel (0: not pipelined).
func (pl PipelinePlan) For(kernel string) int {
	for _, r := range pl.Rules {
		if ok, _ := path.Match(r.Pattern, kernel); ok {
			return r.II
		}
	}
	return 1
}

// Apply sets every kernel's II from the plan and returns the patterns that
// match no kernel (likely typos).
func (pl PipelinePlan) Apply(p *air.Program) (unmatched []string) {
	used := map[string]bool{}
	for _, k := range p.Kernels {
		k.II = pl.For(k.Name)
		for _, r := range pl.Rules {
			if ok, _ := path.Match(r.Pattern, k.Name); ok {
				used[r.Pattern] = true
				break
			}
		}
	}
	for _, r := range pl.Rules {
		if !used[r.Pattern] {
			unmatched = append(unmatched, r.Pattern)
		}
	}
	return unmatched
}

// String prints the plan in ParsePipeline's syntax.
func (pl PipelinePlan) String() string {
	var parts []string
	for _, r := range pl.Rules {
		v := "off"
		if r.II > 0 {
			v = fmt.Sprint(r.II)
		}
		parts = append(parts, r.Pattern+"="+v)
	}
	return strings.Join(parts, ",")
}
