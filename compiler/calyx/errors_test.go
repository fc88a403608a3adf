package calyx

import (
	"strings"
	"testing"
)

// wrap puts cells, wires and control into a main component after the core import.
func wrap(cells, wires, control string) string {
	return "import \"primitives/core.futil\";\ncomponent main(x: 8) -> (y: 8) {\n  cells {" + cells + "}\n  wires {" + wires + "}\n  control {" + control + "}\n}\n"
}

// refProg is a program whose main invokes component foo, which has a ref cell m = std_reg(32).
func refProg(control string) string {
	return `import "primitives/core.futil";
component foo() -> () {
  cells { ref m = std_reg(32); }
  wires { group w { m.in = 32'd1; m.write_en = 1'd1; w[done] = m.done; } }
  control { w; }
}
component main() -> () {
  cells { f = foo(); k16 = std_reg(16); k32 = std_reg(32); }
  wires {}
  control { ` + control + ` }
}
`
}

// staticProg is a program with a static<2> component twice(x: 8) -> (y: 8)
// a dynamic component dyn and add4(in: 4) -> (out: 4) driving its own done,
// whose main (cells t = twice(), d = dyn(), r = std_reg(8), a = add4()) has
// the given control.
func staticProg(control string) string {
	return `import "primitives/core.futil";
static<2> component twice(x: 8) -> (y: 8) {
  cells { r = std_reg(8); a = std_add(8); }
  wires {
    static<1> group g0 { r.in = x; r.write_en = 1'd1; }
    static<1> group g1 { a.left = r.out; a.right = x; r.in = a.out; r.write_en = 1'd1; }
    y = r.out;
  }
  control { static seq { g0; g1; } }
}
component dyn() -> () {
  cells { r = std_reg(8); }
  wires { group w { r.in = 8'd1; r.write_en = 1'd1; w[done] = r.done; } }
  control { w; }
}
component add4(in: 4) -> (out: 4) {
  cells {}
  wires { out = in; done = go; }
  control {}
}
component main() -> () {
  cells { t = twice(); d = dyn(); r = std_reg(8); a = add4(); }
  wires {}
  control { ` + control + ` }
}
`
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"missing semi after cell", "component main() -> () {\n  cells { r = std_reg(32) }\n  wires {}\n}", "t.futil:2:27: declaration is missing `;`"},
		{"unsized constant", "component main() -> (o: 8) {\n  cells {}\n  wires { o = 3; }\n}", "t.futil:3:15: expected a port or constant, found unsized number 3 (write it like 32'd3)"},
		{"bad binary digit", "component main() -> (o: 8) {\n  cells {}\n  wires { o = 8'b102; }\n}", `t.futil:3:15: invalid or too large value "102" in "8'b102"`},
		{"literal too wide", "component main() -> (o: 8) {\n  cells {}\n  wires { o = 8'd300; }\n}", "t.futil:3:15: literal 8'd300 does not fit in 8 bits: its value 300 is larger than 255, the largest 8-bit value"},
		{"hex literal too wide", "component main() -> (o: 4) {\n  cells {}\n  wires { o = 4'x1f; }\n}", "t.futil:3:15: literal 4'x1f does not fit in 4 bits: its value 31 is larger than 15"},
		{"binary literal too wide in a guard", "component main(a: 2) -> (o: 1) {\n  cells {}\n  wires { o = a == 2'b100 ? 1'd1; }\n}", "t.futil:3:20: literal 2'b100 does not fit in 2 bits: its value 4 is larger than 3"},
		{"one-bit literal 2", "component main() -> () {\n  cells {}\n  wires {}\n  control { invoke r(write_en = 1'd2)(); }\n}", "t.futil:4:33: literal 1'd2 does not fit in 1 bits"},
		{"value overflows", "component main() -> (o: 8) {\n  cells {}\n  wires { o = 8'd99999999999999999999999; }\n}", "t.futil:3:15: invalid or too large value"},
		{"bad base", "component main() -> (o: 8) {\n  cells {}\n  wires { o = 8'q1; }\n}", `t.futil:3:15: malformed number "8'q"`},
		{"missing comma in signature", "component main(a: 1 b: 1) -> () { cells {} wires {} }", "t.futil:1:21: expected `)` to close the input ports, found `b`"},
		{"unterminated comment", "/* oops\ncomponent", "t.futil:1:1: unterminated block comment"},
		{"unterminated string", "import \"x;", "t.futil:1:8: unterminated string"},
		{"unexpected character", "component main() -> () { cells { r = std_reg(1); } wires { r.in = r.out # 1; } }", "t.futil:1:73: unexpected character \"#\""},
		{"stray token at top", "wires {}", "t.futil:1:1: expected `component`, `primitive`, `extern` or `import`, found `wires`"},
		{"import after component", "component m() -> () { cells {} wires {} }\nimport \"a\";", "t.futil:2:1: imports must come before"},
		{"guard without question mark", "component m() -> () { cells {} wires { a = b & c; } }", "t.futil:1:49: expected `?` after guard, found `;`"},
		{"timing guard outside static", "component m() -> () { cells {} wires { group g { a = %1 ? b; } } }", "t.futil:1:54: timing guard `%` outside a static group"},
		{"zero latency", "static<0> component m() -> () { cells {} wires {} }", "t.futil:1:8: latency annotation of 0"},
		{"bad statement", "component m() -> () { cells {} wires {} control { 42; } }", "t.futil:1:51: expected a control statement, found `42`"},
		{"while with static", "component m() -> () { cells {} wires {} control { static while x { g; } } }", "t.futil:1:58: `while` cannot be static"},
		{"static if with", "component m() -> () { cells {} wires {} control { static if x with c { g; } } }", "t.futil:1:68: `static if` cannot have a `with` group"},
		{"else without block", "component m() -> () { cells {} wires {} control { if x { g; } else g; } }", "t.futil:1:68: expected `{` or `if` after `else`"},
		{"hole as invoke arg", "component m() -> () { cells {} wires {} control { invoke c(a = g[done])(); } }", "t.futil:1:64: a hole cannot be an invoke argument"},
		{"eof in control", "component m() -> () { cells {} wires {} control { seq { g;", "t.futil:1:59: unexpected end of file: missing `}`"},
		{"fsm", "component m() -> () { cells {} wires { fsm f { } } }", "t.futil:1:40: `fsm` blocks are not supported"},
		{"deep nesting", "component m() -> () { cells {} wires { a = " + strings.Repeat("(", 5000) + "b", "nesting deeper than 2000"},
		{"width parameter in component", "component m(a: W) -> () { cells {} wires {} }", "t.futil:1:16: port width must be a number, found `W`"},
		{"body in extern", "extern \"a.sv\" { primitive p() -> () { x } }", "t.futil:1:37: primitive with a body inside an extern block"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.futil", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
}

// checkErrorCases are programs that parse but that the checker rejects.
var checkErrorCases = []struct {
	name, src, want string
}{
	{"undefined cell", wrap("", "group g { q.in = 8'd1; g[done] = 1'd1 ? x; }", "g;"), "undefined cell q"},
	{"undefined port", wrap("r = std_reg(8);", "y = r.oops;", ""), "t.futil:4:14: cell r has no port oops"},
	{"undefined this port", wrap("", "z = x;", ""), "t.futil:4:10: undefined port z of component main"},
	{"unknown primitive", wrap("r = std_frob(8);", "", ""), "t.futil:3:10: cell r: unknown primitive or component \"std_frob\""},
	{"wrong parameter count", wrap("r = std_reg(8, 9);", "", ""), "cell r: std_reg takes 1 parameters (WIDTH), got 2"},
	{"missing import", "component main() -> () { cells { m = std_mult_pipe(8); } wires {} control {} }", "cell m uses std_mult_pipe but the program does not import \"primitives/binary_operators.futil\""},
	{"width mismatch", wrap("r = std_reg(16);", "y = r.out;", ""), "t.futil:4:10: width mismatch: y is 8 bits but r.out is 16 bits"},
	{"constant width mismatch", wrap("r = std_reg(8);", "r.in = 4'd1;", ""), "width mismatch: r.in is 8 bits but 4'd1 is 4 bits"},
	{"std_const too big", wrap("k = std_const(4, 16);", "y = 8'd1;", ""), "t.futil:3:10: std_const(4, 16) of cell k does not fit in 4 bits: its value 16 is larger than 15"},
	{"std_const width 0", wrap("k = std_const(0, 0);", "y = 8'd1;", ""), "std_const(0, 0) of cell k has width 0"},
	{"write an output", wrap("r = std_reg(8);", "r.out = x;", ""), "cannot write r.out: it is an output of cell r"},
	{"read an input", wrap("r = std_reg(8);", "y = r.in;", ""), "cannot read r.in: it is an input of cell r"},
	{"write a component input", wrap("", "x = 8'd1;", ""), "cannot write x: it is an input of component main"},
	{"guard not 1 bit", wrap("r = std_reg(8);", "y = x ? r.out;", ""), "guard x is 8 bits, not 1"},
	{"comparison widths", wrap("r = std_reg(8);", "y = x == 4'd1 ? r.out;", ""), "width mismatch in comparison x == 4'd1: 8 and 4 bits"},
	{"comparison widths of ports", wrap("r = std_reg(8); s = std_reg(16);", "y = r.out < s.out ? r.out;", ""), "t.futil:4:14: width mismatch in comparison r.out < s.out: 8 and 16 bits"},
	{"no done", wrap("r = std_reg(8);", "group g { r.in = x; r.write_en = 1'd1; }", "g;"), "t.futil:4:16: group g has no done condition (`g[done] = ...;`)"},
	{"two dones", wrap("r = std_reg(8);", "group g { r.in = x; r.write_en = 1'd1; g[done] = r.done; g[done] = 1'd1; }", "g;"), "group g has more than one done condition"},
	{"constant done", wrap("", "group g { g[done] = 1'd1; }", "g;"), "group g has a constant done condition; use a comb group instead"},
	{"orphan done", wrap("r = std_reg(8);", "group a { a[done] = r.done; } group b { a[done] = r.done; b[done] = r.done; }", "seq { a; b; }"), "group b writes the done hole of another group (a[done])"},
	{"conflicting drivers in group", wrap("r = std_reg(8);", "group g { r.in = x; r.in = 8'd1; r.write_en = 1'd1; g[done] = r.done; }", "g;"), "r.in has conflicting unguarded drivers in group g (also driven at 4:20)"},
	{"conflicting continuous", wrap("", "y = x; y = 8'd0;", ""), "y has conflicting unguarded drivers in continuous assignments"},
	{"continuous and group", wrap("r = std_reg(8);", "group g { r.in = x; r.write_en = 1'd1; g[done] = r.done; } r.in = 8'd0;", "g;"), "r.in is driven by a continuous assignment and also in group g"},
	{"enable undefined group", wrap("", "", "seq { nope; }"), "t.futil:5:18: undefined group nope"},
	{"enable a cell", wrap("r = std_reg(8);", "", "r;"), "r is a cell, not a group (use `invoke r()();`)"},
	{"enable comb group", wrap("r = std_reg(8);", "comb group c { r.in = x; }", "c;"), "comb group c cannot be enabled"},
	{"with plain group", wrap("lt = std_lt(8); r = std_reg(8);", "group c { lt.left = x; lt.right = x; c[done] = r.done; }", "if lt.out with c { c; }"), "group c after `with` is not a comb group"},
	{"undefined with", wrap("lt = std_lt(8);", "", "while lt.out with cc { ; }"), "undefined comb group cc"},
	{"condition width", wrap("r = std_reg(8);", "", "if r.out { ; }"), "condition r.out is 8 bits, not 1"},
	{"invoke unknown cell", wrap("", "", "invoke q()();"), "t.futil:5:12: invoke of undefined cell q"},
	{"invoke bad input", wrap("r = std_reg(8);", "", "invoke r(out = x)();"), "cell r has no input port out"},
	{"invoke width", wrap("r = std_reg(4);", "", "invoke r(in = x)();"), "width mismatch in invoke of r: r.in is 4 bits but x is 8 bits"},
	{"invoke constant width", wrap("r = std_reg(4);", "", "invoke r(in = 8'd3)();"), "t.futil:5:26: width mismatch in invoke of r: r.in is 4 bits but 8'd3 is 8 bits"},
	{"invoke output width", staticProg("invoke a(in = 4'd1)(out = r.in);"), "width mismatch in invoke of a: a.out is 4 bits but r.in is 8 bits"},
	{"dynamic invoke of static component", staticProg("invoke t(x = 8'd1)();"), "t is a static<2> twice and is dynamically invoked; a static component must be invoked with `static invoke t(...)(...)`"},
	{"dynamic invoke in static seq", staticProg("static seq { static invoke t(x = 8'd1)(); invoke r(in = 8'd2)(); }"), "dynamic `invoke r` inside static control; only `static invoke` may appear there"},
	{"static invoke of dynamic component", staticProg("static invoke d()();"), "d (dyn) is statically invoked, but it is neither a static component nor has an @interval attribute on its @go port"},
	{"static invoke wrong latency", staticProg("static<3> invoke t(x = 8'd1)();"), "static<3> invoke of t, whose latency is 2 cycles"},
	{"static component latency", strings.Replace(staticProg("static invoke t(x = 8'd1)();"), "static<2> component", "static<3> component", 1), "static<3> component twice has control that takes 2 cycles"},
	{"static component without control", "import \"primitives/core.futil\";\nstatic<1> component main() -> () { cells {} wires {} control {} }", "t.futil:2:1: static<1> component main has no control"},
	{"written latency", staticProg("static<3> seq { static invoke t(x = 8'd1)(); }"), "t.futil:24:13: static<3> seq takes 2 cycles, not 3"},
	{"static invoke of std_reg wrong latency", staticProg("static<2> invoke r(in = 8'd1)();"), "static<2> invoke of r, whose latency is 1 cycles"},
	{"invoke output to input", wrap("r = std_reg(8);", "", "invoke r(in = x)(out = x);"), "cannot write x: it is an input of component main"},
	{"ref binding on primitive", wrap("r = std_reg(8); m = std_reg(8);", "", "invoke r[mem = m](in = x)();"), "ref binding mem on r, which is not a component instance"},
	{"unused group", wrap("r = std_reg(8);", "group g { r.in = x; r.write_en = 1'd1; g[done] = r.done; }", ""), "group g is never used"},
	{"duplicate cell", wrap("r = std_reg(8); r = std_reg(8);", "", ""), "t.futil:3:26: cell r is already defined at 3:10"},
	{"reserved name", wrap("reg = std_reg(8);", "", ""), "cell name reg is a reserved keyword"},
	{"duplicate attribute", wrap("@external(1) @external(2) r = std_reg(8);", "", ""), "attribute external is given more than once"},
	{"comb component with register", "import \"primitives/core.futil\";\ncomb component c() -> () { cells { r = std_reg(1); } wires {} }", "comb component c cannot contain the stateful cell r (std_reg)"},
	{"comb and static", "comb static<1> component c() -> () { cells {} wires {} }", "component c cannot be both comb and static"},
	{"non-static group in static control", wrap("r = std_reg(8);", "group g { r.in = x; r.write_en = 1'd1; g[done] = r.done; }", "static seq { g; }"), "group g is not static but is enabled in static control"},
	{"hole of undefined group", wrap("", "y = h[done] ? x;", ""), "undefined group h in hole h[done]"},
	{"write together", wrap("r = std_reg(8);", "group g { r.in = x; g[done] = r.done; }", "g;"), "t.futil:4:16: group g writes r.in but not r.write_en, which must be written together with it"},
	{"read together", "import \"primitives/core.futil\";\nimport \"primitives/memories/comb.futil\";\ncomponent main() -> () { cells { m = comb_mem_d1(8, 4, 2); r = std_reg(8); } wires { group g { r.in = m.read_data; r.write_en = 1'd1; g[done] = r.done; } } control { g; } }", "group g reads m.read_data but does not write m.addr0"},
	{"empty control without done", "component main() -> () { cells {} wires {} control {} }", "t.futil:1:1: component main has empty control and never assigns its done port done"},
	{"timing guard out of bounds", wrap("r = std_reg(8);", "static<2> group g { r.in = x; r.write_en = %2 ? 1'd1; }", "g;"), "timing guard %2 is out of bounds for static group g of latency 2"},
	{"constant ref cell", wrap("ref k = std_const(2, 1);", "", ""), "constant k cannot be a ref cell"},
	{"unbound ref cell", refProg("invoke f()();"), "invoke of f does not bind the ref cell m of component foo"},
	{"ref type mismatch", refProg("invoke f[m = k16]()();"), "ref binding m = k16: k16 is std_reg(16) but foo.m expects std_reg(32)"},
	{"ref wrong name", refProg("invoke f[m1 = k32, m = k32]()();"), "component foo has no ref cell m1"},
	{"no entry point", "import \"primitives/core.futil\";\ncomponent a() -> () { cells {} wires { done = 1'd1; } control {} }", "t.futil:2:1: no entry point: name a component main or mark one <\"toplevel\"=1>"},
	{"external outside entry", "import \"primitives/core.futil\";\ncomponent foo() -> () { cells { @external r = std_reg(8); } wires { done = 1'd1; } control {} }\ncomponent main() -> () { cells { f = foo(); } wires {} control { invoke f()(); } }", "t.futil:2:43: cell r is marked @external outside the entry-point component"},
	{"component named like a primitive", "import \"primitives/core.futil\";\ncomponent std_reg() -> () { cells {} wires { done = 1'd1; } control {} }\ncomponent main() -> () { cells {} wires { done = 1'd1; } control {} }", "component name std_reg is already bound by a library primitive"},
	{"conflict with active comb group", wrap("r = std_reg(8); w = std_wire(1);", "comb group c { w.in = 1'd1; } group g { w.in = r.done; r.in = x; r.write_en = 1'd1; g[done] = r.done; }", "if w.out with c { g; }"), "t.futil:4:50: w.in is driven by group g and by comb group c, active together at 5:30"},
	{"undriven comb condition", wrap("lt = std_lt(8);", "", "if lt.out { ; }"), "lt.out is an output of the combinational cell lt (std_lt), which nothing drives here; add `with <comb group>`"},
}

func TestCheckErrors(t *testing.T) {
	for _, tc := range checkErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("t.futil", []byte(tc.src))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			err = CheckStrict(p)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
}

// TestLintOnly checks that the papercut-class cases are warnings: Check
// accepts them (as upstream does) and Lint reports them.
func TestLintOnly(t *testing.T) {
	lintOnly := map[string]bool{
		"guard not 1 bit": true, "condition width": true, "write together": true, "read together": true,
		"empty control without done": true, "undriven comb condition": true,
	}
	found := 0
	for _, tc := range checkErrorCases {
		if !lintOnly[tc.name] {
			continue
		}
		found++
		p, err := Parse("t.futil", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(p); err != nil {
			t.Errorf("%s: Check reported %v", tc.name, err)
		}
		if w := Lint(p); len(w) == 0 || !strings.Contains(w.Error(), tc.want) {
			t.Errorf("%s: Lint = %v, want %q", tc.name, w, tc.want)
		}
	}
	if found != len(lintOnly) {
		t.Errorf("found %d of %d lint cases", found, len(lintOnly))
	}
}

// TestConstantCondition checks that a constant's output needs no `with`.
func TestConstantCondition(t *testing.T) {
	p, err := Parse("t.futil", []byte(wrap("k = std_const(1, 1);", "", "if k.out { ; }")))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckStrict(p); err != nil {
		t.Errorf("CheckStrict: %v", err)
	}
}

// TestStaticInvokeAccepted checks the invokes upstream accepts: `static
// invoke` of a static component in static and in dynamic control (with or
// without its latency written), of an @interval primitive, and dynamic
// invokes of dynamic cells.
func TestStaticInvokeAccepted(t *testing.T) {
	for _, ctl := range []string{
		"static seq { static invoke t(x = 8'd1)(); static invoke t(x = t.y)(); }",
		"seq { static<2> invoke t(x = 8'd1)(); invoke d()(); }",
		"static par { static invoke t(x = 8'd1)(); static<1> invoke r(in = 8'd3)(); }",
		"par { invoke r(in = 8'd3)(); invoke a(in = 4'd1)(); }",
	} {
		p, err := Parse("t.futil", []byte(staticProg(ctl)))
		if err != nil {
			t.Fatalf("%s: parse: %v", ctl, err)
		}
		if err := Check(p); err != nil {
			t.Errorf("%s: %v", ctl, err)
		}
	}
}

// TestCheckBuiltLiterals checks literals of programs built in code, which
// the parser never sees: every place a literal can appear is checked.
func TestCheckBuiltLiterals(t *testing.T) {
	big := ConstOf(4, 16)
	tests := []struct {
		name string
		comp func(c *Component)
		want string
	}{
		{"wire", func(c *Component) { c.Wires = append(c.Wires, Wire(ThisPort("y"), ConstOf(8, 256))) }, "literal 8'd256 does not fit in 8 bits: its value 256 is larger than 255"},
		{"guard", func(c *Component) {
			c.Wires = append(c.Wires, GuardedWire(ThisPort("y"), Cmp(CmpEq, AtomOf(PortOf("r", "out")), big), ConstOf(8, 1)))
		}, "literal 4'd16 does not fit in 4 bits"},
		{"64-bit literal fits", func(c *Component) {
			c.Cells = append(c.Cells, NewCell("w", "std_wire", 64))
			c.Wires = append(c.Wires, Wire(PortOf("w", "in"), ConstOf(64, ^uint64(0))), Wire(ThisPort("y"), ConstOf(8, 255)))
		}, ""},
		{"invoke", func(c *Component) {
			c.Control = &Invoke{Cell: "r", Inputs: []PortArg{{Port: "in", Arg: big}}}
		}, "literal 4'd16 does not fit in 4 bits"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Component{Name: "main", Inputs: []*PortDef{{Name: "x", Width: 8}}, Outputs: []*PortDef{{Name: "y", Width: 8}},
				Cells: []*Cell{NewCell("r", "std_reg", 4)}}
			tc.comp(c)
			p := &Program{Imports: []string{"primitives/core.futil"}, Components: []*Component{c}}
			err := Check(p)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Check = %v, want %q", err, tc.want)
			}
		})
	}
}
