package sv

import (
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// wire declares a 1-bit local signal driven by expr.
func (b *builder) wire(base, expr string) string {
	s := b.local(base, 1)
	s.fixed = true
	s.read = true
	fmt.Fprintf(&b.ctrl, "  assign %s = %s;\n", s.name, expr)
	return s.name
}

// state declares a state register and named states; it returns the register.
func (b *builder) state(base string, labels []string) (*sig, []string) {
	w := bitsFor(uint64(len(labels)))
	reg := b.local(base, w)
	reg.fixed = true
	reg.read = true
	var names []string
	for i, l := range labels {
		n := b.nm.fresh(strings.ToUpper(base + "_" + l))
		fmt.Fprintf(&b.decls, "  localparam logic [%d:0] %s = %d'd%d;\n", w-1, n, w, i)
		names = append(names, n)
	}
	return reg, names
}

// seqBlock writes an always_ff with reset for the given body lines.
func (b *builder) seqBlock(resetLines, body []string) {
	fmt.Fprintf(&b.ctrl, "  always_ff @(posedge %s) begin\n    if (%s) begin\n", b.clk, b.reset)
	for _, l := range resetLines {
		fmt.Fprintf(&b.ctrl, "      %s\n", l)
	}
	b.ctrl.WriteString("    end else begin\n")
	for _, l := range body {
		fmt.Fprintf(&b.ctrl, "      %s\n", l)
	}
	b.ctrl.WriteString("    end\n  end\n")
}

// control compiles the component's control program and its go/done interface.
func (b *builder) control() error {
	own := b.ports[""]
	if b.ifc.goPort == "" || b.ifc.donePort == "" || b.clk == "" || b.reset == "" {
		if b.comp.Control != nil {
			return fmt.Errorf("control needs the go, done, clk and reset ports")
		}
		return b.finishGroups()
	}
	goS, doneS := own[b.ifc.goPort], own[b.ifc.donePort]
	goS.read = true
	b.clkReset(false).read = true
	b.clkReset(true).read = true
	if b.comp.Latency > 0 {
		return b.staticComponent(goS, own[b.ifc.donePort])
	}
	if b.ownsDone() {
		return b.ownProtocol(goS)
	}
	doneS.fixed = true
	cgo := b.wire("control_go", fmt.Sprintf("%s && !%s", goS.name, doneS.name))
	d, err := b.node(b.comp.Control, cgo)
	if err != nil {
		return err
	}
	b.ctrl.WriteString("  // done is high for one cycle after the control program finishes.\n")
	b.seqBlock([]string{doneS.name + " <= 1'b0;"}, []string{fmt.Sprintf("%s <= %s;", doneS.name, d)})
	return b.finishGroups()
}

// ownsDone reports whether the component drives its own done port with
// assignments (continuous or in groups): it implements the go/done
// interface itself, and the compiler must not drive done.
func (b *builder) ownsDone() bool {
	is := func(a *calyx.Assign) bool {
		return !a.Dst.Hole && a.Dst.Parent == "" && a.Dst.Name == b.ifc.donePort
	}
	for _, a := range b.comp.Wires {
		if is(a) {
			return true
		}
	}
	for _, g := range b.comp.Groups {
		for _, a := range g.Assigns {
			if is(a) {
				return true
			}
		}
	}
	return false
}

// ownProtocol compiles a component that drives its own done port: done is
// exactly what its assignments say. Its control program, if any, starts
// when go rises and runs once per go phase: a register remembers that it
// finished until go falls.
func (b *builder) ownProtocol(goS *sig) error {
	if b.comp.Control == nil {
		return b.finishGroups()
	}
	if _, ok := b.comp.Control.(*calyx.Empty); ok {
		return b.finishGroups()
	}
	fin := b.local("control_finished", 1)
	fin.fixed, fin.read = true, true
	cgo := b.wire("control_go", fmt.Sprintf("%s && !%s", goS.name, fin.name))
	d, err := b.node(b.comp.Control, cgo)
	if err != nil {
		return err
	}
	b.ctrl.WriteString("  // The component drives its own done; its control runs once while go is high.\n")
	b.seqBlock([]string{fin.name + " <= 1'b0;"}, []string{
		fmt.Sprintf("if (!%s) %s <= 1'b0;", goS.name, fin.name),
		fmt.Sprintf("else if (%s) %s <= 1'b1;", d, fin.name),
	})
	return b.finishGroups()
}

// finishGroups drives every group's go hole and static cycle counters.
func (b *builder) finishGroups() error {
	for _, g := range b.comp.Groups {
		gi := b.groups[g.Name]
		en := "1'b0"
		if len(gi.terms) > 0 {
			en = strings.Join(gi.terms, " || ")
		}
		if gi.doneSig != nil && len(gi.terms) > 0 {
			gi.doneSig.read = true
			en = fmt.Sprintf("(%s) && !%s", en, gi.doneSig.name)
		}
		if gi.fin != nil && len(gi.terms) > 0 {
			gi.fin.read = true
			en = fmt.Sprintf("(%s) && !%s", en, gi.fin.name)
		}
		dyn := en
		for _, a := range gi.island {
			if en == "1'b0" {
				en = a.active
			} else {
				en += " || " + a.active
			}
		}
		fmt.Fprintf(&b.ctrl, "  assign %s = %s;\n", gi.goSig.name, en)
		if gi.cnt != nil {
			b.staticCounter(gi, dyn)
		}
	}
	return nil
}

// staticCounter drives a static group's cycle counter: a register counting
// the cycles of runs started by dynamic control (dyn), overridden by the
// island's cycle while a static control island runs the group.
func (b *builder) staticCounter(gi *groupInfo, dyn string) {
	g := gi.g
	last := fmt.Sprintf("%d'd%d", gi.cntW, g.Latency-1)
	count := gi.cnt
	if len(gi.island) > 0 {
		count = b.local(g.Name+"_count", gi.cntW)
		count.fixed, count.read = true, true
		b.ctrl.WriteString("  always_comb begin\n")
		fmt.Fprintf(&b.ctrl, "    %s = %s;\n", gi.cnt.name, count.name)
		for _, a := range gi.island {
			fmt.Fprintf(&b.ctrl, "    if (%s) %s = %d'(%s);\n", a.active, gi.cnt.name, gi.cntW, a.time)
		}
		b.ctrl.WriteString("  end\n")
	}
	b.seqBlock([]string{count.name + " <= '0;", gi.fin.name + " <= 1'b0;"}, []string{
		fmt.Sprintf("if (%s && %s != %s) %s <= %s + %d'd1;", paren(dyn), count.name, last, count.name, count.name, gi.cntW),
		fmt.Sprintf("else %s <= '0;", count.name),
		fmt.Sprintf("%s <= %s && %s == %s;", gi.fin.name, paren(dyn), count.name, last),
	})
	count.read = true // by its own increment; the island's cycle only if a guard reads it
}

// label names a control statement for its FSM state.
func label(c calyx.Control) string {
	switch c := c.(type) {
	case *calyx.Enable:
		return c.Group
	case *calyx.Seq:
		return "seq"
	case *calyx.Par:
		return "par"
	case *calyx.If:
		return "if"
	case *calyx.While:
		return "while"
	case *calyx.Repeat:
		return "repeat"
	case *calyx.Invoke:
		return "invoke_" + c.Cell
	}
	return "empty"
}

// nodeName returns a fresh base name for a control statement.
func (b *builder) nodeName(kind string) string {
	b.nodes++
	return fmt.Sprintf("%s%d", kind, b.nodes-1)
}

// node compiles one control statement started by goExpr; it returns the
// condition that is high when the statement is done (only while goExpr is).
func (b *builder) node(c calyx.Control, goExpr string) (string, error) {
	if c != nil {
		if n, ok := c.ControlAttrs().Get("sync"); ok {
			return b.syncStmt(c, n, goExpr)
		}
	}
	if isStatic(c) {
		return b.island(c, goExpr)
	}
	switch c := c.(type) {
	case nil, *calyx.Empty:
		return goExpr, nil
	case *calyx.Enable:
		return b.enable(c, goExpr)
	case *calyx.Seq:
		return b.seq(c.Stmts, goExpr)
	case *calyx.Par:
		return b.par(c, goExpr)
	case *calyx.If:
		return b.ifStmt(c, goExpr)
	case *calyx.While:
		return b.while(c, goExpr)
	case *calyx.Repeat:
		return b.repeat(c, goExpr)
	case *calyx.Invoke:
		return b.invoke(c, goExpr)
	}
	return "", b.errf(c.ControlPos(), "unsupported control statement: %s", kindName(c))
}

func (b *builder) enable(c *calyx.Enable, goExpr string) (string, error) {
	gi := b.groups[c.Group]
	if gi == nil {
		return "", b.errf(c.Pos, "no group %s", c.Group)
	}
	switch gi.g.Kind {
	case calyx.GroupComb:
		return "", b.errf(c.Pos, "comb group %s cannot be enabled", c.Group)
	case calyx.GroupStatic:
		// As upstream runs a static group in dynamic control: its n cycles,
		// then done in the cycle after (when the group is off).
		gi.terms = append(gi.terms, paren(goExpr))
		return and(goExpr, gi.fin.name), nil
	}
	gi.terms = append(gi.terms, paren(goExpr))
	gi.doneSig.read = true
	return and(goExpr, gi.doneSig.name), nil
}

func (b *builder) seq(stmts []calyx.Control, goExpr string) (string, error) {
	switch len(stmts) {
	case 0:
		return goExpr, nil
	case 1:
		return b.node(stmts[0], goExpr)
	}
	n := b.nodeName("seq")
	gw := b.wire(n+"_go", goExpr)
	var labels []string
	for _, s := range stmts {
		labels = append(labels, label(s))
	}
	st, names := b.state(n+"_state", labels)
	var body []string
	var last string
	for i, s := range stmts {
		d, err := b.node(s, fmt.Sprintf("%s && %s == %s", gw, st.name, names[i]))
		if err != nil {
			return "", err
		}
		next := names[0]
		if i+1 < len(stmts) {
			next = names[i+1]
		}
		kw := "else if"
		if i == 0 {
			kw = "if"
		}
		body = append(body, fmt.Sprintf("%s (%s) %s <= %s;", kw, d, st.name, next))
		last = d
	}
	b.seqBlock([]string{fmt.Sprintf("%s <= %s;", st.name, names[0])}, body)
	return b.wire(n+"_done", last), nil
}

func (b *builder) par(c *calyx.Par, goExpr string) (string, error) {
	switch len(c.Stmts) {
	case 0:
		return goExpr, nil
	case 1:
		return b.node(c.Stmts[0], goExpr)
	}
	n := b.nodeName("par")
	gw := b.wire(n+"_go", goExpr)
	ctx := &parCtx{name: n, barriers: map[uint64]*barrier{}}
	b.pars = append(b.pars, ctx)
	defer func() { b.pars = b.pars[:len(b.pars)-1] }()
	var regs, dones, all []string
	for i, s := range c.Stmts {
		ctx.arm = i
		r := b.local(fmt.Sprintf("%s_arm%d_%s_finished", n, i, label(s)), 1)
		r.fixed, r.read = true, true
		d, err := b.node(s, fmt.Sprintf("%s && !%s", gw, r.name))
		if err != nil {
			return "", err
		}
		regs = append(regs, r.name)
		dones = append(dones, d)
		all = append(all, fmt.Sprintf("(%s || %s)", r.name, paren(d)))
	}
	b.finishBarriers(ctx)
	done := b.wire(n+"_done", fmt.Sprintf("%s && %s", gw, strings.Join(all, " && ")))
	var rst, body []string
	for i, r := range regs {
		rst = append(rst, r+" <= 1'b0;")
		body = append(body, fmt.Sprintf("if (%s) %s <= 1'b0;", done, r), fmt.Sprintf("else if (%s) %s <= 1'b1;", dones[i], r))
	}
	b.seqBlock(rst, body)
	return done, nil
}

// cond resolves a condition port and activates its comb group while active.
func (b *builder) cond(p calyx.PortRef, with, active string, pos calyx.Pos) (string, error) {
	if with != "" {
		gi := b.groups[with]
		if gi == nil || gi.g.Kind != calyx.GroupComb {
			return "", b.errf(pos, "%s is not a comb group", with)
		}
		gi.terms = append(gi.terms, paren(active))
	}
	s, err := b.port(p)
	if err != nil {
		return "", err
	}
	if s.width != 1 {
		return "", b.errf(pos, "condition %s is %d bits wide", portText(p), s.width)
	}
	s.read = true
	return s.name, nil
}

func (b *builder) ifStmt(c *calyx.If, goExpr string) (string, error) {
	n := b.nodeName("if")
	gw := b.wire(n+"_go", goExpr)
	labels := []string{"check", "then"}
	if c.Else != nil {
		labels = append(labels, "else")
	}
	st, names := b.state(n+"_state", labels)
	check := fmt.Sprintf("%s && %s == %s", gw, st.name, names[0])
	cond, err := b.cond(c.Cond, c.With, check, c.Pos)
	if err != nil {
		return "", err
	}
	td, err := b.node(c.Then, fmt.Sprintf("%s && %s == %s", gw, st.name, names[1]))
	if err != nil {
		return "", err
	}
	body := []string{}
	done := []string{paren(td)}
	if c.Else != nil {
		ed, err := b.node(c.Else, fmt.Sprintf("%s && %s == %s", gw, st.name, names[2]))
		if err != nil {
			return "", err
		}
		body = append(body, fmt.Sprintf("if (%s) %s <= %s ? %s : %s;", check, st.name, cond, names[1], names[2]))
		body = append(body, fmt.Sprintf("else if (%s) %s <= %s;", ed, st.name, names[0]))
		done = append(done, paren(ed))
	} else {
		body = append(body, fmt.Sprintf("if (%s && %s) %s <= %s;", check, cond, st.name, names[1]))
		done = append(done, fmt.Sprintf("(%s && !%s)", check, cond))
	}
	body = append(body, fmt.Sprintf("else if (%s) %s <= %s;", td, st.name, names[0]))
	b.seqBlock([]string{fmt.Sprintf("%s <= %s;", st.name, names[0])}, body)
	return b.wire(n+"_done", strings.Join(done, " || ")), nil
}

func (b *builder) while(c *calyx.While, goExpr string) (string, error) {
	n := b.nodeName("while")
	gw := b.wire(n+"_go", goExpr)
	st, names := b.state(n+"_state", []string{"check", "body"})
	check := fmt.Sprintf("%s && %s == %s", gw, st.name, names[0])
	cond, err := b.cond(c.Cond, c.With, check, c.Pos)
	if err != nil {
		return "", err
	}
	bd, err := b.node(c.Body, fmt.Sprintf("%s && %s == %s", gw, st.name, names[1]))
	if err != nil {
		return "", err
	}
	b.seqBlock([]string{fmt.Sprintf("%s <= %s;", st.name, names[0])}, []string{
		fmt.Sprintf("if (%s && %s) %s <= %s;", check, cond, st.name, names[1]),
		fmt.Sprintf("else if (%s) %s <= %s;", bd, st.name, names[0]),
	})
	return b.wire(n+"_done", fmt.Sprintf("%s && !%s", check, cond)), nil
}

func (b *builder) repeat(c *calyx.Repeat, goExpr string) (string, error) {
	if c.Count == 0 {
		return goExpr, nil
	}
	if c.Count == 1 {
		return b.node(c.Body, goExpr)
	}
	n := b.nodeName("repeat")
	gw := b.wire(n+"_go", goExpr)
	w := bitsFor(c.Count)
	cnt := b.local(n+"_count", w)
	cnt.fixed, cnt.read = true, true
	bd, err := b.node(c.Body, gw)
	if err != nil {
		return "", err
	}
	last := fmt.Sprintf("%s == %d'd%d", cnt.name, w, c.Count-1)
	done := b.wire(n+"_done", fmt.Sprintf("%s && %s", paren(bd), last))
	b.seqBlock([]string{cnt.name + " <= '0;"}, []string{
		fmt.Sprintf("if (%s) %s <= '0;", done, cnt.name),
		fmt.Sprintf("else if (%s) %s <= %s + %d'd1;", bd, cnt.name, cnt.name, w),
	})
	return done, nil
}

// invokeTarget resolves an invoked cell: its component interface (nil for a
// primitive), its go and done ports and its timing.
func (b *builder) invokeTarget(c *calyx.Invoke) (cell *calyx.Cell, sub *iface, goPort, donePort string, t calyx.Timing, err error) {
	cell = b.comp.Cell(c.Cell)
	if cell == nil {
		return nil, nil, "", "", t, b.errf(c.Pos, "invoke of unknown cell %s", c.Cell)
	}
	sub = b.c.ifaces[cell.Proto]
	if sub != nil {
		goPort, donePort = sub.goPort, sub.donePort
		t = calyx.TimingOf(b.c.prog, cell.Proto)
	} else {
		// A primitive: its @go input and @done output.
		cps, err := cellPorts(b.c.prog, cell)
		if err != nil {
			return nil, nil, "", "", t, b.errf(c.Pos, "invoke of %s: %v", c.Cell, err)
		}
		for _, p := range cps {
			if p.Input && p.Attrs.Has(calyx.AttrGo) && goPort == "" {
				goPort = p.Name
			}
			if !p.Input && p.Attrs.Has(calyx.AttrDone) && donePort == "" {
				donePort = p.Name
			}
		}
		if sig, ok := lookupPrim(b.c.prog, cell.Proto); ok {
			t = calyx.Timing{Latency: sig.Latency, Interval: sig.GoInterval()}
		}
	}
	return cell, sub, goPort, donePort, t, nil
}

func (b *builder) invoke(c *calyx.Invoke, goExpr string) (string, error) {
	cell, sub, goPort, donePort, t, err := b.invokeTarget(c)
	if err != nil {
		return "", err
	}
	if msg := calyx.InvokeError(c, cell.Proto, t, false); msg != "" {
		return "", b.errf(c.Pos, "%s", msg)
	}
	if goPort == "" || donePort == "" {
		return "", b.errf(c.Pos, "invoke of %s: only cells with go and done ports can be invoked", c.Cell)
	}
	n := b.nodeName("invoke_" + c.Cell)
	gw := b.wire(n+"_go", goExpr)
	cdone := b.ports[c.Cell][donePort]
	cdone.read = true
	active := b.wire(n+"_active", fmt.Sprintf("%s && !%s", gw, cdone.name))
	if c.With != "" {
		if _, err := b.cond(calyx.PortRef{Parent: c.Cell, Name: donePort}, c.With, active, c.Pos); err != nil {
			return "", err
		}
	}
	if err := b.bindInvoke(c, cell, sub, goPort, active, active); err != nil {
		return "", err
	}
	return and(gw, cdone.name), nil
}

// bindInvoke drives the invoked cell's go port while goGuard is high and
// binds its inputs, outputs and ref cells while active is.
func (b *builder) bindInvoke(c *calyx.Invoke, cell *calyx.Cell, sub *iface, goPort, active, goGuard string) error {
	origin := "invoke of " + c.Cell
	ports := b.ports[c.Cell]
	b.addDriver(ports[goPort], driver{guard: goGuard, src: "1'b1", origin: origin, pos: c.Pos})
	for _, a := range c.Inputs {
		dst := ports[a.Port]
		if dst == nil || !dst.driven {
			return b.errf(a.Pos, "%s has no input %s", c.Cell, a.Port)
		}
		src, w, err := b.atom(a.Arg)
		if err != nil {
			return err
		}
		if w != dst.width {
			return b.errf(a.Pos, "width mismatch binding %s.%s (%d bits) to %d bits", c.Cell, a.Port, dst.width, w)
		}
		b.addDriver(dst, driver{guard: active, src: src, origin: origin, pos: a.Pos})
	}
	for _, a := range c.Outputs {
		src := ports[a.Port]
		if src == nil || src.driven {
			return b.errf(a.Pos, "%s has no output %s", c.Cell, a.Port)
		}
		if a.Arg.IsConst {
			return b.errf(a.Pos, "output %s bound to a constant", a.Port)
		}
		dst, err := b.dest(a.Arg.Port, nil)
		if err != nil {
			return err
		}
		if dst.width != src.width {
			return b.errf(a.Pos, "width mismatch binding output %s.%s (%d bits) to %s (%d bits)", c.Cell, a.Port, src.width, portText(a.Arg.Port), dst.width)
		}
		src.read = true
		b.addDriver(dst, driver{guard: active, src: src.name, origin: origin, pos: a.Pos})
	}
	for _, rb := range c.RefCells {
		if sub == nil {
			return b.errf(rb.Pos, "primitive %s has no ref cells", cell.Proto)
		}
		refPorts := sub.ref[rb.Param]
		if refPorts == nil {
			return b.errf(rb.Pos, "%s has no ref cell %s", cell.Proto, rb.Param)
		}
		arg := b.ports[rb.Arg]
		if arg == nil {
			return b.errf(rb.Pos, "no cell %s", rb.Arg)
		}
		for _, ip := range sub.ports {
			if ip.refOf != rb.Param {
				continue
			}
			inst := ports[refKey(rb.Param, ip.calyx)]
			actual := arg[ip.calyx]
			if actual == nil || actual.width != inst.width {
				return b.errf(rb.Pos, "cell %s does not match ref cell %s (port %s)", rb.Arg, rb.Param, ip.calyx)
			}
			if inst.driven {
				actual.read = true
				b.addDriver(inst, driver{guard: active, src: actual.name, origin: origin, pos: rb.Pos})
			} else {
				inst.read = true
				b.addDriver(actual, driver{guard: active, src: inst.name, origin: origin, pos: rb.Pos})
			}
		}
	}
	return nil
}
