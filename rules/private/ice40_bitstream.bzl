"""ice40_bitstream: the open flow to a real device, Yosys → nextpnr-ice40 → icepack."""

load(":synth.bzl", "SYNTH_ATTRS", "synthesize")
load(":toolchains.bzl", "ICE40_TOOLCHAIN", "YOSYS_TOOLCHAIN", "find_ice40")

DEVICES = ["lp384", "lp1k", "lp4k", "lp8k", "hx1k", "hx4k", "hx8k", "up3k", "up5k", "u4k"]

def _ice40_bitstream_impl(ctx):
    tools = find_ice40(ctx)
    syn = synthesize(ctx, "ice40", netlist = True)
    name = ctx.label.name
    asc = ctx.actions.declare_file(name + ".asc")
    pnr = ctx.actions.declare_file(name + "_nextpnr.json")
    binf = ctx.actions.declare_file(name + ".bin")
    out = ctx.actions.declare_file(name + ".json")
    md = ctx.actions.declare_file(name + ".md")

    pcf = ctx.file.pcf
    flags = [
        "--" + ctx.attr.device,
        "--package",
        ctx.attr.package,
        "--seed",
        str(ctx.attr.seed),
        "--freq",
        ctx.attr.freq_mhz,
        # Report the Fmax reached even below the target; the target only
        # steers timing-driven placement.
        "--timing-allow-fail",
        # One thread: nextpnr's result then depends on the seed alone.
        "--threads",
        "1",
    ]
    if pcf:
        flags.extend(["--pcf", pcf.path])
    else:
        flags.append("--pcf-allow-unconstrained")
    ctx.actions.run_shell(
        inputs = [syn.netlist] + ([pcf] if pcf else []),
        outputs = [asc, pnr],
        command = """set -euo pipefail
# {version}: the version is part of the action key.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"{nextpnr}" -q -l "$log" {flags} --json "{netlist}" --asc "{asc}" --report "{report}" > /dev/null 2>&1 || {{
  echo "nextpnr-ice40 failed to place and route {label} on iCE40 {device} ({package}):" >&2
  grep -E "ERROR|Device utilisation|_LC:|_RAM:|_DSP:|SB_IO:" "$log" >&2 || tail -n 30 "$log" >&2
  exit 1
}}
""".format(
            nextpnr = tools.nextpnr,
            version = tools.nextpnr_version,
            flags = " ".join(flags),
            netlist = syn.netlist.path,
            asc = asc.path,
            report = pnr.path,
            label = ctx.attr.lib.label,
            device = ctx.attr.device.upper(),
            package = ctx.attr.package,
        ),
        mnemonic = "NextpnrIce40",
        progress_message = "Placing and routing %s on iCE40 %s" % (ctx.attr.lib.label, ctx.attr.device.upper()),
    )
    ctx.actions.run_shell(
        inputs = [asc],
        outputs = [binf],
        command = '# {version}\n"{icepack}" "{asc}" "{bin}"'.format(
            icepack = tools.icepack,
            version = tools.icepack_version,
            asc = asc.path,
            bin = binf.path,
        ),
        mnemonic = "Icepack",
        progress_message = "Packing the bitstream of %s" % ctx.label,
    )

    args = ctx.actions.args()
    args.add("-family", "ice40")
    args.add("-top", syn.top)
    args.add("-nextpnr", pnr)
    args.add("-nextpnr_version", tools.nextpnr_version)
    args.add("-device", ctx.attr.device)
    args.add("-package", ctx.attr.package)
    args.add("-seed", str(ctx.attr.seed))
    if ctx.attr.cycles:
        args.add("-cycles", str(ctx.attr.cycles))
    args.add("-o", out)
    args.add("-md", md)
    args.add(syn.stat)
    ctx.actions.run(
        executable = ctx.executable._synth_report,
        arguments = [args],
        inputs = [syn.stat, pnr],
        outputs = [out, md],
        mnemonic = "SynthReport",
        progress_message = "Writing the place-and-route report of %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([binf, out, md]), runfiles = ctx.runfiles(files = [binf, out, md]))]

ice40_bitstream = rule(
    implementation = _ice40_bitstream_impl,
    doc = """Synthesizes an sv_library for iCE40, places and routes it, and packs a bitstream.

synth_ice40 (Yosys) → nextpnr-ice40 (fixed seed, one thread: the same
inputs give the same placement) → icepack. Writes <name>.bin (the
bitstream), <name>.json and <name>.md: the synth_report resources, nextpnr's
utilization of the device, the achieved Fmax per clock from nextpnr's timing
analysis and, given `cycles`, the latency in µs = cycles / Fmax[MHz]. Fails,
with nextpnr's utilization, if the design does not fit the device. Needs
Debian's `yosys`, `nextpnr-ice40` and `fpga-icestorm`.
""",
    attrs = dict(
        SYNTH_ATTRS,
        device = attr.string(default = "up5k", values = DEVICES, doc = "iCE40 device (nextpnr-ice40's --<device> flag)."),
        package = attr.string(default = "sg48", doc = "Device package, e.g. sg48 for the UP5K in QFN-48."),
        freq_mhz = attr.string(default = "48", doc = "Target clock frequency in MHz for timing-driven placement; the report gives the Fmax achieved, above or below it."),
        seed = attr.int(default = 1, doc = "nextpnr's placer seed."),
        pcf = attr.label(allow_single_file = [".pcf"], doc = "Pin constraints; without one, nextpnr places the I/O freely."),
        cycles = attr.int(default = 0, doc = "Latency in clock cycles (e.g. from the simulation), for the report's latency in µs."),
    ),
    toolchains = [YOSYS_TOOLCHAIN, ICE40_TOOLCHAIN],
)
