// std_reg: a register; out takes in one cycle after write_en, and done
// is high for the one cycle after each write.
module std_reg #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] in,
    input  wire logic             write_en,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  always_ff @(posedge clk) begin
    if (reset) begin
      out  <= '0;
      done <= 1'b0;
    end else if (write_en) begin
      out  <= in;
      done <= 1'b1;
    end else begin
      done <= 1'b0;
    end
  end
endmodule
