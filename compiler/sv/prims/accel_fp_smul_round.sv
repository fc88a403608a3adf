// accel_fp_smul_round: rules_accel's signed fixed-point multiply with
// rounding and saturation: out = sat_WIDTH((left * right + 2^(FRAC_WIDTH-1)) >>> FRAC_WIDTH),
// where sat clamps to [-2^(WIDTH-1), 2^(WIDTH-1)-1]; FRAC_WIDTH = 0 adds nothing.
// Same ports and timing as std_fp_smult_pipe.
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
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
  logic [WIDTH-1:0] ltmp, rtmp;
  logic [2*WIDTH-1:0] prod;
  logic started;

  always_ff @(posedge clk) begin
    if (reset) begin
      started <= 1'b0;
      done <= 1'b0;
      ltmp <= '0;
      rtmp <= '0;
      prod <= '0;
    end else begin
      started <= go && !done && !started;
      done <= go && started;
      if (go) begin
        ltmp <= left;
        rtmp <= right;
        prod <= (2*WIDTH)'($signed(ltmp)) * (2*WIDTH)'($signed(rtmp));
      end
    end
  end
  localparam int unused_int_width = INT_WIDTH;  // names the format only
  localparam logic [2*WIDTH-1:0] Half = FRAC_WIDTH > 0 ? (2*WIDTH)'(1) << (FRAC_WIDTH - 1) : '0;
  localparam logic [2*WIDTH-1:0] MaxPos = (2*WIDTH)'({1'b0, {(WIDTH-1){1'b1}}});
  localparam logic [2*WIDTH-1:0] MinNeg = (2*WIDTH)'($signed({1'b1, {(WIDTH-1){1'b0}}}));
  logic [2*WIDTH-1:0] shifted;
  assign shifted = (2*WIDTH)'($signed(prod + Half) >>> FRAC_WIDTH);
  always_comb begin
    if ($signed(shifted) > $signed(MaxPos)) out = MaxPos[WIDTH-1:0];
    else if ($signed(shifted) < $signed(MinNeg)) out = MinNeg[WIDTH-1:0];
    else out = shifted[WIDTH-1:0];
  end
endmodule
