package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// erfArgMax bounds |x| of erf to [0, 4): 1 - erf(4) = 1.5e-8, below half of
// every output format's last place.
const erfArgMax = int64(4)<<argFrac - 1

// evalErf computes erf(|x|) from the erf table (512 segments of [0, 4)) and
// puts the sign back (erf is odd).
func evalErf(q int64, in, out fixed.Format) int64 {
	t := arg(q, in, -erfArgMax, erfArgMax)
	v := max(erfTable.Eval(max(t, -t)), 0)
	return scale(v, erfTable.Frac-out.Frac, q < 0, out)
}
