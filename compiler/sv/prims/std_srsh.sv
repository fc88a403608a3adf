// std_srsh: arithmetic shift right (combinational).
module std_srsh #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic      [WIDTH-1:0] out
);
  assign out = WIDTH'($signed(left) >>> right);
endmodule
