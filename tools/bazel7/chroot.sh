#!/usr/bin/env bash
# chroot.sh create|shell ROOT: a Debian sid chroot holding Debian's Bazel 7
# (package bazel-bootstrap 7.7.1), which needs sid's libc and Java and so
# cannot run on bookworm directly.
#
#   create ROOT   debootstrap sid into ROOT from the Debian mirror the host's
#                 apt uses (or $DEBIAN_MIRROR), then install Bazel 7, Go, the
#                 HDL tools and Debian's Bazel rule packages inside. Idempotent:
#                 each step is skipped when done (about 4 minutes, 2 GB, cold).
#   shell ROOT [CMD...]
#                 run CMD (default: bash) inside ROOT with /proc, /sys, /dev and
#                 /dev/pts mounted.
#
# Run as root. Every mount is made inside a private mount namespace
# (unshare --mount) that ends with the command, so nothing stays mounted under
# ROOT whatever happens, and ROOT can be deleted with rm -rf afterwards.
set -euo pipefail

# The packages installed in the chroot. Changing this list reinstalls.
PACKAGES=(
  bazel-bootstrap bazel-java-tools bazel-rules-shell # Bazel 7.7.1 and the rule modules it overrides
  golang-go git ca-certificates                      # rules_go's host SDK
  verilator yosys g++ make zlib1g-dev perl           # the HDL tools the rules find on PATH
  nextpnr-ice40 fpga-icestorm                        # ice40_bitstream's place and route, icepack
  python3 patch
)

usage() {
  echo "usage: chroot.sh create ROOT | chroot.sh shell ROOT [CMD...]" >&2
  exit 2
}

mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local m
  m="$(grep -h -o -E '^URIs: *[^ ]+|^deb +(\[[^]]*\] +)?[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    awk '{print $NF}' | grep -v -e security -e updates | head -n 1 || true)"
  echo "${m:-http://deb.debian.org/debian}"
}

# in_chroot ROOT CMD...: CMD inside ROOT, with the kernel file systems mounted
# in a private mount namespace (gone when CMD ends).
in_chroot() {
  local root="$1"
  shift
  unshare --mount --propagation private -- "$BASH" -c '
    set -e
    r="$1"; shift
    mount -t proc proc "$r/proc"
    mount -t sysfs sys "$r/sys"
    mount --bind /dev "$r/dev"
    mount --bind /dev/pts "$r/dev/pts"
    exec chroot "$r" "$@"
  ' in_chroot "$root" "$@"
}

create() {
  local root="$1"
  if [[ ! -x "$root/usr/bin/apt-get" ]]; then
    command -v debootstrap >/dev/null 2>&1 || {
      echo "chroot.sh: installing debootstrap" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
    }
    mkdir -p "$root"
    echo "chroot.sh: debootstrap sid into $root from $(mirror)" >&2
    debootstrap --variant=minbase sid "$root" "$(mirror)" >&2
  fi
  # The mirror's sid Release file may be past its Valid-Until date.
  echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99no-check-valid-until"
  local stamp="$root/var/lib/rules_accel-packages"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "${PACKAGES[*]}" ]]; then
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    echo "chroot.sh: installing ${PACKAGES[*]}" >&2
    in_chroot "$root" /bin/sh -c 'apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" &&
      apt-get clean' sh "${PACKAGES[@]}" >&2
    echo "${PACKAGES[*]}" >"$stamp"
  fi
  in_chroot "$root" bazel --version
}

[[ $# -ge 2 ]] || usage
[[ "$(id -u)" == 0 ]] || {
  echo "chroot.sh: run as root (debootstrap, mount and chroot need it)" >&2
  exit 1
}
cmd="$1"
root="$(realpath -m "$2")"
shift 2
case "$cmd" in
create) create "$root" ;;
shell) in_chroot "$root" "${@:-/bin/bash}" ;;
*) usage ;;
esac
