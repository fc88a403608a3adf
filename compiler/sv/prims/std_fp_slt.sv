// std_fp_slt: fixed-point signed less-than (combinational); INT_WIDTH and FRAC_WIDTH only
// document the format, the bits are those of the integer operation.
module std_fp_slt #(
    parameter int WIDTH = 32,
    parameter int INT_WIDTH = 16,
    parameter int FRAC_WIDTH = 16
) (
    input  wire logic [WIDTH-1:0] left,
    input  wire logic [WIDTH-1:0] right,
    output logic                   out
);
  localparam int unused_format = INT_WIDTH + FRAC_WIDTH;  // names the format only
  assign out = $signed(left) < $signed(right);
endmodule
