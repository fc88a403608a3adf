// accel_tanh: tanh(x) in fixed point, a pipelined rules_accel primitive;
// the Go model is compiler/nonlin (Tanh), bit for bit, whose package doc
// states the algorithm and the worst-case error.
// in is fixed<IN_WIDTH, IN_FRAC_WIDTH> (IN_WIDTH <= 16), out is
// fixed<OUT_WIDTH, OUT_FRAC_WIDTH> (OUT_WIDTH <= 16), rounded half up and
// saturated. The pipeline is accel_nl_logistic's (tanh(x) = 2/(1+e^-2x) - 1).
// Timing: latency 8 cycles: out in cycle t+8 is tanh(in) of cycle t. A new
// input every cycle, no handshake; reset is not needed (the pipeline holds no
// state that outlives the latency) and is ignored.
module accel_tanh #(
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
  logic unused_reset;
  assign unused_reset = reset;
  accel_nl_logistic #(
      .IN_WIDTH(IN_WIDTH),
      .IN_FRAC_WIDTH(IN_FRAC_WIDTH),
      .OUT_WIDTH(OUT_WIDTH),
      .OUT_FRAC_WIDTH(OUT_FRAC_WIDTH),
      .TANH(1'b1)
  ) logistic (
      .clk(clk),
      .in (in),
      .out(out)
  );
endmodule
