#!/bin/bash
# Checks that every BUILD, WORKSPACE and .bzl file in the source tree is
# buildifier-formatted and lint-clean.
#
# Usage: buildifier_test.sh BUILDIFIER WORKSPACE_FILE
# The test reads the real source tree (found through the WORKSPACE runfile's
# symlink), not just its declared inputs, so its target is tagged
# local + external: never sandboxed, never cached.
set -euo pipefail
buildifier="$(realpath "$1")"
root="$(dirname "$(realpath "$2")")"
cd "$root"
mapfile -t files < <(find . -path './bazel-*' -prune -o -path ./.git -prune -o \
  \( -name BUILD.bazel -o -name BUILD -o -name WORKSPACE -o -name '*.bzl' \) -type f -print | sort)
# The offline stand-ins under third_party/bazel4_offline forward to Bazel 4's
# native rules on purpose, which the native-* lint warnings forbid: they are
# checked for formatting only.
mapfile -t own < <(printf '%s\n' "${files[@]}" | grep -v '^./third_party/bazel4_offline/')
echo "buildifier: checking ${#files[@]} files under $root (${#own[@]} linted)"
if ! "$buildifier" -config=.buildifier.json -mode=check "${files[@]}" || ! "$buildifier" -config=.buildifier.json -mode=check -lint=warn "${own[@]}"; then
  echo "FAIL: run 'bazel run //:buildifier' to fix" >&2
  exit 1
fi
echo "buildifier: all ${#files[@]} files formatted and lint-clean"
