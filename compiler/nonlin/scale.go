package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// scale is the output stage every unit shares (accel_nl_scale in
// SystemVerilog): it returns the raw value of out nearest to (-1)^neg *
// mag * 2^-sh, rounding the magnitude half up, then saturating to out's
// range. mag is non-negative and below 2^26; sh may be any int.
func scale(mag int64, sh int, neg bool, out fixed.Format) int64 {
	lim := int64(1) << out.Width // any magnitude >= 2^(W-1) saturates; cap it here
	var t int64
	switch {
	case sh >= 0:
		t = fixed.RoundShift(mag, sh)
	case mag == 0:
		t = 0
	case -sh >= out.Width:
		t = lim
	default:
		t = min(mag<<uint(-sh), lim)
	}
	if neg {
		return out.Saturate(-t)
	}
	return out.Saturate(t)
}
