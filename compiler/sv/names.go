package sv

import (
	"fmt"
	"strings"
)

// svKeywords are SystemVerilog reserved words that Calyx names may collide with.
var svKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`alias always always_comb always_ff always_latch and assert assign assume
automatic before begin bind bins binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle
checker class clocking cmos config const constraint context continue cover covergroup coverpoint cross
deassign default defparam design disable dist do edge else end endcase endchecker endclass endclocking
endconfig endfunction endgenerate endgroup endinterface endmodule endpackage endprimitive endprogram
endproperty endspecify endsequence endtable endtask enum event eventually expect export extends extern
final first_match for force foreach forever fork forkjoin function generate genvar global highz0 highz1
if iff ifnone ignore_bins illegal_bins implements implies import incdir include initial inout input
inside instance int integer interconnect interface intersect join join_any join_none large let liblist
library local localparam logic longint macromodule matches medium modport module nand negedge nettype
new nexttime nmos nor noshowcancelled not notif0 notif1 null or output package packed parameter pmos
posedge primitive priority program property protected pull0 pull1 pulldown pullup pulsestyle_ondetect
pulsestyle_onevent pure rand randc randcase randsequence rcmos real realtime ref reg reject_on release
repeat restrict return rnmos rpmos rtran rtranif0 rtranif1 s_always s_eventually s_nexttime s_until
s_until_with scalared sequence shortint shortreal showcancelled signed small soft solve specify
specparam static string strong strong0 strong1 struct super supply0 supply1 sync_accept_on
sync_reject_on table tagged task this throughout time timeprecision timeunit tran tranif0 tranif1 tri
tri0 tri1 triand trior trireg type typedef union unique unique0 unsigned until until_with untyped use
uwire var vectored virtual void wait wait_order wand weak weak0 weak1 while wildcard wire with within
wor xnor xor`) {
		svKeywords[k] = true
	}
}

// namer hands out unique SystemVerilog identifiers within one module.
type namer struct {
	used map[string]bool
}

func newNamer() *namer { return &namer{used: map[string]bool{}} }

// reserve claims name exactly; it reports false if it was taken.
func (n *namer) reserve(name string) bool {
	if n.used[name] {
		return false
	}
	n.used[name] = true
	return true
}

// fresh returns base, made a legal identifier, or base_1, base_2, ... if taken.
func (n *namer) fresh(base string) string {
	base = legal(base)
	if n.reserve(base) {
		return base
	}
	for i := 1; ; i++ {
		c := fmt.Sprintf("%s_%d", base, i)
		if n.reserve(c) {
			return c
		}
	}
}

// legal turns a Calyx name into a SystemVerilog identifier.
func legal(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= '0' && r <= '9' || r == '$':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" {
		out = "_"
	}
	if svKeywords[out] {
		out += "_"
	}
	return out
}

// freshAvoiding is fresh, also skipping names in avoid.
func (n *namer) freshAvoiding(base string, avoid map[string]bool) string {
	base = legal(base)
	c := base
	for i := 1; avoid[c] || n.used[c]; i++ {
		c = fmt.Sprintf("%s_%d", base, i)
	}
	n.used[c] = true
	return c
}
