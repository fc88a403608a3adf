"""host_hdl_tools: find the host's Verilator, Yosys, nextpnr-ice40 and icepack and record them.

Verilator, Yosys, nextpnr-ice40 and icepack come from Debian's packages
(`verilator`, `yosys`, `nextpnr-ice40`, `fpga-icestorm`), not from Bazel. This repository rule looks for them on PATH, records their paths
and versions in `@<name>//:tools.bzl`, and never fails: a missing tool is
recorded with an install hint, and rules that need it fail at analysis time
with that hint (so pure Go builds work on a machine without them).
//rules/toolchains turns these facts into registered toolchains.
"""

def _probe(rctx, tool, version_args, package, usage_ok = False):
    """Finds `tool` on PATH and runs it with `version_args`.

    With usage_ok, a tool that has no version flag (icepack) counts as usable
    when it prints its usage, whatever its exit status; its version is then
    the Debian package's.
    """
    path = rctx.which(tool)
    if path == None:
        return struct(
            path = "",
            version = "",
            missing = "%s not found on PATH: install Debian's package '%s' (apt-get install %s), or run ./bazelw as root to install it" % (tool, package, package),
        )
    res = rctx.execute([str(path)] + version_args, timeout = 60)
    out = (res.stdout + res.stderr).strip()
    if usage_ok and tool in out:
        dpkg = rctx.which("dpkg-query")
        version = ""
        if dpkg != None:
            v = rctx.execute([str(dpkg), "-W", "-f=${Version}", package], timeout = 60)
            if v.return_code == 0:
                version = v.stdout.strip()
        return struct(path = str(path), version = "%s %s" % (tool, version or "(version unknown)"), missing = "")
    if res.return_code != 0 or not out:
        return struct(path = str(path), version = "", missing = "%s at %s does not run: %s" % (tool, path, out))
    return struct(path = str(path), version = out.splitlines()[0].strip(), missing = "")

def _host_hdl_tools_impl(rctx):
    verilator = _probe(rctx, "verilator", ["--version"], "verilator")
    yosys = _probe(rctx, "yosys", ["-V"], "yosys")
    nextpnr = _probe(rctx, "nextpnr-ice40", ["--version"], "nextpnr-ice40")
    icepack = _probe(rctx, "icepack", ["-h"], "fpga-icestorm", usage_ok = True)
    lines = ['"""Host HDL tools found by host_hdl_tools (generated)."""', ""]
    for prefix, t in [("VERILATOR", verilator), ("YOSYS", yosys), ("NEXTPNR_ICE40", nextpnr), ("ICEPACK", icepack)]:
        lines.append("%s_PATH = %r" % (prefix, t.path))
        lines.append("%s_VERSION = %r" % (prefix, t.version))
        lines.append("%s_MISSING = %r" % (prefix, t.missing))
    rctx.file("tools.bzl", "\n".join(lines) + "\n")
    rctx.file("BUILD.bazel", 'exports_files(["tools.bzl"])\n')
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)

host_hdl_tools = repository_rule(
    implementation = _host_hdl_tools_impl,
    doc = "Records the paths and versions of the host's verilator, yosys, nextpnr-ice40 and icepack.",
    environ = ["PATH"],
)
