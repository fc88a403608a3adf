package calyx

// Attribute lists of the float primitives' ports.
var (
	atClk     = Attrs{{Name: "clk", Value: 1}}
	atReset   = Attrs{{Name: "reset", Value: 1}}
	atDone    = Attrs{{Name: "done", Value: 1}}
	atTogeth1 = Attrs{{Name: "write_together", Value: 1}}
)

// atGo is `@write_together @interval(n) @go`, the go port of upstream's float units.
func atGo(interval uint64) Attrs {
	return Attrs{{Name: "write_together", Value: 1}, {Name: "interval", Value: interval}, {Name: "go", Value: 1}}
}

// floatPrimTable lists upstream Calyx's IEEE-754 float units as declared in
// primitives/float/{addFN,mulFN,compareFN,divSqrtFN,fpToInt,intToFp}.futil
// (calyxir/calyx commit 5bba923d2cc3920fae0ce72085907759821d0050; std_float_const is in
// primitives/float.futil, in primTable). Each file is an extern block of one
// primitive and imports nothing. compiler/sv implements them for binary32
// only (expWidth 8, sigWidth 24, width 32).
var floatPrimTable = []*PrimSig{
	{Name: "std_addFN", Import: "primitives/float/addFN.futil", File: "primitives/float/addFN.futil", Params: []string{"expWidth", "sigWidth", "numWidth"},
		Inputs: []PrimPort{{"clk", "1", atClk}, {"reset", "1", atReset}, {"go", "1", atGo(2)}, {"control", "1", nil},
			{"subOp", "1", atTogeth1}, {"left", "numWidth", atTogeth1}, {"right", "numWidth", atTogeth1}, {"roundingMode", "3", nil}},
		Outputs: []PrimPort{{"out", "numWidth", nil}, {"exceptionFlags", "5", nil}, {"done", "1", atDone}}},
	{Name: "std_mulFN", Import: "primitives/float/mulFN.futil", File: "primitives/float/mulFN.futil", Params: []string{"expWidth", "sigWidth", "numWidth"},
		Inputs: []PrimPort{{"clk", "1", atClk}, {"reset", "1", atReset}, {"go", "1", atGo(2)}, {"control", "1", nil},
			{"left", "numWidth", atTogeth1}, {"right", "numWidth", atTogeth1}, {"roundingMode", "3", nil}},
		Outputs: []PrimPort{{"out", "numWidth", nil}, {"exceptionFlags", "5", nil}, {"done", "1", atDone}}},
	{Name: "std_compareFN", Import: "primitives/float/compareFN.futil", File: "primitives/float/compareFN.futil", Params: []string{"expWidth", "sigWidth", "numWidth"},
		Inputs: []PrimPort{{"clk", "1", atClk}, {"reset", "1", atReset}, {"go", "1", atGo(2)},
			{"left", "numWidth", atTogeth1}, {"right", "numWidth", atTogeth1}, {"signaling", "1", nil}},
		Outputs: []PrimPort{{"lt", "1", nil}, {"eq", "1", nil}, {"gt", "1", nil}, {"unordered", "1", nil}, {"exceptionFlags", "5", nil}, {"done", "1", atDone}}},
	{Name: "std_divSqrtFN", Import: "primitives/float/divSqrtFN.futil", File: "primitives/float/divSqrtFN.futil", Params: []string{"expWidth", "sigWidth", "numWidth"},
		Inputs: []PrimPort{{"clk", "1", atClk}, {"reset", "1", atReset}, {"go", "1", atGo(32)}, {"control", "1", nil}, {"sqrtOp", "1", nil},
			{"left", "numWidth", atTogeth1}, {"right", "numWidth", atTogeth1}, {"roundingMode", "3", nil}},
		Outputs: []PrimPort{{"out", "numWidth", nil}, {"exceptionFlags", "5", nil}, {"done", "1", atDone}}},
	{Name: "std_fpToInt", Import: "primitives/float/fpToInt.futil", File: "primitives/float/fpToInt.futil", Params: []string{"expWidth", "sigWidth", "floatWidth", "intWidth"},
		Inputs:  []PrimPort{{"clk", "1", atClk}, {"reset", "1", atReset}, {"go", "1", atGo(2)}, {"signedOut", "1", nil}, {"in", "floatWidth", nil}},
		Outputs: []PrimPort{{"out", "intWidth", nil}, {"done", "1", atDone}}},
	{Name: "std_intToFp", Import: "primitives/float/intToFp.futil", File: "primitives/float/intToFp.futil", Params: []string{"intWidth", "expWidth", "sigWidth", "floatWidth"},
		Inputs:  []PrimPort{{"clk", "1", atClk}, {"reset", "1", atReset}, {"go", "1", atGo(2)}, {"in", "intWidth", nil}, {"signedIn", "1", nil}},
		Outputs: []PrimPort{{"out", "floatWidth", nil}, {"done", "1", atDone}}},
}
