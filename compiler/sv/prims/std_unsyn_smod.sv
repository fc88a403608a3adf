// std_unsyn_smod: signed remainder with the dividend's sign (combinational, not synthesizable efficiently; simulation aid).
module std_unsyn_smod #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic      [WIDTH-1:0] out
);
  assign out = WIDTH'($signed(left) % $signed(right));
endmodule
