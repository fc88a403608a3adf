package nonlinsim

import (
	"testing"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

func TestTanh(t *testing.T) {
	Exhaustive(t,
		nonlin.MustNew(nonlin.Tanh, Format(16, 8), Format(16, 14)),
		nonlin.MustNew(nonlin.Tanh, Format(16, 8), Format(16, 8)),
		nonlin.MustNew(nonlin.Tanh, Format(16, 13), Format(16, 15)),
	)
}
