// std_skid_buffer: a one-entry skid buffer for valid/ready handshakes. In
// bypass mode (o_ready high) out and o_valid follow in and i_valid; when the
// consumer is not ready (i_ready low) for a valid input, the value is held
// in the buffer (skid mode: o_ready low, o_valid high, out the held value)
// until i_ready returns.
module std_skid_buffer #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] in,
    input  wire logic             i_valid,
    input  wire logic             i_ready,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out,
    output logic                  o_valid,
    output logic                  o_ready
);
  logic [WIDTH-1:0] held;
  logic bypass;
  always_ff @(posedge clk) begin
    if (reset) begin
      held   <= '0;
      bypass <= 1'b1;
    end else if (bypass) begin
      if (i_valid && !i_ready) begin
        held   <= in;
        bypass <= 1'b0;
      end
    end else if (i_ready) begin
      bypass <= 1'b1;
    end
  end
  assign o_ready = bypass;
  assign out = bypass ? in : held;
  assign o_valid = bypass ? i_valid : 1'b1;
endmodule
