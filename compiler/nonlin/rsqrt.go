package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// evalRsqrt computes 1/sqrt(x): x = m' * 2^e with m' in [1, 2); e = 2k + s
// with s in {0, 1}, so 1/sqrt(x) = 2^-k / sqrt(m' * 2^s) with m' * 2^s in
// [1, 4); the rsqrt table holds 1/sqrt on [1, 2) (s = 0) and [2, 4) (s = 1).
// x <= 0 saturates to the output's maximum.
func evalRsqrt(q int64, in, out fixed.Format) int64 {
	if q <= 0 {
		return out.Max()
	}
	frac, p := normalize(uint64(q))
	e := p - in.Frac
	s, k := int64(e&1), e>>1
	r := rsqrtTable.Eval(s<<mantFrac | frac)
	return scale(r, rsqrtTable.Frac-out.Frac+k, false, out)
}
