"""Public API of rules_accel: PyTorch (ONNX) models to SystemVerilog, simulated with Verilator.

Load everything from here; the implementations live in rules/private/.
"""

load("//rules/private:providers.bzl", _AccelInfo = "AccelInfo", _CalyxInfo = "CalyxInfo", _VerilogInfo = "VerilogInfo")
load("//rules/private:sv_library.bzl", _sv_library = "sv_library")
load("//rules/private:verilator_lint_test.bzl", _verilator_lint_test = "verilator_lint_test")

AccelInfo = _AccelInfo
CalyxInfo = _CalyxInfo
VerilogInfo = _VerilogInfo

sv_library = _sv_library
verilator_lint_test = _verilator_lint_test
