package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// The argument stage of exp, sigmoid, tanh and erf: the input (at most 16
// bits, so at most 15 fractional bits) is widened exactly to argFrac = 16
// fractional bits and clamped to the range where the function is not yet
// constant in every output format.
const argFrac = 16

// arg returns q (a raw value of in) with argFrac fractional bits, clamped to [lo, hi].
func arg(q int64, in fixed.Format, lo, hi int64) int64 {
	return min(max(q<<uint(argFrac-in.Frac), lo), hi)
}

// The multiply by log2(e) that turns e^x into 2^y (exp, sigmoid, tanh).
const (
	log2eBits = 24       // fractional bits of log2e
	log2e     = 24204406 // round(log2(e) * 2^24); log2(e) * 2^24 = 24204406.323
	yFrac     = 23       // fractional bits of y = x*log2(e)
)

// timesLog2e returns t*log2(e) with yFrac fractional bits, rounded half up; t has argFrac.
func timesLog2e(t int64) int64 {
	return fixed.RoundShift(t*log2e, argFrac+log2eBits-yFrac)
}

// exp2 splits y (yFrac fractional bits) into n = floor(y) and the fraction
// f = y - n, and returns 2^f from the exp2 table (Frac 23 bits, in [1, 2))
// and n, so that 2^y = m * 2^(n-23).
func exp2(y int64) (m int64, n int) {
	return exp2Table.Eval(y & (1<<yFrac - 1)), int(y >> yFrac)
}
