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
//	accel_fexp_pipe       e^in                    38       1    ExpBits
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
// accel_fexp_pipe has no exception flags; it is built from accel_fadd_pipe,
// accel_fmul_pipe and accel_int_to_fp_pipe (next section).
//
// # The exponential
//
// Exp computes e^x by a fixed sequence of the operations above, each
// rounded as they round, so the hardware unit, built from the adder and
// multiplier with integer logic between them, gives the same bits:
//
//  1. A NaN gives the canonical NaN. x is clamped to [-104, 89]: e^89 and
//     everything above overflow to +inf, e^-104 < 2^-150 and everything
//     below round to +0, so the clamp changes no result (and +inf, -inf
//     need no special case).
//  2. t = Mul(x, log2e), log2e = log2(e) rounded to float32; k = t rounded
//     to the nearest integer, ties to even (|k| <= 150), kf = float32(k).
//  3. Cody and Waite's reduction (W. J. Cody and W. Waite, Software Manual
//     for the Elementary Functions, 1980): r = Sub(Sub(x, Mul(kf, ln2hi)),
//     Mul(kf, ln2lo)), where ln2hi = 45426 * 2^-16 is ln 2 truncated to 16
//     significant bits, so kf*ln2hi and x - kf*ln2hi are exact, and ln2lo
//     = ln 2 - ln2hi rounded to float32. |r| <= 0.35.
//  4. p = 1 + r(1 + r(c2 + r(c3 + r(c4 + r(c5 + r c6))))) by Horner's rule,
//     a Mul and an Add per step; Q(r) = c2 + ... + c6 r^4 interpolates
//     (e^r - 1 - r)/r^2 at the 5 Chebyshev nodes of [-0.35, 0.35] (the
//     polynomial alone is within 1.1e-8 relative of e^r there), each
//     coefficient rounded to float32.
//  5. e^x = p * 2^k, computed as Mul(Mul(p, 2^k1), 2^k2) with k1 =
//     floor(k/2) and k2 = k - k1: both are normal powers of two, the first
//     product is exact, and the second rounds once, so subnormal results
//     are rounded correctly from p and overflow gives +inf.
//
// No operation is fused (no FMA). Accuracy, measured against math.Exp
// over every one of the 2^32 inputs (go test ./compiler/fp32 -run
// TestExpAccuracy -exhaustive, 4 minutes on 2 cores; the default run
// checks every 251st input): at most 1.2215 ulps (at x = 70.35517); of the
// 520 million inputs whose result is not 0, 1 or +inf, 96.45% are correctly
// rounded (error at most 1/2 ulp). The ulp is that of the exact result,
// 2^-149 for subnormal results.
//
// accel_fexp_pipe holds 11 multipliers, 8 adders and one int-to-float
// converter: Yosys 0.23 synth_xilinx (-flatten) maps it to 11,474 LUTs,
// 1,742 flip-flops, 118 SRL shift registers (the delay lines) and 17
// DSP48E1.
//
// BFloat16 and Float16 convert to and from the 16-bit storage formats
// (round to nearest even); arithmetic on them is float32 arithmetic.
package fp32
