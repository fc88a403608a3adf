// accel_int_to_fp_pipe: INT_WIDTH-bit integer to IEEE-754 binary32
// conversion, round to nearest even, pipelined (rules_accel's own primitive).
//
// in is a two's complement number when signedIn is set, else an unsigned one;
// out is the nearest binary32 (ties to even), +0 for 0. exceptionFlags are
// {3'b0, 1'b0, inexact} ({invalid, divide-by-zero, overflow, underflow,
// inexact}); no INT_WIDTH up to 128 can overflow binary32.
//
// Timing: static, 1 cycle: in presented in cycle t gives out in cycle t + 1;
// a new conversion may start every cycle. INT_WIDTH is 2..128.
module accel_int_to_fp_pipe #(
    parameter int INT_WIDTH = 32
) (
    input  wire logic                 clk,
    input  wire logic                 reset,
    input  wire logic [INT_WIDTH-1:0] in,
    input  wire logic                 signedIn,
    output logic      [         31:0] out,
    output logic      [          4:0] exceptionFlags
);
  if (INT_WIDTH < 2 || INT_WIDTH > 128) begin : g_bad_width
    $error("accel_int_to_fp_pipe: INT_WIDTH must be 2..128");
  end

  localparam int LzWidth = $clog2(INT_WIDTH + 1);

  logic negative;
  logic [INT_WIDTH-1:0] magnitude, norm;
  logic [LzWidth-1:0] lead_zeros;
  logic [INT_WIDTH+25:0] widened;  // norm followed by 26 zero bits
  logic signed [11:0] round_exp;
  logic [31:0] rounded, result;
  logic [2:0] round_flags;  // {overflow, underflow, inexact}: only inexact can happen
  logic [1:0] unused_flags;
  assign unused_flags = round_flags[2:1];

  always_comb begin
    negative = signedIn && in[INT_WIDTH-1];
    magnitude = negative ? -in : in;  // -(-2^(W-1)) is 2^(W-1), right as unsigned
    lead_zeros = LzWidth'(INT_WIDTH);
    for (int i = 0; i < INT_WIDTH; i++) begin
      if (magnitude[i]) lead_zeros = LzWidth'(INT_WIDTH - 1 - i);
    end
    norm = magnitude << lead_zeros;
    widened = {norm, 26'd0};
    // The leading one has weight 2^(INT_WIDTH-1-lead_zeros).
    round_exp = 12'sd127 + 12'(INT_WIDTH - 1) - 12'(lead_zeros);
  end

  accel_f32_round rounder (
      .sign(negative),
      .exp(round_exp),
      .sig(widened[INT_WIDTH+25:INT_WIDTH]),
      .sticky(|widened[INT_WIDTH-1:0]),
      .control(1'b0),
      .out(rounded),
      .flags(round_flags)
  );

  always_comb begin
    if (magnitude == '0) result = 32'd0;
    else result = rounded;
  end

  always_ff @(posedge clk) begin
    if (reset) begin
      out <= '0;
      exceptionFlags <= '0;
    end else begin
      out <= result;
      exceptionFlags <= {4'd0, magnitude != '0 && round_flags[0]};
    end
  end
endmodule
