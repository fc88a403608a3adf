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
// compilation adds (invoke bindings), each list in source order. A port with
// no active driver reads 0. Two unguarded drivers of one port in the same
// group, or an unguarded continuous driver together with any other driver,
// are rejected at compile time.
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
//     outputs and ref cells and drives the cell's go with `!done`.
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
// # Simulation
//
// Testbench emits module `accel_tb` (Verilator --binary --timing; see
// Testbench) which loads every @external memory of the top component from
// `<DATA>/<name>.dat` with $readmemh, resets for two cycles, raises go,
// counts cycles to done, prints `cycles: N`, dumps the memories to
// `<DATA>/<name>.out` with $writememh and calls $finish; +MAX_CYCLES=N bounds
// the run (default 100000000, then $fatal) and +TRACE=file dumps a waveform.
package sv
