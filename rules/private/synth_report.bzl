"""synth_report: resources of an sv_library after Yosys synthesis, as JSON and Markdown."""

load(":synth.bzl", "FAMILIES", "SYNTH_ATTRS", "synthesize")
load(":toolchains.bzl", "YOSYS_TOOLCHAIN")

def _synth_report_impl(ctx):
    syn = synthesize(ctx, ctx.attr.family)
    out = ctx.actions.declare_file(ctx.label.name + ".json")
    md = ctx.actions.declare_file(ctx.label.name + ".md")
    args = ctx.actions.args()
    args.add("-family", ctx.attr.family)
    args.add("-top", syn.top)
    args.add("-o", out)
    args.add("-md", md)
    args.add(syn.stat)
    ctx.actions.run(
        executable = ctx.executable._synth_report,
        arguments = [args],
        inputs = [syn.stat],
        outputs = [out, md],
        mnemonic = "SynthReport",
        progress_message = "Writing the synthesis report of %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out, md]), runfiles = ctx.runfiles(files = [out, md]))]

synth_report = rule(
    implementation = _synth_report_impl,
    doc = """Synthesizes an sv_library with Yosys and reports its resources.

Writes <name>.json (format rules_accel-qor-v1, see compiler/qor) and <name>.md:
LUTs (logic, LUT RAM, and their sum as Vivado's "Slice LUTs" counts), FFs,
carry cells, DSPs and block RAMs, per component (each Calyx component: layer
or main), per primitive, and in total. The design is synthesized
hierarchically, one module at a time, so nothing is removed for being read
only by the testbench. Families: `xc7` (synth_xilinx -family xc7: an
estimate, not Vivado's numbers), `ice40` (synth_ice40 -dsp), `generic`
(synth: Yosys's gate library, ASIC-style cell counts). Needs Debian's
`yosys`.
""",
    attrs = dict(SYNTH_ATTRS, family = attr.string(default = "xc7", values = FAMILIES, doc = "Target family: xc7, ice40 or generic.")),
    toolchains = [YOSYS_TOOLCHAIN],
)
