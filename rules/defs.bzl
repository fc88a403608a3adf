"""Public API of rules_accel: PyTorch (ONNX) models to SystemVerilog, simulated with Verilator.

Load everything from here; the implementations live in rules/private/.

    torch_accel   .onnx → loop-nest IR (.air) + weights            → AccelInfo
    calyx_lower   AccelInfo → Calyx (.futil) + memory data        → CalyxInfo
    sv_library    CalyxInfo (or .sv files) → SystemVerilog        → VerilogInfo
    verilator_test  simulate an sv_library and compare memories
    verilator_lint_test  `verilator --lint-only -Wall` as a test
    synth_report  VerilogInfo → Yosys synthesis → resources (LUT, FF, DSP, BRAM) as JSON + Markdown
    ice40_bitstream  VerilogInfo → Yosys → nextpnr-ice40 → icepack: bitstream, Fmax, latency
    accel_model   all of the above for one model
"""

load("//rules/private:accel_model.bzl", _accel_model = "accel_model")
load("//rules/private:calyx_lower.bzl", _calyx_lower = "calyx_lower")
load("//rules/private:ice40_bitstream.bzl", _ice40_bitstream = "ice40_bitstream")
load("//rules/private:providers.bzl", _AccelInfo = "AccelInfo", _CalyxInfo = "CalyxInfo", _VerilogInfo = "VerilogInfo")
load("//rules/private:sv_library.bzl", _sv_library = "sv_library")
load("//rules/private:synth_report.bzl", _synth_report = "synth_report")
load("//rules/private:torch_accel.bzl", _torch_accel = "torch_accel")
load("//rules/private:verilator_lint_test.bzl", _verilator_lint_test = "verilator_lint_test")
load("//rules/private:verilator_test.bzl", _verilator_test = "verilator_test")

AccelInfo = _AccelInfo
CalyxInfo = _CalyxInfo
VerilogInfo = _VerilogInfo

torch_accel = _torch_accel
calyx_lower = _calyx_lower
sv_library = _sv_library
verilator_test = _verilator_test
verilator_lint_test = _verilator_lint_test
synth_report = _synth_report
ice40_bitstream = _ice40_bitstream
accel_model = _accel_model
