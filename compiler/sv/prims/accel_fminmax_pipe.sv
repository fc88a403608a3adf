// accel_fminmax_pipe: IEEE-754 binary32 maximum and minimum, pipelined
// (rules_accel's own primitive).
//
// out = maximum(left, right) when maxOp is set, else minimum(left, right), as
// IEEE 754-2019 §9.6 defines them (and PyTorch's torch.maximum/minimum and
// Go's math.Max/Min behave): a NaN operand gives a NaN, always the canonical
// quiet NaN 32'h7fc00000, and -0 is less than +0. exceptionFlags are
// {invalid, 4'b0}: invalid for a signaling NaN operand.
//
// Timing: static, 1 cycle: operands presented in cycle t give out in cycle
// t + 1; a new operation may start every cycle.
module accel_fminmax_pipe (
    input  wire logic        clk,
    input  wire logic        reset,
    input  wire logic [31:0] left,
    input  wire logic [31:0] right,
    input  wire logic        maxOp,
    output logic      [31:0] out,
    output logic      [ 4:0] exceptionFlags
);
  logic a_nan, b_nan, a_snan, b_snan, left_below;
  logic [31:0] result;

  always_comb begin
    a_nan = left[30:23] == 8'hff && left[22:0] != 23'd0;
    b_nan = right[30:23] == 8'hff && right[22:0] != 23'd0;
    a_snan = a_nan && !left[22];
    b_snan = b_nan && !right[22];
    // Total order of the non-NaN values, with -0 below +0.
    if (left[31] != right[31]) left_below = left[31];
    else if (left[31]) left_below = right[30:0] < left[30:0];
    else left_below = left[30:0] < right[30:0];
    if (a_nan || b_nan) result = 32'h7fc0_0000;
    else if (maxOp) result = left_below ? right : left;
    else result = left_below ? left : right;
  end

  always_ff @(posedge clk) begin
    if (reset) begin
      out <= '0;
      exceptionFlags <= '0;
    end else begin
      out <= result;
      exceptionFlags <= {a_snan || b_snan, 4'd0};
    end
  end
endmodule
