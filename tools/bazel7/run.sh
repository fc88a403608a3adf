#!/usr/bin/env bash
# run.sh: build and test rules_accel with Bazel 7.7.1 and MODULE.bazel (bzlmod),
# offline, in a Debian sid chroot (Debian's bazel-bootstrap 7.7.1 needs sid).
#
# Usage (as root):
#   tools/bazel7/run.sh [--chroot DIR] [--expunge] [--online] [--full]
#   tools/bazel7/run.sh [--chroot DIR] [--online] -- BAZEL_ARGS...
#
#   --chroot DIR  where the chroot lives (default $RULES_ACCEL_BAZEL7_CHROOT, or
#                 /var/cache/rules_accel/bazel7-sid); created when missing.
#   --expunge     start from empty output bases (a cold build; the
#                 repository cache and the chroot stay).
#   --online      keep the network (default: none, only loopback).
#   --full        test //... but the integration tests (FULL_TESTS below)
#                 instead of the zoo's lint tests and the ffnn and lenet5
#                 simulations (TESTS below, the default).
#   -- ARGS       run `bazel ARGS` in the checkout instead of the default steps.
#
# Steps, each timed:
#   1. tools/bazel7/chroot.sh create DIR (skipped when done);
#   2. on the host, with the network: the offline registry of rules_go and
#      Gazelle (make_registry.py) and a Go module download cache holding every
#      Go module the build fetches (go_deps, buildifier), both under
#      DIR/opt/rules_accel;
#   3. in the chroot, without network (unshare --net, loopback only), with the
#      checkout mounted read-only at /src/rules_accel:
#        bazel build //models:resnet_sv
#        bazel test TESTS
#        bazel test //... in examples/consumer_bzlmod (a separate module that
#          depends on rules_accel through local_path_override)
#
# The offline setup lives in flags only, in DIR/opt/rules_accel/bazelrc, passed
# with --bazelrc: the registry, --override_module stand-ins for modules that
# Bazel 7's bazel_tools asks for (third_party/bazel7_offline) and GOPROXY
# pointing at the module download cache. MODULE.bazel is what users see with
# the Bazel Central Registry.
#
# Mounts (/proc, /sys, /dev, /dev/pts, the checkout) are made in a private
# mount namespace (unshare --mount) that ends with the run: nothing stays
# mounted whatever happens, and DIR can be deleted with rm -rf afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"

# The default test set: every zoo model's lint test (both exports, ResNet-8's
# pieces), the ffnn and lenet5 simulations, and the HDL toolchains that the
# hdl module extension registers (Verilator, Yosys, nextpnr-ice40 and icepack:
# the toolchain tests, one op's synthesis report and iCE40 bitstream).
TESTS='$(bazel query "filter(_lint_test, tests(//models:all))") //models:ffnn_sim_test //models:lenet5_sim_test //tests/toolchain:all //models:op_relu_synth //models:op_relu_ice40'
# --full: everything but the integration tests, which run a nested Bazel 4 on
# a copy of the tree (with Yosys synthesis of the zoo, much longer).
FULL_TESTS=(//... -- -//tests/integration/...)

root="${RULES_ACCEL_BAZEL7_CHROOT:-/var/cache/rules_accel/bazel7-sid}"
expunge=0
online=0
full=0
custom=()
while (($#)); do
  case "$1" in
  --chroot) root="$2"; shift 2 ;;
  --chroot=*) root="${1#*=}"; shift ;;
  --expunge) expunge=1; shift ;;
  --online) online=1; shift ;;
  --full) full=1; shift ;;
  --) shift; custom=("$@"); break ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$(id -u)" == 0 ]] || { echo "run.sh: run as root (chroot and mounts need it)" >&2; exit 1; }
root="$(realpath -m "$root")"
case "$root/" in "$src"/*) echo "run.sh: keep the chroot outside the checkout" >&2; exit 2 ;; esac
command -v go >/dev/null 2>&1 || [[ ! -x /usr/local/go/bin/go ]] || export PATH="/usr/local/go/bin:$PATH"

timed() { # timed LABEL CMD...: run CMD, print how long it took
  local label="$1" start end rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  end=$(date +%s)
  printf 'run.sh: %-40s %4d s%s\n' "$label" $((end - start)) "$( ((rc)) && echo " (FAILED, exit $rc)")" >&2
  return $rc
}

# --- 1. the chroot ----------------------------------------------------------
timed "chroot (create if missing)" "$here/chroot.sh" create "$root" >/dev/null

# --- 2. offline inputs, built on the host -----------------------------------
opt="$root/opt/rules_accel"
mkdir -p "$opt"
export GOMODCACHE="$opt/gomodcache" GOFLAGS=-mod=mod GOTOOLCHAIN=local

# go_mod_download DIR: every module DIR's go.mod needs, at the versions its
# build list selects and at the versions its require lines name (go_deps
# takes the highest version any Bazel module's go.mod requires).
go_mod_download() {
  local tmp
  tmp="$(mktemp -d)"
  cp "$1/go.mod" "$tmp/"
  [[ -f "$1/go.sum" ]] && cp "$1/go.sum" "$tmp/"
  chmod -R u+w "$tmp"
  (cd "$tmp" && go mod download all && go mod edit -json |
    python3 -c 'import json,sys; [print(r["Path"]+"@"+r["Version"]) for r in json.load(sys.stdin).get("Require") or []]' |
    xargs -r go mod download) || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}

offline_inputs() { # (called in an `||` context, where set -e is off: check each step)
  python3 "$here/make_registry.py" "$opt/registry" /opt/rules_accel/registry || return
  # The Go modules of rules_go, Gazelle and rules_accel, which go_deps reads.
  local m d
  for m in $(python3 "$here/make_registry.py" --modules); do
    d="$(go mod download -json "$m" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')" || return
    go_mod_download "$d" || return
  done
  go_mod_download "$src" || return
  # buildifier (rules/repositories.bzl): what `go install` fetches for it.
  local v bin
  v="$(sed -n 's/.*version = "\(v0.0.0-[0-9]*-[0-9a-f]*\)",/\1/p' "$src/rules/repositories.bzl" | head -n 1)"
  bin="$(mktemp -d)"
  GOBIN="$bin" go install "github.com/bazelbuild/buildtools/buildifier@$v" || return
  rm -rf "$bin"
  # Only the download cache (the GOPROXY the chroot uses) is needed, not the
  # extracted module trees.
  find "$GOMODCACHE" -mindepth 1 -maxdepth 1 ! -name cache -exec chmod -R u+w {} + -exec rm -rf {} +
  du -sh "$opt/registry" "$GOMODCACHE" | sed 's/^/run.sh: /' >&2
}
# Redone when what they are made from changes.
stamp="$(cat "$here/make_registry.py" "$0" "$src/go.mod" "$src/go.sum" "$src/rules/repositories.bzl" | sha256sum)"
if [[ "$(cat "$opt/offline.stamp" 2>/dev/null)" != "$stamp" ]]; then
  timed "offline registry and Go modules" offline_inputs
  echo "$stamp" >"$opt/offline.stamp"
fi

cat >"$opt/bazelrc" <<EOF
# Generated by tools/bazel7/run.sh: Bazel 7.7.1 offline in the sid chroot.
# Debian's /etc/bazel/bazelrc already overrides platforms, rules_java, rules_cc,
# bazel_features, bazel_skylib, rules_license, rules_python and rules_proto
# with Debian's packages.
common --noenable_workspace
common --lockfile_mode=off
common --registry=file:///opt/rules_accel/registry
common --override_module=rules_shell=/usr/share/bazel/rules/shell
common --override_module=apple_support=/src/rules_accel/third_party/bazel7_offline/apple_support
common --override_module=buildozer=/src/rules_accel/third_party/bazel7_offline/buildozer
common --override_module=package_metadata=/src/rules_accel/third_party/bazel7_offline/package_metadata
common --override_module=protobuf=/src/rules_accel/third_party/bazel7_offline/protobuf
common --override_module=zlib=/src/rules_accel/third_party/bazel7_offline/zlib
common --repo_env=GOPROXY=file:///opt/rules_accel/gomodcache/cache/download
common --repo_env=GOSUMDB=off
common --repo_env=GOTOOLCHAIN=local
# The checkout is mounted read-only: no convenience symlinks in it.
build --symlink_prefix=/
EOF

# --- 3. Bazel 7 in the chroot -----------------------------------------------
if ((${#custom[@]})); then
  steps=("bazel ${custom[*]@Q}")
else
  tests="$TESTS"
  ((full)) && tests="${FULL_TESTS[*]@Q}"
  steps=(
    "bazel build //models:resnet_sv"
    "bazel test $tests"
    "cd examples/consumer_bzlmod && bazel test //..."
  )
fi
((expunge)) && steps=("bazel clean --expunge && (cd examples/consumer_bzlmod && bazel clean --expunge)" "${steps[@]}")

# Runs inside the chroot: each step timed, the Bazel servers shut down at the end.
cat >"$opt/steps.sh" <<'EOF'
#!/bin/bash
set -uo pipefail
export HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
bazel() { command bazel --bazelrc=/opt/rules_accel/bazelrc "$@"; }
shutdown() {
  (cd /src/rules_accel && bazel shutdown) 2>/dev/null
  (cd /src/rules_accel/examples/consumer_bzlmod && bazel shutdown) 2>/dev/null
}
trap shutdown EXIT
rc=0
for step in "$@"; do
  echo "run.sh: + $step" >&2
  start=$(date +%s)
  (cd /src/rules_accel && eval "$step") || rc=$?
  printf 'run.sh: %-40s %4d s%s\n' "${step:0:40}" $(($(date +%s) - start)) "$( ((rc)) && echo " (FAILED)")" >&2
  ((rc)) && break
done
exit $rc
EOF
chmod +x "$opt/steps.sh"

# in_namespace: mount the kernel file systems and the checkout (read-only),
# then run the steps in the chroot. Runs in a private mount namespace (and,
# unless --online, a network namespace with only loopback).
in_namespace() {
  set -e
  [[ "$ONLINE" == 1 ]] || ip link set lo up
  mount -t proc proc "$ROOT/proc"
  mount -t sysfs sys "$ROOT/sys"
  mount --bind /dev "$ROOT/dev"
  mount --bind /dev/pts "$ROOT/dev/pts"
  mkdir -p "$ROOT/src/rules_accel" "$ROOT/src/shared"
  mount --bind "$SRC" "$ROOT/src/rules_accel"
  mount -o remount,bind,ro "$ROOT/src/rules_accel"
  # ../shared (ONNX's operator cases for the compiler's tests), when present.
  if [[ -d "$SRC/../shared" ]]; then
    mount --bind "$SRC/../shared" "$ROOT/src/shared"
    mount -o remount,bind,ro "$ROOT/src/shared"
  fi
  chroot "$ROOT" /opt/rules_accel/steps.sh "$@"
}
ns=(--mount --propagation private)
((online)) || ns+=(--net)
export ROOT="$root" SRC="$src" ONLINE="$online"
export -f in_namespace
timed "bazel 7 steps (offline: $((1 - online)))" unshare "${ns[@]}" -- bash -c 'in_namespace "$@"' in_namespace "${steps[@]}"
