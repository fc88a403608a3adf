#!/bin/bash
# Integration test of rules_accel as an external repository in a WORKSPACE
# (Bazel 4.2.3): examples/consumer_workspace, a separate workspace that loads
# @rules_accel//rules:defs.bzl, compiles its own model and simulates it.
#
# It copies the source tree to a temporary directory and, with a nested Bazel
# and a new output base, runs `bazel test //...` in the copy's
# examples/consumer_workspace: the lint test and the simulation must pass,
# and the SystemVerilog must come out of rules_accel's stages.
#
# Usage: consumer_workspace_test.sh WORKSPACE_FILE
# Tagged local + external + exclusive, like cache_test.
set -euo pipefail
src="$(dirname "$(realpath "$1")")"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
ws="$tmp/src"
mkdir -p "$ws"
(cd "$src" && git ls-files -z 2>/dev/null || find . -path ./.git -prune -o -path './bazel-*' -prune -o -type f -print0) |
  (cd "$src" && xargs -0 cp --parents -t "$ws")

bazel="$(command -v bazelisk || command -v bazel)"
# The nested build needs the host Go and a HOME for Go's module cache (see cache_test.sh).
if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do
    [[ -x "$d/go" ]] && export PATH="$d:$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { echo "FAIL: no Go found for the nested build" >&2; exit 1; }
if [[ -z "${HOME:-}" || ! -w "${HOME:-/nonexistent}" ]]; then
  export HOME="$tmp/home"
  mkdir -p "$HOME"
fi
b() { (cd "$ws/examples/consumer_workspace" && "$bazel" --output_user_root="$tmp/root" --max_idle_secs=60 "$@"); }
trap 'b shutdown >/dev/null 2>&1 || true' EXIT

echo "== bazel test //... in examples/consumer_workspace"
start=$(date +%s)
if ! b test //... >"$tmp/test.log" 2>&1; then
  tail -n 60 "$tmp/test.log" >&2
  echo "FAIL: bazel test //... failed in the WORKSPACE consumer" >&2
  exit 1
fi
echo "built and tested in $(($(date +%s) - start)) s"
grep -E '^//:.*(PASSED|FAILED)' "$tmp/test.log" || true
logs="$(b info bazel-testlogs 2>/dev/null)"
grep -H -E '^(cycles|PASS|lint clean)' "$logs/tiny_mlp_sim_test/test.log" "$logs/tiny_mlp_lint_test/test.log"
grep -q '^PASS: //:tiny_mlp_sim_test' "$logs/tiny_mlp_sim_test/test.log" ||
  { echo "FAIL: the simulation did not report PASS" >&2; exit 1; }
bin="$(b info bazel-bin 2>/dev/null)"
grep -q '^module main' "$bin/tiny_mlp_sv.sv" || { echo "FAIL: no module main in tiny_mlp_sv.sv" >&2; exit 1; }
echo "ok: $(grep -c '^module ' "$bin/tiny_mlp_sv.sv") SystemVerilog modules in bazel-bin/tiny_mlp_sv.sv"
echo "PASS"
