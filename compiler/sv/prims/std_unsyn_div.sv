// std_unsyn_div: unsigned quotient (combinational, not synthesizable efficiently; simulation aid).
module std_unsyn_div #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic      [WIDTH-1:0] out
);
  assign out = left / right;
endmodule
