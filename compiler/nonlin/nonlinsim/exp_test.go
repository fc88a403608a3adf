package nonlinsim

import (
	"testing"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

func TestExp(t *testing.T) {
	Exhaustive(t,
		nonlin.MustNew(nonlin.Exp, Format(16, 8), Format(16, 14)),
		nonlin.MustNew(nonlin.Exp, Format(16, 8), Format(16, 8)),
		nonlin.MustNew(nonlin.Exp, Format(12, 11), Format(10, 2)),
	)
}
