package nonlinsim

import (
	"testing"

	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

func TestRsqrt(t *testing.T) {
	Exhaustive(t,
		nonlin.MustNew(nonlin.Rsqrt, Format(16, 8), Format(16, 10)),
		nonlin.MustNew(nonlin.Rsqrt, Format(16, 12), Format(16, 8)),
		nonlin.MustNew(nonlin.Rsqrt, Format(16, 15), Format(16, 7)),
		nonlin.MustNew(nonlin.Rsqrt, Format(24, 16), Format(16, 10)),
		nonlin.MustNew(nonlin.Rsqrt, Format(31, 0), Format(12, 11)),
	)
}
