// std_wire: forwards in to out.
module std_wire #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] in,
    output logic      [WIDTH-1:0] out
);
  assign out = in;
endmodule
