// std_signext: in sign-extended to OUT_WIDTH bits (OUT_WIDTH >= IN_WIDTH).
module std_signext #(
    parameter int IN_WIDTH = 32,
    parameter int OUT_WIDTH = 32
) (
    input  wire logic [ IN_WIDTH-1:0] in,
    output logic      [OUT_WIDTH-1:0] out
);
  assign out = OUT_WIDTH'($signed(in));
endmodule
