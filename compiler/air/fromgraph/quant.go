package fromgraph

import (
	"math"

	"github.com/rules-accel/rules_accel/compiler/fp32"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// quantize rounds x to type t: round to nearest (ties away from zero), saturate, NaN to 0 — fixed.Format.FromFloat for any width.
// For float32 it is the bit pattern of x rounded to nearest even (a NaN is the canonical NaN).
func quantize(t air.Type, x float64) int64 {
	if t.Float {
		if math.IsNaN(x) {
			return int64(fp32.CanonicalNaN)
		}
		return int64(math.Float32bits(float32(x)))
	}
	if math.IsNaN(x) {
		return 0
	}
	r := math.Round(math.Ldexp(x, t.Frac))
	if r >= float64(t.Max()) {
		return t.Max()
	}
	if r <= float64(t.Min()) {
		return t.Min()
	}
	return int64(r)
}

func quantizeAll(t air.Type, xs []float32) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = quantize(t, float64(x))
	}
	return out
}

// bitsFor is ceil(log2(k)) for k >= 1.
func bitsFor(k int) int {
	b := 0
	for (1 << b) < k {
		b++
	}
	return b
}

// accType is the accumulator for sums of k products of an a and a b value.
func accType(a, b air.Type, k int) air.Type {
	if a.Float || b.Float {
		return air.Float32
	}
	return air.Type{Width: min(a.Width+b.Width+bitsFor(k)+1, air.MaxWidth), Frac: a.Frac + b.Frac}
}

func maxAbs(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// weightType picks the W-bit type with the most fractional bits (at most W-1) that holds every value.
func weightType(width int, xs []float64) air.Type {
	m := maxAbs(xs)
	lim := float64(int64(1)<<(width-1) - 1)
	for f := width - 1; f > 0; f-- {
		if math.Round(math.Ldexp(m, f)) <= lim {
			return air.Type{Width: width, Frac: f}
		}
	}
	return air.Type{Width: width, Frac: 0}
}

// wideType is a type with frac fractional bits and at least minWidth bits that holds every value.
func wideType(minWidth, frac int, xs []float64) air.Type {
	w := minWidth
	for w < air.MaxWidth && math.Round(math.Ldexp(maxAbs(xs), frac)) > float64(int64(1)<<(w-1)-1) {
		w++
	}
	return air.Type{Width: w, Frac: frac}
}

func floats(xs []float32, scale float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x) * scale
	}
	return out
}

// sumType is the accumulator for sums of k e values.
func sumType(e air.Type, k int) air.Type {
	if e.Float {
		return air.Float32
	}
	return air.Type{Width: min(e.Width+bitsFor(k)+1, air.MaxWidth), Frac: e.Frac}
}

// weightType is the type of constants xs next to activations of type l.e:
// float32 in a float32 program, else the package function's fixed type.
func (l *lowerer) weightType(xs []float64) air.Type {
	if l.e.Float {
		return air.Float32
	}
	return weightType(l.e.Width, xs)
}

// wideType is the type of accumulator-scale constants xs with frac
// fractional bits: float32 in a float32 program, else at least twice the
// activations' width.
func (l *lowerer) wideType(frac int, xs []float64) air.Type {
	if l.e.Float {
		return air.Float32
	}
	return wideType(2*l.e.Width, frac, xs)
}
