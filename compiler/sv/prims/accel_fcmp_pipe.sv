// accel_fcmp_pipe: IEEE-754 binary32 comparison, pipelined (rules_accel's own
// primitive).
//
// Exactly one of lt (left < right), eq (left == right), gt (left > right) and
// unordered (either operand is a NaN) is set. +0 and -0 are equal; NaNs are
// unordered with everything, themselves included. exceptionFlags are
// {invalid, 4'b0} as in HardFloat's compareRecFN: invalid for a signaling NaN
// operand, or for any NaN operand when signaling is set (IEEE 754's
// compareSignaling predicates, e.g. <, >=; quiet ones are == and !=).
//
// Timing: static, 1 cycle: operands presented in cycle t give the outputs in
// cycle t + 1; a new comparison may start every cycle.
module accel_fcmp_pipe (
    input  wire logic        clk,
    input  wire logic        reset,
    input  wire logic [31:0] left,
    input  wire logic [31:0] right,
    input  wire logic        signaling,
    output logic             lt,
    output logic             eq,
    output logic             gt,
    output logic             unordered,
    output logic      [ 4:0] exceptionFlags
);
  logic a_nan, b_nan, a_snan, b_snan, both_zero, is_unordered, is_eq, is_lt;

  always_comb begin
    a_nan = left[30:23] == 8'hff && left[22:0] != 23'd0;
    b_nan = right[30:23] == 8'hff && right[22:0] != 23'd0;
    a_snan = a_nan && !left[22];
    b_snan = b_nan && !right[22];
    is_unordered = a_nan || b_nan;
    both_zero = left[30:0] == 31'd0 && right[30:0] == 31'd0;
    is_eq = !is_unordered && (left == right || both_zero);
    // Sign-magnitude order: with equal signs the magnitudes decide (reversed
    // for negatives); with different signs the negative one is smaller.
    if (left[31] != right[31]) is_lt = left[31];
    else if (left[31]) is_lt = right[30:0] < left[30:0];
    else is_lt = left[30:0] < right[30:0];
    is_lt = is_lt && !is_unordered && !is_eq;
  end

  always_ff @(posedge clk) begin
    if (reset) begin
      lt <= 1'b0;
      eq <= 1'b0;
      gt <= 1'b0;
      unordered <= 1'b0;
      exceptionFlags <= '0;
    end else begin
      lt <= is_lt;
      eq <= is_eq;
      gt <= !is_unordered && !is_eq && !is_lt;
      unordered <= is_unordered;
      exceptionFlags <= {a_snan || b_snan || (signaling && is_unordered), 4'd0};
    end
  end
endmodule
