// std_fp_mult_pipe: unsigned fixed-point product, truncated:
// out = (left * right) >> FRAC_WIDTH modulo 2^WIDTH, pipelined like std_mult_pipe.
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
// The pipeline is accel_mult_pipe_core's.
module std_fp_mult_pipe #(
    parameter int WIDTH = 32,
    parameter int INT_WIDTH = 16,
    parameter int FRAC_WIDTH = 16
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    input  wire logic             go,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  localparam int unused_int_width = INT_WIDTH;  // names the format only
  accel_mult_pipe_core #(
      .WIDTH(WIDTH),
      .FRAC_WIDTH(FRAC_WIDTH),
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
