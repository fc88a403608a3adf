"""Providers passed between the rules_accel rules."""

AccelInfo = provider(
    doc = "A model compiled by torch_accel to the loop-nest IR.",
    fields = {
        "air": "File: the loop-nest IR (.air text).",
        "data": "File: weight memory contents (air-data-v1 JSON).",
        "model": "File: the source .onnx model.",
        "io": "File or None: sample inputs and PyTorch's outputs (models/README.md format).",
        "unroll": "string: the unroll schedule given, KERNEL_GLOB=FACTOR,...",
    },
)

CalyxInfo = provider(
    doc = "A Calyx program (.futil) with the contents of its external memories.",
    fields = {
        "futil": "File: the Calyx program.",
        "data": "File or None: memory contents in the Calyx JSON data format.",
        "expect": "File or None: expected output memories (Calyx JSON data format).",
        "top": "string: the top-level component.",
        "reference": "struct(air, io, sample) or None: for designs from a model, what torch_check needs to compare with PyTorch.",
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
        "reference": "struct(air, io, sample) or None: passed on from CalyxInfo.",
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

Ice40ToolchainInfo = provider(
    doc = "The host's iCE40 place-and-route tools (nextpnr-ice40, icepack), as found by host_hdl_tools.",
    fields = {
        "nextpnr": "string: absolute path of nextpnr-ice40, or empty when missing.",
        "nextpnr_version": "string: `nextpnr-ice40 --version` output.",
        "icepack": "string: absolute path of icepack, or empty when missing.",
        "icepack_version": "string: icepack and its Debian package version (icepack has no version flag).",
        "missing": "string: why they cannot be used, with the packages to install; empty when usable.",
    },
)
