// Package sv compiles a Calyx program (package calyx) to SystemVerilog that
// passes `verilator --lint-only -Wall`: one module per component, the
// project's own primitive library (prims/*.sv, embedded) for the cells, and a
// simulation testbench.
//
// # Structure
//
// LoadProgram parses a file and merges the components of the .futil files it
// imports (searched next to it and in library directories); the core
// primitives need no import. Compile emits the library modules the design
// uses (each once, sorted, with the internal helper modules they instantiate,
// such as accel_mult_pipe_core behind the std_*mult_pipe family), then one
// module per component reachable from the top (the @toplevel component, else
// main), in source order. Cells of the older std_mem_dN names instantiate
// comb_mem_dN. Output bytes depend only on the input.
//
// Floating point: the library's IEEE-754 binary32 units (accel_fadd_pipe,
// accel_fmul_pipe, accel_fcmp_pipe, accel_fminmax_pipe, accel_fp_to_int_pipe,
// accel_int_to_fp_pipe, accel_fdivsqrt; each file documents its semantics and
// latency) implement upstream's std_addFN, std_mulFN, std_compareFN,
// std_divSqrtFN, std_fpToInt and std_intToFp for binary32 only (float.go
// rejects other formats) and compute exactly what package fp32 computes;
// std_float_const's literal becomes its bit pattern.
//
// Every cell port becomes a signal named `<cell>_<port>` (ref cells become
// module ports of that name). Every port that a component drives (cell
// inputs, the component's outputs, group done holes) gets one always_comb
// multiplexer over its guarded assignments in a fixed priority: continuous
// assignments first, then groups in source order, then the drivers control
// compilation adds (invoke bindings), each list in source order (the order
// only matters when active drivers disagree, which Calyx leaves undefined
// and the simulation check below stops). A port with no active driver reads 0. Two unguarded drivers of one port in the same
// group, or an unguarded continuous driver together with any other driver,
// are rejected at compile time. Literals must fit their width (a sized
// literal or std_const value that does not is an error, never truncated).
//
// # Conflicting drivers
//
// Calyx gives two drivers of one port active in the same cycle no meaning
// (typically two arms of a par writing one register); the multiplexer
// would silently pick the first. A static analysis (parcheck.go) rejects
// two par arms that provably drive one port with different constants in
// the same cycle, naming the port, the values, both groups (or invokes) and
// the cycle; it follows the cycle behaviour below from the cycle the par
// starts, exactly through static groups, static islands and seqs of them,
// and for the first cycle of a dynamic group, invoke or condition check
// (assuming a group's done is not already high when it starts). What it
// cannot prove is checked at simulation time: each module with a clock has
// an always_ff block that, at each rising clock edge outside reset, compares
// every active driver of a multiply-driven port with the port's value and
// stops the simulation with $fatal ("%m: port r.in of component main has
// active drivers with different values in this cycle: group ga (15:16)
// active 1 value 5, group gb (16:16) active 1 value 7") if they disagree.
// Drivers that agree pass: the lowering's unrolled arms read one memory
// word through one address port, each with its own index adder. (Upstream
// Calyx's Verilog stops on any two active drivers, agreeing or not.) The
// block sits inside `ifndef SYNTHESIS and synthesis translate_off/on, so
// synthesis tools (Yosys defines SYNTHESIS) build nothing for it; a
// simulation built with ACCEL_NO_DRIVER_CHECKS defined leaves it out too. Comb
// components, which have no clock, get no such block.
//
// # Control and cycle behaviour
//
// Control compiles structurally: each statement becomes a small FSM with a
// go wire (`<stmt>_go`) and a done expression that is only high while its go
// is. No go depends combinationally on a done, so no loops arise.
//
//   - enable `g;`: g's go hole is `go && !g[done]` (so the group's
//     assignments are off in the cycle its done is seen, as in upstream
//     Calyx), and the statement is done when g[done] is high.
//   - seq: a state register (one state per child, named after it); child i
//     runs while the state is i; the last child's done is the seq's done in
//     the same cycle. No cycles are spent between children.
//   - par: every arm starts together; a register per arm remembers that it
//     finished; the par is done in the cycle the last arm finishes.
//   - if / while: one cycle in a CHECK state evaluates the condition (with the
//     `with` comb group active only in that cycle), then the chosen branch or
//     the body runs; while returns to CHECK after each iteration, and is done
//     in the CHECK cycle whose condition is false (an if without else is done
//     in its CHECK cycle when the condition is false).
//   - repeat n: a counter; the body restarts at once; done with the n-th
//     body done (repeat 0 is done at once).
//   - `@sync(n);` inside a par arm waits until every arm of the innermost
//     par that has a `@sync(n)` statement reaches one (a register per arm
//     records arrival; all are cleared when the barrier opens).
//   - invoke: like an enable of an implicit group that binds the inputs,
//     outputs and ref cells and drives the cell's go with `!done`. A
//     dynamic invoke of a static<n> component (or static primitive) is an
//     error, as upstream: it must be a `static invoke`.
//   - static invoke (in static control, or alone in dynamic control, where
//     it is a static island of its own): the cell's latency n is its
//     static<n>, else the @interval(n) of its go port (as std_reg's
//     @interval(1) or std_mult_pipe's @interval(3)); inputs, outputs and
//     ref cells are bound for the n cycles; a static component gets go in
//     the first cycle only, an @interval cell for all n. A static invoke of
//     a cell with neither, or with a written latency other than n, is an
//     error.
//   - a static group enabled from dynamic control runs exactly its latency
//     n (a cycle counter drives the %[a:b] guards) and, as upstream does for
//     static groups in dynamic control, reports done in the cycle after,
//     when it is off.
//   - a static compound statement (static seq, par, if, repeat) is a static
//     island with an exact schedule: one counter runs through its L cycles
//     and each static group is active in exactly its scheduled cycles (seq
//     children back to back, par children together, repeat bodies by
//     modulo, static if reading its condition in its first cycle and holding
//     it in a register); the island is done in the cycle after its last.
//
// A component's done output is a register: it is high for exactly one cycle,
// the cycle after its control finished, and control does not restart in that
// cycle (go must fall, as invoke does, or the component runs again).
//
// A component that assigns its own done port (in wires or in a group; upstream
// Calyx's components with empty control implement go/done this way) keeps
// its protocol: done is exactly what its assignments drive. Its control
// program, if it has one, starts when go is high and runs once per go phase
// (a register remembers that it finished until go falls).
//
// A static<n> component has upstream's static interface: its control must be
// static and take exactly n cycles; a run starts in a cycle where go is high
// and the component is idle and lasts exactly n cycles, whatever go does
// after the first cycle, and a go in the cycle after the last starts the next
// run at once (so static invokes can follow each other without a gap). Its
// done is high in the cycle after the last, for a testbench waiting on it.
//
// # Simulation
//
// Testbench emits module `accel_tb` (Verilator --binary --timing; see
// Testbench) which loads every @external memory of the top component from
// `<DATA>/<name>.dat` with $readmemh, resets for two cycles, raises go,
// counts cycles to done, prints `cycles: N`, dumps the memories to
// `<DATA>/<name>.out` with $writememh and calls $finish; +MAX_CYCLES=N bounds
// the run (default 100000000, then $fatal) and +TRACE=file dumps a waveform.
package sv
