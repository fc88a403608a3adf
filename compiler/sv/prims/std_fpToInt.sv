// std_fpToInt: upstream Calyx's float-to-integer conversion
// (primitives/float/fpToInt.futil), rules_accel's implementation for binary32
// (expWidth 8, sigWidth 24, floatWidth 32 only) over accel_fp_to_int_pipe.
//
// out is in's integer part (rounding toward zero, HardFloat's round_minMag as
// upstream uses) on intWidth bits, saturating: too large or +inf gives the
// largest integer, too small or -inf the smallest, a NaN the largest. With
// signedOut set the integer is two's complement, exactly upstream's
// conversion; upstream ignores signedOut and always converts to signed,
// whereas here signedOut = 0 converts to unsigned (negative inputs up to
// -1 exclusive give 0, smaller ones saturate to 0, large ones to all ones).
//
// Timing as upstream's: with go held, out is valid from the second cycle of
// go (in of cycle t gives out in cycle t + 1) and done is high from the third
// (done = go one and two cycles ago); after go falls out keeps the result of
// the last cycle of go.
module std_fpToInt #(
    parameter int expWidth = 8,
    parameter int sigWidth = 24,
    parameter int floatWidth = 32,
    parameter int intWidth = 32
) (
    input  wire logic                         clk,
    input  wire logic                         reset,
    input  wire logic                         go,
    input  wire logic                         signedOut,
    input  wire logic [expWidth+sigWidth-1:0] in,
    output logic      [         intWidth-1:0] out,
    output logic                              done
);
  if (expWidth != 8 || sigWidth != 24 || floatWidth != 32) begin : g_bad_format
    $error("std_fpToInt: only binary32 (expWidth 8, sigWidth 24, floatWidth 32) is supported");
  end

  logic [intWidth-1:0] converted;
  logic [4:0] unused_flags;  // upstream's port list has no flags
  accel_fp_to_int_pipe #(
      .INT_WIDTH(intWidth)
  ) converter (
      .clk(clk),
      .reset(reset),
      .in(in),
      .signedOut(signedOut),
      .out(converted),
      .exceptionFlags(unused_flags)
  );

  // go_q: the converter's output belongs to an input presented with go.
  logic go_q, go_qq;
  logic [intWidth-1:0] held;
  always_ff @(posedge clk) begin
    if (reset) begin
      go_q <= 1'b0;
      go_qq <= 1'b0;
      held <= '0;
    end else begin
      go_q <= go;
      go_qq <= go_q;
      if (go_q) held <= converted;
    end
  end
  assign out = go_q ? converted : held;
  assign done = go_q && go_qq;
endmodule
