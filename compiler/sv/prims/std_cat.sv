// std_cat: {left, right}; OUT_WIDTH = LEFT_WIDTH + RIGHT_WIDTH.
module std_cat #(
    parameter int LEFT_WIDTH = 32,
    parameter int RIGHT_WIDTH = 32,
    parameter int OUT_WIDTH = 64
) (
    input  wire logic [ LEFT_WIDTH-1:0] left,
    input  wire logic [RIGHT_WIDTH-1:0] right,
    output logic      [  OUT_WIDTH-1:0] out
);
  assign out = OUT_WIDTH'({left, right});
endmodule
