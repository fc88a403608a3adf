// std_bit_slice: in[END_IDX:START_IDX]; OUT_WIDTH = END_IDX - START_IDX + 1.
module std_bit_slice #(
    parameter int IN_WIDTH = 32,
    parameter int START_IDX = 0,
    parameter int END_IDX = 31,
    parameter int OUT_WIDTH = 32
) (
    input  wire logic [ IN_WIDTH-1:0] in,
    output logic      [OUT_WIDTH-1:0] out
);
  logic unused_in;
  assign unused_in = ^in;  // bits outside the slice are dropped by design
  assign out = OUT_WIDTH'(in[END_IDX:START_IDX]);
endmodule
