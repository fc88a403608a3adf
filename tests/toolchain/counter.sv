// An 8-bit counter with synchronous reset and enable: exactly 8 flip-flops
// in any technology, and one clock for nextpnr to time. Written to check
// that the Yosys and nextpnr toolchains run under Bazel (synth_report,
// ice40_bitstream).
module counter #(
    parameter int WIDTH = 8
) (
    input  logic             clk,
    input  logic             reset,
    input  logic             en,
    output logic [WIDTH-1:0] count
);
  always_ff @(posedge clk) begin
    if (reset) count <= '0;
    else if (en) count <= count + 1'b1;
  end
endmodule
