package fp32

import (
	"math"
	"strings"
)

// Flags are the IEEE 754 exception flags of one operation, in the bit order
// of HardFloat's (and upstream Calyx's) 5-bit exceptionFlags port.
type Flags uint8

// The flags; bit 4 is invalid, bit 0 inexact.
const (
	Inexact   Flags = 1 << iota // the rounded result differs from the exact one
	Underflow                   // the result is tiny and inexact
	Overflow                    // the rounded result's magnitude exceeds the largest finite number
	DivByZero                   // a finite nonzero number was divided by zero
	Invalid                     // the operation has no defined result (or a signaling NaN came in)
)

// String lists the raised flags, e.g. "NV|NX", or "-" for none.
func (f Flags) String() string {
	var s []string
	for i, n := range []string{"NX", "UF", "OF", "DZ", "NV"} {
		if f&(1<<i) != 0 {
			s = append([]string{n}, s...)
		}
	}
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, "|")
}

// Tininess says when a result counts as tiny for the underflow flag; it is
// the control input of HardFloat's units.
type Tininess uint8

// HardFloat's flControl_tininessBeforeRounding (0) and flControl_tininessAfterRounding (1).
const (
	BeforeRounding Tininess = 0 // the exact result is below 2^-126 in magnitude
	AfterRounding  Tininess = 1 // the result rounded to 24 bits with an unbounded exponent is
)

const minNormal = 0x1p-126

func bits(x float32) uint32  { return math.Float32bits(x) }
func float(b uint32) float32 { return math.Float32frombits(b) }
func isSNaN(b uint32) bool {
	return b&0x7f800000 == 0x7f800000 && b&0x007fffff != 0 && b&0x00400000 == 0
}
func isInfBits(b uint32) bool { return b&0x7fffffff == 0x7f800000 }

// tiny reports whether the nonzero exact value x (held exactly, or as the
// correctly rounded binary64 value of an exact quotient) is tiny.
func tiny(x float64, t Tininess) bool {
	ax := math.Abs(x)
	if t == BeforeRounding {
		return ax < minNormal
	}
	// Round to 24 bits with no exponent limit: scaled into binary32's normal
	// range, rounding is exact scaling around an ordinary float32 rounding.
	r := float64(float32(ax*0x1p200)) * 0x1p-200
	return r < minNormal
}

// AddBits returns a + b (a - b when sub) and its flags. An add never
// underflows: a sum below 2^-126 in magnitude is exact.
func AddBits(a, b uint32, sub bool) (uint32, Flags) {
	if sub {
		b ^= 0x80000000
	}
	x, y := float(a), float(b)
	r := Add(x, y)
	var f Flags
	switch {
	case x != x || y != y || (isInfBits(a) && isInfBits(b) && a != b):
		if isSNaN(a) || isSNaN(b) || (x == x && y == y) {
			f = Invalid
		}
	case isInfBits(a) || isInfBits(b):
	case isInfBits(bits(r)):
		f = Overflow | Inexact
	default:
		// The binary64 sum is exact iff its TwoSum error is zero; if it is
		// not exact, the sum needs more than 53 bits and so is inexact in 24.
		xs, ys := float64(x), float64(y)
		s := xs + ys
		bb := s - xs
		e := (xs - (s - bb)) + (ys - bb)
		if e != 0 || float64(r) != s {
			f = Inexact
		}
	}
	return bits(r), f
}

// MulBits returns a * b and its flags, tininess detected as t says.
func MulBits(a, b uint32, t Tininess) (uint32, Flags) {
	x, y := float(a), float(b)
	r := Mul(x, y)
	var f Flags
	switch {
	case x != x || y != y || ((isInfBits(a) || isInfBits(b)) && (x == 0 || y == 0)):
		if isSNaN(a) || isSNaN(b) || (x == x && y == y) {
			f = Invalid
		}
	case isInfBits(a) || isInfBits(b) || x == 0 || y == 0:
	default:
		p := float64(x) * float64(y) // exact: 48 significand bits, exponent within binary64's
		f = rounding(p, r, t)
	}
	return bits(r), f
}

// rounding returns the flags of rounding the nonzero finite exact value x
// (or a binary64 value that is tiny exactly when x is) to r, given whether
// the rounding was exact.
func rounding(x float64, r float32, t Tininess) Flags {
	return roundingExact(x, r, float64(r) == x, t)
}

func roundingExact(x float64, r float32, exact bool, t Tininess) Flags {
	if isInfBits(bits(r)) {
		return Overflow | Inexact
	}
	if exact {
		return 0
	}
	if tiny(x, t) {
		return Underflow | Inexact
	}
	return Inexact
}

// DivBits returns a / b and its flags, tininess detected as t says.
func DivBits(a, b uint32, t Tininess) (uint32, Flags) {
	x, y := float(a), float(b)
	r := Div(x, y)
	var f Flags
	switch {
	case x != x || y != y || (x == 0 && y == 0) || (isInfBits(a) && isInfBits(b)):
		if isSNaN(a) || isSNaN(b) || (x == x && y == y) {
			f = Invalid
		}
	case y == 0 && !isInfBits(a):
		f = DivByZero
	case isInfBits(a) || isInfBits(b) || x == 0 || y == 0:
	default:
		// r is exact iff r * y == x; the binary64 product of two float32 is exact.
		// The binary64 quotient is tiny exactly when the exact one is: a
		// quotient of 24-bit integers is at least 2^-24 (relative) away from
		// any power of two, far more than binary64's rounding error.
		exact := r != 0 && !isInfBits(bits(r)) && float64(r)*float64(y) == float64(x)
		f = roundingExact(float64(x)/float64(y), r, exact, t)
	}
	return bits(r), f
}

// SqrtBits returns the square root of a and its flags (it never overflows
// or underflows).
func SqrtBits(a uint32) (uint32, Flags) {
	x := float(a)
	r := Sqrt(x)
	var f Flags
	switch {
	case x != x || x < 0:
		if isSNaN(a) || x == x {
			f = Invalid
		}
	case x == 0 || isInfBits(a):
	case float64(r)*float64(r) != float64(x): // exact product of two float32
		f = Inexact
	}
	return bits(r), f
}

// CompareBits returns the relation of a and b and its flags: invalid for a
// signaling NaN operand, or for any NaN when signaling is set.
func CompareBits(a, b uint32, signaling bool) (Ordering, Flags) {
	o := Compare(float(a), float(b))
	if isSNaN(a) || isSNaN(b) || (signaling && o == Unordered) {
		return o, Invalid
	}
	return o, 0
}

// MaxBits returns Max(a, b) and its flags (invalid for a signaling NaN operand).
func MaxBits(a, b uint32) (uint32, Flags) {
	return bits(Max(float(a), float(b))), snanFlags(a, b)
}

// MinBits returns Min(a, b) and its flags (invalid for a signaling NaN operand).
func MinBits(a, b uint32) (uint32, Flags) {
	return bits(Min(float(a), float(b))), snanFlags(a, b)
}

func snanFlags(a, b uint32) Flags {
	if isSNaN(a) || isSNaN(b) {
		return Invalid
	}
	return 0
}

// ToIntBits is ToInt with its flags: invalid for a NaN, an infinity or a
// value out of range, otherwise inexact when a fraction was dropped.
func ToIntBits(a uint32, width int, signed bool) (uint64, Flags) {
	return toInt(float(a), width, signed)
}

// FromIntBits is FromInt with its flags (inexact when rounded).
func FromIntBits(x uint64, width int, signed bool) (uint32, Flags) {
	r, f := fromInt(x, width, signed)
	return bits(r), f
}
