// std_div_pipe: unsigned division, one quotient bit per cycle (restoring).
// out_quotient = left / right and out_remainder = left % right; dividing by
// zero gives an all-ones quotient and remainder = left.
// Timing: go starts an operation (operands sampled in that cycle); done is
// high for one cycle WIDTH+1 cycles later, when both outputs are valid; they
// hold until the next operation. go must stay high until done.
module std_div_pipe #(
    parameter int WIDTH = 32
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
  localparam int CW = $clog2(WIDTH + 1);
  logic running;
  logic [CW-1:0] count;
  logic [WIDTH-1:0] divisor, quo, rem;
  logic [WIDTH:0] rem_shift;
  logic [WIDTH-1:0] rem_sub;
  logic take;

  assign rem_shift = {rem, quo[WIDTH-1]};
  assign rem_sub = WIDTH'(rem_shift - {1'b0, divisor});
  assign take = rem_shift >= {1'b0, divisor};

  always_ff @(posedge clk) begin
    if (reset) begin
      running <= 1'b0;
      done <= 1'b0;
      count <= '0;
      divisor <= '0;
      quo <= '0;
      rem <= '0;
      out_quotient <= '0;
      out_remainder <= '0;
    end else if (!running) begin
      done <= 1'b0;
      if (go && !done) begin
        running <= 1'b1;
        count <= '0;
        divisor <= right;
        quo <= left;
        rem <= '0;
      end
    end else begin
      rem <= take ? rem_sub : rem_shift[WIDTH-1:0];
      quo <= WIDTH'({quo, take});
      count <= count + CW'(1);
      if (count == CW'(WIDTH - 1)) begin
        running <= 1'b0;
        done <= 1'b1;
        out_quotient <= WIDTH'({quo, take});
        out_remainder <= take ? rem_sub : rem_shift[WIDTH-1:0];
      end
    end
  end
endmodule
