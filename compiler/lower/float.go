package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/fp32"
)

// floatOp lowers a float32 operation (dynamic control): add, sub and mul
// run in a group of their own on upstream's binary32 units std_addFN and
// std_mulFN (go held until done, 3 cycles; the result port holds after the
// group), div and sqrt likewise on accel_fdivsqrt (30 cycles), exp in a
// static group on accel_fexp_pipe (floatExp, 39 cycles), max and min
// are combinational in g (floatMaxMin), rq to float32 is the identity.
// Operations on constants fold with package fp32.
func (st *stmtb) floatOp(e *air.Op, g *grp) (val, error) {
	switch e.Kind {
	case air.Rq:
		return st.expr(e.Args[0], g)
	case air.Add, air.Sub, air.Mul:
		return st.floatUnit(e)
	case air.Nonlin:
		return st.floatExp(e)
	case air.Div, air.Sqrt:
		return st.floatDivSqrt(e)
	case air.Max, air.Min:
		a, err := st.expr(e.Args[0], g)
		if err != nil {
			return val{}, err
		}
		b, err := st.expr(e.Args[1], g)
		if err != nil {
			return val{}, err
		}
		return st.floatMaxMin(e.Kind == air.Max, a, b, g), nil
	}
	return val{}, fmt.Errorf("%s of float32 is not defined", e.Kind)
}

// foldFloat computes add, sub or mul of two float32 constants (raw bits).
func foldFloat(k air.OpKind, a, b int64) val {
	var r uint32
	switch k {
	case air.Add:
		r, _ = fp32.AddBits(uint32(a), uint32(b), false)
	case air.Sub:
		r, _ = fp32.AddBits(uint32(a), uint32(b), true)
	default:
		r, _ = fp32.MulBits(uint32(a), uint32(b), fp32.BeforeRounding)
	}
	return constVal(int64(r), 32)
}

// floatUnit runs add, sub or mul in a group of its own.
func (st *stmtb) floatUnit(e *air.Op) (val, error) {
	if a, ok := e.Args[0].(*air.Const); ok {
		if b, ok := e.Args[1].(*air.Const); ok {
			return foldFloat(e.Kind, a.Val, b.Val), nil
		}
	}
	kind, proto := "fadd", "std_addFN"
	if e.Kind == air.Mul {
		kind, proto = "fmul", "std_mulFN"
	}
	gu := &grp{grp: st.b.group(st.base+"_"+kind+"_go", calyx.GroupPlain), banks: map[string]string{}}
	var args []val
	for _, a := range e.Args {
		v, err := st.expr(a, gu)
		if err != nil {
			return val{}, err
		}
		args = append(args, v)
	}
	u := st.comb(kind, proto, 8, 24, 32)
	set(gu.grp, u, "left", args[0].a)
	set(gu.grp, u, "right", args[1].a)
	if e.Kind != air.Mul {
		sub := int64(0)
		if e.Kind == air.Sub {
			sub = 1
		}
		set(gu.grp, u, "subOp", konst(sub, 1))
	}
	set(gu.grp, u, "control", konst(0, 1))
	set(gu.grp, u, "roundingMode", konst(0, 3))
	gu.grp.Assigns = append(gu.grp.Assigns, &calyx.Assign{
		Dst:   calyx.PortRef{Parent: u, Name: "go"},
		Src:   konst(1, 1),
		Guard: &calyx.GuardNot{X: &calyx.GuardAtom{Atom: port(u, "done")}},
	})
	done(gu.grp, u, "done")
	st.groups = append(st.groups, gu.grp)
	return portVal(u, "out", 32), nil
}

// foldDivSqrt computes div or sqrt of float32 constants (raw bits).
func foldDivSqrt(k air.OpKind, a, b int64) val {
	var r uint32
	if k == air.Sqrt {
		r, _ = fp32.SqrtBits(uint32(a))
	} else {
		r, _ = fp32.DivBits(uint32(a), uint32(b), fp32.BeforeRounding)
	}
	return constVal(int64(r), 32)
}

// constArgs returns the raw values of an op's arguments if all are literals.
func constArgs(e *air.Op) ([]int64, bool) {
	var cs []int64
	for _, a := range e.Args {
		c, ok := a.(*air.Const)
		if !ok {
			return nil, false
		}
		cs = append(cs, c.Val)
	}
	return cs, true
}

// floatDivSqrt runs div or sqrt in a group of its own on an accel_fdivsqrt:
// go held until done (the unit samples the operands in the group's first
// cycle and raises done 29 cycles later), the result port @stable after
// the group. sqrt drives the unused right operand with 0.
func (st *stmtb) floatDivSqrt(e *air.Op) (val, error) {
	if cs, ok := constArgs(e); ok {
		return foldDivSqrt(e.Kind, cs[0], cs[len(cs)-1]), nil
	}
	kind := "fdiv"
	if e.Kind == air.Sqrt {
		kind = "fsqrt"
	}
	gu := &grp{grp: st.b.group(st.base+"_"+kind+"_go", calyx.GroupPlain), banks: map[string]string{}}
	var args []val
	for _, a := range e.Args {
		v, err := st.expr(a, gu)
		if err != nil {
			return val{}, err
		}
		args = append(args, v)
	}
	u := st.comb(kind, "accel_fdivsqrt")
	setDivSqrt(gu.grp, u, e.Kind, args)
	gu.grp.Assigns = append(gu.grp.Assigns, &calyx.Assign{
		Dst:   calyx.PortRef{Parent: u, Name: "go"},
		Src:   konst(1, 1),
		Guard: &calyx.GuardNot{X: &calyx.GuardAtom{Atom: port(u, "done")}},
	})
	done(gu.grp, u, "done")
	st.groups = append(st.groups, gu.grp)
	return portVal(u, "out", 32), nil
}

// setDivSqrt drives an accel_fdivsqrt's operand ports for div or sqrt of args.
func setDivSqrt(g *calyx.Group, u string, k air.OpKind, args []val) {
	set(g, u, "left", args[0].a)
	if k == air.Sqrt {
		set(g, u, "right", konst(0, 32))
		set(g, u, "sqrtOp", konst(1, 1))
	} else {
		set(g, u, "right", args[1].a)
		set(g, u, "sqrtOp", konst(0, 1))
	}
	set(g, u, "control", konst(0, 1))
}

// floatMaxMin returns IEEE 754-2019 maximum (max) or minimum of the binary32
// values a and b, as fp32.Max and fp32.Min: the canonical NaN if either is a
// NaN, else the larger (smaller) in the total order of the bit patterns
// mapped by key: x | 2^31 for x >= +0, ^x for negative x (so -0 < +0), which
// orders all non-NaN values as unsigned integers.
func (st *stmtb) floatMaxMin(isMax bool, a, b val, g *grp) val {
	if a.isConst && b.isConst {
		var r uint32
		if isMax {
			r, _ = fp32.MaxBits(uint32(a.c), uint32(b.c))
		} else {
			r, _ = fp32.MinBits(uint32(a.c), uint32(b.c))
		}
		return constVal(int64(r), 32)
	}
	kind := "fmin"
	if isMax {
		kind = "fmax"
	}
	key := func(x val) (val, calyx.Atom) {
		mag := st.comb(kind+"_mag", "std_slice", 32, 31)
		set(g.grp, mag, "in", x.a)
		nan := st.comb(kind+"_nan", "std_gt", 31)
		set(g.grp, nan, "left", port(mag, "out"))
		set(g.grp, nan, "right", konst(0x7f800000, 31))
		sign := st.comb(kind+"_sign", "std_bit_slice", 32, 31, 31, 1)
		set(g.grp, sign, "in", x.a)
		inv := st.comb(kind+"_inv", "std_not", 32)
		set(g.grp, inv, "in", x.a)
		top := st.comb(kind+"_top", "std_or", 32)
		set(g.grp, top, "left", x.a)
		set(g.grp, top, "right", konst(0x80000000, 32))
		k := st.comb(kind+"_key", "std_mux", 32)
		set(g.grp, k, "cond", port(sign, "out"))
		set(g.grp, k, "tru", port(inv, "out"))
		set(g.grp, k, "fal", port(top, "out"))
		return portVal(k, "out", 32), port(nan, "out")
	}
	ka, nanA := key(a)
	kb, nanB := key(b)
	cmpProto := "std_le"
	if isMax {
		cmpProto = "std_ge"
	}
	pick := st.choose(kind, cmpProto, ka, kb, a, b, g)
	anyNaN := st.comb(kind+"_anynan", "std_or", 1)
	set(g.grp, anyNaN, "left", nanA)
	set(g.grp, anyNaN, "right", nanB)
	out := st.comb(kind+"_out", "std_mux", 32)
	set(g.grp, out, "cond", port(anyNaN, "out"))
	set(g.grp, out, "tru", konst(int64(fp32.CanonicalNaN), 32))
	set(g.grp, out, "fal", pick.a)
	return portVal(out, "out", 32)
}

// floatOp emits a float32 node of a software pipeline: add, sub and mul on
// the pipelined accel_fadd_pipe and accel_fmul_pipe (operands driven
// floatLatency stages before the node's stage, every cycle), exp on the
// pipelined accel_fexp_pipe (floatExp), div and sqrt on an accel_fdivsqrt
// each (divSqrt), max and min combinationally, rq as the identity.
func (e *pipeEmitter) floatOp(v *node) val {
	switch v.op.Kind {
	case air.Add, air.Sub, air.Mul:
		in := v.ready - floatLatency
		l, r := e.valueAt(v.args[0], in), e.valueAt(v.args[1], in)
		if l.isConst && r.isConst {
			return foldFloat(v.op.Kind, l.c, r.c)
		}
		if v.op.Kind == air.Mul {
			u := e.st.comb("fmul", "accel_fmul_pipe")
			set(e.grp, u, "left", l.a)
			set(e.grp, u, "right", r.a)
			set(e.grp, u, "control", konst(0, 1))
			return portVal(u, "out", 32)
		}
		u := e.st.comb("fadd", "accel_fadd_pipe")
		set(e.grp, u, "left", l.a)
		set(e.grp, u, "right", r.a)
		sub := int64(0)
		if v.op.Kind == air.Sub {
			sub = 1
		}
		set(e.grp, u, "subOp", konst(sub, 1))
		return portVal(u, "out", 32)
	case air.Nonlin:
		return e.floatExp(v)
	case air.Div, air.Sqrt:
		return e.divSqrt(v)
	case air.Max, air.Min:
		a, c := e.valueAt(v.args[0], v.ready), e.valueAt(v.args[1], v.ready)
		return e.st.floatMaxMin(v.op.Kind == air.Max, a, c, e.g1)
	case air.Rq:
		return e.valueAt(v.args[0], v.ready)
	}
	panic(fmt.Sprintf("lower: %v of float32", v.op.Kind))
}

// divSqrt emits a div or sqrt node of a software pipeline on an
// accel_fdivsqrt of its own: go is raised fdivLatency stages before the
// node's stage in the cycles a valid slot is there and, for a node under a
// predicate, only where the predicate holds (the schedule makes II, or II
// times the slots between two such slots, at least fdivII, so every go
// finds the unit idle). The result is read in the node's stage, the cycle
// the unit's done is high; the @stable port holds it until the next result.
func (e *pipeEmitter) divSqrt(v *node) val {
	in := v.ready - fdivLatency
	var args []val
	for _, a := range v.args {
		args = append(args, e.valueAt(a, in))
	}
	if args[0].isConst && args[len(args)-1].isConst {
		return foldDivSqrt(v.op.Kind, args[0].c, args[len(args)-1].c)
	}
	kind := "fdiv"
	if v.op.Kind == air.Sqrt {
		kind = "fsqrt"
	}
	u := e.st.comb(kind, "accel_fdivsqrt")
	setDivSqrt(e.grp, u, v.op.Kind, args)
	var cond calyx.Guard
	if v.gate != nil {
		if g := e.valueAt(v.gate, in); !g.isConst {
			cond = calyx.GuardOf(g.a.Port)
		} else if g.c == 0 {
			return constVal(0, 32) // never used
		}
	}
	e.when(e.grp, u, "go", in, cond)
	return portVal(u, "out", 32)
}
