// Package simdata converts memory contents between the Calyx JSON data
// format and the hex files a Verilator simulation loads with $readmemh and
// dumps with $writememh, and compares dumped results with expected values.
//
// A data file maps each external memory's name to
//
//	{"data": [...nested, row-major...],
//	 "format": {"numeric_type": "bitnum"|"fixed_point"|"ieee754_float", "is_signed": bool,
//	            "width": N, "frac_width": F}}
//
// An expect file maps names to nested values only (an optional "cycles"
// entry is ignored); its formats come from the data file. Hex files hold one
// word per line, WIDTH bits in two's complement, ceil(WIDTH/4) digits, row
// major (the first index varies slowest): `<dir>/<memory>.dat` is loaded and
// `<dir>/<memory>.out` is what the simulation dumps.
//
// Input fixed-point values that are not exactly representable are rounded to
// the nearest word (halves away from zero), as upstream Calyx does; expected
// values must be exact, and comparisons are bit-exact. A format may give
// int_width and frac_width instead of width.
//
// ieee754_float values (width 32 or 64; is_signed is ignored) are decimals,
// or the strings "NaN", "Infinity" and "-Infinity", rounded to the nearest
// binary32 or binary64 (ties to even) in data and expect files alike (so an
// expect file may print a float32 result as its shortest decimal, as
// upstream's do); results print that way too.
package simdata
