// accel_div_pipe_core: the shared restoring divider of the std_*div_pipe
// family (rules_accel internal), one quotient bit per cycle.
// out_quotient = (left << FRAC_WIDTH) / right (truncated to WIDTH bits) and
// out_remainder = left % right on the raw words, as upstream Calyx computes
// them; dividing by zero gives an all-ones quotient and remainder = left.
// Timing: go starts an operation (operands sampled in that cycle); done is
// high for one cycle WIDTH+FRAC_WIDTH+1 cycles later, when both outputs are
// valid; they hold until the next operation. go must stay high until done.
module accel_div_pipe_core #(
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
  localparam int N = WIDTH + FRAC_WIDTH;  // dividend bits
  localparam int CW = $clog2(N + 1);
  logic running;
  logic [CW-1:0] count;
  logic [WIDTH-1:0] divisor, rem, int_rem;
  logic [N-1:0] quo;
  logic [WIDTH:0] rem_shift;
  logic [WIDTH-1:0] rem_sub, rem_next;
  logic take;

  assign rem_shift = {rem, quo[N-1]};
  assign rem_sub = WIDTH'(rem_shift - {1'b0, divisor});
  assign take = rem_shift >= {1'b0, divisor};
  assign rem_next = take ? rem_sub : rem_shift[WIDTH-1:0];

  always_ff @(posedge clk) begin
    if (reset) begin
      running <= 1'b0;
      done <= 1'b0;
      count <= '0;
      divisor <= '0;
      quo <= '0;
      rem <= '0;
      int_rem <= '0;
      out_quotient <= '0;
      out_remainder <= '0;
    end else if (!running) begin
      done <= 1'b0;
      if (go && !done) begin
        running <= 1'b1;
        count <= '0;
        divisor <= right;
        quo <= N'(left) << FRAC_WIDTH;
        rem <= '0;
      end
    end else begin
      rem <= rem_next;
      quo <= N'({quo, take});
      count <= count + CW'(1);
      // After the WIDTH bits of left the partial remainder is left % right.
      if (count == CW'(WIDTH - 1)) int_rem <= rem_next;
      if (count == CW'(N - 1)) begin
        running <= 1'b0;
        done <= 1'b1;
        out_quotient <= WIDTH'({quo, take});
        out_remainder <= (WIDTH == N) ? rem_next : int_rem;
      end
    end
  end
endmodule
