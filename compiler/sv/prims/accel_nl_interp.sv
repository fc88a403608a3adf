// accel_nl_interp: the piecewise-linear step of the nonlinear units
// (rules_accel internal; compiler/nonlin's Table.Eval in Go).
// Combinational: v = c0 + ((c1 * r + 2^(R_WIDTH-1)) >>> R_WIDTH), c0
// unsigned, c1 signed, r unsigned: one C1_WIDTH x (R_WIDTH+1) multiply.
module accel_nl_interp #(
    parameter int C0_WIDTH  = 24,
    parameter int C1_WIDTH  = 17,
    parameter int R_WIDTH   = 15,
    parameter int OUT_WIDTH = 26
) (
    input  wire logic        [ C0_WIDTH-1:0] c0,
    input  wire logic signed [ C1_WIDTH-1:0] c1,
    input  wire logic        [  R_WIDTH-1:0] r,
    output logic signed      [OUT_WIDTH-1:0] v
);
  localparam int ProdWidth = C1_WIDTH + R_WIDTH + 1;
  localparam logic signed [ProdWidth-1:0] Half = ProdWidth'(1) <<< (R_WIDTH - 1);
  logic signed [ProdWidth-1:0] prod;
  logic signed [ C1_WIDTH:0] rounded;  // |c1 * r| < 2^(C1_WIDTH-1+R_WIDTH)
  assign prod = ProdWidth'(c1) * ProdWidth'($signed({1'b0, r}));
  assign rounded = (C1_WIDTH + 1)'((prod + Half) >>> R_WIDTH);
  assign v = OUT_WIDTH'($signed({1'b0, c0})) + OUT_WIDTH'(rounded);
endmodule
