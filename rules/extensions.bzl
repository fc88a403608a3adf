"""Module extensions for MODULE.bazel (Bazel 7+): the repositories WORKSPACE declares.

    hdl  the host's Verilator, Yosys, nextpnr-ice40 and icepack (@hdl_tools),
         which //rules/toolchains registers as toolchains; every user needs it.
    dev  tools for developing rules_accel itself (buildifier, bazel-remote,
         ../shared/onnx-node); used with dev_dependency = True.
"""

load(":repositories.bzl", "rules_accel_dev_repositories", "rules_accel_host_tools")

def _hdl_impl(_module_ctx):
    rules_accel_host_tools(maybe = False)

hdl = module_extension(
    implementation = _hdl_impl,
    doc = "The host's Verilator, Yosys, nextpnr-ice40 and icepack as @hdl_tools (see rules/private/host_tools.bzl).",
)

def _dev_impl(_module_ctx):
    rules_accel_dev_repositories(maybe = False)

dev = module_extension(
    implementation = _dev_impl,
    doc = "buildifier, bazel-remote and ../shared/onnx-node, for rules_accel's own tests.",
)
