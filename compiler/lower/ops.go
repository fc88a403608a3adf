package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
)

// op lowers an arithmetic operation at the width of its air result type.
func (st *stmtb) op(e *air.Op, g *grp) (val, error) {
	rt, err := st.typeOf(e)
	if err != nil {
		return val{}, err
	}
	if rt.Float {
		return st.floatOp(e, g)
	}
	switch e.Kind {
	case air.Mul:
		return st.mul(e, rt)
	case air.Nonlin:
		return st.nonlin(e)
	}
	var args []val
	for _, a := range e.Args {
		v, err := st.expr(a, g)
		if err != nil {
			return val{}, err
		}
		args = append(args, v)
	}
	w := rt.Width
	switch e.Kind {
	case air.Add, air.Sub:
		a, b := st.ext(args[0], w, g), st.ext(args[1], w, g)
		if a.isConst && b.isConst {
			if e.Kind == air.Add {
				return constVal(a.c+b.c, w), nil
			}
			return constVal(a.c-b.c, w), nil
		}
		proto, kind := "std_add", "add"
		if e.Kind == air.Sub {
			proto, kind = "std_sub", "sub"
		}
		c := st.comb(kind, proto, w)
		set(g.grp, c, "left", a.a)
		set(g.grp, c, "right", b.a)
		return portVal(c, "out", w), nil
	case air.Max, air.Min:
		a, b := st.ext(args[0], w, g), st.ext(args[1], w, g)
		if a.isConst && b.isConst {
			if e.Kind == air.Max {
				return constVal(max(a.c, b.c), w), nil
			}
			return constVal(min(a.c, b.c), w), nil
		}
		return st.maxMin(e.Kind, a, b, g), nil
	case air.Rq:
		from, err := st.typeOf(e.Args[0])
		if err != nil {
			return val{}, err
		}
		return st.requantize(args[0], from, e.T, g)
	case air.Shr:
		return args[0], nil
	}
	return val{}, fmt.Errorf("unknown operation %v", e.Kind)
}

// padSelect returns data where every index of a padded load lies inside
// the memory's shape, else the pad value. Indices are computed modulo 2^IW
// and the layout makes IW wide enough that an index below 0 wraps to at
// least the size (padIndexMax), so one unsigned comparison idx < size per
// dimension that may leave the shape (by the loop ranges) decides.
func (st *stmtb) padSelect(l *air.Load, idx []val, data val, ranges map[string]air.Range, g *grp) val {
	m := st.b.p.Mem(l.Mem)
	var inside []calyx.Atom
	for d, a := range l.Index {
		if lo, hi, ok := a.Bounds(ranges); ok && lo >= 0 && hi < int64(m.Shape[d]) {
			continue
		}
		if idx[d].isConst {
			if uint64(idx[d].c)&mask(st.b.iw) < uint64(m.Shape[d]) {
				continue
			}
			return constVal(l.Pad, data.w)
		}
		lt := st.comb("inside", "std_lt", st.b.iw)
		set(g.grp, lt, "left", idx[d].a)
		set(g.grp, lt, "right", konst(int64(m.Shape[d]), st.b.iw))
		inside = append(inside, port(lt, "out"))
	}
	if len(inside) == 0 {
		return data
	}
	cond := inside[0]
	for _, x := range inside[1:] {
		and := st.comb("inside_and", "std_and", 1)
		set(g.grp, and, "left", cond)
		set(g.grp, and, "right", x)
		cond = port(and, "out")
	}
	mux := st.comb("pad", "std_mux", data.w)
	set(g.grp, mux, "cond", cond)
	set(g.grp, mux, "tru", data.a)
	set(g.grp, mux, "fal", konst(l.Pad, data.w))
	return portVal(mux, "out", data.w)
}

// choose returns (l CMP r) ? tru : fal with a signed comparator and a mux.
func (st *stmtb) choose(kind, cmpProto string, l, r, tru, fal val, g *grp) val {
	w := tru.w
	cmp := st.comb(kind+"_cmp", cmpProto, l.w)
	set(g.grp, cmp, "left", l.a)
	set(g.grp, cmp, "right", r.a)
	mux := st.comb(kind+"_mux", "std_mux", w)
	set(g.grp, mux, "cond", port(cmp, "out"))
	set(g.grp, mux, "tru", tru.a)
	set(g.grp, mux, "fal", fal.a)
	return portVal(mux, "out", w)
}

// maxMin emits max(a, b) or min(a, b) of two values of one width, not both
// constant: a signed comparison and a multiplexer, or, against the
// constant 0 (a ReLU), a multiplexer selected by the other value's sign
// bit, which needs no comparator.
func (st *stmtb) maxMin(k air.OpKind, a, b val, g *grp) val {
	if a.isConst {
		a, b = b, a // both commute
	}
	if b.isConst && b.c == 0 {
		sign := st.comb("sign", "std_bit_slice", a.w, a.w-1, a.w-1, 1)
		set(g.grp, sign, "in", a.a)
		kind, neg, pos := "max", b, a // max(a, 0): 0 if a < 0, else a
		if k == air.Min {
			kind, neg, pos = "min", a, b
		}
		mux := st.comb(kind+"_mux", "std_mux", a.w)
		set(g.grp, mux, "cond", port(sign, "out"))
		set(g.grp, mux, "tru", neg.a)
		set(g.grp, mux, "fal", pos.a)
		return portVal(mux, "out", a.w)
	}
	proto, kind := "std_sgt", "max"
	if k == air.Min {
		proto, kind = "std_slt", "min"
	}
	return st.choose(kind, proto, a, b, a, b, g)
}

// mul runs a product in a group of its own (a std_smult_pipe as wide as the
// exact product) and returns the multiplier's output, which holds the product
// after the group.
func (st *stmtb) mul(e *air.Op, rt air.Type) (val, error) {
	w := rt.Width
	if a, ok := e.Args[0].(*air.Const); ok {
		if b, ok := e.Args[1].(*air.Const); ok {
			return constVal(a.Val*b.Val, w), nil
		}
	}
	gm := &grp{grp: st.b.group(st.base+"_mul_go", calyx.GroupPlain), banks: map[string]string{}}
	var args []val
	for _, a := range e.Args {
		v, err := st.expr(a, gm)
		if err != nil {
			return val{}, err
		}
		args = append(args, st.ext(v, w, gm))
	}
	m := st.comb("mul", "std_smult_pipe", w)
	set(gm.grp, m, "left", args[0].a)
	set(gm.grp, m, "right", args[1].a)
	gm.grp.Assigns = append(gm.grp.Assigns, &calyx.Assign{
		Dst:   calyx.PortRef{Parent: m, Name: "go"},
		Src:   konst(1, 1),
		Guard: &calyx.GuardNot{X: &calyx.GuardAtom{Atom: port(m, "done")}},
	})
	done(gm.grp, m, "done")
	st.groups = append(st.groups, gm.grp)
	return portVal(m, "out", w), nil
}

// requantize converts v (type from) to type to exactly as fixed.Requantize:
// round half up by adding 2^(s-1) and shifting right arithmetically by s
// (s = from.Frac - to.Frac; a negative s shifts left), then saturate. The
// rounding adder is one bit wider than v (65 bits for a 64-bit v) so the
// carry is never lost; a left shift whose exact result would need more than
// air.MaxWidth bits is refused. Saturation is saturate's bit test.
func (st *stmtb) requantize(v val, from, to air.Type, g *grp) (val, error) {
	if v.isConst {
		return constVal(to.Requantize(v.c, from.Frac), to.Width), nil
	}
	s := from.Frac - to.Frac
	y := v
	fit := v.w // the result of the shift fits in fit signed bits
	// Shifts by the constant s are wiring: a slice of the rounded sum's
	// high bits (an arithmetic right shift whose result fits in ww-s
	// bits), or the value with -s zero bits appended (a left shift). No
	// shifter primitive, whose shift amount synthesis of a hierarchical
	// design would not see as constant.
	switch {
	case s >= v.w:
		// |v| <= 2^(w-1) <= 2^(s-1): v/2^s lies in [-1/2, 1/2) and rounds to 0.
		return constVal(0, to.Width), nil
	case s > 0:
		ww := max(v.w+1, s+1)
		x := st.ext(v, ww, g)
		add := st.comb("rnd", "std_add", ww)
		set(g.grp, add, "left", x.a)
		set(g.grp, add, "right", konst(int64(1)<<(s-1), ww))
		// s < v.w, so ww = v.w+1 > s: the slice keeps ww-s <= 64 bits, and
		// the saturating compares below are at most 64 bits wide.
		sl := st.comb("shr", "std_bit_slice", ww, s, ww-1, ww-s)
		set(g.grp, sl, "in", port(add, "out"))
		y, fit = portVal(sl, "out", ww-s), ww-s
	case s < 0:
		ww := v.w - s
		if ww > air.MaxWidth {
			return val{}, fmt.Errorf("rq of %s to %s shifts left by %d bits: needs %d bits, limit %d", from, to, -s, ww, air.MaxWidth)
		}
		cat := st.comb("shl", "std_cat", v.w, -s, ww)
		set(g.grp, cat, "left", v.a)
		set(g.grp, cat, "right", konst(0, -s))
		y, fit = portVal(cat, "out", ww), ww
	}
	if to.Width < fit {
		y = st.saturate(y, to, g)
	}
	return st.ext(y, to.Width, g), nil
}

// saturate clamps the signed value y to the range of to (to.Width < y.w)
// with bit tests instead of compares against to's limits: y fits iff its
// bits to.Width-1 .. y.w-1 are all equal (all ones if y is negative, all
// zeros otherwise); if not, the result is to.Min() for a negative y and
// to.Max() for a positive one, else y's low to.Width bits. Two equality
// tests side by side and three multiplexers: a shorter path than two
// chained compares across y's width.
func (st *stmtb) saturate(y val, to air.Type, g *grp) val {
	k := y.w - to.Width + 1
	slice := func(kind string, lo, hi int) string {
		c := st.comb(kind, "std_bit_slice", y.w, lo, hi, hi-lo+1)
		set(g.grp, c, "in", y.a)
		return c
	}
	top := slice("sat_top", to.Width-1, y.w-1)
	sign := slice("sat_sign", y.w-1, y.w-1)
	low := slice("sat_low", 0, to.Width-1)
	zeros := st.comb("sat_zeros", "std_eq", k)
	set(g.grp, zeros, "left", port(top, "out"))
	set(g.grp, zeros, "right", konst(0, k))
	ones := st.comb("sat_ones", "std_eq", k)
	set(g.grp, ones, "left", port(top, "out"))
	set(g.grp, ones, "right", konst(-1, k))
	fits := st.comb("sat_fits", "std_mux", 1)
	set(g.grp, fits, "cond", port(sign, "out"))
	set(g.grp, fits, "tru", port(ones, "out"))
	set(g.grp, fits, "fal", port(zeros, "out"))
	limit := st.comb("sat_limit", "std_mux", to.Width)
	set(g.grp, limit, "cond", port(sign, "out"))
	set(g.grp, limit, "tru", konst(to.Min(), to.Width))
	set(g.grp, limit, "fal", konst(to.Max(), to.Width))
	out := st.comb("sat", "std_mux", to.Width)
	set(g.grp, out, "cond", port(fits, "out"))
	set(g.grp, out, "tru", port(low, "out"))
	set(g.grp, out, "fal", port(limit, "out"))
	return portVal(out, "out", to.Width)
}

// nonlin runs a nonlinear function in a static group of its own: the unit
// (its accel_* primitive) sees the operand, computed in the group, from the
// group's first cycle, and its output, valid Func.Latency() cycles later,
// is latched into a register in the group's last cycle (static<L+1>). The
// register holds the value for the statement's later groups.
func (st *stmtb) nonlin(e *air.Op) (val, error) {
	from, err := st.typeOf(e.Args[0])
	if err != nil {
		return val{}, err
	}
	u, err := air.NonlinUnit(e, from)
	if err != nil {
		return val{}, err
	}
	lat := uint64(u.Func.Latency())
	gn := &grp{grp: st.b.group(st.base+"_"+u.Func.String(), calyx.GroupStatic), banks: map[string]string{}}
	gn.grp.Latency = lat + 1
	x, err := st.expr(e.Args[0], gn)
	if err != nil {
		return val{}, err
	}
	x = st.ext(x, u.In.Width, gn)
	cell := st.comb(u.Func.String(), u.Func.Primitive(), unitParams(u)...)
	set(gn.grp, cell, "in", x.a)
	r := st.comb(u.Func.String()+"_out", "std_reg", u.Out.Width)
	set(gn.grp, r, "in", port(cell, "out"))
	gn.grp.Assigns = append(gn.grp.Assigns, calyx.GuardedWire(calyx.PortOf(r, "write_en"),
		&calyx.GuardTime{Start: lat, End: lat + 1}, konst(1, 1)))
	st.groups = append(st.groups, gn.grp)
	return portVal(r, "out", u.Out.Width), nil
}

// unitParams are the Calyx parameters of a nonlinear unit's primitive.
func unitParams(u nonlin.Unit) []int {
	var ps []int
	for _, p := range u.Params() {
		ps = append(ps, int(p))
	}
	return ps
}
