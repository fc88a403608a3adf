// Package lower translates the (partitioned) loop-nest IR of package air into
// a Calyx program (package calyx) whose simulation reproduces the air
// interpreter bit for bit: dynamic control (below), or, for kernels marked
// for pipelining, static software pipelines that start one loop iteration
// per cycle.
//
// # Structure
//
// Every memory bank becomes a memory cell of main (N = rank, at most 4):
// seq_mem_dN, with a registered read port that synthesis maps to block RAM,
// for banks of at least Options.SeqMemBits bits, else comb_mem_dN. A seq
// bank's read takes one cycle (a pipeline stage, or a load group of its own
// that latches the data in dynamic control). Cells are named after the bank
// (air.Memory.BankName, made a legal Calyx name); the
// banks of input, output and const memories are @external so a testbench
// loads and dumps them. Every kernel becomes a component of the same name
// whose memories are `ref` cells; main instantiates each kernel once
// (`<kernel>_inst`) and its control is a seq of invokes that bind the ref
// cells to main's banks, in the order of the air main block.
//
// # Dynamic control
//
//   - for v in lo..hi step s: an index register `<kernel>_<v>` of the
//     program's index width, an init group, a comb group comparing it with
//     std_lt, `while` (with @bound) over seq { body; increment }.
//   - a statement (reg, assignment or store) becomes a seq of groups: one per
//     multiplication (a std_smult_pipe as wide as the exact product, in
//     post-order), one per extra load of a bank already addressed differently
//     in the same group (staged into a register), and the final group that
//     evaluates the rest combinationally and writes the register or bank.
//   - par: one par arm per unrolled copy; arms touch their own banks. A par
//     whose arms would need one bank at two addresses at once (or store to
//     a bank another arm uses) runs its arms in a seq instead.
//
// # Software pipelines (kernels marked pipeline(II))
//
// The statements of a kernel marked `pipeline(1)` (torch_accel marks every
// kernel unless told otherwise) are lowered as static software pipelines
// instead; LowerReport says what became of each. Loops of one iteration
// are dissolved first. The top-level statements are then cut into nests
// (nestGroups): a perfect chain of outer loops around straight-line code,
// or around a prologue, one inner loop chain and an epilogue; sibling loop
// chains with one iteration space are fused where no element or register
// is shared (the copies strip-mining makes). A nest's iterations
// (outer × inner) are slots; a slot runs the loop body, plus the prologue
// in the first and the epilogue in the last slot of each outer iteration
// (predicates that travel with the slot).
//
// The slot's statements become a dataflow graph (dataflow.go) with a mux
// for each predicated register write; schedule.go places it in stages
// (loads in stage 0, or later when a bank serves several, products 2
// stages after their operands in accel_smul_pipe, registers read and
// written in the stage their update is ready) and picks the initiation
// interval II: 1 unless a bank serves k accesses per slot (II >= k) or a
// register's update goes through a product (II >= 3), or a float32
// divider forces it (see Arithmetic). pipeline.go emits one
// `static<L>` group per nest, L = (slots-1)*II + depth + 1: loop counters
// that advance like an odometer while issuing, pipeline registers for
// values that cross stages, and every effect of stage s guarded by
// %[s : (slots-1)*II+s+1] (and a phase counter when II > 1). Consecutive
// pipelines of a kernel form a `static seq`. A nest whose slot both reads
// and writes one memory keeps the dynamic lowering below.
//
// # Arithmetic
//
// Each value has the width of its air type (air.OpType), so sums and products
// are exact. Operands are widened with std_signext; registers wrap with
// std_slice. Requantization (rq) is exactly fixed.Requantize: add 2^(s-1) in a
// width one bit wider than the operand, take the high bits (a shift by s;
// zeros appended for s < 0), then, when the result can exceed the target
// type, saturate by testing its top bits for all zeros or all ones
// (std_eq) and multiplexing the limit, and slice to the target's width.
// max/min are a signed comparison and a mux; against the constant 0 (ReLU)
// the sign bit selects the mux. In a pipeline a requantize that rounds or
// saturates a value of the slot, off every register recurrence, starts a
// stage of its own (its operand is registered).
// A nonlinear function (air.Nonlin: exp, reciprocal, rsqrt, sigmoid, tanh,
// erf) is a cell of its accel_* primitive (package nonlin, declared in
// primitives/accel.futil) with the unit's formats as parameters. In a
// pipeline it is a static op of latency Func.Latency(): its result is
// ready that many stages after its operand, like a product's. In dynamic
// control it gets a static<L+1> group of its own (L = Func.Latency()): the
// operand is driven from the group's first cycle and the output latched
// into a register in its last, which the statement's later groups read.
// Addresses are computed modulo 2^IW (IW bits cover every loop bound and
// dimension) with std_const_mult and std_add; IW is also every memory's
// index width.
//
// float32 values (air.Float32) are bit patterns of 32 bits. In dynamic
// control add, sub and mul each run in a group of their own on upstream's
// binary32 units std_addFN and std_mulFN (3 cycles with go/done; compiler/sv
// implements them with the project's units); in software pipelines they
// are the free-running accel_fadd_pipe and accel_fmul_pipe of
// primitives/accel.futil, floatLatency = 2 stages, so an accumulation
// through a float add needs II >= 3. exp of a float32 is accel_fexp_pipe
// (fexp.go), a static op of fexpLatency = 38 stages in a pipeline and a
// static<39> group of its own in dynamic control, like the fixed-point
// units above. div and sqrt run on accel_fdivsqrt
// (iterative, not pipelined: latency fdivLatency = 29, a new operation
// every fdivII = 30 cycles), one unit per operation: in dynamic control in
// a group of their own (go held until done, 30 cycles); in a software
// pipeline as a node of latency 29 whose go is raised only in the slots
// that use its result, so the scheduler makes II >= 30 for a division in
// every slot and II >= ceil(30/S) for one under the first- or
// last-iteration predicate of a nest with S inner slots (a mean's division
// in the epilogue of its reduction). max and min are combinational (a NaN
// check and an unsigned comparison of order-preserving keys of the bit
// patterns, float.go), rq to float32 is the identity. Results are bit-exact
// with the interpreter's package fp32 arithmetic.
//
// Data and Expect write the Calyx JSON data file for main's external memories
// and the expected contents of the output banks.
package lower
