// accel_nl_scale: the output stage of the nonlinear units (rules_accel
// internal; compiler/nonlin's scale is the same function in Go).
// Combinational: out is the OUT_WIDTH-bit two's complement value nearest to
// (-1)^neg * mag * 2^-sh, with the magnitude rounded half up,
//   sh > 0:  t = (mag + 2^(sh-1)) >> sh, computed as ((mag >> (sh-1)) + 1) >> 1,
//   sh <= 0: t = mag << -sh,
// then saturated to [-2^(OUT_WIDTH-1), 2^(OUT_WIDTH-1)-1].
module accel_nl_scale #(
    parameter int MAG_WIDTH = 26,
    parameter int SH_WIDTH  = 8,
    parameter int OUT_WIDTH = 16
) (
    input  wire logic        [MAG_WIDTH-1:0] mag,
    input  wire logic signed [ SH_WIDTH-1:0] sh,
    input  wire logic                        neg,
    output logic             [OUT_WIDTH-1:0] out
);
  localparam int WideWidth = MAG_WIDTH + OUT_WIDTH + 1;
  localparam logic [WideWidth-1:0] MaxPos = WideWidth'({(OUT_WIDTH - 1) {1'b1}});
  localparam logic [WideWidth-1:0] Capped = WideWidth'(1) << OUT_WIDTH;  // saturates either sign
  localparam logic [OUT_WIDTH-1:0] MinNeg = {1'b1, {(OUT_WIDTH - 1) {1'b0}}};
  localparam logic signed [SH_WIDTH:0] OutWidth = (SH_WIDTH + 1)'(OUT_WIDTH);

  logic [WideWidth-1:0] t;  // the rounded magnitude; any value above MaxPos + 1 saturates
  logic [MAG_WIDTH:0] halves;
  logic signed [SH_WIDTH:0] lsh;  // -sh, one bit wider so that -(-2^(SH_WIDTH-1)) fits

  always_comb begin
    lsh = -{sh[SH_WIDTH-1], sh};
    halves = '0;
    if (sh > 0) begin
      halves = {1'b0, mag >> (sh - 1'b1)} + 1'b1;
      t = WideWidth'(halves) >> 1;
    end else if (mag == '0) begin
      t = '0;
    end else if (lsh >= OutWidth) begin
      t = Capped;
    end else begin
      t = WideWidth'(mag) << lsh;
    end
    if (!neg) out = t > MaxPos ? MaxPos[OUT_WIDTH-1:0] : t[OUT_WIDTH-1:0];
    else out = t > MaxPos + 1 ? MinNeg : -t[OUT_WIDTH-1:0];
  end
endmodule
