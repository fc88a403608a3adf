// std_fp_smult_pipe: signed fixed-point product, truncated toward
// minus infinity: out = (left * right) >>> FRAC_WIDTH modulo 2^WIDTH, pipelined.
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
module std_fp_smult_pipe #(
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
        prod <= (2*WIDTH)'($signed(ltmp)) * (2*WIDTH)'($signed(rtmp));
      end
    end
  end
  localparam int unused_int_width = INT_WIDTH;  // names the format only
  logic unused_bits;
  assign unused_bits = ^prod;  // bits outside [WIDTH+FRAC_WIDTH-1:FRAC_WIDTH] are dropped
  assign out = prod[WIDTH+FRAC_WIDTH-1:FRAC_WIDTH];
endmodule
