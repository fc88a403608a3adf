// A multiply-accumulate step in fixed<16,8>: acc + a*b, rounded half up and
// saturated on store exactly as compiler/fixed defines it.
module mac (
    input  logic               clk,
    input  logic               clear,
    input  logic signed [15:0] a,
    input  logic signed [15:0] b,
    output logic signed [15:0] acc
);
  logic signed [31:0] prod;
  logic signed [32:0] sum;
  logic signed [24:0] shifted;

  always_comb begin
    prod = a * b;
    sum = 33'(prod) + 33'(32'sd128) + (33'(acc) <<< 8);
    shifted = 25'(sum >>> 8);
  end

  always_ff @(posedge clk) begin
    if (clear) acc <= '0;
    else if (shifted > 25'sd32767) acc <= 16'sh7fff;
    else if (shifted < -25'sd32768) acc <= 16'sh8000;
    else acc <= shifted[15:0];
  end
endmodule
