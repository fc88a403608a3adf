// accel_fp_to_int_pipe: IEEE-754 binary32 to INT_WIDTH-bit integer
// conversion, rounding toward zero, pipelined (rules_accel's own primitive).
//
// out is in's integer part (C's and PyTorch's truncating cast) as a two's
// complement number when signedOut is set, else as an unsigned one. Values
// outside the integer range saturate, as HardFloat's recFNToIN does: too
// large or +inf gives the largest integer (2^(INT_WIDTH-1) - 1 signed,
// 2^INT_WIDTH - 1 unsigned), too small or -inf the smallest (-2^(INT_WIDTH-1)
// signed, 0 unsigned), and a NaN the largest. A negative input above -1
// converts to 0 in both modes. exceptionFlags are {invalid, 3'b0, inexact}:
// invalid for a NaN, an infinity or a value out of range (IEEE 754 §7.2),
// otherwise inexact when a fraction was dropped.
//
// Timing: static, 1 cycle: in presented in cycle t gives out in cycle t + 1;
// a new conversion may start every cycle. INT_WIDTH is 2..128.
module accel_fp_to_int_pipe #(
    parameter int INT_WIDTH = 32
) (
    input  wire logic                 clk,
    input  wire logic                 reset,
    input  wire logic [         31:0] in,
    input  wire logic                 signedOut,
    output logic      [INT_WIDTH-1:0] out,
    output logic      [          4:0] exceptionFlags
);
  if (INT_WIDTH < 2 || INT_WIDTH > 128) begin : g_bad_width
    $error("accel_fp_to_int_pipe: INT_WIDTH must be 2..128");
  end

  localparam logic [INT_WIDTH-1:0] MinSigned = {1'b1, {(INT_WIDTH - 1) {1'b0}}};

  logic sign, is_nan, is_inf, too_big, in_range, invalid, inexact;
  logic [7:0] exp_field;
  logic [7:0] int_bits;  // exponent of the leading one: |in| is in [2^int_bits, 2^(int_bits+1))
  logic [INT_WIDTH+23:0] shifted;  // significand * 2^int_bits, 23 fraction bits
  logic [INT_WIDTH-1:0] magnitude, result;

  always_comb begin
    sign = in[31];
    exp_field = in[30:23];
    is_nan = exp_field == 8'hff && in[22:0] != 23'd0;
    is_inf = exp_field == 8'hff && in[22:0] == 23'd0;
    int_bits = exp_field - 8'd127;
    shifted = '0;
    magnitude = '0;
    inexact = 1'b0;
    too_big = 1'b0;
    if (exp_field < 8'd127) begin
      // |in| < 1: the integer part is 0.
      inexact = in[30:0] != 31'd0;
    end else if (32'(int_bits) >= INT_WIDTH) begin
      too_big = 1'b1;  // |in| >= 2^INT_WIDTH (infinities and NaNs too)
    end else begin
      shifted = (INT_WIDTH + 24)'({1'b1, in[22:0]}) << int_bits;
      magnitude = shifted[INT_WIDTH+22:23];
      inexact = shifted[22:0] != 23'd0;
    end
    if (too_big) in_range = 1'b0;
    else if (signedOut) in_range = !magnitude[INT_WIDTH-1] || (sign && magnitude == MinSigned);
    else in_range = !sign || magnitude == '0;
    invalid = is_nan || is_inf || !in_range;
    if (!invalid) result = sign ? -magnitude : magnitude;
    else if (sign && !is_nan) result = signedOut ? MinSigned : '0;
    else result = signedOut ? ~MinSigned : '1;
  end

  logic unused_bit;
  assign unused_bit = shifted[INT_WIDTH+23];  // |in| < 2^INT_WIDTH leaves it clear

  always_ff @(posedge clk) begin
    if (reset) begin
      out <= '0;
      exceptionFlags <= '0;
    end else begin
      out <= result;
      exceptionFlags <= {invalid, 3'd0, inexact && !invalid};
    end
  end
endmodule
