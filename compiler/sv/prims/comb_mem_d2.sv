// comb_mem_d2: a 2-dimensional memory with combinational reads and one-cycle
// writes: read_data = mem[addr] at once; write_data is stored at addr on
// the clock edge where write_en is high, and done is high the cycle after.
// The array `mem` is row-major (addr0 slowest) so that simulation can load
// and dump it with $readmemh/$writememh.
module comb_mem_d2 #(
    parameter int WIDTH = 32,
    parameter int D0_SIZE = 16,
    parameter int D1_SIZE = 16,
    parameter int D0_IDX_SIZE = 4,
    parameter int D1_IDX_SIZE = 4
) (
    input  wire logic [D0_IDX_SIZE-1:0] addr0,
    input  wire logic [D1_IDX_SIZE-1:0] addr1,
    input  wire logic [WIDTH-1:0] write_data,
    input  wire logic             write_en,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] read_data,
    output logic                  done
);
  localparam int Cells = D0_SIZE * D1_SIZE;
  localparam int AW = Cells > 1 ? $clog2(Cells) : 1;
  logic [WIDTH-1:0] mem[Cells];
  logic [AW-1:0] idx;
  logic unused_addr;
  assign unused_addr = ^{addr0, addr1};  // address bits above AW are out of range
  logic [AW-1:0] row;  // addr0 * D1_SIZE, without a multiplier
  accel_const_mul #(
      .WIDTH(AW),
      .VALUE(D1_SIZE)
  ) row_mul (
      .in (AW'(addr0)),
      .out(row)
  );
  assign idx = row + AW'(addr1);

  assign read_data = mem[idx];

  always_ff @(posedge clk) begin
    if (reset) done <= 1'b0;
    else done <= write_en;
  end

  always_ff @(posedge clk) begin
    if (!reset && write_en) mem[idx] <= write_data;
  end
endmodule
