#!/bin/bash
# Integration test of shared caching: a real bazel-remote server, and the disk
# cache, serve one checkout's actions to another, with a nested Bazel.
#
#   1. starts bazel-remote on 127.0.0.1 (free ports, a temporary --dir);
#   2. copies the source tree to two checkouts at different paths, a/ and b/;
#   3. builds TARGETS (below) in a/ with a new output base, --remote_cache=grpc://...
#      and --disk_cache=DIR (filling both);
#   4. builds TARGETS in b/ with another new output base and only the remote
#      cache: every compile action (TorchAccel, CalyxLower, SvLibrary,
#      VerilatorBuild) must be a remote cache hit, none run locally, and all
#      outputs byte-identical to a/'s;
#   5. the same in b/ with a third output base and only the disk cache;
#   6. no spawn's command line or environment names a checkout or an output
#      base (action keys are path-independent, as remote execution needs).
# The server is shut down whatever happens (trap).
#
# Usage: remote_cache_test.sh WORKSPACE_FILE BAZEL_REMOTE
# Tagged local + external + exclusive: it reads the real source tree and
# runs its own Bazel servers (like cache_test).
set -euo pipefail
src="$(dirname "$(realpath "$1")")"
bazel_remote="$(realpath "$2")"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
# A sample of the zoo with every compile mnemonic, kept small (the cold
# build of a/ compiles the Go standard library and the compiler first): ffnn
# up to its simulator, lenet5 (convolutions) to SystemVerilog, and ffnn's
# dynamo export, whose weights are an external data file (model_data).
targets=(
  //models:ffnn_sim_test
  //models:lenet5_sv
  //models:ffnn_dynamo_sv
)
mnemonics=(TorchAccel CalyxLower SvLibrary VerilatorBuild)

for ws in a b; do
  mkdir -p "$tmp/$ws"
  (cd "$src" && git ls-files -z 2>/dev/null || find . -path ./.git -prune -o -path './bazel-*' -prune -o -type f -print0) |
    (cd "$src" && xargs -0 cp --parents -t "$tmp/$ws")
done

bazel="$(command -v bazelisk || command -v bazel)"
# The nested builds need the host Go (rules_go's host SDK) and a HOME for Go's
# module cache, which bazel test does not provide (see cache_test.sh).
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

# b WS ROOT ARGS...: Bazel in checkout WS with output user root ROOT.
b() {
  local ws="$1" root="$2"
  shift 2
  (cd "$tmp/$ws" && "$bazel" --output_user_root="$tmp/$root" --max_idle_secs=60 "$@")
}

server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  for r in "a root1" "b root2" "b root3"; do
    # shellcheck disable=SC2086
    b $r shutdown >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
# On SIGTERM/SIGINT/SIGHUP (a test timeout, ^C) exit, so the EXIT trap runs.
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "== bazel-remote on loopback"
for attempt in 1 2 3; do
  grpc_port="$(free_port)"
  http_port="$(free_port)"
  "$bazel_remote" --dir "$tmp/cas" --max_size 4 --storage_mode uncompressed \
    --grpc_address "127.0.0.1:$grpc_port" --http_address "127.0.0.1:$http_port" \
    >"$tmp/bazel-remote.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen("http://127.0.0.1:%s/status" % sys.argv[1], timeout=1)' "$http_port" 2>/dev/null; then
      break 2
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
done
[[ -n "$server_pid" ]] || { echo "FAIL: bazel-remote did not start" >&2; cat "$tmp/bazel-remote.log" >&2; exit 1; }
remote="grpc://127.0.0.1:$grpc_port"
echo "bazel-remote at $remote (HTTP port $http_port), --dir $tmp/cas"

# stats LOG: per-mnemonic counts of remote-cache hits and of spawns executed,
# as "MNEMONIC HITS EXECUTED" lines, for every mnemonic in the log.
stats() {
  python3 - "$1" <<'PY'
import collections, json, sys
text = open(sys.argv[1]).read()
dec, i, hits, runs = json.JSONDecoder(), 0, collections.Counter(), collections.Counter()
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    s, i = dec.raw_decode(text, i)
    m = s.get("mnemonic", "")
    if s.get("remoteCacheHit"):
        hits[m] += 1
    else:
        runs[m] += 1
for m in sorted(set(hits) | set(runs)):
    print(m, hits[m], runs[m])
PY
}

# paths_in LOG PATH...: spawns whose command line or environment names PATH.
paths_in() {
  python3 - "$@" <<'PY'
import json, sys
text, needles = open(sys.argv[1]).read(), sys.argv[2:]
dec, i, bad = json.JSONDecoder(), 0, 0
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    s, i = dec.raw_decode(text, i)
    words = list(s.get("commandArgs", [])) + ["%s=%s" % (e.get("name"), e.get("value")) for e in s.get("environmentVariables", [])]
    for w in words:
        for n in needles:
            if n in w:
                bad += 1
                print("  %s: %s" % (s.get("mnemonic"), w[:200]), file=sys.stderr)
print(bad)
PY
}

# check_hits NAME LOG: every compile action of LOG was a cache hit.
check_hits() {
  local name="$1" log="$2" total=0 m line hits runs
  stats "$log" >"$log.stats"
  for m in "${mnemonics[@]}"; do
    line="$(grep "^$m " "$log.stats" || echo "$m 0 0")"
    read -r _ hits runs <<<"$line"
    echo "$name: $m: $hits cache hits, $runs executed locally"
    ((hits > 0)) || { echo "FAIL: no $m action in the $name build" >&2; exit 1; }
    ((runs == 0)) || { echo "FAIL: $runs $m actions ran locally in the $name build" >&2; exit 1; }
    total=$((total + hits))
  done
  read -r hits runs < <(awk '{h += $2; r += $3} END {print h + 0, r + 0}' "$log.stats")
  echo "$name: $total compile actions, all cache hits; all spawns: $hits hits, $runs executed locally"
}

# same_outputs WS ROOT: the targets' outputs equal a/'s, byte for byte.
same_outputs() {
  local bin n=0 f
  bin="$(b "$1" "$2" info bazel-bin 2>/dev/null)"
  while read -r f; do
    cmp "$bin1/$f" "$bin/$f" || { echo "FAIL: $f differs between checkouts a and $1" >&2; exit 1; }
    n=$((n + 1))
  done <"$tmp/outputs.txt"
  echo "same bytes: $n output files of $1 ($2) and a (root1)"
}

flags=(--execution_log_json_file)
echo "== a/: clean build, filling the remote and the disk cache"
start=$(date +%s)
b a root1 build --remote_cache="$remote" --disk_cache="$tmp/disk" "${flags[0]}=$tmp/a.json" "${targets[@]}" >"$tmp/a.log" 2>&1 ||
  { tail -n 40 "$tmp/a.log" >&2; exit 1; }
echo "a/ built in $(($(date +%s) - start)) s"
stats "$tmp/a.json" >"$tmp/a.json.stats"
bin1="$(b a root1 info bazel-bin 2>/dev/null)"
# Every file the targets produced under bazel-bin/models (binaries, SV, data).
(cd "$bin1" && find models -maxdepth 1 -type f ! -name '*.runfiles_manifest' | sort) >"$tmp/outputs.txt"
echo "a/: $(wc -l <"$tmp/outputs.txt") output files under bazel-bin/models"

echo "== b/: another checkout path and output base, remote cache only"
start=$(date +%s)
b b root2 build --remote_cache="$remote" "${flags[0]}=$tmp/b_remote.json" "${targets[@]}" >"$tmp/b_remote.log" 2>&1 ||
  { tail -n 40 "$tmp/b_remote.log" >&2; exit 1; }
echo "b/ (remote cache) built in $(($(date +%s) - start)) s"
check_hits "remote cache" "$tmp/b_remote.json"
# The server's side (its access log): action results stored by a/, served to b/.
echo "bazel-remote: $(grep -c 'AC PUT .* OK$' "$tmp/bazel-remote.log") action results stored, $(grep -c 'AC GET .* OK$' "$tmp/bazel-remote.log") served"
same_outputs b root2

echo "== b/: a third output base, disk cache only"
start=$(date +%s)
b b root3 build --disk_cache="$tmp/disk" "${flags[0]}=$tmp/b_disk.json" "${targets[@]}" >"$tmp/b_disk.log" 2>&1 ||
  { tail -n 40 "$tmp/b_disk.log" >&2; exit 1; }
echo "b/ (disk cache) built in $(($(date +%s) - start)) s"
check_hits "disk cache" "$tmp/b_disk.json"
same_outputs b root3

echo "== no checkout or output base in any command line or environment"
for log in a.json b_remote.json b_disk.json; do
  n="$(paths_in "$tmp/$log" "$tmp/a" "$tmp/b" "$tmp/root1" "$tmp/root2" "$tmp/root3")"
  [[ "$n" == 0 ]] || { echo "FAIL: $n spawn arguments in $log name a checkout or an output base" >&2; exit 1; }
done
echo "ok: $(cat "$tmp"/a.json.stats | awk '{n += $2 + $3} END {print n}') spawns of a/ and all of b/ are path-free"
echo "PASS"
