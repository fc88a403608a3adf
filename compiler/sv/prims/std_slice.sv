// std_slice: the low OUT_WIDTH bits of in (OUT_WIDTH <= IN_WIDTH).
module std_slice #(
    parameter int IN_WIDTH = 32,
    parameter int OUT_WIDTH = 32
) (
    input  wire logic [ IN_WIDTH-1:0] in,
    output logic      [OUT_WIDTH-1:0] out
);
  logic unused_in;
  assign unused_in = ^in;  // the high bits are dropped by design
  assign out = in[OUT_WIDTH-1:0];
endmodule
