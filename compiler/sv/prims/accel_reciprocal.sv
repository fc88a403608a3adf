// accel_reciprocal: 1/x in fixed point, a pipelined rules_accel primitive;
// the Go model is compiler/nonlin (Reciprocal), bit for bit, whose package
// doc states the algorithm and the worst-case error.
// in is fixed<IN_WIDTH, IN_FRAC_WIDTH> (IN_WIDTH <= 31), out is
// fixed<OUT_WIDTH, OUT_FRAC_WIDTH> (OUT_WIDTH <= 16), rounded half up and
// saturated; 1/(-x) = -(1/x), and 1/0 gives the output's maximum.
// Algorithm: |x| = m * 2^(p - IN_FRAC_WIDTH) with m in [1, 2) (leading-one
// normalisation, accel_nl_normalize); 1/m from a 256-segment
// piecewise-linear table (accel_nl_recip_rom, one 16 x 16-bit multiply);
// a shift by p - IN_FRAC_WIDTH into the output format (accel_nl_scale).
// Timing: latency 5 cycles: out in cycle t+5 is 1/in of cycle t. A new input
// every cycle, no handshake; reset is not needed (the pipeline holds no state
// that outlives the latency) and is ignored.
module accel_reciprocal #(
    parameter int IN_WIDTH = 16,
    parameter int IN_FRAC_WIDTH = 8,
    parameter int OUT_WIDTH = 16,
    parameter int OUT_FRAC_WIDTH = 8
) (
    input  wire logic                 clk,
    input  wire logic                 reset,
    input  wire logic [ IN_WIDTH-1:0] in,
    output logic      [OUT_WIDTH-1:0] out
);
  if (IN_WIDTH < 2 || IN_WIDTH > 31 || IN_FRAC_WIDTH < 0 || IN_FRAC_WIDTH >= IN_WIDTH ||
      OUT_WIDTH < 2 || OUT_WIDTH > 16 || OUT_FRAC_WIDTH < 0 || OUT_FRAC_WIDTH >= OUT_WIDTH) begin : g_bad_format
    $error("accel_reciprocal: unsupported formats fixed<%0d,%0d> -> fixed<%0d,%0d>", IN_WIDTH,
           IN_FRAC_WIDTH, OUT_WIDTH, OUT_FRAC_WIDTH);
  end
  logic unused_reset;
  assign unused_reset = reset;
  localparam logic [OUT_WIDTH-1:0] MaxPos = {1'b0, {(OUT_WIDTH - 1) {1'b1}}};

  // Stage 1: sign and magnitude (|x| fits IN_WIDTH bits unsigned).
  logic [IN_WIDTH-1:0] a_q;
  logic [3:0] neg_q, zero_q;  // delay lines: bit k-1 is registered by stage k
  always_ff @(posedge clk) begin
    a_q <= in[IN_WIDTH-1] ? -in : in;
    neg_q <= {neg_q[2:0], in[IN_WIDTH-1]};
    zero_q <= {zero_q[2:0], in == '0};
  end

  // Stage 2: |x| = (1 + frac/2^23) * 2^p.
  logic [22:0] frac, frac_q;
  logic [4:0] p, p_q, p_q3, p_q4;
  accel_nl_normalize #(
      .WIDTH(IN_WIDTH)
  ) normalize (
      .a   (a_q),
      .frac(frac),
      .p   (p)
  );
  always_ff @(posedge clk) begin
    frac_q <= frac;
    p_q <= p;
  end

  // Stages 3-4: r = 1/m from the table, 23 fractional bits.
  logic [22:0] c0;
  logic signed [15:0] c1;
  logic [14:0] off_q;
  logic signed [25:0] v;
  logic [24:0] r_q;
  accel_nl_recip_rom rom (
      .clk (clk),
      .addr(frac_q[22:15]),
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
  logic unused_sign;
  assign unused_sign = v[25];  // 1/m is positive
  always_ff @(posedge clk) begin
    off_q <= frac_q[14:0];
    p_q3 <= p_q;
    r_q <= v[24:0];
    p_q4 <= p_q3;
  end

  // Stage 5: out = +-round(r * 2^(IN_FRAC_WIDTH - p - 23 + OUT_FRAC_WIDTH)), saturated.
  logic signed [7:0] sh;
  logic [OUT_WIDTH-1:0] scaled;
  assign sh = 8'(23 - OUT_FRAC_WIDTH - IN_FRAC_WIDTH) + 8'(p_q4);
  accel_nl_scale #(
      .MAG_WIDTH(25),
      .SH_WIDTH (8),
      .OUT_WIDTH(OUT_WIDTH)
  ) scale (
      .mag(r_q),
      .sh (sh),
      .neg(neg_q[3]),
      .out(scaled)
  );
  always_ff @(posedge clk) out <= zero_q[3] ? MaxPos : scaled;
endmodule
