// std_sdiv_pipe: signed division (accel_sdiv_pipe_core over magnitudes), with
// upstream Calyx's conventions: the quotient truncates toward zero and the
// remainder takes the sign of the divisor (floored modulus, ((l % r) + r) % r).
// Timing as std_div_pipe.
module std_sdiv_pipe #(
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
  accel_sdiv_pipe_core #(
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
