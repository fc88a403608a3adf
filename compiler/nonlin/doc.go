// Package nonlin defines the fixed-point nonlinear function units of the
// generated hardware: exp, reciprocal, rsqrt (1/sqrt), sigmoid, tanh and
// erf. Each is one algorithm, written twice: here in Go (Unit.Eval, the
// model the loop-nest interpreter uses) and in SystemVerilog
// (compiler/sv/prims/accel_<name>.sv, Calyx primitives declared in
// compiler/calyx/prims_nonlin.go), and the two agree bit for bit on every
// 16-bit input (compiler/nonlin/nonlinsim simulates them under Verilator).
//
// A unit is a function with an input format fixed<Wi,Fi> and an output format
// fixed<Wo,Fo> (package fixed): Wi <= 16 (<= 31 for reciprocal and rsqrt),
// any Fi < Wi; Wo <= 16, any Fo < Wo. The result is the exact value rounded
// half up to the output's last place, up to the errors stated below, and
// saturated to the output's range: e^x above the range gives its maximum,
// 1/0 and 1/sqrt(x) for x <= 0 give the maximum, 1/(-x) = -(1/x).
//
// # Algorithms
//
// Every unit is range reduction, a piecewise-linear table and an output
// shift. A Table of 2^k segments holds per segment the value at its start
// (c0) and its rise across it (c1); an argument's top k bits select the
// segment, its low bits r give c0 + round(c1*r/2^bits(r)): one ROM read, one
// small multiply, one add. c1 is the chord's slope and c0 is offset by half
// the chord's largest deviation, which makes the line's error equioscillate
// on a convex or concave segment (all of these are). Values carry 23
// fractional bits. The output stage (scale, accel_nl_scale) rounds a
// magnitude m * 2^-s half up into the output format, puts the sign back and
// saturates.
//
//   - exp: x is widened exactly to 16 fractional bits and clamped to
//     [-16, 16) (e^16 saturates and e^-16 rounds to 0 in every output format);
//     y = x*log2(e) with log2(e) as round(log2(e)*2^24), rounded to 23
//     fractional bits; n = floor(y), f = y - n; 2^f in [1, 2) from the exp2
//     table (256 segments of [0, 1)); the result is 2^f shifted by n.
//   - reciprocal: |x| = m * 2^(p-Fi) with m in [1, 2) by leading-one
//     detection, m kept to 23 fractional bits (exact for Wi <= 24, truncated
//     beyond); 1/m from the reciprocal table (256 segments of [1, 2)),
//     shifted by Fi-p; the sign put back.
//   - rsqrt: x = m * 2^e as above with e = p-Fi = 2k+s, s in {0, 1};
//     1/sqrt(m*2^s) from the rsqrt table (256 segments of [1, 2) and 256 of
//     [2, 4)), shifted by -k.
//   - sigmoid and tanh: z = |x| (tanh: 2|x|), |x| clamped below 16;
//     e = e^-z by exp's method, clamped below 1; 1/(1+e) from the reciprocal
//     table (1+e is in [1, 2), so no normalisation). sigmoid(x) = 1/(1+e) for
//     x >= 0 and 1 - 1/(1+e) for x < 0; tanh(x) = sign(x) * (2/(1+e) - 1).
//   - erf: |x| widened to 16 fractional bits and clamped below 4
//     (1 - erf(4) = 1.5e-8); erf(|x|) from the erf table (512 segments of
//     [0, 4)); the sign put back.
//
// GELU is built from these by the lowering: exact GELU is
// x/2 * (1 + erf(x/sqrt(2))), the tanh form x/2 * (1 + tanh(sqrt(2/pi) *
// (x + 0.044715 x^3))); an argument that overflows the unit's input format
// may saturate there, as tanh and erf are constant far from 0. Division by
// an activation (softmax's 1/sum, LayerNorm's 1/sqrt(var+eps), Div) is one
// shared reciprocal or rsqrt unit per divisor and a multiply per lane.
//
// # Accuracy
//
// The error of a unit at input x is |out - sat(f(x))| in units of the
// output's last place (LSB), where f(x) is the float64 function (math.Exp,
// 1/x, 1/math.Sqrt, 1/(1+math.Exp(-x)), math.Tanh, math.Erf) and sat clamps it
// to the output's range. Correct rounding would give 0.5; the excess is the
// tables' error. Worst errors, measured over every input of the format
// (2^16, or 2^24 for the 24-bit inputs) by TestAccuracy, which checks these
// bounds; LSB and absolute:
//
//	function    input          output         LSB    absolute
//	exp         fixed<16,8>    fixed<16,14>   0.502  3.1e-05
//	exp         fixed<16,8>    fixed<16,8>    0.505  2.0e-03
//	reciprocal  fixed<16,8>    fixed<16,8>    0.500  2.0e-03
//	reciprocal  fixed<16,10>   fixed<16,14>   0.524  3.2e-05
//	reciprocal  fixed<24,14>   fixed<16,14>   0.543  3.3e-05
//	rsqrt       fixed<16,12>   fixed<16,8>    0.501  2.0e-03
//	rsqrt       fixed<16,8>    fixed<16,10>   0.501  4.9e-04
//	rsqrt       fixed<24,16>   fixed<16,10>   0.509  5.0e-04
//	sigmoid     fixed<16,8>    fixed<16,15>   0.564  1.7e-05
//	sigmoid     fixed<16,8>    fixed<16,8>    0.500  2.0e-03
//	tanh        fixed<16,8>    fixed<16,14>   0.561  3.4e-05
//	tanh        fixed<16,8>    fixed<16,8>    0.501  2.0e-03
//	erf         fixed<16,8>    fixed<16,14>   0.546  3.3e-05
//	erf         fixed<16,8>    fixed<16,8>    0.501  2.0e-03
//
// These are the formats the lowering is to use: activations in fixed<16,8>;
// softmax numerators e^(x - max) <= 1 in fixed<16,14>, their sum in
// fixed<16,10> (up to 32) or kept wide as fixed<24,14>, its reciprocal in
// fixed<16,14>; LayerNorm's var+eps in fixed<16,12> or fixed<24,16> and its
// rsqrt in fixed<16,8> or fixed<16,10>; probabilities (sigmoid) in
// fixed<16,15>; tanh and erf in fixed<16,14>.
//
// Over every pair of formats fixed<16,Fi> -> fixed<16,Fo>, 0 <= Fi, Fo <= 15
// (TestAccuracyAllFormats, 16.8 million inputs per unit), the worst errors in
// LSB are:
//
//	exp         0.515
//	reciprocal  0.551
//	rsqrt       0.522
//	sigmoid     0.566
//	tanh        0.627
//	erf         0.616
//
// A narrower format's values are a subset of a 16-bit one's with the same
// fractional bits, and a narrower output only saturates more, so these bounds
// hold for every Wi, Wo <= 16. Inputs wider than 24 bits (reciprocal, rsqrt)
// add at most 2^-23 relative error from the truncated mantissa.
//
// # Table sizes, measured
//
// Largest error of each table over all its arguments, in units of 2^-23,
// and what half and twice the segments give (TestTableError -v):
//
//	table   words x bits   error   half the segments   twice the segments
//	exp2    256 x 41        8.7        31.7                 3.1
//	recip   256 x 39       16.7        64.0                 5.2
//	rsqrt   512 x 38        6.7         -                    -
//	erf     512 x 42       32.0       124.6                 8.8
//
// One output LSB of fixed<16,15> is 256 units, so the chosen sizes cost at
// most 0.13 LSB over correct rounding (erf; tanh adds two tables' errors,
// doubled); halving a table would cost up to 0.5 LSB, doubling it buys under
// 0.1 LSB for twice the ROM. A ROM of 256 words fits in LUTs or one 18 Kbit
// block RAM; 512 words fit one 36 Kbit block RAM.
//
// # Hardware
//
// Each unit is a static Calyx primitive with ports clk, reset (ignored: no
// state outlives the pipeline), in (IN_WIDTH bits) and out (OUT_WIDTH
// bits), and parameters IN_WIDTH, IN_FRAC_WIDTH, OUT_WIDTH, OUT_FRAC_WIDTH.
// It is fully pipelined: a new input every cycle (II = 1), no handshake, and
// out in cycle t+L is the result for in of cycle t:
//
//	unit              L   ROM bits            multipliers (besides the ROM address logic)
//	accel_exp         5   exp2 10,496         21x25 constant (log2 e), 17x16 (interpolation)
//	accel_reciprocal  5   recip 9,984         16x16; leading-one detector and Wi-bit barrel shift
//	accel_rsqrt       5   rsqrt 19,456        15x16; leading-one detector and Wi-bit barrel shift
//	accel_sigmoid     8   exp2+recip 20,480   21x25 constant, 17x16, 16x16; one variable shift
//	accel_tanh        8   exp2+recip 20,480   as sigmoid
//	accel_erf         4   erf 21,504          18x10
//
// Every ROM is read synchronously (a registered case statement, which
// synthesis maps to LUTs or block RAM). Every unit ends in accel_nl_scale, a
// variable shift with rounding and saturation (constant for sigmoid, tanh
// and erf); in exp, reciprocal and rsqrt it is the largest part after the ROM.
// Yosys 0.23 synth_xilinx at the modules' default formats (fixed<16,8> in,
// fixed<16,14> out; fixed<16,8> out for reciprocal and rsqrt); flip-flops
// counts FDRE/FDSE cells plus SRL16E shift-register cells:
//
//	unit              LUTs  flip-flops  DSP48E1  block RAM
//	accel_exp          485     154         3        -
//	accel_reciprocal   517     139         1        -
//	accel_rsqrt        349     102         1      1 RAMB18
//	accel_sigmoid      795     242         4        -
//	accel_tanh         793     241         4        -
//	accel_erf          327      69         1      1 RAMB36
//
// # Regenerating the tables
//
// tables.go and the ROM modules compiler/sv/prims/accel_nl_*_rom.sv are
// generated from the table specs in tables_test.go:
//
//	go test ./compiler/nonlin -run TestTables -update
//
// TestTables fails when either is out of date.
package nonlin
