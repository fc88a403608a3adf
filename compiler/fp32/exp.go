package fp32

import "math"

// The constants of Exp (see the package comment, "The exponential"), as
// bit patterns so that Go and SystemVerilog name the same numbers.
const (
	expMaxArg = 0x42b20000 // 89: e^89 overflows, and so does every larger argument
	expMinArg = 0xc2d00000 // -104: e^-104 < 2^-150 rounds to 0, and so does every smaller one
	expLog2e  = 0x3fb8aa3b // log2(e) rounded to float32
	expLn2Hi  = 0x3f317200 // ln 2 truncated to 16 significant bits: 45426 * 2^-16
	expLn2Lo  = 0x35bfbe8e // ln 2 - expLn2Hi rounded to float32
)

// expPoly are the coefficients c6, c5, c4, c3, c2 of the polynomial
// 1 + r + c2 r^2 + ... + c6 r^6 ≈ e^r on |r| <= 0.35, highest first (the
// order Horner's rule uses them): Q(r) = c2 + c3 r + ... + c6 r^4
// interpolates (e^r - 1 - r)/r^2 at the 5 Chebyshev nodes of [-0.35, 0.35],
// each coefficient rounded to float32 (TestExpCoefficients recomputes them).
var expPoly = [5]uint32{
	0x3ab68afc, // c6 ≈ 1.3926919e-3 (1/720 = 1.3888889e-3)
	0x3c09082e, // c5 ≈ 8.3637666e-3 (1/120 = 8.3333333e-3)
	0x3d2aaa8b, // c4 ≈ 4.1666549e-2 (1/24)
	0x3e2aaa6c, // c3 ≈ 0.16666573 (1/6)
	0x3f000000, // c2 = 0.5
}

// Exp returns e^x computed by the algorithm of the package comment, every
// step a float32 operation of this package (so the hardware unit
// accel_fexp_pipe, built from the adder and multiplier, gives the same
// bits): at most expMaxULP units in the last place from the exact value.
func Exp(x float32) float32 {
	if x != x {
		return NaN()
	}
	// Clamp: both ends already give the final result (+inf, 0).
	if x > float(expMaxArg) {
		x = float(expMaxArg)
	} else if x < float(expMinArg) {
		x = float(expMinArg)
	}
	// k = nearest integer to x*log2(e), |k| <= 150.
	t := Mul(x, float(expLog2e))
	k := int32(math.RoundToEven(float64(t))) // ties to even; |t| < 151
	kf := float32(k)                         // exact, and +0 for k = 0
	// Cody and Waite's reduction: kf*ln2Hi is exact (8 + 16 bits), and so
	// is x - kf*ln2Hi; r = x - k ln 2 to within a few ulps of r.
	r := Sub(Sub(x, Mul(kf, float(expLn2Hi))), Mul(kf, float(expLn2Lo)))
	// Horner's rule: p = 1 + r(1 + r(c2 + r(c3 + r(c4 + r(c5 + r c6))))).
	p := float(expPoly[0])
	for _, c := range expPoly[1:] {
		p = Add(Mul(p, r), float(c))
	}
	p = Add(Mul(p, r), 1)
	p = Add(Mul(p, r), 1)
	// e^x = p * 2^k as p * 2^k1 * 2^k2 with k1 = floor(k/2), k2 = k - k1:
	// both powers are normal (|k1|, |k2| <= 75), the first product is exact
	// and the second rounds once, to a subnormal, 0 or +inf where e^x does.
	k1 := k >> 1
	return Mul(Mul(p, pow2(k1)), pow2(k-k1))
}

// expMaxULP bounds the error of Exp in ulps (measured, see TestExpAccuracy).
const expMaxULP = 1.222

// ExpBits is Exp on bit patterns.
func ExpBits(a uint32) uint32 { return bits(Exp(float(a))) }

// pow2 returns 2^k for a normal power, -126 <= k <= 127.
func pow2(k int32) float32 { return float(uint32(k+127) << 23) }
