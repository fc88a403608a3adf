// accel_exp: e^x in fixed point, a pipelined rules_accel primitive; the Go
// model is compiler/nonlin (Exp), bit for bit, whose package doc states the
// algorithm and the worst-case error.
// in is fixed<IN_WIDTH, IN_FRAC_WIDTH> (IN_WIDTH <= 16), out is
// fixed<OUT_WIDTH, OUT_FRAC_WIDTH> (OUT_WIDTH <= 16), rounded half up and
// saturated: outputs above the format's range give its maximum, below half
// its last place 0.
// Algorithm: x widened to 16 fractional bits and clamped to [-16, 16);
// y = x * log2(e) (a 21 x 25-bit constant multiply, 23 fractional bits
// kept); 2^(y - floor(y)) from a 256-segment piecewise-linear table
// (accel_nl_exp2); a shift by floor(y) into the output format (accel_nl_scale).
// Timing: latency 5 cycles: out in cycle t+5 is e^in of cycle t. A new input
// every cycle, no handshake; reset is not needed (the pipeline holds no state
// that outlives the latency) and is ignored.
module accel_exp #(
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
    $error("accel_exp: unsupported formats fixed<%0d,%0d> -> fixed<%0d,%0d>", IN_WIDTH, IN_FRAC_WIDTH,
           OUT_WIDTH, OUT_FRAC_WIDTH);
  end
  logic unused_reset;
  assign unused_reset = reset;

  // Stage 1: t = x * 2^16, clamped to [-2^20, 2^20 - 1].
  localparam logic signed [31:0] ArgMax = 32'sd1048575;
  logic signed [31:0] x16;
  logic signed [20:0] t_q;
  assign x16 = 32'($signed(in)) <<< (16 - IN_FRAC_WIDTH);
  always_ff @(posedge clk) begin
    if (x16 > ArgMax) t_q <= 21'(ArgMax);
    else if (x16 < -ArgMax - 1) t_q <= 21'(-ArgMax - 1);
    else t_q <= x16[20:0];
  end

  // Stage 2: y = t * log2(e), 23 fractional bits, rounded half up.
  localparam logic signed [46:0] Log2e = 47'sd24204406;  // round(log2(e) * 2^24)
  localparam logic signed [46:0] Half = 47'sd65536;  // 2^16: rounds the 17 dropped bits
  logic signed [46:0] prod;
  logic signed [29:0] y_q;
  assign prod = 47'(t_q) * Log2e;
  always_ff @(posedge clk) y_q <= 30'((prod + Half) >>> 17);

  // Stages 3-4: 2^y = m * 2^(n-23).
  logic [24:0] m;
  logic signed [6:0] n;
  accel_nl_exp2 exp2 (
      .clk(clk),
      .y  (y_q),
      .m  (m),
      .n  (n)
  );

  // Stage 5: out = round(m * 2^(n - 23 + OUT_FRAC_WIDTH)), saturated.
  logic signed [7:0] sh;
  logic [OUT_WIDTH-1:0] scaled;
  assign sh = 8'(23 - OUT_FRAC_WIDTH) - 8'(n);
  accel_nl_scale #(
      .MAG_WIDTH(25),
      .SH_WIDTH (8),
      .OUT_WIDTH(OUT_WIDTH)
  ) scale (
      .mag(m),
      .sh (sh),
      .neg(1'b0),
      .out(scaled)
  );
  always_ff @(posedge clk) out <= scaled;
endmodule
