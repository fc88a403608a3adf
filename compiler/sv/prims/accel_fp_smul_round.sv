// accel_fp_smul_round: rules_accel's signed fixed-point multiply with
// rounding and saturation: out = sat_WIDTH((left * right + 2^(FRAC_WIDTH-1)) >>> FRAC_WIDTH),
// where sat clamps to [-2^(WIDTH-1), 2^(WIDTH-1)-1]; FRAC_WIDTH = 0 adds nothing.
// Same ports and timing as std_fp_smult_pipe.
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
// The pipeline is accel_mult_pipe_core's.
module accel_fp_smul_round #(
    parameter int WIDTH = 32,
    parameter int INT_WIDTH = 16,
    parameter int FRAC_WIDTH = 16
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    input  wire logic             go,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  localparam int unused_int_width = INT_WIDTH;  // names the format only
  accel_mult_pipe_core #(
      .WIDTH(WIDTH),
      .FRAC_WIDTH(FRAC_WIDTH),
      .SIGNED(1'b1),
      .ROUND(1'b1)
  ) comp (
      .left(left),
      .right(right),
      .go(go),
      .clk(clk),
      .reset(reset),
      .out(out),
      .done(done)
  );
endmodule
