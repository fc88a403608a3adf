// std_const_mult: in * VALUE modulo 2^WIDTH (combinational).
module std_const_mult #(
    parameter int WIDTH = 32,
    parameter int VALUE = 1
) (
    input  wire logic [WIDTH-1:0] in,
    output logic      [WIDTH-1:0] out
);
  accel_const_mul #(
      .WIDTH(WIDTH),
      .VALUE(VALUE)
  ) mul (
      .in (in),
      .out(out)
  );
endmodule
