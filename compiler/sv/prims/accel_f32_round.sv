// accel_f32_round: rounds a nonzero finite real number to IEEE-754 binary32,
// round to nearest, ties to even (rules_accel internal, combinational; used by
// the float units accel_fadd_pipe, accel_fmul_pipe, accel_fdivsqrt and
// accel_int_to_fp_pipe).
//
// The number is (-1)^sign * sig * 2^(exp - 127 - 25) with sig[25] = 1, plus a
// nonzero amount below sig[0] when sticky is set: sig[25:2] are the 24
// significand bits of a normal result, sig[1] the round bit, and sig[0] with
// sticky says whether anything lies below it. exp is the biased exponent the
// result has when it is normal (1..254); exp >= 255 overflows to infinity
// and exp <= 0 gives a subnormal (or zero) result: sig is then shifted right
// by 1 - exp first, gathering what falls off into the sticky bit, so there is
// a single rounding (gradual underflow, no flushing).
//
// flags are {overflow, underflow, inexact} (IEEE 754 §7.4-7.6). The result is
// tiny when nonzero with magnitude below 2^-126: before rounding (the exact
// value, control = 0) or after rounding to 24 bits with an unbounded exponent
// (control = 1), as HardFloat's flControl_tininessBeforeRounding (1'b0) and
// flControl_tininessAfterRounding (1'b1) choose; underflow is tiny and inexact.
module accel_f32_round (
    input  wire logic               sign,
    input  wire logic signed [11:0] exp,
    input  wire logic        [25:0] sig,
    input  wire logic               sticky,
    input  wire logic               control,
    output logic             [31:0] out,
    output logic             [ 2:0] flags
);
  logic [ 4:0] shift;  // right shift that brings a tiny result to exponent 1
  logic [11:0] shift_raw;
  logic [53:0] shifted;  // {kept bits, bits shifted out}
  logic [23:0] mant;  // significand after the shift (bit 23 clear when subnormal)
  logic        round_bit, sticky_bit, round_up;
  logic [ 7:0] exp_field;  // exponent field before rounding
  logic [30:0] packed_sum;  // {exponent, fraction} after rounding; carries are exact
  logic        huge, overflow, inexact, tiny_before, tiny_after, carry_at_min;

  always_comb begin
    huge = exp >= 12'sd255;
    tiny_before = exp < 12'sd1;
    shift_raw = 12'd1 - exp;
    if (!tiny_before) shift = 5'd0;
    else if (shift_raw > 12'd27) shift = 5'd27;
    else shift = shift_raw[4:0];
    shifted = {sig, sticky, 27'd0} >> shift;
    mant = shifted[53:30];
    round_bit = shifted[29];
    sticky_bit = |shifted[28:0];
    round_up = round_bit & (sticky_bit | mant[0]);
    exp_field = tiny_before || huge ? 8'd0 : 8'(exp - 12'sd1);
    // Normal: (exp-1)*2^23 + (2^23 + fraction) = exp*2^23 + fraction; a carry out
    // of the fraction moves to the next binade (or to infinity) as it should.
    packed_sum = {exp_field, 23'd0} + {7'd0, mant} + {30'd0, round_up};
    overflow = huge || packed_sum[30:23] == 8'hff;
    inexact = round_bit | sticky_bit | overflow;
    // Rounded to 24 bits with an unbounded exponent, 1.1...1|1 * 2^-127 becomes 2^-126.
    carry_at_min = exp == 12'sd0 && (&sig[25:1]);
    tiny_after = tiny_before && !carry_at_min;
    if (overflow) out = {sign, 8'hff, 23'd0};
    else out = {sign, packed_sum};
    flags = {overflow, (control ? tiny_after : tiny_before) & inexact, inexact};
  end
endmodule
