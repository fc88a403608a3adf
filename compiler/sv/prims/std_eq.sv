// std_eq: equality (combinational, 1-bit result).
module std_eq #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic                  out
);
  assign out = left == right;
endmodule
