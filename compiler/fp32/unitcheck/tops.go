package unitcheck

import (
	"fmt"
	"strings"
)

// Unit is a library unit (or a few configurations of one) inside a test top.
type Unit struct {
	Name    string   // e.g. "fadd"
	Modules []string // library modules the top instantiates (dependencies included)
	Ops     []*Op
	body    string // the top's body: drives result, result_flags and result_valid
	gap     int    // idle cycles the driver leaves after each record
}

// Units returns every unit the harness checks, in a fixed order. The
// iterative divider runs as `dividers` accel_fdivsqrt copies in round robin
// (1..30): 30 start an operation every cycle, fewer build faster and leave
// idle cycles between operations.
func Units(dividers int) []*Unit {
	dividers = clamp(dividers, 1, divsqrtBusy)
	return []*Unit{
		{Name: "fadd", Modules: []string{"accel_fadd_pipe", "accel_f32_round"}, Ops: []*Op{opAdd, opSub}, body: pipeBody(2, twoLatencies("accel_fadd_pipe", ".subOp(ctrl[0])"))},
		{Name: "fmul", Modules: []string{"accel_fmul_pipe", "accel_f32_round"}, Ops: []*Op{opMul}, body: pipeBody(2, twoLatencies("accel_fmul_pipe", ".control(ctrl[1])"))},
		{Name: "fcmp", Modules: []string{"accel_fcmp_pipe"}, Ops: []*Op{opCmp}, body: pipeBody(1, cmpInst)},
		{Name: "fminmax", Modules: []string{"accel_fminmax_pipe"}, Ops: []*Op{opMax, opMin}, body: pipeBody(1, minmaxInst)},
		{Name: "f2i", Modules: []string{"accel_fp_to_int_pipe"}, body: pipeBody(1, convInst("accel_fp_to_int_pipe", ".in(a[31:0]), .signedOut(ctrl[0])", "a", true)),
			Ops: []*Op{toIntOp(32, true), toIntOp(32, false), toIntOp(64, true), toIntOp(64, false), toIntOp(16, true), toIntOp(16, false)}},
		{Name: "i2f", Modules: []string{"accel_int_to_fp_pipe", "accel_f32_round"}, body: pipeBody(1, convInst("accel_int_to_fp_pipe", ".signedIn(ctrl[0])", "a", false)),
			Ops: []*Op{fromIntOp(32, true), fromIntOp(32, false), fromIntOp(64, true), fromIntOp(64, false), fromIntOp(16, true), fromIntOp(16, false)}},
		{Name: "fdivsqrt", Modules: []string{"accel_fdivsqrt", "accel_f32_round"}, Ops: []*Op{opDiv, opSqrt},
			body: fmt.Sprintf(divsqrtBody, dividers), gap: (divsqrtBusy+dividers-1)/dividers - 1},
		{Name: "fexp", Modules: []string{"accel_fexp_pipe", "accel_fadd_pipe", "accel_fmul_pipe", "accel_int_to_fp_pipe", "accel_f32_round"},
			Ops: []*Op{opExp}, body: pipeBody(fexpLatency, fexpInst)},
	}
}

// Top returns the SystemVerilog of the unit's test top, fp32_unit_top.
func (u *Unit) Top() string {
	return fmt.Sprintf(`// fp32_unit_top: test top of unitcheck unit %s (generated).
module fp32_unit_top (
    input  logic        clk,
    input  logic        reset,
    input  logic        in_valid,
    input  logic [63:0] a,
    input  logic [63:0] b,
    input  logic [7:0]  ctrl,
    output logic        out_valid,
    output logic [63:0] out,
    output logic [7:0]  flags
);
  logic result_valid;
  logic [63:0] result;
  logic [7:0] result_flags;
%s
  assign out_valid = result_valid;
  assign out = result;
  assign flags = result_flags;
endmodule
`, u.Name, u.body)
}

// pipeBody delays in_valid by the unit's latency; inst computes result and
// result_flags from a, b and ctrl.
func pipeBody(latency int, inst string) string {
	return fmt.Sprintf(`  localparam int Latency = %d;
  logic [Latency-1:0] valid_line;
  always_ff @(posedge clk) begin
    if (reset) valid_line <= '0;
    else valid_line <= Latency'({valid_line, in_valid});
  end
  assign result_valid = valid_line[Latency-1];
%s`, latency, inst)
}

// twoLatencies instantiates a unit with LATENCY 2 (whose result is checked)
// and with LATENCY 1, delayed a cycle; flag bit 5 reports any difference.
func twoLatencies(module, extra string) string {
	return fmt.Sprintf(`  logic [31:0] out2, out1, out1_q;
  logic [4:0] flags2, flags1, flags1_q;
  %[1]s #(.LATENCY(2)) unit2 (.clk(clk), .reset(reset), .left(a[31:0]), .right(b[31:0]), %[2]s, .out(out2), .exceptionFlags(flags2));
  %[1]s #(.LATENCY(1)) unit1 (.clk(clk), .reset(reset), .left(a[31:0]), .right(b[31:0]), %[2]s, .out(out1), .exceptionFlags(flags1));
  always_ff @(posedge clk) begin
    out1_q <= out1;
    flags1_q <= flags1;
  end
  assign result = {32'd0, out2};
  assign result_flags = {2'd0, {out1_q, flags1_q} != {out2, flags2}, flags2};
`, module, extra)
}

const cmpInst = `  logic lt, eq, gt, unordered;
  logic [4:0] cmp_flags;
  accel_fcmp_pipe unit (.clk(clk), .reset(reset), .left(a[31:0]), .right(b[31:0]), .signaling(ctrl[1]),
      .lt(lt), .eq(eq), .gt(gt), .unordered(unordered), .exceptionFlags(cmp_flags));
  assign result = {60'd0, lt, eq, gt, unordered};
  assign result_flags = {3'd0, cmp_flags};
`

const minmaxInst = `  logic [31:0] mm;
  logic [4:0] mm_flags;
  accel_fminmax_pipe unit (.clk(clk), .reset(reset), .left(a[31:0]), .right(b[31:0]), .maxOp(ctrl[0]),
      .out(mm), .exceptionFlags(mm_flags));
  assign result = {32'd0, mm};
  assign result_flags = {3'd0, mm_flags};
`

// convInst instantiates a conversion unit for 16, 32 and 64-bit integers;
// control bits 3:2 choose which result is reported (0: 32, 1: 64, 2: 16).
func convInst(module, ports, in string, toInt bool) string {
	var b strings.Builder
	for _, w := range []int{16, 32, 64} {
		outW, inPort := 32, fmt.Sprintf(".in(%s[%d:0])", in, w-1)
		if toInt {
			outW, inPort = w, ""
		}
		sep := ""
		if inPort != "" {
			sep = ", "
		}
		fmt.Fprintf(&b, "  logic [%d:0] out%d;\n  logic [4:0] flags%d;\n", outW-1, w, w)
		fmt.Fprintf(&b, "  %s #(.INT_WIDTH(%d)) unit%d (.clk(clk), .reset(reset), %s%s%s, .out(out%d), .exceptionFlags(flags%d));\n",
			module, w, w, inPort, sep, ports, w, w)
	}
	ext := func(w int) string {
		if toInt {
			return fmt.Sprintf("64'(out%d)", w)
		}
		return fmt.Sprintf("{32'd0, out%d}", w)
	}
	fmt.Fprintf(&b, `  logic [1:0] width_sel;
  always_ff @(posedge clk) width_sel <= ctrl[3:2];
  always_comb begin
    case (width_sel)
      2'd0: begin result = %s; result_flags = {3'd0, flags32}; end
      2'd1: begin result = %s; result_flags = {3'd0, flags64}; end
      default: begin result = %s; result_flags = {3'd0, flags16}; end
    endcase
  end
`, ext(32), ext(64), ext(16))
	return b.String()
}

// fexpLatency is accel_fexp_pipe's documented latency.
const fexpLatency = 38

const fexpInst = `  logic [31:0] exp_out;
  accel_fexp_pipe unit (.clk(clk), .reset(reset), .in(a[31:0]), .out(exp_out));
  assign result = {32'd0, exp_out};
  assign result_flags = 8'd0;
`

// divsqrtBusy is how long an accel_fdivsqrt is busy with one operation: 29
// cycles of latency and its done cycle.
const divsqrtBusy = 30

// divsqrtBody runs %d accel_fdivsqrt units round robin (the driver spaces
// the records so that each unit is idle when its turn comes). in_valid
// delayed by the documented latency must coincide with exactly one unit's
// done (else flag bit 5).
const divsqrtBody = `  localparam int Latency = 29;
  localparam int Units = %d;
  logic [Latency-1:0] valid_line;
  logic [4:0] next_unit;
  logic [Units-1:0] unit_done;
  logic [31:0] unit_out [Units];
  logic [4:0] unit_flags [Units];
  always_ff @(posedge clk) begin
    if (reset) begin
      valid_line <= '0;
      next_unit <= '0;
    end else begin
      valid_line <= Latency'({valid_line, in_valid});
      if (in_valid) next_unit <= next_unit == 5'(Units - 1) ? 5'd0 : next_unit + 5'd1;
    end
  end
  for (genvar i = 0; i < Units; i++) begin : g_unit
    accel_fdivsqrt unit (.clk(clk), .reset(reset), .go(in_valid && next_unit == 5'(i)), .sqrtOp(ctrl[0]),
        .left(a[31:0]), .right(b[31:0]), .control(ctrl[1]),
        .out(unit_out[i]), .exceptionFlags(unit_flags[i]), .done(unit_done[i]));
  end
  logic [31:0] sel_out;
  logic [4:0] sel_flags;
  logic [5:0] dones;
  always_comb begin
    sel_out = '0;
    sel_flags = '0;
    dones = '0;
    for (int i = 0; i < Units; i++) begin
      if (unit_done[i]) begin
        sel_out = unit_out[i];
        sel_flags = unit_flags[i];
        dones = dones + 6'd1;
      end
    end
  end
  assign result_valid = valid_line[Latency-1];
  assign result = {32'd0, sel_out};
  assign result_flags = {2'd0, dones != 6'(result_valid), sel_flags};
`
