// std_divSqrtFN: upstream Calyx's floating-point divider and square root
// (primitives/float/divSqrtFN.futil), rules_accel's implementation for
// binary32 (expWidth 8, sigWidth 24, numWidth 32 only) over accel_fdivsqrt.
//
// out = left / right, or sqrt(left) when sqrtOp is set, rounded to nearest
// even with subnormals; a NaN result is the canonical quiet NaN 32'h7fc00000.
// exceptionFlags are {invalid, divide-by-zero, overflow, underflow, inexact},
// tininess detected before rounding when control = 0 and after when
// control = 1. roundingMode is ignored (always round to nearest even,
// HardFloat's round_near_even = 3'b000, which upstream's programs pass).
//
// Timing as upstream's: go must stay high until done; the operands are
// sampled in the first cycle of go, out and exceptionFlags are valid from
// cycle 29 of go on (accel_fdivsqrt's latency) and stay until the next
// operation, and done is high once go has been high for 32 cycles in a row
// (the cycle count upstream's HardFloat-based unit waits).
module std_divSqrtFN #(
    parameter int expWidth = 8,
    parameter int sigWidth = 24,
    parameter int numWidth = 32
) (
    input  wire logic                         clk,
    input  wire logic                         reset,
    input  wire logic                         go,
    input  wire logic                         control,
    input  wire logic                         sqrtOp,
    input  wire logic [expWidth+sigWidth-1:0] left,
    input  wire logic [expWidth+sigWidth-1:0] right,
    input  wire logic [                  2:0] roundingMode,
    output logic      [expWidth+sigWidth-1:0] out,
    output logic      [                  4:0] exceptionFlags,
    output logic                              done
);
  if (expWidth != 8 || sigWidth != 24 || numWidth != 32) begin : g_bad_format
    $error("std_divSqrtFN: only binary32 (expWidth 8, sigWidth 24, numWidth 32) is supported");
  end

  localparam logic [5:0] DoneCycles = 6'd32;

  logic [2:0] unused_rounding_mode;
  assign unused_rounding_mode = roundingMode;

  // One operation per go: started stays set until go falls.
  logic started;
  logic [5:0] go_cycles;  // consecutive cycles of go so far, saturating at DoneCycles
  logic unit_done;
  accel_fdivsqrt unit (
      .clk(clk),
      .reset(reset),
      .go(go && !started),
      .sqrtOp(sqrtOp),
      .left(left),
      .right(right),
      .control(control),
      .out(out),
      .exceptionFlags(exceptionFlags),
      .done(unit_done)
  );

  logic unused_unit_done;  // the result is long ready when done rises
  assign unused_unit_done = unit_done;

  always_ff @(posedge clk) begin
    if (reset) begin
      started <= 1'b0;
      go_cycles <= '0;
    end else begin
      started <= go;
      if (!go) go_cycles <= '0;
      else if (go_cycles != DoneCycles) go_cycles <= go_cycles + 6'd1;
    end
  end
  assign done = go_cycles == DoneCycles;
endmodule
