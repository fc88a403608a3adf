// std_mult_pipe: unsigned product modulo 2^WIDTH, pipelined.
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
// The pipeline is accel_mult_pipe_core's.
module std_mult_pipe #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    input  wire logic             go,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  accel_mult_pipe_core #(
      .WIDTH(WIDTH),
      .FRAC_WIDTH(0),
      .SIGNED(1'b0),
      .ROUND(1'b0)
  ) comp (
      .left(left),
      .right(right),
      .go(go),
      .clk(clk),
      .reset(reset),
      .out(out),
      .done(done)
  );
endmodule
