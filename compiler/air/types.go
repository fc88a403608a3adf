package air

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/fixed"
)

// MaxWidth is the widest register or wire type; raw values are int64.
const MaxWidth = 64

// Type is a signed fixed-point type fixed<Width,Frac>: a Width-bit two's
// complement integer q standing for q/2^Frac (unlike fixed.Format it allows
// widths up to 64 bits for accumulators), or, with Float set, IEEE-754
// binary32 ("float32", Width 32, Frac 0), whose raw value is the bit pattern
// (0..2^32-1) and whose arithmetic is package fp32's: every operation
// rounded to nearest even, subnormals kept, NaN results canonical.
type Type struct {
	Width int  // total bits, sign included (1..64)
	Frac  int  // fractional bits (may exceed Width for tiny values, never negative)
	Float bool // IEEE-754 binary32 (Width 32, Frac 0)
}

// Float32 is the IEEE-754 binary32 type.
var Float32 = Type{Width: 32, Float: true}

// TypeOf converts a fixed.Format to an IR type.
func TypeOf(f fixed.Format) Type { return Type{Width: f.Width, Frac: f.Frac} }

// String returns "fixed<W,F>" or "float32".
func (t Type) String() string {
	if t.Float {
		return "float32"
	}
	return fmt.Sprintf("fixed<%d,%d>", t.Width, t.Frac)
}

// Valid reports whether the type is representable.
func (t Type) Valid() bool {
	if t.Float {
		return t.Width == 32 && t.Frac == 0
	}
	return t.Width >= 1 && t.Width <= MaxWidth && t.Frac >= 0 && t.Frac <= 2*MaxWidth
}

// format is t as a fixed.Format, whose arithmetic holds for any width up to 64.
func (t Type) format() fixed.Format { return fixed.Format{Width: t.Width, Frac: t.Frac} }

// Format returns t as a fixed.Format; it errs when fixed does not support t
// (float32, width above fixed.MaxWidth, or Frac >= Width).
func (t Type) Format() (fixed.Format, error) {
	if t.Float {
		return fixed.Format{}, fmt.Errorf("%v is not a fixed-point type", t)
	}
	return fixed.New(t.Width, t.Frac)
}

// Min is the most negative raw value (0 for float32, whose raw values are
// bit patterns).
func (t Type) Min() int64 {
	if t.Float {
		return 0
	}
	return t.format().Min()
}

// Max is the most positive raw value (2^32-1 for float32).
func (t Type) Max() int64 {
	if t.Float {
		return math.MaxUint32
	}
	return t.format().Max()
}

// Wrap keeps the low Width bits of v, sign-extended (what a Width-bit
// register holds); a float32 keeps the low 32 bits, zero-extended.
func (t Type) Wrap(v int64) int64 {
	if t.Float {
		return int64(uint32(v))
	}
	if t.Width >= 64 {
		return v
	}
	sh := uint(64 - t.Width)
	return v << sh >> sh
}

// Saturate clamps v to the type's range.
func (t Type) Saturate(v int64) int64 { return t.format().Saturate(v) }

// Requantize converts raw v with frac fractional bits into t exactly as
// fixed.Format.Requantize defines it: round half up, then saturate.
func (t Type) Requantize(v int64, frac int) int64 { return t.format().Requantize(v, frac) }

// ParseType reads "fixed<W,F>" or "float32".
func ParseType(s string) (Type, error) {
	u := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if u == "float32" {
		return Float32, nil
	}
	if !strings.HasPrefix(u, "fixed<") || !strings.HasSuffix(u, ">") {
		return Type{}, fmt.Errorf("type %q: want fixed<W,F> or float32", s)
	}
	parts := strings.Split(u[len("fixed<"):len(u)-1], ",")
	if len(parts) != 2 {
		return Type{}, fmt.Errorf("type %q: want fixed<W,F>", s)
	}
	w, err1 := strconv.Atoi(parts[0])
	f, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return Type{}, fmt.Errorf("type %q: W and F must be integers", s)
	}
	t := Type{Width: w, Frac: f}
	if !t.Valid() {
		return Type{}, fmt.Errorf("type %q: width must be 1..%d and frac 0..%d", s, MaxWidth, 2*MaxWidth)
	}
	return t, nil
}
