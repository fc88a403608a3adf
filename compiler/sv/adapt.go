package sv

import (
	"strings"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// libProto maps a primitive name to the one whose signature package calyx
// knows: the older std_mem_dN names share comb_mem_dN's ports, the
// project's accel_fp_smul_round shares std_fp_smult_pipe's, and the
// std_unsyn_* operators share std_add's.
func libProto(prog *calyx.Program, proto string) string {
	if prog.Component(proto) != nil || prog.Primitive(proto) != nil {
		return proto
	}
	if proto == "accel_fp_smul_round" {
		return "std_fp_smult_pipe"
	}
	if strings.HasPrefix(proto, "std_unsyn_") {
		// primitives/unsynthesizable.futil: (left: WIDTH, right: WIDTH) -> (out: WIDTH).
		return "std_add"
	}
	if strings.HasPrefix(proto, "std_mem_d") {
		if _, ok := calyx.LookupPrim(proto); !ok {
			return "comb_mem_d" + strings.TrimPrefix(proto, "std_mem_d")
		}
	}
	return proto
}

// extraSigs are signatures of library primitives package calyx does not list.
var extraSigs = map[string]*calyx.PrimSig{
	"sqrt":    sqrtSig("sqrt", "WIDTH"),
	"fp_sqrt": sqrtSig("fp_sqrt", "WIDTH", "INT_WIDTH", "FRAC_WIDTH"),
	"pipelined_mult": {
		Name: "pipelined_mult", Latency: 4, Params: []string{"WIDTH"},
		Inputs:  []calyx.PrimPort{{Name: "clk", Width: "1", Attrs: calyx.Attrs{{Name: calyx.AttrClk, Value: 1}}}, {Name: "left", Width: "WIDTH"}, {Name: "right", Width: "WIDTH"}},
		Outputs: []calyx.PrimPort{{Name: "out", Width: "WIDTH"}},
	},
}

// cellPorts resolves a cell's ports, accepting the std_mem_dN aliases.
func cellPorts(prog *calyx.Program, c *calyx.Cell) ([]calyx.CellPort, error) {
	if s := extraSigs[c.Proto]; s != nil && prog.Component(c.Proto) == nil && prog.Primitive(c.Proto) == nil {
		return s.Instantiate(c.Params)
	}
	if p := libProto(prog, c.Proto); p != c.Proto {
		cc := *c
		cc.Proto = p
		return calyx.CellPorts(prog, &cc)
	}
	return calyx.CellPorts(prog, c)
}

// lookupPrim returns a primitive's signature: declared in the program, or
// from the library (accepting the aliases).
func lookupPrim(prog *calyx.Program, name string) (*calyx.PrimSig, bool) {
	if pr := prog.Primitive(name); pr != nil {
		return calyx.SigOfPrimitive(pr, ""), true
	}
	if s := extraSigs[name]; s != nil && prog.Component(name) == nil {
		return s, true
	}
	return calyx.LookupPrim(libProto(prog, name))
}

// sqrtSig is the signature of primitives/math.futil's square roots.
func sqrtSig(name string, params ...string) *calyx.PrimSig {
	one := func(a string) calyx.Attrs { return calyx.Attrs{{Name: a, Value: 1}} }
	return &calyx.PrimSig{
		Name: name, Params: params,
		Inputs: []calyx.PrimPort{{Name: "clk", Width: "1", Attrs: one(calyx.AttrClk)}, {Name: "reset", Width: "1", Attrs: one(calyx.AttrReset)},
			{Name: "go", Width: "1", Attrs: one(calyx.AttrGo)}, {Name: "in", Width: "WIDTH"}},
		Outputs: []calyx.PrimPort{{Name: "out", Width: "WIDTH", Attrs: one(calyx.AttrStable)}, {Name: "done", Width: "1", Attrs: one(calyx.AttrDone)}},
	}
}
