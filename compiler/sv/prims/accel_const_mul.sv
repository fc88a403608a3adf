// accel_const_mul: in * VALUE modulo 2^WIDTH (combinational), built as a sum
// of shifted copies of in, one per set bit of VALUE (rules_accel's own
// helper). Synthesis tools map a `*` by a constant onto a DSP block; the
// row-major address arithmetic of the memories and std_const_mult needs only
// a few adders.
module accel_const_mul #(
    parameter int WIDTH = 8,
    parameter int VALUE = 1
) (
    input  wire logic [WIDTH-1:0] in,
    output logic      [WIDTH-1:0] out
);
  localparam logic [31:0] Bits = 32'(VALUE);
  always_comb begin
    out = '0;
    for (int b = 0; b < 32 && b < WIDTH; b++) begin
      if (Bits[b]) out = out + (in << b);
    end
  end
endmodule
