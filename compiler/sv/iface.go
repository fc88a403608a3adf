package sv

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// iface is a component's SystemVerilog interface, known before its body is built.
type iface struct {
	comp      *calyx.Component
	module    string                        // module name
	ports     []*ifPort                     // module ports in order
	byName    map[string]*ifPort            // Calyx port name -> port
	ref       map[string]map[string]*ifPort // ref cell -> its port -> module port
	instances map[string]string             // cell -> instance name (filled by the builder)
	goPort    string                        // Calyx name of the @go input, "" if none
	donePort  string                        // Calyx name of the @done output, "" if none
	clkPort   string                        // Calyx name of the @clk input, "" if none
	resetPort string                        // Calyx name of the @reset input, "" if none
	nm        *namer                        // names taken by ports
}

// ifPort is one module port.
type ifPort struct {
	calyx string // Calyx port name (for ref ports, the ref cell's port)
	sv    string // SystemVerilog name
	width uint64
	input bool
	refOf string // ref cell name for a ref port
	attrs calyx.Attrs
}

// iface returns a component's interface, building it (and those of the
// components it takes by reference) on first use.
func (c *compiler) iface(comp *calyx.Component) (*iface, error) {
	if ifc, ok := c.ifaces[comp.Name]; ok {
		if ifc == nil {
			return nil, fmt.Errorf("component %s takes itself by reference", comp.Name)
		}
		return ifc, nil
	}
	c.ifaces[comp.Name] = nil
	ifc, err := c.buildIface(comp)
	if err != nil {
		return nil, fmt.Errorf("component %s: %w", comp.Name, err)
	}
	c.ifaces[comp.Name] = ifc
	return ifc, nil
}

func (c *compiler) buildIface(comp *calyx.Component) (*iface, error) {
	ifc := &iface{
		comp:      comp,
		module:    c.modules.fresh(comp.Name),
		byName:    map[string]*ifPort{},
		ref:       map[string]map[string]*ifPort{},
		instances: map[string]string{},
		nm:        newNamer(),
	}
	ins, outs := comp.Signature()
	for i, list := range [][]*calyx.PortDef{ins, outs} {
		for _, p := range list {
			if ifc.byName[p.Name] != nil {
				return nil, fmt.Errorf("port %s declared twice", p.Name)
			}
			if p.WidthParam != "" || p.Width == 0 {
				return nil, fmt.Errorf("port %s has no constant width", p.Name)
			}
			ip := &ifPort{calyx: p.Name, sv: ifc.nm.fresh(p.Name), width: p.Width, input: i == 0, attrs: p.Attrs}
			ifc.ports = append(ifc.ports, ip)
			ifc.byName[p.Name] = ip
			switch {
			case i == 0 && p.Attrs.Has(calyx.AttrGo) && ifc.goPort == "":
				ifc.goPort = p.Name
			case i == 0 && p.Attrs.Has(calyx.AttrClk) && ifc.clkPort == "":
				ifc.clkPort = p.Name
			case i == 0 && p.Attrs.Has(calyx.AttrReset) && ifc.resetPort == "":
				ifc.resetPort = p.Name
			case i == 1 && p.Attrs.Has(calyx.AttrDone) && ifc.donePort == "":
				ifc.donePort = p.Name
			}
		}
	}
	for _, cell := range comp.Cells {
		if !cell.Ref {
			continue
		}
		ports, err := cellPorts(c.prog, cell)
		if err != nil {
			return nil, fmt.Errorf("ref cell %s: %w", cell.Name, err)
		}
		m := map[string]*ifPort{}
		for _, p := range ports {
			if p.Attrs.Has(calyx.AttrClk) || p.Attrs.Has(calyx.AttrReset) {
				continue
			}
			// The ref cell's inputs are driven by this component: module outputs.
			ip := &ifPort{calyx: p.Name, sv: ifc.nm.fresh(cell.Name + "_" + p.Name), width: p.Width, input: !p.Input, refOf: cell.Name, attrs: p.Attrs}
			ifc.ports = append(ifc.ports, ip)
			m[p.Name] = ip
		}
		if sub := c.prog.Component(cell.Proto); sub != nil {
			// A component passed by reference brings its own ref ports along.
			subIfc, err := c.iface(sub)
			if err != nil {
				return nil, err
			}
			for _, sp := range subIfc.ports {
				if sp.refOf == "" {
					continue
				}
				key := refKey(sp.refOf, sp.calyx)
				ip := &ifPort{calyx: key, sv: ifc.nm.fresh(cell.Name + "_" + sp.sv), width: sp.width, input: !sp.input, refOf: cell.Name, attrs: sp.attrs}
				ifc.ports = append(ifc.ports, ip)
				m[key] = ip
			}
		}
		ifc.ref[cell.Name] = m
	}
	return ifc, nil
}
