package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// mulLatency is accel_smul_pipe's latency in cycles (primitives/accel.futil).
const mulLatency = 2

// floatLatency is the latency in cycles of accel_fadd_pipe and
// accel_fmul_pipe (primitives/accel.futil), the float32 add/sub and mul.
const floatLatency = 2

// fdivLatency is accel_fdivsqrt's latency in cycles (compiler/fp32's
// table): operands sampled with go in cycle t, the result valid in t+29 and
// held (the port is @stable) until the unit's next result.
const fdivLatency = 29

// fdivII is the cycles between two operations of one accel_fdivsqrt: the
// unit is not pipelined (one result bit a cycle) and accepts the next go in
// cycle t+30.
const fdivII = 30

// sched is the result of scheduling a slot.
type sched struct {
	ii       int            // initiation interval: a new slot every ii cycles
	depth    int            // last stage with an effect (a slot issued at cycle t is in stage s at t+s)
	regWrite map[string]int // register -> stage in which it is written
}

// schedule places a slot's dataflow in pipeline stages (a slot issued at
// cycle t is in stage s at cycle t+s) and chooses the initiation interval
// II: the smallest of at least minII that the memory ports and the
// register recurrences allow.
//
// A float32 div or sqrt has its own accel_fdivsqrt, which starts one
// operation per fdivII cycles: its go is raised only in the slots where
// its result is used, so a unit of a statement under the firstIter or
// lastIter predicate (an average's division in a reduction's epilogue)
// starts once per outer iteration, every S slots with S the product of the
// inner loops' trip counts, and needs II >= ceil(fdivII/S); one of an
// unpredicated statement needs II >= fdivII. (Replicating the unit R times
// and issuing round robin would allow II = ceil(fdivII/R); not done.)
//
// Every value gets the earliest stage where it is available (ASAP): loop
// indices, predicates and constants at stage 0, a load in its issue stage
// (combinational memory read), a product mulLatency stages after its
// operands, a float32 add, sub or mul floatLatency stages, a nonlinear
// function its unit's latency after its operand (nonlin.Func.Latency),
// anything else in the stage of its latest operand. A bank serves
// one access per cycle, so the k-th distinct load of a bank in a slot is
// issued in stage k and stores to one bank get stages distinct modulo II;
// II is at least the most accesses of one bank. A register the nest writes
// is read in one stage R (its incoming value, the previous slot's) and
// written in a stage W with R <= W <= R+II-1, so the next slot reads it
// after the write; II is at least one more than the latency of the longest
// path from a register's incoming to its outgoing value. R is the smallest
// stage that satisfies every register (a fixed point). A store happens in
// the stage its value, address and predicate are ready.
//
// It fails (errNotNest) when one slot both reads and writes a memory: a
// read after a write through memory would need the write to land first.
func (g *slotGraph) schedule(minII int) (*sched, error) {
	if err := g.checkAccesses(); err != nil {
		return nil, err
	}
	g.stageRequantizes()
	sc := &sched{ii: max(1, minII), regWrite: map[string]int{}}
	// Memory ports: loads of one bank take consecutive issue stages.
	loadsOf := map[string]int{}
	for _, v := range g.nodes {
		if v.kind == nLoad {
			bank := g.b.l.BankCell(v.load.Mem, v.load.Bank)
			v.at = loadsOf[bank]
			loadsOf[bank]++
			sc.ii = max(sc.ii, loadsOf[bank])
		}
	}
	storesOf := map[string]int{}
	for _, st := range g.stores {
		bank := g.b.l.BankCell(st.st.Mem, st.st.Bank)
		storesOf[bank]++
		sc.ii = max(sc.ii, storesOf[bank])
	}
	// Non-pipelined dividers.
	for _, v := range g.nodes {
		if v.isDivSqrt() {
			every := int64(1)
			if v.when != always {
				every = g.n.innerSlots()
			}
			sc.ii = max(sc.ii, int((fdivII+every-1)/every))
		}
	}
	// Recurrences.
	for _, r := range g.written {
		if in := g.regIn[r]; in != nil {
			sc.ii = max(sc.ii, g.latencyFrom(in, g.final[r])+1)
		}
	}
	read := map[string]int{}
	for iter := 0; ; iter++ {
		for _, v := range g.nodes {
			v.ready = g.readyOf(v, read)
		}
		changed := false
		for _, r := range g.written {
			w := max(g.final[r].ready, read[r])
			if w > read[r]+sc.ii-1 {
				read[r] = w - (sc.ii - 1)
				changed = true
			}
			sc.regWrite[r] = w
		}
		if !changed {
			break
		}
		if iter > len(g.nodes)+1 {
			return nil, fmt.Errorf("scheduling registers did not converge")
		}
	}
	for _, r := range g.written {
		sc.depth = max(sc.depth, sc.regWrite[r])
	}
	for _, v := range g.nodes {
		if v.isDivSqrt() {
			// The group lasts until the divider's last result, so that a
			// new run of the group finds the unit idle.
			sc.depth = max(sc.depth, v.ready)
		}
	}
	used := map[string]map[int]bool{} // bank -> store stages modulo II
	for _, s := range g.stores {
		s.stage = s.val.ready
		for _, a := range s.addr {
			s.stage = max(s.stage, a.ready)
		}
		if s.when != nil {
			s.stage = max(s.stage, s.when.ready)
		}
		bank := g.b.l.BankCell(s.st.Mem, s.st.Bank)
		if used[bank] == nil {
			used[bank] = map[int]bool{}
		}
		for used[bank][s.stage%sc.ii] {
			s.stage++
		}
		used[bank][s.stage%sc.ii] = true
		sc.depth = max(sc.depth, s.stage)
	}
	return sc, nil
}

// readyOf is the stage where v is available, given the registers' stages.
func (g *slotGraph) readyOf(v *node, regStage map[string]int) int {
	switch v.kind {
	case nConst, nInvariant, nIndex, nPred:
		return 0
	case nRegIn:
		return regStage[v.reg]
	case nLoad:
		if g.b.l.bank(g.b.l.BankCell(v.load.Mem, v.load.Bank)).Seq {
			return v.at + 1 // a seq_mem's read data is registered
		}
		return v.at
	}
	r := 0
	for _, a := range v.args {
		r = max(r, a.ready)
	}
	return r + v.latency()
}

// latency is the number of cycles from a node's operands to its value: a
// product's mulLatency, a float32 add, sub or mul's floatLatency, a float32
// div or sqrt's fdivLatency, a nonlinear unit's Func.Latency(), 1 for a
// staged requantize (its operand is registered), 0 for combinational nodes.
func (v *node) latency() int {
	if v.kind != nOp {
		return 0
	}
	switch v.op.Kind {
	case air.Rq:
		if v.staged {
			return 1
		}
	case air.Add, air.Sub:
		if v.t.Float {
			return floatLatency
		}
	case air.Mul:
		if v.t.Float {
			return floatLatency
		}
		return mulLatency
	case air.Nonlin:
		if v.t.Float {
			return fexpLatency
		}
		return v.op.Func.Latency()
	case air.Div, air.Sqrt:
		return fdivLatency
	}
	return 0
}

// isDivSqrt reports whether v runs on an accel_fdivsqrt.
func (v *node) isDivSqrt() bool {
	return v.kind == nOp && (v.op.Kind == air.Div || v.op.Kind == air.Sqrt)
}

// stageRequantizes marks the requantizes that start a pipeline stage: those
// that round or saturate (requantize emits a rounding adder or compares for
// them; rqLogic) of a value computed in the slot, on no register's
// recurrence (a path from its incoming to its outgoing value, where a stage
// would raise the II). An accumulation then ends its stage and the
// rounding, saturation and store of its result take the next one, which
// about halves the longest path of a multiply-accumulate nest (select,
// accumulator add, rounding add, saturation, store in one cycle before).
func (g *slotGraph) stageRequantizes() {
	onCycle := make([]bool, len(g.nodes))
	for _, r := range g.written {
		in := g.regIn[r]
		if in == nil {
			continue
		}
		dep := make([]bool, len(g.nodes)) // depends on the incoming value
		dep[in.id] = true
		for _, v := range g.nodes[in.id+1:] {
			for _, a := range v.args {
				dep[v.id] = dep[v.id] || dep[a.id]
			}
		}
		seen := make([]bool, len(g.nodes))
		var mark func(v *node)
		mark = func(v *node) {
			if seen[v.id] {
				return
			}
			seen[v.id] = true
			onCycle[v.id] = onCycle[v.id] || dep[v.id]
			for _, a := range v.args {
				mark(a)
			}
		}
		mark(g.final[r])
	}
	for _, v := range g.nodes {
		if v.kind != nOp || v.op.Kind != air.Rq || v.t.Float || onCycle[v.id] {
			continue
		}
		if x := v.args[0]; x.kind != nConst && x.kind != nInvariant && rqLogic(x.t, v.op.T) {
			v.staged = true
		}
	}
}

// rqLogic reports whether requantizing from one type to another takes
// logic (see requantize): a rounding adder for a right shift by s =
// from.Frac - to.Frac with 0 < s < from.Width, saturating compares when
// the shifted value needs more bits than the target has.
func rqLogic(from, to air.Type) bool {
	s := from.Frac - to.Frac
	switch {
	case s >= from.Width:
		return false // the result is the constant 0
	case s > 0:
		return true
	}
	return to.Width < from.Width-s
}

// latencyFrom is the largest latency along a path from src to dst (-1 if
// dst does not depend on src).
func (g *slotGraph) latencyFrom(src, dst *node) int {
	lat := make([]int, len(g.nodes))
	for i := range lat {
		lat[i] = -1
	}
	lat[src.id] = 0
	for _, v := range g.nodes[src.id+1:] {
		for _, a := range v.args {
			if lat[a.id] < 0 {
				continue
			}
			lat[v.id] = max(lat[v.id], lat[a.id]+v.latency())
		}
	}
	return lat[dst.id]
}

// checkAccesses rejects slots that read and write one memory.
func (g *slotGraph) checkAccesses() error {
	loaded := map[string]bool{}
	for _, v := range g.nodes {
		if v.kind == nLoad {
			loaded[v.load.Mem] = true
		}
	}
	for _, s := range g.stores {
		if loaded[s.st.Mem] {
			return notNest("memory %s is both read and written (line %d)", s.st.Mem, s.st.Line)
		}
	}
	return nil
}
