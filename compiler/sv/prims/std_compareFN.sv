// std_compareFN: upstream Calyx's floating-point comparison
// (primitives/float/compareFN.futil), rules_accel's implementation for
// binary32 (expWidth 8, sigWidth 24, numWidth 32 only) over accel_fcmp_pipe.
//
// Exactly one of lt, eq, gt and unordered (a NaN operand) is set; +0 == -0.
// exceptionFlags are {invalid, 4'b0}: invalid for a signaling NaN operand,
// or any NaN when signaling is set.
//
// Timing as upstream's: with go held, the outputs are valid from the second
// cycle of go (operands of cycle t give the result in cycle t + 1) and done
// is high from the third (done = go one and two cycles ago); after go falls
// they keep the result of the last cycle of go.
module std_compareFN #(
    parameter int expWidth = 8,
    parameter int sigWidth = 24,
    parameter int numWidth = 32
) (
    input  wire logic                         clk,
    input  wire logic                         reset,
    input  wire logic                         go,
    input  wire logic [expWidth+sigWidth-1:0] left,
    input  wire logic [expWidth+sigWidth-1:0] right,
    input  wire logic                         signaling,
    output logic                              lt,
    output logic                              eq,
    output logic                              gt,
    output logic                              unordered,
    output logic      [                  4:0] exceptionFlags,
    output logic                              done
);
  if (expWidth != 8 || sigWidth != 24 || numWidth != 32) begin : g_bad_format
    $error("std_compareFN: only binary32 (expWidth 8, sigWidth 24, numWidth 32) is supported");
  end

  logic [3:0] rel;  // {lt, eq, gt, unordered}
  logic [4:0] rel_flags;
  accel_fcmp_pipe comparator (
      .clk(clk),
      .reset(reset),
      .left(left),
      .right(right),
      .signaling(signaling),
      .lt(rel[3]),
      .eq(rel[2]),
      .gt(rel[1]),
      .unordered(rel[0]),
      .exceptionFlags(rel_flags)
  );

  // go_q: the comparator's output belongs to operands presented with go.
  logic go_q, go_qq;
  logic [3:0] held;
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
        held <= rel;
        held_flags <= rel_flags;
      end
    end
  end
  assign {lt, eq, gt, unordered} = go_q ? rel : held;
  assign exceptionFlags = go_q ? rel_flags : held_flags;
  assign done = go_q && go_qq;
endmodule
