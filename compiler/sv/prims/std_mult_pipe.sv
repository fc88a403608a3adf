// std_mult_pipe: unsigned product modulo 2^WIDTH, pipelined.
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
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
  logic [WIDTH-1:0] ltmp, rtmp;
  logic [2*WIDTH-1:0] prod;
  logic started;

  always_ff @(posedge clk) begin
    if (reset) begin
      started <= 1'b0;
      done <= 1'b0;
      ltmp <= '0;
      rtmp <= '0;
      prod <= '0;
    end else begin
      started <= go && !done && !started;
      done <= go && started;
      if (go) begin
        ltmp <= left;
        rtmp <= right;
        prod <= (2*WIDTH)'(ltmp) * (2*WIDTH)'(rtmp);
      end
    end
  end
  logic unused_high;
  assign unused_high = ^prod[2*WIDTH-1:WIDTH];
  assign out = prod[WIDTH-1:0];
endmodule
