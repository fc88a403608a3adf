package fp32

import (
	"fmt"
	"math"
)

// checkWidth panics on an integer width the conversions do not support; the
// width is a property of the program, fixed long before a value arrives.
func checkWidth(width int) {
	if width < 2 || width > 64 {
		panic(fmt.Sprintf("fp32: integer width %d outside 2..64", width))
	}
}

// ToInt converts a to a width-bit integer, rounding toward zero, and returns
// it in the low width bits (two's complement when signed; the upper bits
// are zero). Values out of range saturate: too large (and +inf) to the
// largest integer, too small (and -inf) to the smallest (0 when unsigned), a
// NaN to the largest. width is 2..64.
func ToInt(a float32, width int, signed bool) uint64 {
	v, _ := toInt(a, width, signed)
	return v
}

// toInt is ToInt that also reports invalid (NaN, infinity, out of range)
// and inexact (a fraction was dropped from a valid result).
func toInt(a float32, width int, signed bool) (v uint64, f Flags) {
	checkWidth(width)
	mask := ^uint64(0) >> (64 - width)
	x := float64(a) // exact
	t := math.Trunc(x)
	limit := math.Ldexp(1, width) // 2^width, exact in float64
	var ok bool
	if signed {
		ok = t >= -limit/2 && t < limit/2
	} else {
		ok = t >= 0 && t < limit // -0.5 truncates to -0, which is in range
	}
	if !ok || x != x {
		neg := math.Signbit(x) && x == x
		switch {
		case signed && neg:
			v = 1 << (width - 1)
		case signed:
			v = mask >> 1
		case neg:
			v = 0
		default:
			v = mask
		}
		return v, Invalid
	}
	if t != x {
		f = Inexact
	}
	if signed {
		return uint64(int64(t)) & mask, f
	}
	return uint64(t), f
}

// FromInt converts the low width bits of x (two's complement when signed) to
// the nearest float32, ties to even. width is 2..64.
func FromInt(x uint64, width int, signed bool) float32 {
	v, _ := fromInt(x, width, signed)
	return v
}

// fromInt is FromInt that also reports whether the result is inexact.
func fromInt(x uint64, width int, signed bool) (float32, Flags) {
	checkWidth(width)
	x &= ^uint64(0) >> (64 - width)
	if signed {
		s := int64(x<<(64-width)) >> (64 - width) // sign-extend
		r := float32(s)
		// |r| <= 2^63 is exact in float64; r == 2^63 means s was rounded up.
		if float64(r) >= 0x1p63 || int64(r) != s {
			return r, Inexact
		}
		return r, 0
	}
	r := float32(x)
	if float64(r) >= 0x1p64 || uint64(r) != x {
		return r, Inexact
	}
	return r, 0
}
