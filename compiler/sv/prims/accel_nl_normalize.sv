// accel_nl_normalize: leading-one normalisation for accel_reciprocal and
// accel_rsqrt (rules_accel internal; compiler/nonlin's normalize in Go).
// Combinational: for a > 0, p is the position of a's leading one and frac
// the 23 bits below it (truncated when a has more), so that
// a = (1 + frac/2^23) * 2^p up to the truncation. a = 0 gives p = 0.
module accel_nl_normalize #(
    parameter int WIDTH = 16
) (
    input  wire logic [WIDTH-1:0] a,
    output logic      [     22:0] frac,
    output logic      [      4:0] p
);
  logic [31:0] aligned;  // a shifted so that its leading one is bit 31
  always_comb begin
    p = '0;
    for (int i = 0; i < WIDTH; i++) begin
      if (a[i]) p = 5'(i);
    end
  end
  assign aligned = 32'(a) << (5'd31 - p);
  assign frac = aligned[30:8];
  logic unused_bits;
  assign unused_bits = ^{aligned[31], aligned[7:0]};
endmodule
