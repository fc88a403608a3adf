package nonlinsim

import (
	"testing"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

func TestSigmoid(t *testing.T) {
	Exhaustive(t,
		nonlin.MustNew(nonlin.Sigmoid, Format(16, 8), Format(16, 15)),
		nonlin.MustNew(nonlin.Sigmoid, Format(16, 8), Format(16, 8)),
		nonlin.MustNew(nonlin.Sigmoid, Format(16, 0), Format(9, 7)),
	)
}
