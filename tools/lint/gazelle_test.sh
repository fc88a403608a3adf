#!/bin/bash
# Checks that the Go packages' BUILD files are what Gazelle generates, i.e.
# that nobody forgot `bazel run //:gazelle` after changing Go imports or files.
#
# Usage: gazelle_test.sh GAZELLE WORKSPACE_FILE
# Reads the real source tree (tagged local + external: never cached).
set -euo pipefail
gazelle="$(realpath "$1")"
root="$(dirname "$(realpath "$2")")"
cd "$root"
diff="$("$gazelle" -mode=diff -repo_root="$root" 2>&1 || true)"
if [[ -n "$diff" ]]; then
  printf '%s\n' "$diff"
  echo "FAIL: BUILD files are stale; run 'bazel run //:gazelle'" >&2
  exit 1
fi
echo "gazelle: BUILD files up to date"
