// std_bypass_reg: a register whose out shows in combinationally while
// write_en is high (and the stored value otherwise); done as std_reg.
module std_bypass_reg #(
    parameter int WIDTH = 32
) (
    input  wire logic [WIDTH-1:0] in,
    input  wire logic             write_en,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] out,
    output logic                  done
);
  logic [WIDTH-1:0] val;
  assign out = write_en ? in : val;
  always_ff @(posedge clk) begin
    if (reset) begin
      val  <= '0;
      done <= 1'b0;
    end else if (write_en) begin
      val  <= in;
      done <= 1'b1;
    end else begin
      done <= 1'b0;
    end
  end
endmodule
