// std_fp_div_pipe: unsigned fixed-point division, one quotient bit per cycle.
// out_quotient = (left << FRAC_WIDTH) / right (truncated to WIDTH bits) and
// out_remainder = left % right on the raw words, as upstream Calyx computes
// them. Timing: go starts an operation (operands sampled in that cycle); done
// is high for one cycle WIDTH+FRAC_WIDTH+1 cycles later; outputs then hold.
module std_fp_div_pipe #(
    parameter int WIDTH = 32,
    parameter int INT_WIDTH = 16,
    parameter int FRAC_WIDTH = 16
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
  localparam int unused_int_width = INT_WIDTH;  // names the format only
  accel_div_pipe_core #(
      .WIDTH(WIDTH),
      .FRAC_WIDTH(FRAC_WIDTH)
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
