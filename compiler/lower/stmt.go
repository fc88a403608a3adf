package lower

import (
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// stmtb lowers one statement into a sequence of groups.
type stmtb struct {
	b      *kbuild
	base   string         // name base for the statement's cells
	groups []*calyx.Group // groups run before the final one, in order
	last   *grp           // the final group
}

// grp is a group being filled, with the address each bank is read at in it.
type grp struct {
	grp   *calyx.Group
	banks map[string]string // bank cell -> index key driven in this group
	addrs map[string][]val  // bank cell -> the index values driven
}

func (b *kbuild) newStmt(base string) *stmtb { return &stmtb{b: b, base: base} }

// final creates the statement's last group.
func (st *stmtb) final(name string) *grp {
	st.last = &grp{grp: st.b.group(name, calyx.GroupPlain), banks: map[string]string{}}
	return st.last
}

// control returns the statement's groups as a seq of enables.
func (st *stmtb) control() calyx.Control {
	var cs []calyx.Control
	for _, g := range append(st.groups, st.last.grp) {
		cs = append(cs, &calyx.Enable{Group: g.Name})
	}
	return seqOf(cs)
}

// val is a computed value: a port (or constant) of width w.
type val struct {
	a       calyx.Atom
	w       int
	isConst bool
	c       int64 // the constant's value, sign-wrapped to w
}

func constVal(c int64, w int) val {
	c = air.Type{Width: w}.Wrap(c)
	return val{a: konst(c, w), w: w, isConst: true, c: c}
}

func portVal(cell, name string, w int) val { return val{a: port(cell, name), w: w} }

// comb adds a combinational cell for the statement.
func (st *stmtb) comb(kind, proto string, params ...int) string {
	return st.b.cell(st.base+"_"+kind, proto, params...)
}

// ext sign-extends or truncates v to w bits.
func (st *stmtb) ext(v val, w int, g *grp) val {
	switch {
	case v.isConst:
		return constVal(v.c, w)
	case v.w == w:
		return v
	case w > v.w:
		c := st.comb("ext", "std_signext", v.w, w)
		set(g.grp, c, "in", v.a)
		return portVal(c, "out", w)
	default:
		c := st.comb("cut", "std_slice", v.w, w)
		set(g.grp, c, "in", v.a)
		return portVal(c, "out", w)
	}
}

// typeOf returns the air type of e.
func (st *stmtb) typeOf(e air.Expr) (air.Type, error) {
	switch e := e.(type) {
	case *air.Const:
		return e.T, nil
	case *air.Ref:
		t, ok := st.b.types[e.Name]
		if !ok {
			return air.Type{}, fmt.Errorf("undefined register %s", e.Name)
		}
		return t, nil
	case *air.Load:
		m := st.b.p.Mem(e.Mem)
		if m == nil {
			return air.Type{}, fmt.Errorf("undefined memory %s", e.Mem)
		}
		return m.Elem, nil
	case *air.Op:
		var ts []air.Type
		for _, a := range e.Args {
			t, err := st.typeOf(a)
			if err != nil {
				return air.Type{}, err
			}
			ts = append(ts, t)
		}
		return air.OpType(e, ts)
	}
	return air.Type{}, fmt.Errorf("unknown expression %T", e)
}

// expr evaluates e combinationally in g; multiplications get groups of their own first.
func (st *stmtb) expr(e air.Expr, g *grp) (val, error) {
	switch e := e.(type) {
	case *air.Const:
		return constVal(e.Val, e.T.Width), nil
	case *air.Ref:
		r, ok := st.b.regs[e.Name]
		if !ok {
			return val{}, fmt.Errorf("undefined register %s", e.Name)
		}
		return portVal(r, "out", st.b.types[e.Name].Width), nil
	case *air.Load:
		return st.load(e, g)
	case *air.Op:
		return st.op(e, g)
	}
	return val{}, fmt.Errorf("unknown expression %T", e)
}

// load reads a bank combinationally, or stages the read in a register when
// the bank is already addressed differently in g.
func (st *stmtb) load(e *air.Load, g *grp) (val, error) {
	bank := st.b.l.BankCell(e.Mem, e.Bank)
	w := st.b.p.Mem(e.Mem).Elem.Width
	key := indexKey(e.Index)
	if st.b.l.bank(bank).Seq {
		return st.seqLoad(e, bank, w)
	}
	if have, ok := g.banks[bank]; !ok || have == key {
		idx, err := st.address(g, bank, e.Index)
		if err != nil {
			return val{}, err
		}
		v := portVal(bank, "read_data", w)
		if e.Padded {
			v = st.padSelect(e, idx, v, st.b.ranges, g)
		}
		return v, nil
	}
	sg := &grp{grp: st.b.group(st.b.prefix(bank)+"_ld", calyx.GroupPlain), banks: map[string]string{}}
	idx, err := st.address(sg, bank, e.Index)
	if err != nil {
		return val{}, err
	}
	data := portVal(bank, "read_data", w)
	if e.Padded {
		data = st.padSelect(e, idx, data, st.b.ranges, sg)
	}
	r := st.b.cell(st.b.prefix(bank)+"_rd", "std_reg", w)
	set(sg.grp, r, "in", data.a)
	set(sg.grp, r, "write_en", konst(1, 1))
	done(sg.grp, r, "done")
	st.groups = append(st.groups, sg.grp)
	return portVal(r, "out", w), nil
}

// seqLoad reads a seq_mem bank in a group of its own: the read is issued
// with content_en, and the data, valid when the bank's done rises, is
// latched into a register the statement's later groups read.
func (st *stmtb) seqLoad(e *air.Load, bank string, w int) (val, error) {
	sg := &grp{grp: st.b.group(st.b.prefix(bank)+"_ld", calyx.GroupPlain), banks: map[string]string{}}
	idx, err := st.address(sg, bank, e.Index)
	if err != nil {
		return val{}, err
	}
	set(sg.grp, bank, "content_en", konst(1, 1))
	data := portVal(bank, "read_data", w)
	if e.Padded {
		data = st.padSelect(e, idx, data, st.b.ranges, sg)
	}
	r := st.b.cell(st.b.prefix(bank)+"_rd", "std_reg", w)
	set(sg.grp, r, "in", data.a)
	set(sg.grp, r, "write_en", port(bank, "done"))
	done(sg.grp, r, "done")
	st.groups = append(st.groups, sg.grp)
	return portVal(r, "out", w), nil
}

func indexKey(idx []air.Affine) string {
	s := make([]string, len(idx))
	for i, a := range idx {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

// address drives bank's address ports in g (once per group) and claims the
// bank there; it returns the index values.
func (st *stmtb) address(g *grp, bank string, idx []air.Affine) ([]val, error) {
	if have, ok := g.banks[bank]; ok {
		if have != indexKey(idx) {
			return nil, fmt.Errorf("bank %s addressed twice in group %s", bank, g.grp.Name)
		}
		return g.addrs[bank], nil
	}
	g.banks[bank] = indexKey(idx)
	var vals []val
	for d, a := range idx {
		v, err := st.index(a, g)
		if err != nil {
			return nil, err
		}
		set(g.grp, bank, fmt.Sprintf("addr%d", d), v.a)
		vals = append(vals, v)
	}
	if g.addrs == nil {
		g.addrs = map[string][]val{}
	}
	g.addrs[bank] = vals
	return vals, nil
}

// index computes an affine index modulo 2^IW.
func (st *stmtb) index(a air.Affine, g *grp) (val, error) {
	iw := st.b.iw
	var acc *val
	for _, t := range a.Terms {
		r, ok := st.b.vars[t.Var]
		if !ok {
			return val{}, fmt.Errorf("undefined loop variable %s", t.Var)
		}
		x := portVal(r, "out", iw)
		if t.Coef != 1 {
			cm := st.comb("idx_mul", "std_const_mult", iw, int(uint64(t.Coef)&mask(iw)))
			set(g.grp, cm, "in", x.a)
			x = portVal(cm, "out", iw)
		}
		if acc == nil {
			acc = &x
			continue
		}
		ad := st.comb("idx_add", "std_add", iw)
		set(g.grp, ad, "left", acc.a)
		set(g.grp, ad, "right", x.a)
		s := portVal(ad, "out", iw)
		acc = &s
	}
	if acc == nil {
		return constVal(a.Const, iw), nil
	}
	if a.Const != 0 {
		ad := st.comb("idx_add", "std_add", iw)
		set(g.grp, ad, "left", acc.a)
		set(g.grp, ad, "right", konst(a.Const, iw))
		s := portVal(ad, "out", iw)
		acc = &s
	}
	return *acc, nil
}
