"""Shared by synth_report and ice40_bitstream: one Yosys run as a build action."""

load(":providers.bzl", "VerilogInfo")
load(":toolchains.bzl", "find_yosys")

FAMILIES = ["xc7", "ice40", "generic"]

SYNTH_ATTRS = {
    "lib": attr.label(mandatory = True, providers = [VerilogInfo], doc = "The sv_library to synthesize."),
    "top": attr.string(doc = "Top module; default: the library's."),
    "_synth_script": attr.label(default = "//compiler/cmd/synth_script", executable = True, cfg = "exec"),
    "_synth_report": attr.label(default = "//compiler/cmd/synth_report", executable = True, cfg = "exec"),
}

def synthesize(ctx, family, netlist = False):
    """Synthesizes ctx.attr.lib with Yosys for `family`, hierarchically.

    Args:
      ctx: rule context with SYNTH_ATTRS and the yosys toolchain.
      family: "xc7", "ice40" or "generic".
      netlist: also write the synthesized netlist (Yosys JSON, for nextpnr).

    Returns:
      struct(top, stat, netlist): the top module, Yosys's `stat -json`
      output File, and the netlist File or None.
    """
    if family not in FAMILIES:
        fail("%s: family %r is not one of %s" % (ctx.label, family, FAMILIES))
    yosys = find_yosys(ctx)
    info = ctx.attr.lib[VerilogInfo]
    top = ctx.attr.top or info.top
    all_srcs = info.srcs.to_list()
    srcs = [f for f in all_srcs if f.extension in ["sv", "v"]]
    prefix = ctx.label.name + "_" + family
    stat = ctx.actions.declare_file(prefix + "_stat.json")
    net = ctx.actions.declare_file(prefix + "_netlist.json") if netlist else None
    script = ctx.actions.declare_file(prefix + ".ys")

    args = ctx.actions.args()
    args.add("-family", family)
    args.add("-top", top)
    args.add("-stat", stat)
    if net:
        args.add("-netlist", net)
    args.add("-o", script)
    args.add_all(srcs)
    ctx.actions.run(
        executable = ctx.executable._synth_script,
        arguments = [args],
        outputs = [script],
        mnemonic = "SynthScript",
        progress_message = "Writing the Yosys script for %s" % ctx.label,
    )
    ctx.actions.run_shell(
        inputs = all_srcs + [script],
        outputs = [stat] + ([net] if net else []),
        command = """set -euo pipefail
# {version}: the version is part of the action key, so an upgrade resynthesizes.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"{yosys}" -q -l "$log" -s "{script}" > /dev/null 2>&1 || {{
  echo "yosys failed on {script}; its log ends:" >&2
  tail -n 30 "$log" >&2
  exit 1
}}
""".format(yosys = yosys.path, version = yosys.version, script = script.path),
        mnemonic = "Yosys",
        progress_message = "Synthesizing %s with Yosys (%s)" % (ctx.attr.lib.label, family),
    )
    return struct(top = top, stat = stat, netlist = net)
