#!/bin/bash
# Checks that every Go file of the source tree is gofmt-formatted.
#
# Usage: gofmt_test.sh WORKSPACE_FILE SDK_TOOL...  (the Go SDK's tools; the
# one named bin/gofmt is used). Reads the real source tree (tagged local +
# external: never cached).
set -euo pipefail
root="$(dirname "$(realpath "$1")")"
shift
gofmt=""
for f in "$@"; do
  if [[ "$f" == */bin/gofmt ]]; then
    gofmt="$(realpath "$f")"
  fi
done
[[ -n "$gofmt" ]] || { echo "FAIL: no bin/gofmt among the Go SDK's tools" >&2; exit 1; }
cd "$root"
mapfile -t files < <(find . -path './bazel-*' -prune -o -path ./.git -prune -o -name '*.go' -type f -print | sort)
bad="$("$gofmt" -l "${files[@]}")"
if [[ -n "$bad" ]]; then
  printf '%s\n' "$bad"
  echo "FAIL: Go files not gofmt-formatted; run 'gofmt -w' on them" >&2
  exit 1
fi
echo "gofmt: ${#files[@]} Go files formatted"
