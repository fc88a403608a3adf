package fromgraph

import (
	"math"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/fp32"
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

func maxAbs(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func floats(xs []float32, scale float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x) * scale
	}
	return out
}
