"""Second step of a WORKSPACE that uses rules_accel (after rules_accel_dependencies()).

It loads from @io_bazel_rules_go and @bazel_gazelle, which
rules_accel_dependencies() declares, so it lives in its own file.
"""

load("@bazel_gazelle//:deps.bzl", "gazelle_dependencies")
load("@io_bazel_rules_go//go:deps.bzl", "go_register_toolchains", "go_rules_dependencies")
load("//:go_deps.bzl", "go_dependencies")

# buildifier: disable=unnamed-macro
def rules_accel_setup(register_go_sdk = True):
    """Declares the Go repositories of the compiler, rules_go's and Gazelle's, and registers the toolchains.

    Args:
      register_go_sdk: register the host's Go (1.22 or newer) as rules_go's SDK;
        False when the WORKSPACE registers a Go SDK itself.
    """

    # The compiler's Go modules (go_deps.bzl, generated from go.mod by
    # `bazel run //:gazelle_update_repos`), declared before the *_dependencies()
    # macros so that they take precedence over the versions those declare.
    go_dependencies()

    # Gazelle's own dependencies come through the Go module proxy, and shadow
    # rules_go's GitHub downloads of the same names.
    gazelle_dependencies(go_sdk = "go_sdk")
    go_rules_dependencies()
    if register_go_sdk:
        go_register_toolchains(go_version = "host")

    # The host's Verilator, Yosys, nextpnr-ice40 and icepack (@hdl_tools).
    native.register_toolchains(str(Label("//rules/toolchains:all")))
