"""optional_local_directory: expose a directory outside the workspace as files.

Used for ../shared/onnx-node, ONNX's per-operator test cases, which live
beside the checkout rather than in it. When the directory is absent the
repository is still created (with no files), so builds that do not need it
keep working and the tests that do need it fail with their own clear message.
"""

def _optional_local_directory_impl(rctx):
    root = rctx.path(rctx.attr.path)
    if not rctx.attr.path.startswith("/"):
        # Bazel 4 has no repository_ctx.workspace_root; WORKSPACE's directory is it.
        workspace = rctx.path(Label("@//:WORKSPACE")).dirname
        root = rctx.path(str(workspace) + "/" + rctx.attr.path)
    found = root.exists
    if found:
        for entry in root.readdir():
            rctx.symlink(entry, entry.basename)

    # A file that always exists, so that $(rootpath @<name>//:ROOT) names the directory.
    rctx.file("ROOT", "")
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

# {status}
filegroup(
    name = "files",
    srcs = glob(["**"], exclude = ["BUILD.bazel", "WORKSPACE", "ROOT"]),
)

exports_files(glob(["*"]))
""".format(status = ("found at " + rctx.attr.path) if found else ("missing: " + rctx.attr.path)))
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)

optional_local_directory = repository_rule(
    implementation = _optional_local_directory_impl,
    doc = "Symlinks a directory (relative to the workspace root, or absolute) into a repository with a :files filegroup.",
    attrs = {
        "path": attr.string(mandatory = True, doc = "Directory to expose."),
    },
    local = True,
)
