// accel_nl_logistic: the shared pipeline of accel_sigmoid (TANH = 0) and
// accel_tanh (TANH = 1) (rules_accel internal; compiler/nonlin's logistic,
// evalSigmoid and evalTanh in Go, bit for bit).
// z = |x| (sigmoid) or 2|x| (tanh), with x clamped to (-16, 16);
// e = 2^(-z*log2(e)) as in accel_exp (a 21 x 25-bit constant multiply and
// accel_nl_exp2), clamped below 1; r = 1/(1+e) from the reciprocal table
// (accel_nl_recip_rom); then sigmoid = r for x >= 0 and 1 - r for x < 0,
// tanh = +-(2r - 1). Latency 8 cycles, a new input every cycle.
module accel_nl_logistic #(
    parameter int IN_WIDTH = 16,
    parameter int IN_FRAC_WIDTH = 8,
    parameter int OUT_WIDTH = 16,
    parameter int OUT_FRAC_WIDTH = 14,
    parameter bit TANH = 1'b0
) (
    input  wire logic                 clk,
    input  wire logic [ IN_WIDTH-1:0] in,
    output logic      [OUT_WIDTH-1:0] out
);
  if (IN_WIDTH < 2 || IN_WIDTH > 16 || IN_FRAC_WIDTH < 0 || IN_FRAC_WIDTH >= IN_WIDTH ||
      OUT_WIDTH < 2 || OUT_WIDTH > 16 || OUT_FRAC_WIDTH < 0 || OUT_FRAC_WIDTH >= OUT_WIDTH) begin : g_bad_format
    $error("%s: unsupported formats fixed<%0d,%0d> -> fixed<%0d,%0d>", TANH ? "accel_tanh" : "accel_sigmoid",
           IN_WIDTH, IN_FRAC_WIDTH, OUT_WIDTH, OUT_FRAC_WIDTH);
  end
  localparam logic [23:0] One = 24'd8388608;  // 1.0 with 23 fractional bits
  localparam logic [22:0] EMax = '1;  // 1 - 2^-23

  // Stage 1: z = |x| * 2^16 (clamped to 2^20 - 1), doubled for tanh.
  localparam logic signed [31:0] ArgMax = 32'sd1048575;
  logic signed [31:0] x16, clamped;
  logic [20:0] z_q;
  logic [6:0] neg_q;  // delay line: bit k-1 is registered by stage k
  assign x16 = 32'($signed(in)) <<< (16 - IN_FRAC_WIDTH);
  always_comb begin
    if (x16 > ArgMax) clamped = ArgMax;
    else if (x16 < -ArgMax) clamped = -ArgMax;
    else clamped = x16;
  end
  logic [19:0] mag;
  assign mag = clamped[31] ? 20'(-clamped) : 20'(clamped);
  always_ff @(posedge clk) begin
    z_q <= TANH ? {mag, 1'b0} : {1'b0, mag};
    neg_q <= {neg_q[5:0], in[IN_WIDTH-1]};
  end

  // Stage 2: y = -z * log2(e), 23 fractional bits (z * log2(e) rounded half up).
  localparam logic [46:0] Log2e = 47'd24204406;  // round(log2(e) * 2^24)
  localparam logic [46:0] Half = 47'd65536;  // 2^16: rounds the 17 dropped bits
  logic [46:0] prod;
  logic [29:0] rounded;
  logic signed [29:0] y_q;
  assign prod = 47'(z_q) * Log2e;
  assign rounded = 30'((prod + Half) >> 17);
  always_ff @(posedge clk) y_q <= -$signed(rounded);

  // Stages 3-4: 2^y = m * 2^(n-23), n <= 0.
  logic [24:0] m;
  logic signed [6:0] n;
  accel_nl_exp2 exp2 (
      .clk(clk),
      .y  (y_q),
      .m  (m),
      .n  (n)
  );

  // Stage 5: e = round(m * 2^n) with 23 fractional bits, at most 1 - 2^-23.
  logic [6:0] s;  // -n, in [0, 47]
  logic [25:0] halves;
  logic [24:0] e_full;
  logic [22:0] e_q;
  assign s = 7'(-n);
  always_comb begin
    halves = '0;
    if (s == '0) e_full = m;
    else begin
      halves = {1'b0, m >> (s - 7'd1)} + 26'd1;
      e_full = halves[25:1];
    end
  end
  logic unused_halves;
  assign unused_halves = halves[0];
  always_ff @(posedge clk) e_q <= e_full > 25'(EMax) ? EMax : e_full[22:0];

  // Stages 6-7: r = 1/(1 + e), 23 fractional bits.
  logic [22:0] c0;
  logic signed [15:0] c1;
  logic [14:0] off_q;
  logic signed [25:0] v;
  logic signed [25:0] r_q;
  accel_nl_recip_rom rom (
      .clk (clk),
      .addr(e_q[22:15]),
      .c0  (c0),
      .c1  (c1)
  );
  accel_nl_interp #(
      .C0_WIDTH (23),
      .C1_WIDTH (16),
      .R_WIDTH  (15),
      .OUT_WIDTH(26)
  ) interp (
      .c0(c0),
      .c1(c1),
      .r (off_q),
      .v (v)
  );
  always_ff @(posedge clk) begin
    off_q <= e_q[14:0];
    r_q <= v;
  end

  // Stage 8: the function's magnitude, then round and saturate.
  logic signed [25:0] f;
  logic [24:0] fmag;
  logic [OUT_WIDTH-1:0] scaled;
  always_comb begin
    if (TANH) f = 2 * r_q - 26'(One);
    else if (neg_q[6]) f = 26'(One) - r_q;
    else f = r_q;
    fmag = f[25] ? '0 : f[24:0];
  end
  accel_nl_scale #(
      .MAG_WIDTH(25),
      .SH_WIDTH (8),
      .OUT_WIDTH(OUT_WIDTH)
  ) scale (
      .mag(fmag),
      .sh (8'(23 - OUT_FRAC_WIDTH)),
      .neg(TANH && neg_q[6]),
      .out(scaled)
  );
  always_ff @(posedge clk) out <= scaled;
endmodule
