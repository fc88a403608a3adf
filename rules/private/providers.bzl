"""Providers passed between the rules_accel rules."""

AccelInfo = provider(
    doc = "A model compiled by torch_accel to the loop-nest IR.",
    fields = {
        "air": "File: the loop-nest IR (.air text).",
        "data": "File: memory contents (weights, sample inputs, expected outputs).",
        "schedule": "File: the schedule and partitioning that were applied.",
        "model": "File: the source .onnx model.",
    },
)

CalyxInfo = provider(
    doc = "A Calyx program (.futil) with the contents of its external memories.",
    fields = {
        "futil": "File: the Calyx program.",
        "data": "File or None: memory contents in the Calyx JSON data format.",
        "expect": "File or None: expected output memories (Calyx JSON data format).",
        "top": "string: the top-level component.",
    },
)

VerilogInfo = provider(
    doc = "SystemVerilog sources and their top module, in the spirit of rules_hdl's VerilogInfo.",
    fields = {
        "srcs": "depset of Files: this library's sources and those of its deps, in dependency order.",
        "top": "string: the top module.",
        "data": "File or None: initial memory contents for simulation (Calyx JSON data format).",
        "expect": "File or None: expected output memories for simulation.",
        "tb": "File or None: the simulation testbench generated alongside the design.",
    },
)

VerilatorToolchainInfo = provider(
    doc = "The host Verilator, as found by host_hdl_tools.",
    fields = {
        "path": "string: absolute path of verilator, or empty when missing.",
        "version": "string: `verilator --version` output.",
        "missing": "string: why it cannot be used, with the package to install; empty when usable.",
    },
)

YosysToolchainInfo = provider(
    doc = "The host Yosys, as found by host_hdl_tools.",
    fields = {
        "path": "string: absolute path of yosys, or empty when missing.",
        "version": "string: `yosys -V` output.",
        "missing": "string: why it cannot be used, with the package to install; empty when usable.",
    },
)
