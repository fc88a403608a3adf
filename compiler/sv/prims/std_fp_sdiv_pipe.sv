// std_fp_sdiv_pipe: signed fixed-point division (accel_sdiv_pipe_core over magnitudes), with
// upstream Calyx's conventions: the quotient truncates toward zero and the
// remainder takes the sign of the divisor (floored modulus, ((l % r) + r) % r).
// Timing as std_fp_div_pipe.
module std_fp_sdiv_pipe #(
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
  accel_sdiv_pipe_core #(
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
