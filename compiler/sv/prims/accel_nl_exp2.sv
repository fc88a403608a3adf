// accel_nl_exp2: 2^y split as mantissa and exponent (rules_accel internal;
// compiler/nonlin's exp2 in Go), for accel_exp, accel_sigmoid and accel_tanh.
// y has 23 fractional bits. n = floor(y) and m = 2^(y-n) with 23 fractional
// bits (in [1, 2), from the 256-segment table accel_nl_exp2_rom), so that
// 2^y = m * 2^(n-23). Latency 2: m and n in cycle t+2 belong to y of cycle t.
module accel_nl_exp2 (
    input  wire logic               clk,
    input  wire logic signed [29:0] y,
    output logic             [24:0] m,
    output logic signed      [ 6:0] n
);
  logic [23:0] c0;
  logic signed [16:0] c1;
  logic [14:0] r_q;
  logic signed [6:0] n_q;
  logic signed [25:0] v;
  accel_nl_exp2_rom rom (
      .clk (clk),
      .addr(y[22:15]),
      .c0  (c0),
      .c1  (c1)
  );
  accel_nl_interp #(
      .C0_WIDTH (24),
      .C1_WIDTH (17),
      .R_WIDTH  (15),
      .OUT_WIDTH(26)
  ) interp (
      .c0(c0),
      .c1(c1),
      .r (r_q),
      .v (v)
  );
  logic unused_sign;
  assign unused_sign = v[25];  // 2^f is positive
  always_ff @(posedge clk) begin
    r_q <= y[14:0];
    n_q <= y[29:23];
    m <= v[24:0];
    n <= n_q;
  end
endmodule
