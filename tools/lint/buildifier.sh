#!/bin/bash
# `bazel run //:buildifier [-- ARGS]`: buildifier over the source tree with the
# project's .buildifier.json (Bazel 4 has no rules_shell, so sh_* stay native).
# Without ARGS it formats every Starlark file in place and lint-fixes all but
# third_party/bazel4_offline, whose stand-ins call native rules on purpose.
set -euo pipefail
buildifier="$(realpath "$1")"
shift
cd "${BUILD_WORKSPACE_DIRECTORY:?run me with bazel run}"
if (($#)); then
  exec "$buildifier" -config=.buildifier.json "$@"
fi
mapfile -t files < <(find . -path './bazel-*' -prune -o -path ./.git -prune -o \
  \( -name BUILD.bazel -o -name BUILD -o -name WORKSPACE -o -name '*.bzl' \) -type f -print | sort)
mapfile -t own < <(printf '%s\n' "${files[@]}" | grep -v '^./third_party/bazel4_offline/')
"$buildifier" -config=.buildifier.json -mode=fix "${files[@]}"
"$buildifier" -config=.buildifier.json -mode=fix -lint=fix "${own[@]}"
