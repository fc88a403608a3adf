package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// expArgMax bounds exp's argument to [-16, 16): e^16 is above every output
// format's range and e^-16 * 2^15 rounds to 0, so clamping changes no output.
const expArgMax = int64(16) << argFrac

// evalExp computes e^x as 2^(x*log2(e)): y = x*log2(e), n = floor(y),
// f = y - n, 2^f from the exp2 table, then a shift by n into the output format.
func evalExp(q int64, in, out fixed.Format) int64 {
	t := arg(q, in, -expArgMax, expArgMax-1)
	m, n := exp2(timesLog2e(t))
	return scale(m, exp2Table.Frac-out.Frac-n, false, out)
}
