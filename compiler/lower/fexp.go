package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/fp32"
)

// fexpLatency is the latency in cycles of accel_fexp_pipe, the float32 exp
// unit (primitives/accel.futil: static<38>).
const fexpLatency = 38

// floatExp runs exp of a float32 in a static group of its own, as nonlin
// does for the fixed-point units: accel_fexp_pipe sees the operand,
// computed in the group, from the group's first cycle, and its output,
// valid fexpLatency cycles later, is latched into a register in the
// group's last cycle (static<fexpLatency+1>). A constant operand folds
// with fp32.ExpBits.
func (st *stmtb) floatExp(e *air.Op) (val, error) {
	if c, ok := e.Args[0].(*air.Const); ok {
		return constVal(int64(fp32.ExpBits(uint32(c.Val))), 32), nil
	}
	gn := &grp{grp: st.b.group(st.base+"_fexp", calyx.GroupStatic), banks: map[string]string{}}
	gn.grp.Latency = fexpLatency + 1
	x, err := st.expr(e.Args[0], gn)
	if err != nil {
		return val{}, err
	}
	cell := st.comb("fexp", "accel_fexp_pipe")
	set(gn.grp, cell, "in", x.a)
	r := st.comb("fexp_out", "std_reg", 32)
	set(gn.grp, r, "in", port(cell, "out"))
	gn.grp.Assigns = append(gn.grp.Assigns, calyx.GuardedWire(calyx.PortOf(r, "write_en"),
		&calyx.GuardTime{Start: fexpLatency, End: fexpLatency + 1}, konst(1, 1)))
	st.groups = append(st.groups, gn.grp)
	return portVal(r, "out", 32), nil
}

// floatExp emits an exp node of a software pipeline: the free-running
// accel_fexp_pipe gets its operand fexpLatency stages before the node's
// stage, every cycle.
func (e *pipeEmitter) floatExp(v *node) val {
	if v.op.Func.String() != "exp" {
		panic(fmt.Sprintf("lower: %s of float32", v.op.Func))
	}
	x := e.valueAt(v.args[0], v.ready-fexpLatency)
	if x.isConst {
		return constVal(int64(fp32.ExpBits(uint32(x.c))), 32)
	}
	cell := e.st.comb("fexp", "accel_fexp_pipe")
	set(e.grp, cell, "in", x.a)
	return portVal(cell, "out", 32)
}
