package sv

import (
	"fmt"
	"math"
	"strconv"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// floatFormats gives, for upstream's float units, the parameters that name
// the number format and the values the library supports (binary32 only).
var floatFormats = map[string][]struct {
	param string
	want  uint64
}{
	"std_addFN":     {{"expWidth", 8}, {"sigWidth", 24}, {"numWidth", 32}},
	"std_mulFN":     {{"expWidth", 8}, {"sigWidth", 24}, {"numWidth", 32}},
	"std_compareFN": {{"expWidth", 8}, {"sigWidth", 24}, {"numWidth", 32}},
	"std_divSqrtFN": {{"expWidth", 8}, {"sigWidth", 24}, {"numWidth", 32}},
	"std_fpToInt":   {{"expWidth", 8}, {"sigWidth", 24}, {"floatWidth", 32}},
	"std_intToFp":   {{"expWidth", 8}, {"sigWidth", 24}, {"floatWidth", 32}},
}

// checkFloatFormat rejects an upstream float unit instantiated for a format
// other than binary32, and integer widths outside 2..128 (upstream's intWidth,
// the accel conversion units' INT_WIDTH).
func checkFloatFormat(cell *calyx.Cell, sig *calyx.PrimSig) error {
	if cell.Proto == "accel_fp_to_int_pipe" || cell.Proto == "accel_int_to_fp_pipe" {
		if len(cell.Params) == 1 && (cell.Params[0] < 2 || cell.Params[0] > 128) {
			return fmt.Errorf("%s(%d): INT_WIDTH %d is outside 2..128", cell.Proto, cell.Params[0], cell.Params[0])
		}
		return nil
	}
	want, ok := floatFormats[cell.Proto]
	if !ok {
		return nil
	}
	val := map[string]uint64{}
	for i, p := range sig.Params {
		if i < len(cell.Params) {
			val[p] = cell.Params[i]
		}
	}
	for _, w := range want {
		if val[w.param] != w.want {
			return fmt.Errorf("%s(%s): only binary32 is supported (expWidth 8, sigWidth 24, width 32), got %s = %d",
				cell.Proto, joinParams(cell.Params), w.param, val[w.param])
		}
	}
	if iw, ok := val["intWidth"]; ok && (iw < 2 || iw > 128) {
		return fmt.Errorf("%s(%s): intWidth %d is outside 2..128", cell.Proto, joinParams(cell.Params), iw)
	}
	return nil
}

func joinParams(ps []uint64) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += ", "
		}
		s += strconv.FormatUint(p, 10)
	}
	return s
}

// floatConstParams returns the parameter values of std_float_const(REP,
// WIDTH, literal): VALUE is the literal's IEEE-754 bit pattern, rounded to
// nearest even (REP 0 is IEEE 754; WIDTH is 32 or 64, as upstream requires).
func floatConstParams(cell *calyx.Cell) ([]string, error) {
	if len(cell.Params) != 2 {
		return nil, fmt.Errorf("std_float_const takes (REP, WIDTH, value), got %d integer parameters", len(cell.Params))
	}
	rep, width := cell.Params[0], cell.Params[1]
	if rep != 0 {
		return nil, fmt.Errorf("std_float_const: representation %d is not supported (0 is IEEE 754)", rep)
	}
	var bits uint64
	switch width {
	case 32:
		f, err := strconv.ParseFloat(cell.Float, 32)
		if err != nil {
			return nil, fmt.Errorf("std_float_const: %q is not a binary32 value: %w", cell.Float, err)
		}
		bits = uint64(math.Float32bits(float32(f)))
	case 64:
		f, err := strconv.ParseFloat(cell.Float, 64)
		if err != nil {
			return nil, fmt.Errorf("std_float_const: %q is not a binary64 value: %w", cell.Float, err)
		}
		bits = math.Float64bits(f)
	default:
		return nil, fmt.Errorf("std_float_const: width %d is not supported (32 or 64)", width)
	}
	return []string{".REP(0)", fmt.Sprintf(".WIDTH(%d)", width), fmt.Sprintf(".VALUE(%d'h%x)", width, bits)}, nil
}
