package fp32

import "math"

// CanonicalNaN is the bit pattern of the only NaN the operations return: the
// positive quiet NaN with an all-zero payload.
const CanonicalNaN uint32 = 0x7fc00000

// NaN returns the canonical quiet NaN.
func NaN() float32 { return math.Float32frombits(CanonicalNaN) }

// IsNaN reports whether x is a NaN.
func IsNaN(x float32) bool { return x != x }

// canon replaces any NaN by the canonical one.
func canon(x float32) float32 {
	if x != x {
		return NaN()
	}
	return x
}

// Add returns a + b rounded to nearest even.
func Add(a, b float32) float32 { return canon(a + b) }

// Sub returns a - b rounded to nearest even.
func Sub(a, b float32) float32 { return canon(a - b) }

// Mul returns a * b rounded to nearest even (never fused with another operation).
func Mul(a, b float32) float32 {
	// The conversion forbids the compiler to fuse the product into a later add.
	return canon(float32(a * b))
}

// Div returns a / b rounded to nearest even: the binary64 quotient of the
// exactly converted operands, rounded to binary32 (see the package comment
// for why the double rounding is innocuous).
func Div(a, b float32) float32 { return canon(float32(float64(a) / float64(b))) }

// Sqrt returns the square root of a rounded to nearest even, computed like Div.
func Sqrt(a float32) float32 { return canon(float32(math.Sqrt(float64(a)))) }

// Max returns IEEE 754-2019 maximum(a, b): NaN if either is NaN, +0 for +0 and -0.
func Max(a, b float32) float32 {
	switch {
	case a != a || b != b:
		return NaN()
	case a > b:
		return a
	case b > a:
		return b
	case math.Signbit(float64(a)):
		return b // equal; a is -0 only if both are zeros
	}
	return a
}

// Min returns IEEE 754-2019 minimum(a, b): NaN if either is NaN, -0 for +0 and -0.
func Min(a, b float32) float32 {
	switch {
	case a != a || b != b:
		return NaN()
	case a < b:
		return a
	case b < a:
		return b
	case math.Signbit(float64(a)):
		return a
	}
	return b
}

// Ordering is the result of Compare.
type Ordering int

// The four IEEE 754 relations; exactly one holds.
const (
	Less Ordering = iota
	Equal
	Greater
	Unordered // a NaN is involved
)

// String names the relation.
func (o Ordering) String() string {
	switch o {
	case Less:
		return "lt"
	case Equal:
		return "eq"
	case Greater:
		return "gt"
	}
	return "unordered"
}

// Compare returns the IEEE 754 relation of a and b (+0 == -0; NaN is unordered).
func Compare(a, b float32) Ordering {
	switch {
	case a < b:
		return Less
	case a == b:
		return Equal
	case a > b:
		return Greater
	}
	return Unordered
}
