// std_div_pipe: unsigned division, one quotient bit per cycle (restoring).
// out_quotient = left / right and out_remainder = left % right; dividing by
// zero gives an all-ones quotient and remainder = left.
// Timing: go starts an operation (operands sampled in that cycle); done is
// high for one cycle WIDTH+1 cycles later, when both outputs are valid; they
// hold until the next operation. go must stay high until done.
module std_div_pipe #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    input  wire logic             go,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out_quotient,
    output logic      [WIDTH-1:0] out_remainder,
    output logic                  done
);
  accel_div_pipe_core #(
      .WIDTH(WIDTH),
      .FRAC_WIDTH(0)
  ) comp (
      .left(left),
      .right(right),
      .go(go),
      .clk(clk),
      .reset(reset),
      .out_quotient(out_quotient),
      .out_remainder(out_remainder),
      .done(done)
  );
endmodule
