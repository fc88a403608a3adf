#!/usr/bin/env bash
# Long verification of the binary32 float units (compiler/sv/prims/accel_f*.sv):
# every unit in Verilator against Go's float32 reference (compiler/fp32), with
# the special-case classes, the exponent sweeps and RANDOM random operands per
# operation (default 10^7), bit for bit including exception flags. Prints a
# Markdown table of counts, mismatches and times; exits non-zero on a mismatch.
# The short version of the same check runs in `bazel test
# //compiler/fp32/unitcheck:all`.
#
# Usage: tools/bench/fp32_units.sh [UNIT,...]   (default: all units)
# Env:   RANDOM_OPS=10000000 SEED=1 JOBS=2
# CPU-heavy: on a shared machine run it under `flock /tmp/heavy.lock`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec go run ./tools/bench/fp32units -random "${RANDOM_OPS:-10000000}" -seed "${SEED:-1}" \
  -jobs "${JOBS:-2}" -units "${1:-}"
