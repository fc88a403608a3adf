package sv

import (
	"fmt"
	"strings"
)

// decl renders a signal's type.
func decl(w uint64) string {
	if w == 1 {
		return "logic"
	}
	return fmt.Sprintf("logic [%d:0]", w-1)
}

// emit writes the module text.
func (b *builder) emit() (string, error) {
	if err := b.conflicts(); err != nil {
		return "", err
	}
	var o strings.Builder
	fmt.Fprintf(&o, "// Component %s.\nmodule %s (\n", b.comp.Name, b.ifc.module)
	var ports []string
	for _, p := range b.ifc.ports {
		dir := "output"
		if p.input {
			dir = "input  wire"
		}
		ports = append(ports, fmt.Sprintf("    %s %s %s", dir, decl(p.width), p.sv))
	}
	o.WriteString(strings.Join(ports, ",\n"))
	o.WriteString("\n);\n")
	for _, s := range b.sigs {
		if s.local {
			fmt.Fprintf(&o, "  %s %s;\n", decl(s.width), s.name)
		}
	}
	o.WriteString(b.decls.String())
	if b.insts.Len() > 0 {
		o.WriteString("\n")
		o.WriteString(b.insts.String())
	}
	var muxes strings.Builder
	for _, s := range b.sigs {
		if !s.driven || s.fixed {
			continue
		}
		ds := b.drv[s]
		switch {
		case len(ds) == 0:
			fmt.Fprintf(&muxes, "  assign %s = '0;\n", s.name)
		case len(ds) == 1 && ds[0].guard == "":
			fmt.Fprintf(&muxes, "  assign %s = %s;\n", s.name, ds[0].src)
		default:
			fmt.Fprintf(&muxes, "  always_comb begin\n    %s = '0;\n", s.name)
			for i, d := range ds {
				kw := "else if"
				if i == 0 {
					kw = "if"
				}
				g := d.guard
				if g == "" {
					g = "1'b1"
				}
				fmt.Fprintf(&muxes, "    %s (%s) %s = %s;\n", kw, g, s.name, d.src)
			}
			muxes.WriteString("  end\n")
		}
	}
	if muxes.Len() > 0 {
		o.WriteString("\n")
		o.WriteString(muxes.String())
	}
	if b.ctrl.Len() > 0 {
		o.WriteString("\n")
		o.WriteString(b.ctrl.String())
	}
	o.WriteString(b.driverChecks())
	var unused []string
	for _, s := range b.sigs {
		if !s.read && (s.local || !s.driven) {
			unused = append(unused, s.name)
		}
	}
	if len(unused) > 0 {
		n := b.nm.fresh("unused_signals")
		fmt.Fprintf(&o, "\n  // Signals nothing reads, gathered so lint accepts them.\n  logic %s;\n  assign %s = ^{%s};\n", n, n, strings.Join(unused, ", "))
	}
	o.WriteString("endmodule\n")
	return o.String(), nil
}

// driverChecks returns the simulation-time check of multiply-driven ports:
// in every cycle, all active drivers of a port must agree on its value
// (Calyx gives two disagreeing drivers no meaning, and the multiplexer
// would silently pick the first). Drivers that agree are accepted: the
// lowering's parallel arms that read one memory word all drive its address,
// each from its own index adder, with equal values. The check compares each
// active driver's source with the port's multiplexed value (the first
// active driver's), at each rising clock edge outside reset, and stops the
// simulation with $fatal naming the port and every driver's origin, whether
// it is active and its value. Synthesis tools skip it (`ifndef SYNTHESIS`,
// translate_off), so it costs no hardware; a simulation built with
// ACCEL_NO_DRIVER_CHECKS defined leaves it out too. Modules without a clock (comb
// components) have no check; their drivers are continuous assignments only.
func (b *builder) driverChecks() string {
	if b.clk == "" || b.reset == "" {
		return ""
	}
	var checks strings.Builder
	for _, s := range b.sigs {
		ds := b.drv[s]
		if !s.driven || s.fixed || len(ds) < 2 {
			continue
		}
		// one class of drivers per distinct source, in first-driver order
		var srcs []string
		guards := map[string][]string{}
		names := map[string][]string{}
		for _, d := range ds {
			g := d.guard
			if g == "" {
				g = "1'b1"
			}
			if guards[d.src] == nil {
				srcs = append(srcs, d.src)
			}
			guards[d.src] = append(guards[d.src], paren(g))
			names[d.src] = append(names[d.src], fmt.Sprintf("%s (%s)", d.origin, d.pos))
		}
		if len(srcs) < 2 {
			continue // every driver assigns the same source
		}
		var bad, labels, args []string
		for _, src := range srcs {
			act := strings.Join(guards[src], " || ")
			bad = append(bad, fmt.Sprintf("((%s) && %s != %s)", act, paren(src), s.name))
			labels = append(labels, strings.Join(names[src], " or ")+" active %b value %0d")
			args = append(args, paren(act), paren(src))
		}
		port := s.port
		if port == "" {
			port = s.name
		}
		fmt.Fprintf(&checks, "      if (%s)\n", strings.Join(bad, "\n          || "))
		fmt.Fprintf(&checks, "        $fatal(2, \"%%m: port %s of component %s has active drivers with different values in this cycle: %s\",\n          %s);\n",
			port, b.comp.Name, strings.Join(labels, ", "), strings.Join(args, ", "))
	}
	if checks.Len() == 0 {
		return ""
	}
	var o strings.Builder
	o.WriteString("\n  // Simulation only: the active drivers of a port must agree on its value\n")
	o.WriteString("  // (define ACCEL_NO_DRIVER_CHECKS to leave the check out of a simulation).\n")
	o.WriteString("`ifndef SYNTHESIS\n`ifndef ACCEL_NO_DRIVER_CHECKS\n  // synthesis translate_off\n")
	fmt.Fprintf(&o, "  always_ff @(posedge %s) begin\n    if (!%s) begin\n", b.clk, b.reset)
	o.WriteString(checks.String())
	o.WriteString("    end\n  end\n  // synthesis translate_on\n`endif\n`endif\n")
	return o.String()
}
