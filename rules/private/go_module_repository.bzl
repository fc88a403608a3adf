"""go_module_repository: a Bazel repository made from a Go module.

Bazel 4.2.3 (Debian's bazel-bootstrap) cannot reach GitHub here, but the Go
module proxy can be reached through the ordinary `go` client. rules_go and
Gazelle are published as Go modules, so this rule runs
`go mod download -json MODULE@VERSION`, checks the reported `h1:` sum against
the pinned one, copies the module into the repository directory and applies
patches (same attribute names as http_archive).
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "patch")

def _find_go(rctx):
    if rctx.attr.go:
        return rctx.attr.go
    go = rctx.which("go")
    if go:
        return str(go)
    for candidate in ["/usr/local/go/bin/go", "/usr/lib/go/bin/go"]:
        if rctx.path(candidate).exists:
            return candidate
    fail("go_module_repository(%s): no `go` on PATH; install Go 1.22 or newer" % rctx.name)

def _download(rctx, go):
    """Runs `go mod download -json` and returns its result after checking the pinned sum."""
    mv = rctx.attr.module + "@" + rctx.attr.version
    res = rctx.execute([go, "mod", "download", "-json", mv], timeout = 600)

    # `go mod download -json` prints a JSON object with an Error field on failure.
    if res.return_code != 0 and not res.stdout:
        fail("go mod download %s failed:\n%s" % (mv, res.stderr))
    info = json.decode(res.stdout)
    if info.get("Error"):
        fail("go mod download %s: %s" % (mv, info["Error"]))
    if info.get("Sum") != rctx.attr.sum:
        fail("go mod download %s: checksum %s does not match the pinned %s" % (mv, info.get("Sum"), rctx.attr.sum))
    return info

def _go_module_repository_impl(rctx):
    info = _download(rctx, _find_go(rctx))

    # The module cache is read-only: copy, then make writable for the patches.
    res = rctx.execute(["sh", "-c", 'cp -R "$1"/. . && chmod -R u+w .', "_", info["Dir"]])
    if res.return_code != 0:
        fail("go_module_repository(%s): copy failed: %s" % (rctx.name, res.stderr))
    patch(rctx)

go_module_repository = repository_rule(
    implementation = _go_module_repository_impl,
    doc = "Materialises a pinned Go module from the Go module proxy as a Bazel repository.",
    attrs = {
        "module": attr.string(mandatory = True, doc = "Module path, e.g. github.com/bazelbuild/rules_go."),
        "version": attr.string(mandatory = True, doc = "Module version, e.g. v0.42.0."),
        "sum": attr.string(mandatory = True, doc = "The module's h1: checksum as go.sum records it."),
        "go": attr.string(doc = "Path of the go binary; default: `go` on PATH."),
        # Same names as http_archive so that utils.patch() applies them.
        "patches": attr.label_list(default = [], doc = "Patch files applied after download."),
        "patch_tool": attr.string(default = ""),
        "patch_args": attr.string_list(default = ["-p0"]),
        "patch_cmds": attr.string_list(default = []),
        "patch_cmds_win": attr.string_list(default = []),
    },
    environ = ["GOPROXY", "GOFLAGS", "GONOSUMDB", "GOPRIVATE", "HOME"],
)

def _go_module_binary_impl(rctx):
    go = _find_go(rctx)
    info = _download(rctx, go)
    pkg = rctx.attr.module + "/" + rctx.attr.package if rctx.attr.package else rctx.attr.module
    name = rctx.attr.binary_name or pkg.split("/")[-1]
    env = {
        "GOBIN": str(rctx.path("bin")),
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "-mod=mod -trimpath",
        "CGO_ENABLED": "0",
    }
    mv = rctx.attr.module + "@" + rctx.attr.version
    if rctx.attr.scratch_module:
        # A throwaway main module that requires MODULE@VERSION. Its go.sum
        # starts as the module's own, so the dependencies are checked against
        # the sums the module pinned (its h1: sum, checked above, covers them).
        rctx.file("scratch/go.mod", "module rules_accel_scratch\n")
        rctx.execute(["cp", info["Dir"] + "/go.sum", "scratch/go.sum"])
        steps = [
            [go, "get", mv],
            [go, "build", "-o", str(rctx.path("bin/" + name)), pkg],
        ]
    else:
        steps = [[go, "install", pkg + "@" + rctx.attr.version]]
    for cmd in steps:
        res = rctx.execute(cmd, environment = env, timeout = 1200, working_directory = "scratch" if rctx.attr.scratch_module else "")
        if res.return_code != 0:
            fail("go_module_binary(%s): `%s` failed:\n%s" % (rctx.name, " ".join(cmd[1:]), res.stderr))
    rctx.delete("scratch")
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

# {pkg}@{version}, built by go_module_binary with the host Go.
sh_binary(
    name = "{name}",
    srcs = ["bin/{name}"],
)
""".format(pkg = pkg, version = rctx.attr.version, name = name))
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)

go_module_binary = repository_rule(
    implementation = _go_module_binary_impl,
    doc = """Builds a main package of a pinned Go module with the host Go; target :<binary_name>.

By default with `go install MODULE/PKG@VERSION`; with scratch_module, by
`go get MODULE@VERSION` and `go build` in a throwaway main module (for modules
that `go install` cannot install through the module proxy).""",
    attrs = {
        "module": attr.string(mandatory = True, doc = "Module path."),
        "version": attr.string(mandatory = True, doc = "Module version."),
        "sum": attr.string(mandatory = True, doc = "The module's h1: checksum as go.sum records it."),
        "package": attr.string(doc = "Package path inside the module; empty for the module root."),
        "binary_name": attr.string(doc = "Name of the binary and its target; default: the package path's last element."),
        "scratch_module": attr.bool(doc = "Build in a throwaway main module instead of `go install PKG@VERSION`."),
        "go": attr.string(doc = "Path of the go binary; default: `go` on PATH."),
    },
    environ = ["GOPROXY", "GOFLAGS", "GONOSUMDB", "GOPRIVATE", "HOME"],
)
