// std_intToFp: upstream Calyx's integer-to-float conversion
// (primitives/float/intToFp.futil), rules_accel's implementation for binary32
// (expWidth 8, sigWidth 24, floatWidth 32 only) over accel_int_to_fp_pipe.
//
// out is the binary32 nearest to in (ties to even, as upstream's
// round_near_even), read as two's complement when signedIn is set, else as
// unsigned.
//
// Timing as upstream's: with go held, out is valid from the second cycle of
// go (in of cycle t gives out in cycle t + 1) and done is high from the third
// (done = go one and two cycles ago); after go falls out keeps the result of
// the last cycle of go.
module std_intToFp #(
    parameter int intWidth = 32,
    parameter int expWidth = 8,
    parameter int sigWidth = 24,
    parameter int floatWidth = 32
) (
    input  wire logic                         clk,
    input  wire logic                         reset,
    input  wire logic                         go,
    input  wire logic [         intWidth-1:0] in,
    input  wire logic                         signedIn,
    output logic      [expWidth+sigWidth-1:0] out,
    output logic                              done
);
  if (expWidth != 8 || sigWidth != 24 || floatWidth != 32) begin : g_bad_format
    $error("std_intToFp: only binary32 (expWidth 8, sigWidth 24, floatWidth 32) is supported");
  end

  logic [31:0] converted;
  logic [4:0] unused_flags;  // upstream's port list has no flags
  accel_int_to_fp_pipe #(
      .INT_WIDTH(intWidth)
  ) converter (
      .clk(clk),
      .reset(reset),
      .in(in),
      .signedIn(signedIn),
      .out(converted),
      .exceptionFlags(unused_flags)
  );

  // go_q: the converter's output belongs to an input presented with go.
  logic go_q, go_qq;
  logic [31:0] held;
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
