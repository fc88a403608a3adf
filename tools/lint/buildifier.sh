#!/bin/bash
# buildifier over the source tree with the project's .buildifier.json (Bazel 4
# has no rules_shell, so sh_* stay native). Two uses:
#
#   bazel run //:buildifier [-- ARGS]   (buildifier.sh BUILDIFIER fix [ARGS])
#     Without ARGS, formats every Starlark file in place and lint-fixes all
#     but third_party/bazel4_offline; with ARGS, runs buildifier with them.
#   //tools/lint:buildifier_test        (buildifier.sh BUILDIFIER check WORKSPACE_FILE)
#     Fails if any file is unformatted or lint-dirty. It reads the real source
#     tree (found through the WORKSPACE runfile's symlink), not only its
#     declared inputs, so the target is tagged local + external.
#
# The offline stand-ins under third_party/bazel4_offline forward to Bazel 4's
# native rules on purpose, which the native-* lint warnings forbid: they are
# formatted but not linted.
set -euo pipefail
buildifier="$(realpath "$1")"
mode="$2"
shift 2
if [[ "$mode" == check ]]; then
  cd "$(dirname "$(realpath "$1")")"
else
  cd "${BUILD_WORKSPACE_DIRECTORY:?run me with bazel run}"
  if (($#)); then
    exec "$buildifier" -config=.buildifier.json "$@"
  fi
fi
mapfile -t files < <(find . -path './bazel-*' -prune -o -path ./.git -prune -o \
  \( -name BUILD.bazel -o -name BUILD -o -name WORKSPACE -o -name '*.bzl' \) -type f -print | sort)
mapfile -t own < <(printf '%s\n' "${files[@]}" | grep -v '^./third_party/bazel4_offline/')
if [[ "$mode" != check ]]; then
  "$buildifier" -config=.buildifier.json -mode=fix "${files[@]}"
  exec "$buildifier" -config=.buildifier.json -mode=fix -lint=fix "${own[@]}"
fi
echo "buildifier: checking ${#files[@]} files under $PWD (${#own[@]} linted)"
if ! "$buildifier" -config=.buildifier.json -mode=check "${files[@]}" ||
  ! "$buildifier" -config=.buildifier.json -mode=check -lint=warn "${own[@]}"; then
  echo "FAIL: run 'bazel run //:buildifier' to fix" >&2
  exit 1
fi
echo "buildifier: all ${#files[@]} files formatted and lint-clean"
