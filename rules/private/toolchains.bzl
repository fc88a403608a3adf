"""Toolchain rules for the host Verilator and Yosys."""

load(":providers.bzl", "VerilatorToolchainInfo", "YosysToolchainInfo")

# Label() resolves against this file's repository, so these are right both in
# this workspace and when rules_accel is an external repository.
VERILATOR_TOOLCHAIN = str(Label("//rules:verilator_toolchain_type"))
YOSYS_TOOLCHAIN = str(Label("//rules:yosys_toolchain_type"))

_ATTRS = {
    "path": attr.string(doc = "Absolute path of the tool; empty when missing."),
    "version": attr.string(doc = "The tool's version line."),
    "missing": attr.string(doc = "Why the tool cannot be used; empty when usable."),
}

def _verilator_toolchain_impl(ctx):
    return [platform_common.ToolchainInfo(verilator = VerilatorToolchainInfo(
        path = ctx.attr.path,
        version = ctx.attr.version,
        missing = ctx.attr.missing,
    ))]

verilator_toolchain = rule(
    implementation = _verilator_toolchain_impl,
    doc = "Declares a Verilator installation for the verilator toolchain type.",
    attrs = _ATTRS,
)

def _yosys_toolchain_impl(ctx):
    return [platform_common.ToolchainInfo(yosys = YosysToolchainInfo(
        path = ctx.attr.path,
        version = ctx.attr.version,
        missing = ctx.attr.missing,
    ))]

yosys_toolchain = rule(
    implementation = _yosys_toolchain_impl,
    doc = "Declares a Yosys installation for the yosys toolchain type.",
    attrs = _ATTRS,
)

def find_verilator(ctx):
    """Returns the resolved Verilator toolchain, failing with an install hint if it is missing.

    Args:
      ctx: the rule context of a rule that requires the verilator toolchain type.

    Returns:
      VerilatorToolchainInfo with the tool's path and version.
    """
    info = ctx.toolchains[VERILATOR_TOOLCHAIN].verilator
    if info.missing:
        fail(info.missing)
    return info

def find_yosys(ctx):
    """Returns the resolved Yosys toolchain, failing with an install hint if it is missing.

    Args:
      ctx: the rule context of a rule that requires the yosys toolchain type.

    Returns:
      YosysToolchainInfo with the tool's path and version.
    """
    info = ctx.toolchains[YOSYS_TOOLCHAIN].yosys
    if info.missing:
        fail(info.missing)
    return info
