// comb_mem_d4: a 4-dimensional memory with combinational reads and one-cycle
// writes: read_data = mem[addr] at once; write_data is stored at addr on
// the clock edge where write_en is high, and done is high the cycle after.
// The array `mem` is row-major (addr0 slowest) so that simulation can load
// and dump it with $readmemh/$writememh.
module comb_mem_d4 #(
    parameter int WIDTH = 32,
    parameter int D0_SIZE = 16,
    parameter int D1_SIZE = 16,
    parameter int D2_SIZE = 16,
    parameter int D3_SIZE = 16,
    parameter int D0_IDX_SIZE = 4,
    parameter int D1_IDX_SIZE = 4,
    parameter int D2_IDX_SIZE = 4,
    parameter int D3_IDX_SIZE = 4
) (
    input  wire logic [D0_IDX_SIZE-1:0] addr0,
    input  wire logic [D1_IDX_SIZE-1:0] addr1,
    input  wire logic [D2_IDX_SIZE-1:0] addr2,
    input  wire logic [D3_IDX_SIZE-1:0] addr3,
    input  wire logic [WIDTH-1:0] write_data,
    input  wire logic             write_en,
    input  wire logic             clk,
    input  wire logic             reset,
    output logic      [WIDTH-1:0] read_data,
    output logic                  done
);
  localparam int Cells = D0_SIZE * D1_SIZE * D2_SIZE * D3_SIZE;
  localparam int AW = Cells > 1 ? $clog2(Cells) : 1;
  logic [WIDTH-1:0] mem[Cells];
  logic [AW-1:0] idx;
  logic unused_addr;
  assign unused_addr = ^{addr0, addr1, addr2, addr3};  // address bits above AW are out of range
  logic [AW-1:0] row0, row1, row2;  // row-major strides, without multipliers
  accel_const_mul #(
      .WIDTH(AW),
      .VALUE(D1_SIZE)
  ) row0_mul (
      .in (AW'(addr0)),
      .out(row0)
  );
  accel_const_mul #(
      .WIDTH(AW),
      .VALUE(D2_SIZE)
  ) row1_mul (
      .in (row0 + AW'(addr1)),
      .out(row1)
  );
  accel_const_mul #(
      .WIDTH(AW),
      .VALUE(D3_SIZE)
  ) row2_mul (
      .in (row1 + AW'(addr2)),
      .out(row2)
  );
  assign idx = row2 + AW'(addr3);

  assign read_data = mem[idx];

  always_ff @(posedge clk) begin
    if (reset) done <= 1'b0;
    else done <= write_en;
  end

  always_ff @(posedge clk) begin
    if (!reset && write_en) mem[idx] <= write_data;
  end
endmodule
