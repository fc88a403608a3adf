// Package qor turns the reports of the open FPGA tools into quality-of-results
// reports: resources per component and in total from Yosys's `stat -json`
// (after synth_xilinx, synth_ice40 or the generic synth), and for a placed and
// routed iCE40 design the utilization and achieved Fmax from nextpnr's
// `--report` JSON, with latency = cycles / Fmax.
//
// Counting follows the vendor's reports where one exists: on xc7 "LUT" is
// LUTs used as logic, "LUT RAM" the LUTs used as distributed RAM or shift
// registers (RAM32M = 4 LUTs, RAM64X1S = 1, ..., per Xilinx UG474), and
// "LUT total" their sum, which is what Vivado's "Slice LUTs" column counts;
// BRAM is in RAMB36 tiles (a RAMB18 is half a tile). These are Yosys's
// estimates, not Vivado's results.
//
// A component is a module the design instantiates that Yosys did not derive
// from a parameterized module: with rules_accel's generated SystemVerilog,
// one per Calyx component (each layer, and main). Its resources include the
// parameterized primitives it instantiates (memories, multipliers, registers)
// but not other components, so the component rows, each multiplied by its
// instance count, add up to the total. The same resources are also broken
// down by primitive (comb_mem_d2, std_smult_pipe, ...).
package qor
