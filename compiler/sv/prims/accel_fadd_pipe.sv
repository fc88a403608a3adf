// accel_fadd_pipe: IEEE-754 binary32 addition and subtraction, round to
// nearest even, pipelined (rules_accel's own primitive).
//
// out = left + right, or left - right when subOp is set, with gradual
// underflow (subnormal operands and results are exact IEEE values, nothing is
// flushed). A NaN result is always the canonical quiet NaN 32'h7fc00000,
// whatever NaNs come in. An exact zero sum is +0 unless both addends are -0
// (x - x = +0). exceptionFlags are {invalid, divide-by-zero, overflow,
// underflow, inexact} as in HardFloat: invalid for a signaling NaN operand
// or inf - inf; an add never underflows (a sum below 2^-126 is exact), so
// the tininess control HardFloat takes makes no difference and there is no
// control port.
//
// Timing: static, LATENCY cycles (1 or 2, default 2). Operands presented in
// cycle t give out and exceptionFlags in cycle t + LATENCY; a new operation
// may start every cycle. With LATENCY = 2 the first stage aligns and adds the
// significands and the second normalizes and rounds.
module accel_fadd_pipe #(
    parameter int LATENCY = 2
) (
    input  wire logic        clk,
    input  wire logic        reset,
    input  wire logic [31:0] left,
    input  wire logic [31:0] right,
    input  wire logic        subOp,
    output logic      [31:0] out,
    output logic      [ 4:0] exceptionFlags
);
  if (LATENCY != 1 && LATENCY != 2) begin : g_bad_latency
    $error("accel_fadd_pipe: LATENCY must be 1 or 2");
  end

  // ---- stage 1: classify, order by magnitude, align, add ----
  logic a_sign, b_sign, a_nan, b_nan, a_snan, b_snan, a_inf, b_inf;
  logic swap, big_sign, small_sign, eff_sub;
  logic [7:0] big_exp_field, small_exp_field, big_exp, small_exp, exp_diff;
  logic [4:0] align_shift;
  logic [23:0] big_sig, small_sig;
  logic [53:0] small_shifted;  // {aligned bits, bits shifted out}
  logic [26:0] small_aligned;  // 24 bits + guard + round + sticky
  logic [27:0] sum;
  logic s1_nan, s1_inf, s1_inf_sign, s1_invalid, s1_zero_sign;

  always_comb begin
    a_sign = left[31];
    b_sign = right[31] ^ subOp;
    a_nan = left[30:23] == 8'hff && left[22:0] != 23'd0;
    b_nan = right[30:23] == 8'hff && right[22:0] != 23'd0;
    a_snan = a_nan && !left[22];
    b_snan = b_nan && !right[22];
    a_inf = left[30:0] == 31'h7f80_0000;
    b_inf = right[30:0] == 31'h7f80_0000;
    s1_invalid = a_snan || b_snan || (a_inf && b_inf && a_sign != b_sign);
    s1_nan = a_nan || b_nan || (a_inf && b_inf && a_sign != b_sign);
    s1_inf = a_inf || b_inf;
    s1_inf_sign = a_inf ? a_sign : b_sign;
    // The larger magnitude goes first, so the significand difference is never negative.
    swap = right[30:0] > left[30:0];
    big_sign = swap ? b_sign : a_sign;
    small_sign = swap ? a_sign : b_sign;
    big_exp_field = swap ? right[30:23] : left[30:23];
    small_exp_field = swap ? left[30:23] : right[30:23];
    big_sig = {big_exp_field != 8'd0, swap ? right[22:0] : left[22:0]};
    small_sig = {small_exp_field != 8'd0, swap ? left[22:0] : right[22:0]};
    // Subnormals have exponent 1 and no hidden bit.
    big_exp = big_exp_field == 8'd0 ? 8'd1 : big_exp_field;
    small_exp = small_exp_field == 8'd0 ? 8'd1 : small_exp_field;
    exp_diff = big_exp - small_exp;
    align_shift = exp_diff > 8'd27 ? 5'd27 : exp_diff[4:0];
    small_shifted = {small_sig, 3'd0, 27'd0} >> align_shift;
    small_aligned = {small_shifted[53:28], small_shifted[27] | (|small_shifted[26:0])};
    eff_sub = big_sign != small_sign;
    if (eff_sub) sum = {1'b0, big_sig, 3'd0} - {1'b0, small_aligned};
    else sum = {1'b0, big_sig, 3'd0} + {1'b0, small_aligned};
    // An exact zero is -0 only when both addends are negative.
    s1_zero_sign = big_sign && small_sign;
  end

  // ---- optional pipeline register between the stages ----
  logic [27:0] s2_sum;
  logic [7:0] s2_big_exp;
  logic s2_big_sign, s2_zero_sign, s2_nan, s2_inf, s2_inf_sign, s2_invalid;

  if (LATENCY == 2) begin : g_stage_reg
    always_ff @(posedge clk) begin
      s2_sum <= sum;
      s2_big_exp <= big_exp;
      s2_big_sign <= big_sign;
      s2_zero_sign <= s1_zero_sign;
      s2_nan <= s1_nan;
      s2_inf <= s1_inf;
      s2_inf_sign <= s1_inf_sign;
      s2_invalid <= s1_invalid;
    end
  end else begin : g_no_stage_reg
    always_comb begin
      s2_sum = sum;
      s2_big_exp = big_exp;
      s2_big_sign = big_sign;
      s2_zero_sign = s1_zero_sign;
      s2_nan = s1_nan;
      s2_inf = s1_inf;
      s2_inf_sign = s1_inf_sign;
      s2_invalid = s1_invalid;
    end
  end

  // ---- stage 2: normalize, round, select special results ----
  logic [4:0] lead_zeros;
  logic [26:0] norm;
  logic [25:0] round_sig;
  logic round_sticky;
  logic signed [11:0] round_exp;
  logic [31:0] rounded, result;
  logic [2:0] round_flags;
  logic [4:0] flags;

  always_comb begin
    lead_zeros = 5'd27;
    for (int i = 0; i < 27; i++) begin
      if (s2_sum[i]) lead_zeros = 5'(26 - i);
    end
    if (s2_sum[27]) begin
      // Carry out: shift right by one, the dropped bit joins the sticky bit.
      round_sig = s2_sum[27:2];
      round_sticky = |s2_sum[1:0];
      round_exp = 12'(s2_big_exp) + 12'sd1;
      norm = '0;
    end else begin
      norm = s2_sum[26:0] << lead_zeros;
      round_sig = norm[26:1];
      round_sticky = norm[0];
      round_exp = 12'(s2_big_exp) - 12'(lead_zeros);
    end
  end

  accel_f32_round rounder (
      .sign(s2_big_sign),
      .exp(round_exp),
      .sig(round_sig),
      .sticky(round_sticky),
      .control(1'b0),
      .out(rounded),
      .flags(round_flags)
  );

  always_comb begin
    if (s2_nan) begin
      result = 32'h7fc0_0000;
      flags = {s2_invalid, 4'd0};
    end else if (s2_inf) begin
      result = {s2_inf_sign, 8'hff, 23'd0};
      flags = 5'd0;
    end else if (s2_sum == 28'd0) begin
      result = {s2_zero_sign, 31'd0};
      flags = 5'd0;
    end else begin
      result = rounded;
      flags = {2'b00, round_flags};
    end
  end

  always_ff @(posedge clk) begin
    if (reset) begin
      out <= '0;
      exceptionFlags <= '0;
    end else begin
      out <= result;
      exceptionFlags <= flags;
    end
  end
endmodule
