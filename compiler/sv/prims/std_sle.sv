// std_sle: signed less-or-equal (combinational, 1-bit result).
module std_sle #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic                  out
);
  assign out = $signed(left) <= $signed(right);
endmodule
