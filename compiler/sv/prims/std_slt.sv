// std_slt: signed less-than (combinational, 1-bit result).
module std_slt #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic                  out
);
  assign out = $signed(left) < $signed(right);
endmodule
