// fp_sqrt: fixed-point square root, two radicand bits per cycle (digit by
// digit): out = floor(sqrt(in * 2^FRAC_WIDTH)) on the raw words, i.e. the
// square root of the fixed-point value, truncated to FRAC_WIDTH fraction bits.
// Timing: go starts an operation (in sampled in that cycle); done is high for
// one cycle ceil((WIDTH+FRAC_WIDTH)/2)+1 cycles later; out then holds.
module fp_sqrt #(
    parameter int WIDTH = 32,
    parameter int INT_WIDTH = 16,
    parameter int FRAC_WIDTH = 16
) (
    input  wire logic             clk,
    input  wire logic             reset,
    input  wire logic             go,
    input  wire logic [WIDTH-1:0] in,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  localparam int unused_int_width = INT_WIDTH;  // names the format only
  localparam int N = WIDTH + FRAC_WIDTH + ((WIDTH + FRAC_WIDTH) % 2);  // radicand bits, even
  localparam int H = N / 2;  // root bits
  localparam int CW = $clog2(H + 1);
  logic running;
  logic [CW-1:0] count;
  logic [N-1:0] rad;
  logic [H+1:0] rem, rem_shift, trial;
  logic [H-1:0] root;
  logic take;

  assign rem_shift = {rem[H-1:0], rad[N-1:N-2]};
  assign trial = {root, 2'b01};
  assign take = rem_shift >= trial;

  always_ff @(posedge clk) begin
    if (reset) begin
      running <= 1'b0;
      done <= 1'b0;
      count <= '0;
      rad <= '0;
      rem <= '0;
      root <= '0;
      out <= '0;
    end else if (!running) begin
      done <= 1'b0;
      if (go && !done) begin
        running <= 1'b1;
        count <= '0;
        rad <= N'(in) << FRAC_WIDTH;
        rem <= '0;
        root <= '0;
      end
    end else begin
      rad <= rad << 2;
      rem <= take ? rem_shift - trial : rem_shift;
      root <= H'({root, take});
      count <= count + CW'(1);
      if (count == CW'(H - 1)) begin
        running <= 1'b0;
        done <= 1'b1;
        out <= WIDTH'({root, take});
      end
    end
  end

  logic unused_rem;
  assign unused_rem = ^rem[H+1:H];  // the remainder's top bits only feed the next step via rem_shift
endmodule
