package fromgraph

import (
	"fmt"
	"math"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Raw float32 bit patterns of the infinities.
const (
	f32NegInf = 0xff800000
	f32PosInf = 0x7f800000
)

// lowest is the raw value below or equal to every activation: E's minimum,
// or -inf in float32 (the identity of max, and MaxPool's padding).
func (l *lowerer) lowest() int64 {
	if l.e.Float {
		return f32NegInf
	}
	return l.e.Min()
}

// highest is the raw value above or equal to every activation: E's
// maximum, or +inf in float32 (the identity of min).
func (l *lowerer) highest() int64 {
	if l.e.Float {
		return f32PosInf
	}
	return l.e.Max()
}

// f32 is the float32 literal nearest x.
func f32(x float64) *air.Const { return lit(quantize(air.Float32, x), air.Float32) }

// pow2Reciprocal returns 1/d when d = ±2^k and 2^-k is a float32 (normal
// or subnormal, -149 <= -k <= 127): then x * (1/d) and x / d are the same
// real number rounded once, so the product gives the quotient's bits for
// every x (specials included) and needs no divider.
func pow2Reciprocal(d float64) (float64, bool) {
	frac, exp := math.Frexp(math.Abs(d)) // |d| = frac * 2^exp, frac in [0.5, 1)
	if frac != 0.5 || math.IsInf(d, 0) {
		return 0, false
	}
	if k := exp - 1; k > 149 || k < -127 {
		return 0, false
	}
	return 1 / d, true
}

// floatMean is sum/k for a float32 sum of k values, rounded once as
// PyTorch's CPU kernels compute averages (the sum, then one division by the
// count): a product with 2^-j when k = 2^j (exact, the same bits, no
// divider), else div(sum, k). An error if k has no exact float32 value.
func floatMean(kernel string, sum air.Expr, k int) (air.Expr, error) {
	if r, ok := pow2Reciprocal(float64(k)); ok {
		return air.NewOp(air.Mul, sum, f32(r)), nil
	}
	if float64(float32(k)) != float64(k) {
		return nil, fmt.Errorf("%s: the count %d of an average has no exact float32 value", kernel, k)
	}
	return air.NewOp(air.Div, sum, f32(float64(k))), nil
}
