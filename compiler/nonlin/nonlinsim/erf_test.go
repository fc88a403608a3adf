package nonlinsim

import (
	"testing"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

func TestErf(t *testing.T) {
	Exhaustive(t,
		nonlin.MustNew(nonlin.Erf, Format(16, 8), Format(16, 14)),
		nonlin.MustNew(nonlin.Erf, Format(16, 8), Format(16, 8)),
		nonlin.MustNew(nonlin.Erf, Format(16, 15), Format(16, 15)),
	)
}
