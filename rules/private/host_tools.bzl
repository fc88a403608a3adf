"""host_hdl_tools: find the host's Verilator and Yosys and record them.

Verilator and Yosys come from Debian's packages (`verilator`, `yosys`), not
from Bazel. This repository rule looks for them on PATH, records their paths
and versions in `@<name>//:tools.bzl`, and never fails: a missing tool is
recorded with an install hint, and rules that need it fail at analysis time
with that hint (so pure Go builds work on a machine without them).
//rules/toolchains turns these facts into registered toolchains.
"""

def _probe(rctx, tool, version_args, package):
    path = rctx.which(tool)
    if path == None:
        return struct(
            path = "",
            version = "",
            missing = "%s not found on PATH: install Debian's package '%s' (apt-get install %s), or run ./bazelw as root to install it" % (tool, package, package),
        )
    res = rctx.execute([str(path)] + version_args, timeout = 60)
    out = (res.stdout + res.stderr).strip()
    if res.return_code != 0 or not out:
        return struct(path = str(path), version = "", missing = "%s at %s does not run: %s" % (tool, path, out))
    return struct(path = str(path), version = out.splitlines()[0].strip(), missing = "")

def _host_hdl_tools_impl(rctx):
    verilator = _probe(rctx, "verilator", ["--version"], "verilator")
    yosys = _probe(rctx, "yosys", ["-V"], "yosys")
    lines = ['"""Host HDL tools found by host_hdl_tools (generated)."""', ""]
    for prefix, t in [("VERILATOR", verilator), ("YOSYS", yosys)]:
        lines.append("%s_PATH = %r" % (prefix, t.path))
        lines.append("%s_VERSION = %r" % (prefix, t.version))
        lines.append("%s_MISSING = %r" % (prefix, t.missing))
    rctx.file("tools.bzl", "\n".join(lines) + "\n")
    rctx.file("BUILD.bazel", 'exports_files(["tools.bzl"])\n')
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)

host_hdl_tools = repository_rule(
    implementation = _host_hdl_tools_impl,
    doc = "Records the paths and versions of the host's verilator and yosys.",
    environ = ["PATH"],
)
