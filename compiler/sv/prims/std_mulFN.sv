// std_mulFN: upstream Calyx's floating-point multiplier (primitives/float/mulFN.futil),
// rules_accel's implementation for binary32 (expWidth 8, sigWidth 24,
// numWidth 32 only) over accel_fmul_pipe with LATENCY 1.
//
// out = left * right, rounded to nearest even with subnormals; a NaN result
// is the canonical quiet NaN 32'h7fc00000. exceptionFlags are {invalid,
// divide-by-zero, overflow, underflow, inexact}, tininess detected before
// rounding when control = 0 and after when control = 1 (HardFloat's
// convention). roundingMode is ignored (always round to nearest even,
// HardFloat's round_near_even = 3'b000, which upstream's programs pass).
//
// Timing as upstream's: with go held, out and exceptionFlags are valid from
// the second cycle of go (operands of cycle t give the result in cycle t + 1)
// and done is high from the third (done = go one and two cycles ago); after
// go falls they keep the result of the last cycle of go.
module std_mulFN #(
    parameter int expWidth = 8,
    parameter int sigWidth = 24,
    parameter int numWidth = 32
) (
    input  wire logic                         clk,
    input  wire logic                         reset,
    input  wire logic                         go,
    input  wire logic                         control,
    input  wire logic [expWidth+sigWidth-1:0] left,
    input  wire logic [expWidth+sigWidth-1:0] right,
    input  wire logic [                  2:0] roundingMode,
    output logic      [expWidth+sigWidth-1:0] out,
    output logic      [                  4:0] exceptionFlags,
    output logic                              done
);
  if (expWidth != 8 || sigWidth != 24 || numWidth != 32) begin : g_bad_format
    $error("std_mulFN: only binary32 (expWidth 8, sigWidth 24, numWidth 32) is supported");
  end

  logic [2:0] unused_rounding_mode;
  assign unused_rounding_mode = roundingMode;

  logic [31:0] product;
  logic [4:0] product_flags;
  accel_fmul_pipe #(
      .LATENCY(1)
  ) multiplier (
      .clk(clk),
      .reset(reset),
      .left(left),
      .right(right),
      .control(control),
      .out(product),
      .exceptionFlags(product_flags)
  );

  // go_q: the multiplier's output belongs to operands presented with go.
  logic go_q, go_qq;
  logic [31:0] held;
  logic [4:0] held_flags;
  always_ff @(posedge clk) begin
    if (reset) begin
      go_q <= 1'b0;
      go_qq <= 1'b0;
      held <= '0;
      held_flags <= '0;
    end else begin
      go_q <= go;
      go_qq <= go_q;
      if (go_q) begin
        held <= product;
        held_flags <= product_flags;
      end
    end
  end
  assign out = go_q ? product : held;
  assign exceptionFlags = go_q ? product_flags : held_flags;
  assign done = go_q && go_qq;
endmodule
