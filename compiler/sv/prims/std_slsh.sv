// std_slsh: signed shift left (same bits as std_lsh) (combinational).
module std_slsh #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic      [WIDTH-1:0] out
);
  assign out = left << right;
endmodule
