// std_const: the constant VALUE on WIDTH bits.
module std_const #(
    parameter int WIDTH = 32,
    parameter logic [WIDTH-1:0] VALUE = '0
) (
    output logic [WIDTH-1:0] out
);
  assign out = VALUE;
endmodule
