// Package calyxfuzz generates small random but valid Calyx programs for
// fuzzing the Calyx-to-SystemVerilog backend (package sv) against an
// independent reference.
//
// Generate(seed) builds a Spec, the program in the generator's own terms:
// W-bit registers, 1-bit flags, comb and seq memories, sub-components (a
// dynamic one, a static<n> one and one with empty control that drives its
// own done from continuous assignments) with instances, and a structured
// program of register and memory writes (adders, subtractors, bitwise
// operators, comparators, muxes, std_mult_pipe, selects with disjoint
// guards), seq, par, if (with a comb group or on a flag), while, repeat,
// invoke (of sub-components and of registers), static groups (writes in
// single cycles or cycle ranges, optionally under a flag) and static control
// (static seq, par, repeat, if, invoke). The same seed always gives the
// same program. Par arms are made independent (no arm reads or writes what
// another writes), so the program's meaning does not depend on timing.
//
// Emit turns a Spec into Calyx (calyx.Program); Eval computes the final
// memories straight from the Spec, sharing no code with Emit or with the
// backend; Data and Expect encode the initial and expected memories in the
// Calyx JSON data format. At the end, main stores every register, flag and
// instance output into the memory "dump", so every value is compared.
//
// FuzzSimulate (go test -fuzz) and TestSimulateSeeds compile, lint and
// simulate programs with Verilator and compare (sim_test.go).
package calyxfuzz
