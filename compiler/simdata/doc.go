// Package simdata converts memory contents between the Calyx JSON data
// format and the hex files a Verilator simulation loads with $readmemh and
// dumps with $writememh, and compares dumped results with expected values.
//
// A data file maps each external memory's name to
//
//	{"data": [...nested, row-major...],
//	 "format": {"numeric_type": "bitnum"|"fixed_point", "is_signed": bool,
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
package simdata
