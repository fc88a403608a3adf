package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// Table is a piecewise-linear approximation of a function on a reduced
// argument, held in hardware as a ROM of 2^Index words (C0, C1).
//
// The argument is an unsigned integer u of Index+RBits bits: its top Index
// bits i select a segment, its low RBits bits r are the position in it. The
// value, with Frac fractional bits, is
//
//	C0[i] + RoundShift(C1[i]*r, RBits)
//
// (one multiply of a C1Width-bit signed word by an RBits-bit unsigned word,
// rounded half up, and one add). C0 and C1 come from Fit and are stored in
// tables.go, the single definition the Go model and the SystemVerilog ROM
// (rendered by ROMSource) share.
type Table struct {
	Name    string  // ROM module name in compiler/sv/prims
	Index   int     // index bits: 2^Index segments
	RBits   int     // offset bits within a segment
	Frac    int     // fractional bits of the value
	C0Width int     // bits of C0 as an unsigned word
	C1Width int     // bits of C1 as a signed word
	C0      []int64 // value at the start of each segment
	C1      []int64 // rise over each segment (value units of 2^-Frac)
}

// Eval returns the table's value at argument u (Index+RBits bits; higher bits are ignored).
func (t *Table) Eval(u int64) int64 {
	u &= int64(1)<<(t.Index+t.RBits) - 1
	i := u >> t.RBits
	r := u & (int64(1)<<t.RBits - 1)
	return t.C0[i] + fixed.RoundShift(t.C1[i]*r, t.RBits)
}

// Words returns the number of ROM words.
func (t *Table) Words() int { return 1 << t.Index }

// Bits returns the ROM size in bits.
func (t *Table) Bits() int { return t.Words() * (t.C0Width + t.C1Width) }
