// std_float_const: upstream Calyx's floating-point constant
// (primitives/float.futil). The compiler turns the literal into its IEEE-754
// bit pattern (REP 0, WIDTH 32 or 64, rounded to nearest even) and passes it
// as VALUE.
module std_float_const #(
    parameter int REP = 0,
    parameter int WIDTH = 32,
    parameter logic [WIDTH-1:0] VALUE = '0
) (
    output logic [WIDTH-1:0] out
);
  localparam int unused_rep = REP;  // names the representation only
  assign out = VALUE;
endmodule
