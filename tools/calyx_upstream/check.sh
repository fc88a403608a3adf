#!/usr/bin/env bash
# Shows that the upstream Calyx compiler accepts what calyx_lower writes: each
# model goes through torch_accel and calyx_lower, then through upstream
# Calyx's whole default pass pipeline and Verilog backend. The project's own
# primitives (primitives/accel.futil, e.g. the pipelined multiplier of the
# software pipelines) are written next to the programs by
# `sv_library -write_primitives`, where upstream finds the import.
#
# Usage: tools/calyx_upstream/check.sh CALYX_LIB [MODEL_DIR...]
#   CALYX_LIB   a directory holding Calyx's primitives/ (a checkout of the
#               Calyx repository; the calyx crate does not install them)
#   MODEL_DIR   models/<name> or models/ops/<op>; default: ffnn, lenet5 and
#               every single-op model
# Needs upstream `calyx` on PATH: cargo install calyx --version 0.7.1 --locked
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
lib="${1:?usage: check.sh CALYX_LIB [MODEL_DIR...]}"
shift
[[ -d "$lib/primitives" ]] || { echo "check.sh: $lib has no primitives/" >&2; exit 2; }
command -v calyx >/dev/null || { echo "check.sh: upstream calyx not on PATH (cargo install calyx --version 0.7.1 --locked)" >&2; exit 2; }
if (($# == 0)); then
  set -- models/ffnn models/lenet5 models/ops/*
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/" ./compiler/cmd/torch_accel ./compiler/cmd/calyx_lower ./compiler/cmd/sv_library
"$tmp/bin/sv_library" -write_primitives "$tmp/primitives"
echo "upstream: $(calyx --version 2>&1 | head -n 1)"
pass=0
fail=0
for m in "$@"; do
  name="$(basename "$m")"
  "$tmp/bin/torch_accel" -model "$m/model.onnx" -unroll 'conv*=2,gemm*=2' -o "$tmp/$name.air" -data "$tmp/$name.json"
  "$tmp/bin/calyx_lower" -weights "$tmp/$name.json" -o "$tmp/$name.futil" "$tmp/$name.air"
  if calyx -l "$lib" -b verilog -o "$tmp/$name.v" "$tmp/$name.futil" 2> "$tmp/$name.err"; then
    echo "accepted: $m ($(wc -l < "$tmp/$name.v") lines of Verilog)"
    pass=$((pass + 1))
  else
    echo "REJECTED: $m: $(head -n 3 "$tmp/$name.err")"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
((fail == 0))
