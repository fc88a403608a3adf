package nonlinsim

import (
	"testing"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

func TestReciprocal(t *testing.T) {
	Exhaustive(t,
		nonlin.MustNew(nonlin.Reciprocal, Format(16, 8), Format(16, 8)),
		nonlin.MustNew(nonlin.Reciprocal, Format(16, 10), Format(16, 14)),
		nonlin.MustNew(nonlin.Reciprocal, Format(16, 0), Format(16, 15)),
		nonlin.MustNew(nonlin.Reciprocal, Format(24, 14), Format(16, 14)),
		nonlin.MustNew(nonlin.Reciprocal, Format(31, 30), Format(7, 0)),
	)
}
