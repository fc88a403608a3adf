// A saturating signed adder, the store step of fixed<W,F> arithmetic
// (compiler/fixed): add in W+1 bits, then clamp to the W-bit range.
// Written to check that the Verilator toolchain runs under `bazel test`.
module sat_add #(
    parameter int WIDTH = 16
) (
    input  logic signed [WIDTH-1:0] a,
    input  logic signed [WIDTH-1:0] b,
    output logic signed [WIDTH-1:0] sum
);
  logic signed [WIDTH:0] wide;
  localparam logic signed [WIDTH:0] MAX = (WIDTH + 1)'((1 <<< (WIDTH - 1)) - 1);
  localparam logic signed [WIDTH:0] MIN = -(WIDTH + 1)'(1 <<< (WIDTH - 1));

  always_comb begin
    wide = (WIDTH + 1)'(a) + (WIDTH + 1)'(b);
    if (wide > MAX) sum = MAX[WIDTH-1:0];
    else if (wide < MIN) sum = MIN[WIDTH-1:0];
    else sum = wide[WIDTH-1:0];
  end
endmodule
