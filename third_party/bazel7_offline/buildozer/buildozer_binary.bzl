"""Stand-in for the buildozer module's extension: a buildozer that says it is unavailable offline."""

def _buildozer_repo_impl(rctx):
    rctx.file("BUILD.bazel", 'exports_files(["buildozer.exe"])\n')
    rctx.file(
        "buildozer.exe",
        "#!/bin/sh\necho 'buildozer is not available offline (rules_accel bazel7_offline stand-in)' >&2\nexit 1\n",
        executable = True,
    )

_buildozer_repo = repository_rule(implementation = _buildozer_repo_impl)

def _buildozer_binary_impl(_module_ctx):
    _buildozer_repo(name = "buildozer_binary")

buildozer_binary = module_extension(implementation = _buildozer_binary_impl)
