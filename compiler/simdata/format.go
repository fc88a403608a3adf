package simdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Numeric types of the data format.
const (
	Bitnum     = "bitnum"        // integers
	FixedPoint = "fixed_point"   // fixed-point numbers with FracWidth fraction bits
	Float      = "ieee754_float" // IEEE-754 binary32 (Width 32) or binary64 (Width 64)
)

// Format describes how a memory's words encode numbers.
type Format struct {
	NumericType string `json:"numeric_type"`
	IsSigned    bool   `json:"is_signed"`
	Width       int    `json:"width"`
	FracWidth   int    `json:"frac_width,omitempty"`
	IntWidth    int    `json:"int_width,omitempty"`
}

// normalize fills in Width from IntWidth + FracWidth when only those are given.
func (f *Format) normalize() {
	if f.Width == 0 && f.IntWidth > 0 {
		f.Width = f.IntWidth + f.FracWidth
	}
}

func (f Format) check() error {
	switch f.NumericType {
	case Bitnum:
	case FixedPoint:
		if f.FracWidth < 0 || f.FracWidth > f.Width {
			return fmt.Errorf("frac_width %d out of range for width %d", f.FracWidth, f.Width)
		}
	case Float:
		if f.Width != 32 && f.Width != 64 {
			return fmt.Errorf("ieee754_float width %d unsupported (32 or 64)", f.Width)
		}
	default:
		return fmt.Errorf("unknown numeric_type %q", f.NumericType)
	}
	if f.Width < 1 || f.Width > 64 {
		return fmt.Errorf("width %d unsupported (1..64)", f.Width)
	}
	return nil
}

func (f Format) frac() int {
	if f.NumericType == FixedPoint {
		return f.FracWidth
	}
	return 0
}

// Encode returns the word (two's complement, Width bits) of a JSON number.
// The number must be exactly representable in the format.
func (f Format) Encode(n json.Number) (uint64, error) { return f.encode(n, false) }

// EncodeRound is Encode, rounding a fixed-point value that is not exactly
// representable to the nearest word (halves away from zero), as upstream
// Calyx's data conversion does for inputs.
func (f Format) EncodeRound(n json.Number) (uint64, error) { return f.encode(n, true) }

func (f Format) encode(n json.Number, round bool) (uint64, error) {
	if f.NumericType == Float {
		return f.encodeFloat(string(n))
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return 0, fmt.Errorf("bad number %q", n)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(f.frac()))))
	var v *big.Int
	switch {
	case r.IsInt():
		v = r.Num()
	case round && f.NumericType == FixedPoint:
		// |r| + 1/2, truncated, with r's sign.
		abs := new(big.Rat).Abs(r)
		abs.Add(abs, big.NewRat(1, 2))
		v = new(big.Int).Quo(abs.Num(), abs.Denom())
		if r.Sign() < 0 {
			v.Neg(v)
		}
	default:
		return 0, fmt.Errorf("%s is not representable with %d fraction bits", n, f.frac())
	}
	lo, hi := f.bounds()
	if v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
		return 0, fmt.Errorf("%s out of range for a %s", n, f)
	}
	if v.Sign() < 0 {
		v = new(big.Int).Add(v, new(big.Int).Lsh(big.NewInt(1), uint(f.Width)))
	}
	return v.Uint64(), nil
}

// bounds returns the range of raw integers (scaled by 2^frac) the format holds.
func (f Format) bounds() (lo, hi *big.Int) {
	one := big.NewInt(1)
	if f.IsSigned {
		hi = new(big.Int).Sub(new(big.Int).Lsh(one, uint(f.Width-1)), one)
		lo = new(big.Int).Neg(new(big.Int).Lsh(one, uint(f.Width-1)))
		return lo, hi
	}
	return big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(one, uint(f.Width)), one)
}

// encodeFloat returns the IEEE-754 bits of the number nearest to s (ties to
// even), which may also be "NaN", "Inf", "+Infinity", "-inf" and so on.
func (f Format) encodeFloat(s string) (uint64, error) {
	v, err := strconv.ParseFloat(s, f.Width)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	if err != nil {
		return 0, fmt.Errorf("%s out of range for a %s", s, f)
	}
	if f.Width == 32 {
		return uint64(math.Float32bits(float32(v))), nil
	}
	return math.Float64bits(v), nil
}

// decodeFloat returns the shortest decimal that reads back as the word
// (NaN, Infinity and -Infinity for the special values).
func (f Format) decodeFloat(w uint64) string {
	v := math.Float64frombits(w)
	if f.Width == 32 {
		v = float64(math.Float32frombits(uint32(w)))
	}
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	s := strconv.FormatFloat(v, 'g', -1, f.Width)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// Decode returns the exact decimal text of a word (for floats, the shortest
// decimal that reads back as the word).
func (f Format) Decode(w uint64) string {
	w &= f.mask()
	if f.NumericType == Float {
		return f.decodeFloat(w)
	}
	v := new(big.Int).SetUint64(w)
	if f.IsSigned && w>>(f.Width-1)&1 == 1 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(f.Width)))
	}
	if f.frac() == 0 {
		return v.String()
	}
	r := new(big.Rat).SetFrac(v, new(big.Int).Lsh(big.NewInt(1), uint(f.frac())))
	s := r.FloatString(f.frac())
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	return s
}

func (f Format) mask() uint64 {
	if f.Width >= 64 {
		return ^uint64(0)
	}
	return 1<<f.Width - 1
}

// String describes the format, e.g. "signed fixed_point<16,8>".
func (f Format) String() string {
	s := "unsigned "
	if f.IsSigned {
		s = "signed "
	}
	if f.NumericType == FixedPoint {
		return fmt.Sprintf("%sfixed_point<%d,%d>", s, f.Width, f.FracWidth)
	}
	if f.NumericType == Float {
		return fmt.Sprintf("ieee754_float<%d>", f.Width)
	}
	return fmt.Sprintf("%sbitnum<%d>", s, f.Width)
}
