package nonlin

import (
	"math/bits"

	"github.com/rules-accel/rules_accel/compiler/fixed"
)

// mantFrac is the fractional bits of the normalised mantissa of reciprocal
// and rsqrt: the 23 bits below the leading one (8 index bits and 15 offset bits).
const mantFrac = 23

// normalize returns the mantissa frac of a > 0 (the mantFrac bits below its
// leading one, truncated if a has more) and p, the position of the leading
// one: a = (1 + frac/2^mantFrac) * 2^p, up to truncation.
func normalize(a uint64) (frac int64, p int) {
	p = bits.Len64(a) - 1
	var m uint64
	if p <= mantFrac {
		m = a << uint(mantFrac-p)
	} else {
		m = a >> uint(p-mantFrac)
	}
	return int64(m) - 1<<mantFrac, p
}

// evalReciprocal computes 1/x: |x| = m * 2^(p-Fi) with m in [1, 2), 1/m from
// the reciprocal table, then a shift by p-Fi; the sign is put back at the end
// (1/(-x) = -(1/x)). 1/0 saturates to the output's maximum.
func evalReciprocal(q int64, in, out fixed.Format) int64 {
	if q == 0 {
		return out.Max()
	}
	a := uint64(q)
	if q < 0 {
		a = uint64(-q)
	}
	frac, p := normalize(a)
	r := recipTable.Eval(frac)
	return scale(r, recipTable.Frac-out.Frac-in.Frac+p, q < 0, out)
}
