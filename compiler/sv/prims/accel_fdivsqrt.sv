// accel_fdivsqrt: IEEE-754 binary32 division and square root, round to
// nearest even, iterative (rules_accel's own primitive).
//
// out = left / right, or sqrt(left) when sqrtOp is set (right is then
// ignored), correctly rounded once, with gradual underflow (subnormal
// operands and results are exact IEEE values, nothing is flushed). A NaN
// result is always the canonical quiet NaN 32'h7fc00000. sqrt(-0) = -0.
// exceptionFlags are {invalid, divide-by-zero, overflow, underflow, inexact}
// as in HardFloat's divSqrtRecFN: invalid for a signaling NaN operand, 0/0,
// inf/inf and the square root of a number below zero; divide-by-zero for a
// finite nonzero number divided by zero; underflow when the result is tiny
// and inexact, tininess detected before rounding when control = 0 and after
// rounding when control = 1.
//
// Algorithm: the significands (subnormals normalized first) go through 27
// steps of restoring radix-2 division, or of the bit-by-bit integer square
// root, one result bit per cycle; a nonzero final remainder is the sticky
// bit, and accel_f32_round rounds once.
//
// Timing: static, 29 cycles, not pipelined. The operands are sampled in a
// cycle where go is high and the unit is idle (cycle t); done is high for
// exactly the one cycle t + 29, in which out and exceptionFlags become valid;
// they stay until the next operation's done. go is ignored while an
// operation runs and in its done cycle, so a go held high until done (as
// Calyx groups do) starts one operation; the unit is idle again in cycle
// t + 30.
module accel_fdivsqrt (
    input  wire logic        clk,
    input  wire logic        reset,
    input  wire logic        go,
    input  wire logic        sqrtOp,
    input  wire logic [31:0] left,
    input  wire logic [31:0] right,
    input  wire logic        control,
    output logic      [31:0] out,
    output logic      [ 4:0] exceptionFlags,
    output logic             done
);
  localparam int Steps = 27;  // result bits: 24 + round + 2 spare (quotients below 1)

  // ---- operand classification and normalization (cycle t) ----
  logic a_nan, b_nan, a_snan, b_snan, a_inf, b_inf, a_zero, b_zero, a_sign, b_sign;
  logic [4:0] a_lz, b_lz;
  logic [23:0] a_sig, b_sig;  // normalized: bit 23 set for nonzero operands
  logic signed [11:0] a_exp, b_exp;  // biased exponents of the normalized significands
  logic special, special_invalid, special_dz;
  logic [31:0] special_out;
  logic signed [11:0] start_exp;
  logic [53:0] start_radicand;

  always_comb begin
    a_sign = left[31];
    b_sign = right[31];
    a_nan = left[30:23] == 8'hff && left[22:0] != 23'd0;
    b_nan = right[30:23] == 8'hff && right[22:0] != 23'd0;
    a_snan = a_nan && !left[22];
    b_snan = b_nan && !right[22];
    a_inf = left[30:0] == 31'h7f80_0000;
    b_inf = right[30:0] == 31'h7f80_0000;
    a_zero = left[30:0] == 31'd0;
    b_zero = right[30:0] == 31'd0;
    a_lz = 5'd0;
    b_lz = 5'd0;
    for (int i = 0; i < 23; i++) begin
      if (left[i]) a_lz = 5'(23 - i);
      if (right[i]) b_lz = 5'(23 - i);
    end
    if (left[30:23] == 8'd0) begin
      a_sig = {1'b0, left[22:0]} << a_lz;
      a_exp = 12'sd1 - 12'(a_lz);
    end else begin
      a_sig = {1'b1, left[22:0]};
      a_exp = 12'(left[30:23]);
    end
    if (right[30:23] == 8'd0) begin
      b_sig = {1'b0, right[22:0]} << b_lz;
      b_exp = 12'sd1 - 12'(b_lz);
    end else begin
      b_sig = {1'b1, right[22:0]};
      b_exp = 12'(right[30:23]);
    end

    special_invalid = 1'b0;
    special_dz = 1'b0;
    special = 1'b1;
    special_out = 32'h7fc0_0000;
    if (sqrtOp) begin
      if (a_nan || (a_sign && !a_zero)) special_invalid = a_snan || !a_nan;
      else if (a_inf || a_zero) special_out = left;
      else special = 1'b0;
    end else begin
      if (a_nan || b_nan) special_invalid = a_snan || b_snan;
      else if ((a_zero && b_zero) || (a_inf && b_inf)) special_invalid = 1'b1;
      else if (a_inf || b_zero) begin
        special_out = {a_sign ^ b_sign, 8'hff, 23'd0};
        special_dz = b_zero && !a_inf;
      end else if (a_zero || b_inf) special_out = {a_sign ^ b_sign, 31'd0};
      else special = 1'b0;
    end

    // Square root of 1.f * 2^E: with E even the radicand is 1.f * 2^52, with
    // E odd 2 * 1.f * 2^52, so its root has its leading one at bit 26 and the
    // result's biased exponent is floor(E / 2) + 127.
    if (a_exp[0]) start_radicand = {1'b0, a_sig, 29'd0};  // E = a_exp - 127 even
    else start_radicand = {a_sig, 30'd0};
    if (sqrtOp) start_exp = ((a_exp - 12'sd127) >>> 1) + 12'sd127;
    else start_exp = a_exp - b_exp + 12'sd127;
  end

  // ---- iteration state ----
  typedef enum logic [1:0] {
    Idle,
    Iterate,
    Finish
  } state_t;
  state_t state;
  logic [4:0] step;
  logic op_sqrt, op_sign, op_special, op_invalid, op_dz, op_control;
  logic [31:0] op_special_out;
  logic signed [11:0] op_exp;
  logic [23:0] divisor;
  logic [53:0] radicand;  // square root: bits still to bring down, two per step
  logic [30:0] rem;  // partial remainder
  logic [Steps-1:0] quot;  // quotient or root bits so far

  // One step: division compares rem with the divisor (then doubles rem);
  // the square root brings down two radicand bits and compares with
  // 4 * root + 1.
  logic [30:0] rem_cur, trial, diff;
  logic take;
  always_comb begin
    if (op_sqrt) begin
      rem_cur = {rem[28:0], radicand[53:52]};
      trial = {2'b00, quot, 2'b01};
    end else begin
      rem_cur = rem;
      trial = {7'd0, divisor};
    end
    diff = rem_cur - trial;
    take = rem_cur >= trial;
  end

  always_ff @(posedge clk) begin
    if (reset) begin
      state <= Idle;
      done <= 1'b0;
      step <= '0;
    end else begin
      done <= 1'b0;
      case (state)
        Idle:
        if (go && !done) begin
          state <= Iterate;
          step <= '0;
          op_sqrt <= sqrtOp;
          op_sign <= sqrtOp ? 1'b0 : a_sign ^ b_sign;
          op_special <= special;
          op_special_out <= special_out;
          op_invalid <= special_invalid;
          op_dz <= special_dz;
          op_control <= control;
          op_exp <= start_exp;
          divisor <= b_sig;
          radicand <= start_radicand;
          rem <= sqrtOp ? 31'd0 : {7'd0, a_sig};
          quot <= '0;
        end
        Iterate: begin
          quot <= {quot[Steps-2:0], take};
          if (op_sqrt) begin
            rem <= take ? diff : rem_cur;
            radicand <= {radicand[51:0], 2'b00};
          end else begin
            rem <= take ? {diff[29:0], 1'b0} : {rem_cur[29:0], 1'b0};
          end
          step <= step + 5'd1;
          if (step == 5'(Steps - 1)) state <= Finish;
        end
        Finish: begin
          state <= Idle;
          done <= 1'b1;
        end
        default: state <= Idle;
      endcase
    end
  end

  // ---- rounding (in the Finish cycle) ----
  // Division: quot holds floor(2^26 * a/b) with a/b in (1/2, 2); the leading
  // one is at bit 26 (a >= b) or 25. Square root: always at bit 26.
  logic [25:0] round_sig;
  logic round_sticky;
  logic signed [11:0] round_exp;
  logic [31:0] rounded;
  logic [2:0] round_flags;
  always_comb begin
    if (quot[Steps-1]) begin
      round_sig = quot[26:1];
      round_sticky = quot[0] || rem != '0;
      round_exp = op_exp;
    end else begin
      round_sig = quot[25:0];
      round_sticky = rem != '0;
      round_exp = op_exp - 12'sd1;
    end
  end

  accel_f32_round rounder (
      .sign(op_sign),
      .exp(round_exp),
      .sig(round_sig),
      .sticky(round_sticky),
      .control(op_control),
      .out(rounded),
      .flags(round_flags)
  );

  always_ff @(posedge clk) begin
    if (reset) begin
      out <= '0;
      exceptionFlags <= '0;
    end else if (state == Finish) begin
      if (op_special) begin
        out <= op_special_out;
        exceptionFlags <= {op_invalid, op_dz, 3'd0};
      end else begin
        out <= rounded;
        exceptionFlags <= {2'b00, round_flags};
      end
    end
  end
endmodule
