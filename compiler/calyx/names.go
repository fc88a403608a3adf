package calyx

// reservedNames are names upstream Calyx rejects for cells (Calyx keywords
// and Verilog keywords; calyx/ir/src/reserved_names.rs at the commit named in
// the package comment).
var reservedNames = map[string]bool{}

func init() {
	for _, n := range []string{
		"always", "and", "assign", "automatic", "begin", "break", "buf", "bufif0", "bufif1", "case",
		"casex", "casez", "cell", "clk", "cmos", "component", "config", "deassign", "default", "defparam",
		"design", "disable", "done", "edge", "else", "end", "endcase", "endconfig", "endfunction",
		"endgenerate", "endmodule", "endprimitive", "endspecify", "endtable", "endtask", "event",
		"extern", "for", "forever", "fork", "function", "generate", "genvar", "go", "highz0", "highz1",
		"if", "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "invoke",
		"join", "large", "liblist", "library", "localparam", "logic", "macromodule", "medium", "module",
		"negedge", "nmos", "nor", "noshowcancelledno", "not", "notif0", "notif1", "or", "output", "par",
		"parameter", "pmos", "posedge", "primitive", "process", "pull0", "pull1", "pulldown", "pullup",
		"pulsestyle_ondetectglitch", "pulsestyle_oneventglitch", "real", "realtime", "reg", "release",
		"remos", "repeat", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared", "seq",
		"showcancelled", "signed", "small", "specify", "specparam", "strong0", "strong1", "supply0",
		"supply1", "table", "task", "time", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand",
		"trior", "trireg", "unsigned", "use", "var", "vectored", "wait", "wand", "weak0", "weak1", "while",
		"wire", "with", "wor", "xnor", "xor",
	} {
		reservedNames[n] = true
	}
}

// IsReserved reports whether name is a Calyx or Verilog keyword that upstream
// Calyx rejects as a cell name.
func IsReserved(name string) bool { return reservedNames[name] }
