// pipelined_mult: a latency-sensitive multiplier for static control: out is
// left * right (modulo 2^WIDTH) of the operands from 4 cycles earlier; it
// accepts new operands every cycle.
module pipelined_mult #(
    parameter int WIDTH = 32
) (
    input  wire logic             clk,
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic      [WIDTH-1:0] out
);
  logic [WIDTH-1:0] lreg, rreg, stage0, stage1, stage2;
  assign out = stage2;
  always_ff @(posedge clk) begin
    lreg <= left;
    rreg <= right;
    stage0 <= lreg * rreg;
    stage1 <= stage0;
    stage2 <= stage1;
  end
endmodule
