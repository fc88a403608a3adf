"""Repositories of rules_accel, for WORKSPACE files (Bazel 4.2.3 and later) and MODULE.bazel's extensions.

A WORKSPACE that uses rules_accel calls, in this order (examples/consumer_workspace):

    load("@rules_accel//rules:repositories.bzl", "rules_accel_dependencies")
    rules_accel_dependencies()        # rules_go, Gazelle, the host's HDL tools
    load("@rules_accel//rules:setup.bzl", "rules_accel_setup")
    rules_accel_setup()               # Go repositories, Go SDK, toolchains

rules_go and Gazelle come from the Go module proxy (go_module_repository),
patched for Bazel 4.2.3 and Go 1.25+ (third_party/README.md); a WORKSPACE that
already declares io_bazel_rules_go or bazel_gazelle keeps its own.
host_hdl_tools (@hdl_tools) records the host's Verilator, Yosys, nextpnr-ice40
and icepack; optional_local_directory exposes a directory beside the checkout.
"""

load("//rules/private:go_module_repository.bzl", _go_module_binary = "go_module_binary", _go_module_repository = "go_module_repository")
load("//rules/private:host_tools.bzl", _host_hdl_tools = "host_hdl_tools")
load("//rules/private:local_data.bzl", _optional_local_directory = "optional_local_directory")

go_module_binary = _go_module_binary
go_module_repository = _go_module_repository
host_hdl_tools = _host_hdl_tools
optional_local_directory = _optional_local_directory

def _maybe(rule, name, **kwargs):
    if not native.existing_rule(name):
        rule(name = name, **kwargs)

def _always(rule, name, **kwargs):
    rule(name = name, **kwargs)

def rules_accel_host_tools(maybe = True):
    """Declares @hdl_tools: the host's Verilator, Yosys, nextpnr-ice40 and icepack, which //rules/toolchains registers.

    Args:
      maybe: keep a repository of the same name declared before (WORKSPACE);
        False in module extensions, where native.existing_rule does not exist.
    """
    (_maybe if maybe else _always)(host_hdl_tools, "hdl_tools")

def rules_accel_dependencies():
    """Declares rules_go (v0.42.0) and Gazelle (v0.33.0) as patched Go modules, and @hdl_tools.

    For WORKSPACE files only; MODULE.bazel gets these through bazel_dep and
    the `hdl` extension. Call rules_accel_setup() from
    @rules_accel//rules:setup.bzl next.
    """
    _maybe(
        go_module_repository,
        "io_bazel_rules_go",
        module = "github.com/bazelbuild/rules_go",
        patch_args = ["-p1"],
        patches = [Label("//third_party/rules_go:rules_go-v0.42.0-bazel4-go126.patch")],
        sum = "h1:aY2smc3JWyUKOjGYmOKVLX70fPK9ON0rtwQojuIeUHc=",
        version = "v0.42.0",
    )
    _maybe(
        go_module_repository,
        "bazel_gazelle",
        module = "github.com/bazelbuild/bazel-gazelle",
        patch_args = ["-p1"],
        patches = [Label("//third_party/gazelle:bazel-gazelle-v0.33.0-bazel4.patch")],
        sum = "h1:WnJGYk1bMIjw8FCYA/UxKBK/Y6hUnOItrtR+vjFIIKo=",
        version = "v0.33.0",
    )
    rules_accel_host_tools()

def rules_accel_dev_repositories(maybe = True):
    """Tools for developing rules_accel itself: buildifier, bazel-remote, ../shared/onnx-node.

    The two tools are built from their Go modules with the host Go when first
    needed (go_module_binary), pinned by version and the module's h1: sum.

    Args:
      maybe: keep repositories of the same names declared before (WORKSPACE);
        False in module extensions.
    """
    declare = _maybe if maybe else _always

    # buildtools' own BUILD files need rules_proto, which only GitHub serves.
    declare(
        go_module_binary,
        "buildifier",
        module = "github.com/bazelbuild/buildtools",
        package = "buildifier",
        sum = "h1:scNMqf+FgmWYYwsX4TNjQcDLZu5kbWSwNsbrGkiF23I=",
        version = "v0.0.0-20260904073137-eaa4d125b423",
    )

    # A remote cache server (REAPI over gRPC, and HTTP) for
    # //tests/integration:remote_cache_test. `go install PKG@VERSION` of it
    # fails through the module proxy (which does not list its versions), so
    # it is built in a scratch module whose go.sum starts as bazel-remote's.
    declare(
        go_module_binary,
        "bazel_remote",
        module = "github.com/buchgr/bazel-remote/v2",
        scratch_module = True,
        sum = "h1:vTMw3VmzjHfmR9jHcnqzQLLuHXRIFkROOcp5Pjke59c=",
        version = "v2.6.1",
        binary_name = "bazel-remote",
    )

    # ONNX's per-operator test cases, kept beside the checkout (../shared).
    declare(
        optional_local_directory,
        "onnx_node",
        path = "../shared/onnx-node",
    )
