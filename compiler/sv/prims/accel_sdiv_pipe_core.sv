// accel_sdiv_pipe_core: signed division on accel_div_pipe_core over
// magnitudes (rules_accel internal; instantiated by std_sdiv_pipe and
// std_fp_sdiv_pipe), with upstream Calyx's conventions: the quotient
// truncates toward zero and the remainder takes the sign of the divisor
// (floored modulus, ((l % r) + r) % r). Timing as accel_div_pipe_core.
module accel_sdiv_pipe_core #(
    parameter int WIDTH = 32,
    parameter int FRAC_WIDTH = 0
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    input  wire logic             go,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out_quotient,
    output logic      [WIDTH-1:0] out_remainder,
    output logic                  done
);
  logic [WIDTH-1:0] left_abs, right_abs, right_saved, quo_abs, rem_abs, r_adj;
  logic left_neg, right_neg, busy;

  assign left_abs = left[WIDTH-1] ? -left : left;
  assign right_abs = right[WIDTH-1] ? -right : right;

  always_ff @(posedge clk) begin
    if (reset) begin
      left_neg <= 1'b0;
      right_neg <= 1'b0;
      right_saved <= '0;
    end else if (go && !done && !busy) begin
      left_neg <= left[WIDTH-1];
      right_neg <= right[WIDTH-1];
      right_saved <= right_abs;
    end
  end

  always_ff @(posedge clk) begin
    if (reset || done) busy <= 1'b0;
    else if (go) busy <= 1'b1;
  end

  accel_div_pipe_core #(
      .WIDTH(WIDTH),
      .FRAC_WIDTH(FRAC_WIDTH)
  ) comp (
      .left(left_abs),
      .right(right_abs),
      .go(go),
      .clk(clk),
      .reset(reset),
      .out_quotient(quo_abs),
      .out_remainder(rem_abs),
      .done(done)
  );

  assign out_quotient = (left_neg ^ right_neg) ? -quo_abs : quo_abs;
  assign r_adj = ((left_neg ^ right_neg) && rem_abs != '0) ? right_saved - rem_abs : rem_abs;
  assign out_remainder = right_neg ? -r_adj : r_adj;
endmodule
