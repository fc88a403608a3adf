// accel_fexp_pipe: e^x in IEEE-754 binary32, pipelined (rules_accel's own
// primitive). The Go model is compiler/fp32's Exp (ExpBits), bit for bit;
// its package comment documents the algorithm and the error (at most 1.22
// ulps, measured over every input).
//
// Every arithmetic step is a float32 operation on the library's adder and
// multiplier (accel_fadd_pipe, accel_fmul_pipe, accel_int_to_fp_pipe), so
// each rounds exactly as fp32's Add, Sub and Mul do; the rest is integer
// logic on bit patterns:
//   1. NaN -> the canonical quiet NaN 32'h7fc00000; x clamped to [-104, 89]
//      (+inf and overflowing arguments give +inf at the end, -inf and
//      underflowing ones +0).
//   2. t = x * log2(e); k = t rounded to the nearest integer, ties to even
//      (|k| <= 150); kf = k as a float (exact).
//   3. r = (x - kf * ln2_hi) - kf * ln2_lo (Cody and Waite).
//   4. p = 1 + r(1 + r(c2 + r(c3 + r(c4 + r(c5 + r c6))))) (Horner).
//   5. out = (p * 2^k1) * 2^k2 with k1 = floor(k/2), k2 = k - k1: two
//      normal powers of two, one rounding, subnormal results included.
//
// Timing: static, latency 38 cycles: out in cycle t+38 is e^in of cycle t.
// A new input every cycle (II 1), no handshake. Cycle by cycle: clamp 1,
// x*log2e 2, rounding and int-to-float 1, kf*ln2 2, two subtractions 4,
// Horner 6 x (2 + 2) = 24, scaling 2 x 2 = 4. reset only clears the
// multipliers' and adders' output registers; nothing else needs it.
module accel_fexp_pipe (
    input  wire logic        clk,
    input  wire logic        reset,
    input  wire logic [31:0] in,
    output logic      [31:0] out
);
  localparam int Latency = 38;
  localparam logic [31:0] MaxArg = 32'h42b2_0000;  // 89
  localparam logic [31:0] MinArg = 32'hc2d0_0000;  // -104
  localparam logic [31:0] Log2e = 32'h3fb8_aa3b;  // log2(e)
  localparam logic [31:0] Ln2Hi = 32'h3f31_7200;  // ln 2 to 16 significant bits
  localparam logic [31:0] Ln2Lo = 32'h35bf_be8e;  // ln 2 - Ln2Hi
  localparam logic [31:0] One = 32'h3f80_0000;
  // Horner's coefficients: c6 first, then what step i adds: c5, c4, c3, c2, 1, 1.
  localparam logic [31:0] C6 = 32'h3ab6_8afc;
  function automatic logic [31:0] coef(input int step);
    case (step)
      0: coef = 32'h3c09_082e;  // c5
      1: coef = 32'h3d2a_aa8b;  // c4
      2: coef = 32'h3e2a_aa6c;  // c3
      3: coef = 32'h3f00_0000;  // c2 = 1/2
      default: coef = One;  // c1 = c0 = 1
    endcase
  endfunction

  // ---- cycle 0 -> 1: NaN flag, clamp ----
  logic in_nan, nan_q;
  logic [31:0] x_q;
  assign in_nan = in[30:23] == 8'hff && in[22:0] != 23'd0;
  always_ff @(posedge clk) begin
    nan_q <= in_nan;
    if (!in[31] && in[30:0] > MaxArg[30:0]) x_q <= MaxArg;
    else if (in[31] && in[30:0] > MinArg[30:0]) x_q <= MinArg;
    else x_q <= in;
  end

  // ---- cycles 1 -> 3: t = x * log2(e) ----
  logic [31:0] t;
  logic [4:0] unused_t_flags;
  accel_fmul_pipe mul_t (
      .clk(clk),
      .reset(reset),
      .left(x_q),
      .right(Log2e),
      .control(1'b0),
      .out(t),
      .exceptionFlags(unused_t_flags)
  );

  // ---- cycle 3 -> 4: k = round(t), ties to even; kf = float(k) ----
  // |t| < 256: with the leading one at bit 31 - (134 - e), fix holds |t| with
  // 24 fraction bits; below 1/2 (e < 126) k is 0.
  logic [31:0] fix;
  logic [8:0] k_mag, k;
  logic round_up;
  always_comb begin
    fix = 32'({1'b1, t[22:0]}) << (t[30:23] - 8'd126);
    round_up = fix[23] && (fix[22:0] != 23'd0 || fix[24]);
    k_mag = t[30:23] < 8'd126 ? 9'd0 : 9'(fix[31:24]) + 9'(round_up);
    k = t[31] ? -k_mag : k_mag;
  end
  logic [31:0] kf;
  logic [8:0] k_q;
  logic [4:0] unused_kf_flags;
  accel_int_to_fp_pipe #(
      .INT_WIDTH(9)
  ) to_float (
      .clk(clk),
      .reset(reset),
      .in(k),
      .signedIn(1'b1),
      .out(kf),
      .exceptionFlags(unused_kf_flags)
  );
  always_ff @(posedge clk) k_q <= k;

  // ---- cycles 4 -> 6: kf * ln2_hi, kf * ln2_lo ----
  logic [31:0] k_hi, k_lo;
  logic [4:0] unused_hi_flags, unused_lo_flags;
  accel_fmul_pipe mul_hi (
      .clk(clk),
      .reset(reset),
      .left(kf),
      .right(Ln2Hi),
      .control(1'b0),
      .out(k_hi),
      .exceptionFlags(unused_hi_flags)
  );
  accel_fmul_pipe mul_lo (
      .clk(clk),
      .reset(reset),
      .left(kf),
      .right(Ln2Lo),
      .control(1'b0),
      .out(k_lo),
      .exceptionFlags(unused_lo_flags)
  );

  // ---- cycles 6 -> 10: r = (x - kf*ln2_hi) - kf*ln2_lo ----
  // Delay lines are shift registers of 32-bit words, the newest in the low bits.
  logic [5*32-1:0] x_line;  // x_q delayed 1..5 cycles: the top word is x in cycle 6
  logic [2*32-1:0] k_lo_line;  // k_lo delayed to cycle 8
  always_ff @(posedge clk) begin
    x_line <= {x_line[4*32-1:0], x_q};
    k_lo_line <= {k_lo_line[31:0], k_lo};
  end
  logic [31:0] r1, r;
  logic [4:0] unused_r1_flags, unused_r_flags;
  accel_fadd_pipe sub_hi (
      .clk(clk),
      .reset(reset),
      .left(x_line[5*32-1-:32]),
      .right(k_hi),
      .subOp(1'b1),
      .out(r1),
      .exceptionFlags(unused_r1_flags)
  );
  accel_fadd_pipe sub_lo (
      .clk(clk),
      .reset(reset),
      .left(r1),
      .right(k_lo_line[2*32-1-:32]),
      .subOp(1'b1),
      .out(r),
      .exceptionFlags(unused_r_flags)
  );

  // ---- cycles 10 -> 34: Horner's rule, one multiply and one add per step ----
  // Step i multiplies in cycle 10 + 4i by r, then delayed 4i cycles.
  logic [20*32-1:0] r_line;  // r delayed 1..20 cycles, word d-1 delayed d cycles
  always_ff @(posedge clk) r_line <= {r_line[19*32-1:0], r};
  // Word i of horner is the value step i multiplies; word 6 is p.
  logic [7*32-1:0] horner;
  assign horner[31:0] = C6;
  for (genvar i = 0; i < 6; i++) begin : g_horner
    logic [31:0] r_i, prod;
    logic [4:0] unused_mul_flags, unused_add_flags;
    if (i == 0) begin : g_r_now
      assign r_i = r;
    end else begin : g_r_delayed
      assign r_i = r_line[4*i*32-1-:32];
    end
    accel_fmul_pipe mul (
        .clk(clk),
        .reset(reset),
        .left(horner[i*32+:32]),
        .right(r_i),
        .control(1'b0),
        .out(prod),
        .exceptionFlags(unused_mul_flags)
    );
    accel_fadd_pipe add (
        .clk(clk),
        .reset(reset),
        .left(prod),
        .right(coef(i)),
        .subOp(1'b0),
        .out(horner[(i+1)*32+:32]),
        .exceptionFlags(unused_add_flags)
    );
  end

  // ---- cycles 34 -> 38: p * 2^k1 * 2^k2 ----
  logic [30*9-1:0] k_line;  // k_q (cycle 4) delayed 1..30 cycles: the top word is k in cycle 34
  logic [2*8-1:0] e2_line;  // 2^k2's exponent field, delayed to cycle 36
  logic [8:0] k_now, k1, k2, e1_sum, e2_sum;
  logic [7:0] e1, e2;  // biased exponent fields of 2^k1 and 2^k2 (52..191)
  logic unused_e_bits;
  always_comb begin
    k_now = k_line[30*9-1-:9];
    k1 = $signed(k_now) >>> 1;
    k2 = k_now - k1;
    e1_sum = k1 + 9'd127;
    e2_sum = k2 + 9'd127;
    e1 = e1_sum[7:0];
    e2 = e2_sum[7:0];
    unused_e_bits = e1_sum[8] | e2_sum[8];
  end
  always_ff @(posedge clk) begin
    k_line <= {k_line[29*9-1:0], k_q};
    e2_line <= {e2_line[7:0], e2};
  end
  logic [31:0] scaled1, scaled2;
  logic [4:0] unused_s1_flags, unused_s2_flags;
  accel_fmul_pipe mul_k1 (
      .clk(clk),
      .reset(reset),
      .left(horner[6*32+:32]),
      .right({1'b0, e1, 23'd0}),
      .control(1'b0),
      .out(scaled1),
      .exceptionFlags(unused_s1_flags)
  );
  accel_fmul_pipe mul_k2 (
      .clk(clk),
      .reset(reset),
      .left(scaled1),
      .right({1'b0, e2_line[15:8], 23'd0}),
      .control(1'b0),
      .out(scaled2),
      .exceptionFlags(unused_s2_flags)
  );

  // ---- the NaN flag travels alongside (cycle 1 -> 38) ----
  logic [Latency-2:0] nan_line;
  always_ff @(posedge clk) nan_line <= {nan_line[Latency-3:0], nan_q};
  assign out = nan_line[Latency-2] ? 32'h7fc0_0000 : scaled2;
endmodule
