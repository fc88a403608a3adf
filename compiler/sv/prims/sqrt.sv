// sqrt: integer square root, out = floor(sqrt(in)); fp_sqrt with no
// fraction bits (same ports and timing).
module sqrt #(
    parameter int WIDTH = 32
) (
    input  wire logic             clk,
    input  wire logic             reset,
    input  wire logic             go,
    input  wire logic [WIDTH-1:0] in,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  fp_sqrt #(
      .WIDTH(WIDTH),
      .INT_WIDTH(WIDTH),
      .FRAC_WIDTH(0)
  ) comp (
      .clk(clk),
      .reset(reset),
      .go(go),
      .in(in),
      .out(out),
      .done(done)
  );
endmodule
