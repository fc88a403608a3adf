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
