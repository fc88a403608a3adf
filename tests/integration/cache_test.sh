#!/bin/bash
# Integration test of caching and reproducibility, with a nested Bazel.
#
# It copies the source tree to a temporary workspace (a new directory and a
# new output base: a clean build) and there:
#   1. builds //models:ffnn_sv and //models:lenet5_sv, and checks that the
#      files the outer build made for ffnn (given as arguments: .futil, data,
#      .sv, testbench) are byte-identical: same inputs, same bytes, anywhere;
#   2. changes only ffnn's unroll option, rebuilds both, and checks with the
#      execution log that exactly ffnn's TorchAccel, CalyxLower and SvLibrary
#      actions ran, and nothing else;
#   3. rebuilds with no change and checks that no action ran.
#
# Usage: cache_test.sh WORKSPACE_FILE OUTER_FILE...  (files under models/)
# Tagged local + external + exclusive: it reads the real source tree and
# runs its own Bazel server.
set -euo pipefail
src="$(dirname "$(realpath "$1")")"
shift
outer=("$@")
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
ws="$tmp/ws"
mkdir -p "$ws"
(cd "$src" && git ls-files -z 2>/dev/null || find . -path ./.git -prune -o -path './bazel-*' -prune -o -type f -print0) |
  (cd "$src" && xargs -0 cp --parents -t "$ws")
# ../shared/onnx-node is optional for these targets; point at it if present.
[[ -d "$src/../shared" ]] && ln -s "$src/../shared" "$tmp/shared"

bazel="$(command -v bazelisk || command -v bazel)"
# Tests run with Bazel's fixed PATH; the nested workspace needs the host Go
# (rules_go's host SDK), as ./bazelw finds it.
if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do
    [[ -x "$d/go" ]] && export PATH="$d:$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { echo "FAIL: no Go found for the nested build" >&2; exit 1; }
# Bazel runs tests without HOME; Go then has no module cache. Give it one here
# (the nested build fetches rules_go and Gazelle through the Go module proxy).
if [[ -z "${HOME:-}" || ! -w "${HOME:-/nonexistent}" ]]; then
  export HOME="$tmp/home"
  mkdir -p "$HOME"
fi
b() { (cd "$ws" && "$bazel" --output_user_root="$tmp/root" --max_idle_secs=60 "$@"); }
trap 'b shutdown >/dev/null 2>&1 || true' EXIT

count() { # LOG [MNEMONIC]: number of spawns executed (mnemonic optional)
  python3 - "$@" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
dec, i, n = json.JSONDecoder(), 0, []
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    obj, i = dec.raw_decode(text, i)
    n.append(obj)
want = sys.argv[2] if len(sys.argv) > 2 else None
spawns = [s for s in n if want is None or s.get("mnemonic") == want]
for s in spawns:
    outs = [o.get("path", "") for o in s.get("actualOutputs", [])]
    print(s.get("mnemonic"), *outs, file=sys.stderr)
print(len(spawns))
PY
}

targets=(//models:ffnn_sv //models:lenet5_sv)
echo "== clean build in a new output base"
b build "${targets[@]}" > "$tmp/build1.log" 2>&1 || { tail -n 40 "$tmp/build1.log" >&2; exit 1; }
bin="$(b info bazel-bin 2>/dev/null)"
for f in "${outer[@]}"; do
  cmp "$f" "$bin/models/$(basename "$f")"
  echo "same bytes: models/$(basename "$f")"
done
echo "ok: ${#outer[@]} generated files byte-identical across output bases"

echo "== change ffnn's unroll only"
before="$(grep -c 'unroll = {"gemm\*": "4"}' "$ws/models/BUILD.bazel")"
[[ "$before" == 1 ]] || { echo "FAIL: expected one ffnn unroll line in models/BUILD.bazel" >&2; exit 1; }
sed -i 's/unroll = {"gemm\*": "4"}/unroll = {"gemm*": "2"}/' "$ws/models/BUILD.bazel"
b build --execution_log_json_file="$tmp/changed.json" "${targets[@]}" 2>&1 | tail -n 1
total="$(count "$tmp/changed.json")"
for m in TorchAccel CalyxLower SvLibrary; do
  n="$(count "$tmp/changed.json" "$m" 2>"$tmp/$m.txt")"
  [[ "$n" == 1 ]] || { echo "FAIL: $n $m actions ran, want 1" >&2; cat "$tmp/$m.txt" >&2; exit 1; }
  grep -q ffnn "$tmp/$m.txt" || { echo "FAIL: the $m action was not ffnn's" >&2; cat "$tmp/$m.txt" >&2; exit 1; }
done
[[ "$total" == 3 ]] || { echo "FAIL: $total actions ran, want 3:" >&2; count "$tmp/changed.json" >/dev/null; exit 1; }
echo "ok: only ffnn's torch_accel, calyx_lower and sv_library actions re-ran ($total actions)"

echo "== no change"
b build --execution_log_json_file="$tmp/nochange.json" "${targets[@]}" 2>&1 | tail -n 1
total="$(count "$tmp/nochange.json")"
[[ "$total" == 0 ]] || { echo "FAIL: $total actions ran after no change" >&2; exit 1; }
echo "ok: no action ran after no change"
echo "PASS"
