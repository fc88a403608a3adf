// Package fixed defines the signed fixed-point numbers fixed<W,F> that the
// compiler quantizes models to, and the one place where rounding and
// saturation are defined.
//
// A value of format fixed<W,F> is a W-bit two's complement integer q that
// stands for the real number q / 2^F. Arithmetic is done on int64 raw values:
//
//   - Products of two values are exact (2W bits, 2F fractional bits) and are
//     summed in a wide accumulator without rounding.
//   - Storing a wide value with a fractional bits into fixed<W,F> is
//     Requantize: shift right by a-F bits rounding half up (add 2^(a-F-1),
//     then arithmetic shift right), then saturate to [-2^(W-1), 2^(W-1)-1].
//     If a < F the value is shifted left exactly, then saturated.
//
// Hardware reproduces exactly these two steps (an adder and an arithmetic
// shift, then a clamp), so the loop-nest interpreter and the RTL agree to the
// bit.
package fixed

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxWidth is the widest supported format; raw values and products must fit in int64.
const MaxWidth = 31

// Format is a signed fixed-point format fixed<Width,Frac>.
type Format struct {
	Width int // total bits, sign included
	Frac  int // fractional bits
}

// Default is the format used when a model does not choose one.
var Default = Format{Width: 16, Frac: 8}

// New returns fixed<w,f> or an error if the format is not supported.
func New(w, f int) (Format, error) {
	if w < 2 || w > MaxWidth {
		return Format{}, fmt.Errorf("fixed<%d,%d>: width must be in 2..%d", w, f, MaxWidth)
	}
	if f < 0 || f >= w {
		return Format{}, fmt.Errorf("fixed<%d,%d>: fractional bits must be in 0..%d", w, f, w-1)
	}
	return Format{Width: w, Frac: f}, nil
}

// Parse reads a format written as "fixed<W,F>" (spaces allowed).
func Parse(s string) (Format, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if !strings.HasPrefix(t, "fixed<") || !strings.HasSuffix(t, ">") {
		return Format{}, fmt.Errorf("fixed format %q: want fixed<W,F>", s)
	}
	parts := strings.Split(t[len("fixed<"):len(t)-1], ",")
	if len(parts) != 2 {
		return Format{}, fmt.Errorf("fixed format %q: want fixed<W,F>", s)
	}
	w, err1 := strconv.Atoi(parts[0])
	f, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return Format{}, fmt.Errorf("fixed format %q: W and F must be integers", s)
	}
	return New(w, f)
}

// String returns the format as "fixed<W,F>".
func (f Format) String() string { return fmt.Sprintf("fixed<%d,%d>", f.Width, f.Frac) }

// Min is the most negative raw value (Width may be up to 64 here, for accumulators).
func (f Format) Min() int64 {
	if f.Width >= 64 {
		return math.MinInt64
	}
	return -(int64(1) << (f.Width - 1))
}

// Max is the most positive raw value (Width may be up to 64 here, for accumulators).
func (f Format) Max() int64 {
	if f.Width >= 64 {
		return math.MaxInt64
	}
	return int64(1)<<(f.Width-1) - 1
}

// Saturate clamps a raw value to the format's range.
func (f Format) Saturate(v int64) int64 {
	if v < f.Min() {
		return f.Min()
	}
	if v > f.Max() {
		return f.Max()
	}
	return v
}

// RoundShift shifts v right by s bits rounding half up (toward +inf), that
// is floor(v/2^s + 1/2), for every int64 v and s >= 1 without overflow; s <= 0
// shifts left (exact only while v<<-s fits in int64: use Requantize, which
// saturates instead).
func RoundShift(v int64, s int) int64 {
	if s <= 0 {
		return v << uint(-s)
	}
	if s >= 64 {
		// |v| <= 2^63 <= 2^(s-1), so v/2^s lies in [-1/2, 1/2) and rounds to 0.
		return 0
	}
	// floor(v/2^s + 1/2) = floor(v/2^s) + (bit s-1 of v): v = q*2^s + r with
	// 0 <= r < 2^s, and r/2^s + 1/2 >= 1 exactly when r >= 2^(s-1). Unlike
	// (v + 2^(s-1)) >> s this cannot overflow near the top of the range.
	return v>>uint(s) + (v>>uint(s-1))&1
}

// Requantize stores a wide value with accFrac fractional bits into the format: round half up, then saturate.
// It is also right for formats wider than MaxWidth (up to 64 bits), which the loop-nest IR's accumulators use,
// and for every int64 v and shift: nothing overflows on the way.
func (f Format) Requantize(v int64, accFrac int) int64 {
	s := accFrac - f.Frac
	if s < 0 {
		// Exact left shift by k, saturating when v*2^k leaves int64 (then it
		// also leaves every format of at most 64 bits).
		k := -s
		if v == 0 {
			return 0
		}
		if k >= 63 || v >= int64(1)<<(63-k) || v < -(int64(1)<<(63-k)) {
			if v > 0 {
				return f.Max()
			}
			return f.Min()
		}
		return f.Saturate(v << uint(k))
	}
	return f.Saturate(RoundShift(v, s))
}

// Mul multiplies two raw values of this format and requantizes the product to it.
func (f Format) Mul(a, b int64) int64 { return f.Requantize(a*b, 2*f.Frac) }

// Add adds two raw values of this format with saturation.
func (f Format) Add(a, b int64) int64 { return f.Saturate(a + b) }

// FromFloat quantizes a real number: round to nearest (ties away from zero), then saturate; NaN maps to 0.
func (f Format) FromFloat(x float64) int64 {
	if math.IsNaN(x) {
		return 0
	}
	r := math.Round(math.Ldexp(x, f.Frac))
	if r >= float64(f.Max()) {
		return f.Max()
	}
	if r <= float64(f.Min()) {
		return f.Min()
	}
	return int64(r)
}

// ToFloat returns the real number a raw value stands for.
func (f Format) ToFloat(v int64) float64 { return math.Ldexp(float64(v), -f.Frac) }

// Bits returns the raw value's low Width bits, as hardware holds it.
func (f Format) Bits(v int64) uint64 { return uint64(v) & (uint64(1)<<f.Width - 1) }

// FromBits sign-extends Width bits into a raw value.
func (f Format) FromBits(u uint64) int64 {
	sh := uint(64 - f.Width)
	return int64(u<<sh) >> sh
}

// Resolution is the real value of one unit in the last place, 2^-Frac.
func (f Format) Resolution() float64 { return math.Ldexp(1, -f.Frac) }
