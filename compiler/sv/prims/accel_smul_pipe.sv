// accel_smul_pipe: a pipelined signed multiplier for static schedules
// (rules_accel's own primitive, primitives/accel.futil). out is the signed
// product of left and right as presented 2 cycles earlier, sign-extended or
// truncated to OUT_WIDTH bits. It takes new operands every cycle and has no
// handshake or reset: the operand and product registers map onto a DSP
// block's input and output registers (one DSP48E1 or SB_MAC16 when the
// operands fit it).
module accel_smul_pipe #(
    parameter int LEFT_WIDTH = 16,
    parameter int RIGHT_WIDTH = 16,
    parameter int OUT_WIDTH = 32
) (
    input  wire logic                   clk,
    input  wire logic [ LEFT_WIDTH-1:0] left,
    input  wire logic [RIGHT_WIDTH-1:0] right,
    output logic      [  OUT_WIDTH-1:0] out
);
  localparam int ProdWidth = LEFT_WIDTH + RIGHT_WIDTH;
  logic signed [LEFT_WIDTH-1:0] left_q;
  logic signed [RIGHT_WIDTH-1:0] right_q;
  logic signed [ProdWidth-1:0] prod_q;

  always_ff @(posedge clk) begin
    left_q  <= left;
    right_q <= right;
    prod_q  <= ProdWidth'(left_q) * ProdWidth'(right_q);
  end

  if (OUT_WIDTH >= ProdWidth) begin : g_extend
    assign out = {{(OUT_WIDTH - ProdWidth) {prod_q[ProdWidth-1]}}, prod_q};
  end else begin : g_truncate
    logic unused_high;
    assign unused_high = ^prod_q[ProdWidth-1:OUT_WIDTH];  // dropped: the product wraps to OUT_WIDTH
    assign out = prod_q[OUT_WIDTH-1:0];
  end
endmodule
