// std_unsyn_sdiv: signed quotient, truncated toward zero (combinational, not synthesizable efficiently; simulation aid).
module std_unsyn_sdiv #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic      [WIDTH-1:0] out
);
  assign out = WIDTH'($signed(left) / $signed(right));
endmodule
