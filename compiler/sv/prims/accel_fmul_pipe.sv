// accel_fmul_pipe: IEEE-754 binary32 multiplication, round to nearest even,
// pipelined (rules_accel's own primitive).
//
// out = left * right, correctly rounded once, with gradual underflow
// (subnormal operands and results are exact IEEE values, nothing is flushed).
// A NaN result is always the canonical quiet NaN 32'h7fc00000. The sign of a
// zero or infinite product is the XOR of the operand signs. exceptionFlags
// are {invalid, divide-by-zero, overflow, underflow, inexact} as in
// HardFloat: invalid for a signaling NaN operand or inf * 0; underflow when
// the result is tiny and inexact, tininess detected before rounding when
// control = 0 and after rounding when control = 1 (HardFloat's
// flControl_tininessBeforeRounding / flControl_tininessAfterRounding).
//
// Timing: static, LATENCY cycles (1 or 2, default 2). Operands presented in
// cycle t give out and exceptionFlags in cycle t + LATENCY; a new operation
// may start every cycle. With LATENCY = 2 the first stage multiplies the
// 24-bit significands and the second normalizes and rounds.
module accel_fmul_pipe #(
    parameter int LATENCY = 2
) (
    input  wire logic        clk,
    input  wire logic        reset,
    input  wire logic [31:0] left,
    input  wire logic [31:0] right,
    input  wire logic        control,
    output logic      [31:0] out,
    output logic      [ 4:0] exceptionFlags
);
  if (LATENCY != 1 && LATENCY != 2) begin : g_bad_latency
    $error("accel_fmul_pipe: LATENCY must be 1 or 2");
  end

  // ---- stage 1: classify, multiply the significands ----
  logic a_nan, b_nan, a_snan, b_snan, a_inf, b_inf, a_zero, b_zero;
  logic [23:0] a_sig, b_sig;
  logic [47:0] product;
  logic [7:0] a_exp, b_exp;  // exponent fields, 1 for subnormals
  logic [9:0] exp_sum;
  logic s1_sign, s1_nan, s1_invalid, s1_inf, s1_zero;

  always_comb begin
    a_nan = left[30:23] == 8'hff && left[22:0] != 23'd0;
    b_nan = right[30:23] == 8'hff && right[22:0] != 23'd0;
    a_snan = a_nan && !left[22];
    b_snan = b_nan && !right[22];
    a_inf = left[30:0] == 31'h7f80_0000;
    b_inf = right[30:0] == 31'h7f80_0000;
    a_zero = left[30:0] == 31'd0;
    b_zero = right[30:0] == 31'd0;
    s1_sign = left[31] ^ right[31];
    s1_invalid = a_snan || b_snan || (a_inf && b_zero) || (a_zero && b_inf);
    s1_nan = a_nan || b_nan || (a_inf && b_zero) || (a_zero && b_inf);
    s1_inf = a_inf || b_inf;
    s1_zero = a_zero || b_zero;
    // Subnormals have exponent 1 and no hidden bit.
    a_sig = {left[30:23] != 8'd0, left[22:0]};
    b_sig = {right[30:23] != 8'd0, right[22:0]};
    a_exp = left[30:23] == 8'd0 ? 8'd1 : left[30:23];
    b_exp = right[30:23] == 8'd0 ? 8'd1 : right[30:23];
    exp_sum = 10'(a_exp) + 10'(b_exp);
    product = 48'(a_sig) * 48'(b_sig);
  end

  // ---- optional pipeline register between the stages ----
  logic [47:0] s2_product;
  logic [9:0] s2_exp_sum;
  logic s2_sign, s2_nan, s2_invalid, s2_inf, s2_zero, s2_control;

  if (LATENCY == 2) begin : g_stage_reg
    always_ff @(posedge clk) begin
      s2_product <= product;
      s2_exp_sum <= exp_sum;
      s2_sign <= s1_sign;
      s2_nan <= s1_nan;
      s2_invalid <= s1_invalid;
      s2_inf <= s1_inf;
      s2_zero <= s1_zero;
      s2_control <= control;
    end
  end else begin : g_no_stage_reg
    always_comb begin
      s2_product = product;
      s2_exp_sum = exp_sum;
      s2_sign = s1_sign;
      s2_nan = s1_nan;
      s2_invalid = s1_invalid;
      s2_inf = s1_inf;
      s2_zero = s1_zero;
      s2_control = control;
    end
  end

  // ---- stage 2: normalize, round, select special results ----
  logic [5:0] lead_zeros;
  logic [47:0] norm;
  logic signed [11:0] round_exp;
  logic [31:0] rounded, result;
  logic [2:0] round_flags;
  logic [4:0] flags;

  always_comb begin
    lead_zeros = 6'd48;
    for (int i = 0; i < 48; i++) begin
      if (s2_product[i]) lead_zeros = 6'(47 - i);
    end
    norm = s2_product << lead_zeros;
    // With the leading one at bit 47 the product is
    // 1.f * 2^(ea + eb - 253) = 1.f * 2^(biased exponent - 127).
    round_exp = 12'(s2_exp_sum) - 12'sd126 - 12'(lead_zeros);
  end

  accel_f32_round rounder (
      .sign(s2_sign),
      .exp(round_exp),
      .sig(norm[47:22]),
      .sticky(|norm[21:0]),
      .control(s2_control),
      .out(rounded),
      .flags(round_flags)
  );

  always_comb begin
    if (s2_nan) begin
      result = 32'h7fc0_0000;
      flags = {s2_invalid, 4'd0};
    end else if (s2_inf) begin
      result = {s2_sign, 8'hff, 23'd0};
      flags = 5'd0;
    end else if (s2_zero) begin
      result = {s2_sign, 31'd0};
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
