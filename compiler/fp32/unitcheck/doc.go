// Package unitcheck verifies the binary32 units of the SystemVerilog library
// (compiler/sv/prims/accel_f*.sv) against package fp32, bit for bit, result
// and exception flags.
//
// Each Unit is a small test top (module fp32_unit_top, written here) around
// one library unit, verilated together with a C++ driver (harness.cpp) into
// a program that reads operand records from stdin, presents one per clock
// cycle and writes each result record to stdout when the top says it is
// valid. The top delays a valid bit by the unit's documented latency, so a
// unit whose latency differs from its documentation produces misaligned
// results and fails. Go generates the operands, computes the expected
// results with fp32 and compares.
//
// Operands of every operation come in three parts: special-case classes
// (every pair of ±0, subnormals, the normal range's ends, powers of two near
// the integer limits, infinities, quiet and signaling NaNs), exhaustive
// sweeps (every exponent, or every pair of exponents, with chosen
// significands), and a given number of random operands drawn from a mix of
// distributions that favour the hard cases (cancellation, rounding ties,
// results near overflow and underflow). Exp (accel_fexp_pipe, no flags)
// adds its own sweeps: the arguments around each result boundary (overflow,
// the smallest normal, the subnormal rounding steps, its clamps) and around
// every (k ± 1/2) ln 2, where the rounding of x*log2(e) to k changes. Run
// reports counts, mismatches and time per operation.
package unitcheck
