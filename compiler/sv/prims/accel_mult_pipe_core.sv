// accel_mult_pipe_core: the shared pipeline of the std_*mult_pipe family
// (rules_accel internal; instantiated by std_mult_pipe, std_smult_pipe,
// std_fp_mult_pipe, std_fp_smult_pipe and accel_fp_smul_round).
// The operands are extended to 2*WIDTH bits (sign-extended if SIGNED) and
// multiplied; out is the product's bits [WIDTH+FRAC_WIDTH-1:FRAC_WIDTH], or
// with ROUND sat_WIDTH((product + 2^(FRAC_WIDTH-1)) >>> FRAC_WIDTH), where sat
// clamps to [-2^(WIDTH-1), 2^(WIDTH-1)-1] (FRAC_WIDTH = 0 adds nothing).
// Timing: operands are sampled in the first cycle of go, the product in
// the second, and done is high in the third (out is then valid and stays
// until the next operation); a fresh operation may start the cycle after done.
module accel_mult_pipe_core #(
    parameter int WIDTH = 32,
    parameter int FRAC_WIDTH = 0,
    parameter bit SIGNED = 1'b0,
    parameter bit ROUND = 1'b0
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
  logic [2*WIDTH-1:0] lext, rext;
  logic [2*WIDTH-1:0] prod;
  logic started;

  assign lext = {{WIDTH{SIGNED & ltmp[WIDTH-1]}}, ltmp};
  assign rext = {{WIDTH{SIGNED & rtmp[WIDTH-1]}}, rtmp};

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
        prod <= lext * rext;
      end
    end
  end

  if (ROUND) begin : g_round
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
  end else begin : g_trunc
    logic unused_bits;
    assign unused_bits = ^prod;  // bits outside [WIDTH+FRAC_WIDTH-1:FRAC_WIDTH] are dropped
    assign out = prod[WIDTH+FRAC_WIDTH-1:FRAC_WIDTH];
  end
endmodule
