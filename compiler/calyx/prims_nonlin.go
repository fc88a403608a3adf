package calyx

import "strconv"

// The project's nonlinear function units (compiler/nonlin has the Go model,
// the algorithms and the error bounds; compiler/sv/prims has the
// SystemVerilog). Each is a pipelined static primitive: the value on `in`
// in cycle t gives `out` in cycle t+n of `static<n>`, a new input every
// cycle, no go/done. Parameters: the input format fixed<IN_WIDTH,
// IN_FRAC_WIDTH> and the output format fixed<OUT_WIDTH, OUT_FRAC_WIDTH>.
const (
	// NonlinImport is the project primitives file that declares the units;
	// a program imports it (and ships the file, NonlinFutil, beside itself
	// for upstream Calyx) or inlines NonlinExtern instead.
	NonlinImport = "accel_nonlin.futil"
	// NonlinSV is the SystemVerilog file the extern block names: the units'
	// modules and their helpers (sv.LibrarySource of the unit names).
	NonlinSV = "accel_nonlin.sv"
)

// nonlinTable lists the units' signatures; LookupPrim finds them, and
// Check wants NonlinImport imported (or the primitives declared).
var nonlinTable = []*PrimSig{
	nonlinSig("accel_exp", 5),
	nonlinSig("accel_reciprocal", 5),
	nonlinSig("accel_rsqrt", 5),
	nonlinSig("accel_sigmoid", 8),
	nonlinSig("accel_tanh", 8),
	nonlinSig("accel_erf", 4),
}

func nonlinSig(name string, latency uint64) *PrimSig {
	return &PrimSig{
		Name: name, Import: NonlinImport, File: NonlinImport, Latency: latency,
		Params: []string{"IN_WIDTH", "IN_FRAC_WIDTH", "OUT_WIDTH", "OUT_FRAC_WIDTH"},
		Inputs: []PrimPort{
			{Name: "clk", Width: "1", Attrs: Attrs{{Name: AttrClk, Value: 1}}},
			{Name: "reset", Width: "1", Attrs: Attrs{{Name: AttrReset, Value: 1}}},
			{Name: "in", Width: "IN_WIDTH"},
		},
		Outputs: []PrimPort{{Name: "out", Width: "OUT_WIDTH"}},
	}
}

// NonlinPrims returns the signatures of the nonlinear units, in table order.
func NonlinPrims() []*PrimSig { return nonlinTable }

// NonlinExtern returns the units' declarations as a .futil extern block
// naming NonlinSV, for a program to inline so that upstream Calyx accepts
// its cells of these primitives.
func NonlinExtern() string {
	ext := &Extern{Path: NonlinSV}
	for _, s := range nonlinTable {
		pr := &Primitive{Name: s.Name, Attrs: s.Attrs, Comb: s.Comb, Latency: s.Latency, Params: s.Params}
		pr.Inputs, pr.Outputs = portDefs(s.Inputs), portDefs(s.Outputs)
		ext.Prims = append(ext.Prims, pr)
	}
	return Print(&Program{Externs: []*Extern{ext}})
}

// NonlinFutil returns the text of the project primitives file NonlinImport.
func NonlinFutil() string {
	return "// rules_accel's nonlinear function units: pipelined static primitives\n" +
		"// (compiler/calyx/prims_nonlin.go; algorithms and error bounds in compiler/nonlin).\n" +
		"// Generated from the table; the modules are in " + NonlinSV + " beside this file.\n" +
		NonlinExtern()
}

func portDefs(ps []PrimPort) []*PortDef {
	var out []*PortDef
	for _, p := range ps {
		d := &PortDef{Name: p.Name, Attrs: p.Attrs}
		if w, err := strconv.ParseUint(p.Width, 10, 64); err == nil {
			d.Width = w
		} else {
			d.WidthParam = p.Width
		}
		out = append(out, d)
	}
	return out
}
