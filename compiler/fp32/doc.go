// Package fp32 defines the IEEE-754 binary32 ("float32") arithmetic of
// rules_accel: the reference semantics the loop-nest interpreter computes and
// the float units of the SystemVerilog library (compiler/sv/prims/accel_f*.sv)
// reproduce bit for bit.
//
// Every operation rounds its exact result once to nearest, ties to even,
// with gradual underflow: subnormal operands and results are ordinary
// values, nothing is flushed to zero. Go's float32 arithmetic is exactly
// that, so Add, Sub and Mul are Go's +, - and * on float32 with each result
// stored as a float32 (a product is never fused with a following add: call
// Mul, or write float32(a*b), before adding). Div and Sqrt compute in float64
// and round to float32: rounding the correctly rounded binary64 result again
// to binary32 gives the correctly rounded binary32 result, because binary64
// carries 53 >= 2*24 + 2 significand bits (S. A. Figueroa, "When is double
// rounding innocuous?", ACM SIGNUM Newsletter 30(3), 1995; the bound holds
// for +, -, *, / and square root, and for the narrower subnormal precisions).
//
// NaNs: every operation whose result is a NaN returns the canonical quiet NaN
// with bits 0x7fc00000 (CanonicalNaN), whatever NaN operands it got, so the
// interpreter does not depend on how the host CPU propagates payloads. Max
// and Min are IEEE 754-2019 maximum and minimum: a NaN operand gives the
// NaN, and -0 < +0.
//
// Conversions: ToInt truncates toward zero and saturates out-of-range values
// (a NaN converts to the largest integer), as upstream Calyx's std_fpToInt
// and HardFloat's recFNToIN do; FromInt rounds to nearest even.
//
// The *Bits functions take and return raw bit patterns and also return the
// IEEE exception flags the hardware reports (Flags, in HardFloat's order
// {invalid, divide-by-zero, overflow, underflow, inexact}).
//
// # The hardware units
//
// The SystemVerilog units (compiler/sv/prims, declared in
// primitives/accel.futil) compute exactly the *Bits functions: same result
// bits, same flags, for every operand (package unitcheck checks them in
// Verilator; tools/bench/float_units.sh is its long run). Latency is from
// the cycle the operands are presented to the cycle the result is valid;
// II is the initiation interval, cycles between new operations.
//
//	unit                  operation               latency  II   fp32 function
//	accel_fadd_pipe       left ± right (subOp)    2 (1)    1    AddBits
//	accel_fmul_pipe       left * right            2 (1)    1    MulBits
//	accel_fcmp_pipe       lt/eq/gt/unordered      1        1    CompareBits
//	accel_fminmax_pipe    maximum/minimum (maxOp) 1        1    MaxBits, MinBits
//	accel_fp_to_int_pipe  float -> INT_WIDTH int  1        1    ToIntBits
//	accel_int_to_fp_pipe  INT_WIDTH int -> float  1        1    FromIntBits
//	accel_fdivsqrt        left / right, sqrt      29       30   DivBits, SqrtBits
//
// The adder and multiplier take a LATENCY parameter (1 or 2, default 2, the
// value primitives/accel.futil declares). accel_fdivsqrt is iterative (27
// restoring steps, one result bit a cycle) with go/done: go samples the
// operands when the unit is idle and done is high 29 cycles later; the unit
// accepts the next go the cycle after done. Upstream Calyx's std_addFN,
// std_mulFN, std_compareFN, std_fpToInt and std_intToFp wrap these units
// with upstream's go/done timing (result valid in the second cycle of go,
// done in the third), std_divSqrtFN wraps accel_fdivsqrt (done after 32
// cycles of go, as upstream's).
//
// BFloat16 and Float16 convert to and from the 16-bit storage formats
// (round to nearest even); arithmetic on them is float32 arithmetic.
package fp32
