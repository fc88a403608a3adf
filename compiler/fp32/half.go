package fp32

import "math"

// BFloat16 and Float16 bit patterns of the canonical quiet NaN (positive,
// zero payload), the narrow counterparts of CanonicalNaN.
const (
	CanonicalBFloat16NaN uint16 = 0x7fc0
	CanonicalFloat16NaN  uint16 = 0x7e00
)

// BFloat16 rounds x to bfloat16 (8 exponent bits, 8 significand bits)
// to nearest even and returns its bits; a NaN becomes CanonicalBFloat16NaN.
// bfloat16 has float32's exponent range, so only the significand is rounded
// (gradual underflow included); values past the largest finite bfloat16
// round to infinity.
func BFloat16(x float32) uint16 {
	b := math.Float32bits(x)
	if x != x {
		return CanonicalBFloat16NaN
	}
	// Add just under half a bfloat16 ulp, plus one when the kept LSB is odd
	// (ties to even); a carry out of the fraction moves to the next binade.
	b += 0x7fff + (b>>16)&1
	return uint16(b >> 16)
}

// FromBFloat16 returns the float32 value of bfloat16 bits h (exact).
func FromBFloat16(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// Float16 rounds x to IEEE-754 binary16 (5 exponent bits, 11 significand
// bits) to nearest even, with gradual underflow, and returns its bits;
// magnitudes of 65520 and above become infinity and a NaN becomes
// CanonicalFloat16NaN.
func Float16(x float32) uint16 {
	if x != x {
		return CanonicalFloat16NaN
	}
	var sign uint16
	v := float64(x) // exact
	if math.Signbit(v) {
		sign, v = 0x8000, -v
	}
	switch {
	case v == 0:
		return sign
	case v >= 65520: // halfway between 65504, the largest binary16, and 2^16
		return sign | 0x7c00
	}
	// binary16 values are multiples of 2^(e-10) in the binade [2^e, 2^(e+1)),
	// and of 2^-24 below 2^-14; count in those units, rounding once.
	_, e := math.Frexp(v) // v = m * 2^e with m in [0.5, 1)
	q := max(e-1-10, -24)
	n := uint16(math.RoundToEven(math.Ldexp(v, -q))) // exact scaling, one rounding
	// A normal value n * 2^q, n in [1024, 2048), has exponent field q + 25 and
	// fraction n - 1024, so its bits are (q+24)<<10 + n; with q = -24 (below
	// 2^-14) that is the subnormal encoding n, and n = 2048 (rounded up to the
	// next binade, or to infinity) carries into the exponent field.
	return sign | (uint16(q+24)<<10 + n)
}

// FromFloat16 returns the float32 value of binary16 bits h (exact); NaNs
// keep their payload bits shifted into float32's.
func FromFloat16(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp == 0:
		v := float32(frac) * 0x1p-24 // exact: frac has 10 bits
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}
