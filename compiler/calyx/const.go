package calyx

import "fmt"

// Fits reports whether the constant's value is representable in its width
// (value < 2^Width); a sized literal that does not fit is an error, as in
// upstream Calyx, never truncated.
func (c Const) Fits() bool {
	return c.Width >= 64 || c.Value>>c.Width == 0
}

// RangeError describes a constant that does not fit its width, naming the
// literal, its value and its width, e.g. "literal 8'd300 does not fit in
// 8 bits: its value 300 is larger than 255, the largest 8-bit value".
func (c Const) RangeError() string {
	return valueRangeError("literal "+c.String(), c.Value, c.Width)
}

// valueRangeError says that what (with the given value) does not fit in width bits.
func valueRangeError(what string, value, width uint64) string {
	if width == 0 {
		return fmt.Sprintf("%s has width 0", what)
	}
	return fmt.Sprintf("%s does not fit in %d bits: its value %d is larger than %d, the largest %d-bit value",
		what, width, value, MaxUint(width), width)
}

// MaxUint is the largest unsigned value of width bits (2^width - 1, saturating at 2^64 - 1).
func MaxUint(width uint64) uint64 {
	if width >= 64 {
		return ^uint64(0)
	}
	return 1<<width - 1
}

// ConstCellError checks the value parameter of a std_const cell against its
// width parameter; it returns "" when the cell is not a std_const or its value fits.
func ConstCellError(cl *Cell) string {
	if cl.Proto != "std_const" || len(cl.Params) != 2 {
		return ""
	}
	w, v := cl.Params[0], cl.Params[1]
	if (Const{Width: w, Value: v}).Fits() && w > 0 {
		return ""
	}
	return valueRangeError(fmt.Sprintf("std_const(%d, %d) of cell %s", w, v, cl.Name), v, w)
}
