// accel_erf: erf(x) in fixed point, a pipelined rules_accel primitive; the
// Go model is compiler/nonlin (Erf), bit for bit, whose package doc states
// the algorithm and the worst-case error.
// in is fixed<IN_WIDTH, IN_FRAC_WIDTH> (IN_WIDTH <= 16), out is
// fixed<OUT_WIDTH, OUT_FRAC_WIDTH> (OUT_WIDTH <= 16), rounded half up and
// saturated.
// Algorithm: |x| widened to 16 fractional bits and clamped below 4
// (1 - erf(4) = 1.5e-8); erf(|x|) from a 512-segment piecewise-linear table
// over [0, 4) (accel_nl_erf_rom, one 18 x 10-bit multiply); the sign put back
// (erf is odd) and the result rounded into the output format (accel_nl_scale).
// Timing: latency 4 cycles: out in cycle t+4 is erf(in) of cycle t. A new
// input every cycle, no handshake; reset is not needed (the pipeline holds no
// state that outlives the latency) and is ignored.
module accel_erf #(
    parameter int IN_WIDTH = 16,
    parameter int IN_FRAC_WIDTH = 8,
    parameter int OUT_WIDTH = 16,
    parameter int OUT_FRAC_WIDTH = 14
) (
    input  wire logic                 clk,
    input  wire logic                 reset,
    input  wire logic [ IN_WIDTH-1:0] in,
    output logic      [OUT_WIDTH-1:0] out
);
  if (IN_WIDTH < 2 || IN_WIDTH > 16 || IN_FRAC_WIDTH < 0 || IN_FRAC_WIDTH >= IN_WIDTH ||
      OUT_WIDTH < 2 || OUT_WIDTH > 16 || OUT_FRAC_WIDTH < 0 || OUT_FRAC_WIDTH >= OUT_WIDTH) begin : g_bad_format
    $error("accel_erf: unsupported formats fixed<%0d,%0d> -> fixed<%0d,%0d>", IN_WIDTH, IN_FRAC_WIDTH,
           OUT_WIDTH, OUT_FRAC_WIDTH);
  end
  logic unused_reset;
  assign unused_reset = reset;

  // Stage 1: a = |x| * 2^16, clamped to 2^18 - 1.
  localparam logic signed [31:0] ArgMax = 32'sd262143;
  logic signed [31:0] x16, clamped;
  logic [17:0] a_q;
  logic [2:0] neg_q;  // delay line: bit k-1 is registered by stage k
  assign x16 = 32'($signed(in)) <<< (16 - IN_FRAC_WIDTH);
  always_comb begin
    if (x16 > ArgMax) clamped = ArgMax;
    else if (x16 < -ArgMax) clamped = -ArgMax;
    else clamped = x16;
  end
  always_ff @(posedge clk) begin
    a_q <= clamped[31] ? 18'(-clamped) : 18'(clamped);
    neg_q <= {neg_q[1:0], in[IN_WIDTH-1]};
  end

  // Stages 2-3: v = erf(a) from the table, 23 fractional bits, at least 0.
  logic [23:0] c0;
  logic signed [17:0] c1;
  logic [8:0] off_q;
  logic signed [25:0] v;
  logic [24:0] v_q;
  accel_nl_erf_rom rom (
      .clk (clk),
      .addr(a_q[17:9]),
      .c0  (c0),
      .c1  (c1)
  );
  accel_nl_interp #(
      .C0_WIDTH (24),
      .C1_WIDTH (18),
      .R_WIDTH  (9),
      .OUT_WIDTH(26)
  ) interp (
      .c0(c0),
      .c1(c1),
      .r (off_q),
      .v (v)
  );
  always_ff @(posedge clk) begin
    off_q <= a_q[8:0];
    v_q <= v[25] ? '0 : v[24:0];
  end

  // Stage 4: out = +-round(v * 2^(OUT_FRAC_WIDTH - 23)), saturated.
  logic [OUT_WIDTH-1:0] scaled;
  accel_nl_scale #(
      .MAG_WIDTH(25),
      .SH_WIDTH (8),
      .OUT_WIDTH(OUT_WIDTH)
  ) scale (
      .mag(v_q),
      .sh (8'(23 - OUT_FRAC_WIDTH)),
      .neg(neg_q[2]),
      .out(scaled)
  );
  always_ff @(posedge clk) out <= scaled;
endmodule
