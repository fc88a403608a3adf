"""Module extension for Bazel 6+ (MODULE.bazel): the same repositories WORKSPACE declares."""

load(":repositories.bzl", "go_module_binary", "host_hdl_tools", "optional_local_directory")

def _host_impl(_module_ctx):
    host_hdl_tools(name = "hdl_tools")
    optional_local_directory(name = "onnx_node", path = "../shared/onnx-node")
    go_module_binary(
        name = "buildifier",
        module = "github.com/bazelbuild/buildtools",
        package = "buildifier",
        sum = "h1:scNMqf+FgmWYYwsX4TNjQcDLZu5kbWSwNsbrGkiF23I=",
        version = "v0.0.0-20260904073137-eaa4d125b423",
    )

host = module_extension(
    implementation = _host_impl,
    doc = "Host Verilator/Yosys/nextpnr-ice40/icepack, buildifier and ../shared/onnx-node.",
)
