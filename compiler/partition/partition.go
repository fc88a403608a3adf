package partition

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Plan is what Apply decided: the partitions of every partitioned memory.
type Plan struct {
	Parts map[string][]air.DimPart // memory -> partitions chosen
}

// Apply unrolls p by the schedule, partitions its memories (derived factors,
// then overrides), rewrites every access to (bank, offset), proves the pars
// conflict-free and verifies the result. p is modified in place.
func Apply(p *air.Program, s Schedule, overrides []Override) (*Plan, error) {
	if err := Unroll(p, s); err != nil {
		return nil, err
	}
	return PartitionMems(p, overrides)
}

// PartitionMems partitions an already unrolled program (see Apply).
func PartitionMems(p *air.Program, overrides []Override) (*Plan, error) {
	derived := Derive(p)
	if err := choose(p, derived, overrides); err != nil {
		return nil, err
	}
	for _, k := range p.Kernels {
		if err := makeBanksStatic(p, k); err != nil {
			return nil, fmt.Errorf("partition: %w", err)
		}
		if err := rewriteBanks(p, k); err != nil {
			return nil, fmt.Errorf("partition: kernel %s: %w", k.Name, err)
		}
	}
	if err := CheckConflicts(p); err != nil {
		return nil, err
	}
	if err := air.Verify(p); err != nil {
		return nil, fmt.Errorf("partition: result does not verify: %w", err)
	}
	plan := &Plan{Parts: map[string][]air.DimPart{}}
	for _, m := range p.Mems {
		if m.Partitioned() {
			plan.Parts[m.Name] = m.Parts
		}
	}
	return plan, nil
}
