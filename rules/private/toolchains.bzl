"""Toolchain rules for the host Verilator, Yosys and iCE40 tools (nextpnr-ice40, icepack)."""

load(":providers.bzl", "Ice40ToolchainInfo", "VerilatorToolchainInfo", "YosysToolchainInfo")

# Label() resolves against this file's repository, so these are right both in
# this workspace and when rules_accel is an external repository.
VERILATOR_TOOLCHAIN = str(Label("//rules:verilator_toolchain_type"))
YOSYS_TOOLCHAIN = str(Label("//rules:yosys_toolchain_type"))
ICE40_TOOLCHAIN = str(Label("//rules:ice40_toolchain_type"))

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

def _ice40_toolchain_impl(ctx):
    missing = [m for m in [ctx.attr.nextpnr_missing, ctx.attr.icepack_missing] if m]
    return [platform_common.ToolchainInfo(ice40 = Ice40ToolchainInfo(
        nextpnr = ctx.attr.nextpnr,
        nextpnr_version = ctx.attr.nextpnr_version,
        icepack = ctx.attr.icepack,
        icepack_version = ctx.attr.icepack_version,
        missing = "; ".join(missing),
    ))]

ice40_toolchain = rule(
    implementation = _ice40_toolchain_impl,
    doc = "Declares the iCE40 place-and-route tools (nextpnr-ice40 and icestorm's icepack) for the ice40 toolchain type.",
    attrs = {
        "nextpnr": attr.string(doc = "Absolute path of nextpnr-ice40; empty when missing."),
        "nextpnr_version": attr.string(doc = "nextpnr-ice40's version line."),
        "nextpnr_missing": attr.string(doc = "Why nextpnr-ice40 cannot be used; empty when usable."),
        "icepack": attr.string(doc = "Absolute path of icepack; empty when missing."),
        "icepack_version": attr.string(doc = "icepack's Debian package version."),
        "icepack_missing": attr.string(doc = "Why icepack cannot be used; empty when usable."),
    },
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

def find_ice40(ctx):
    """Returns the resolved iCE40 tools, failing with an install hint if one is missing.

    Args:
      ctx: the rule context of a rule that requires the ice40 toolchain type.

    Returns:
      Ice40ToolchainInfo with the paths and versions of nextpnr-ice40 and icepack.
    """
    info = ctx.toolchains[ICE40_TOOLCHAIN].ice40
    if info.missing:
        fail(info.missing)
    return info
