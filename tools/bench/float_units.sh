#!/usr/bin/env bash
# Long verification of the binary32 float units (compiler/sv/prims/accel_f*.sv):
# every unit in Verilator against Go's float32 reference (compiler/fp32), with
# the special-case classes, the exponent sweeps and RANDOM random operands per
# operation (default 10^7), bit for bit including exception flags. Prints a
# Markdown table of counts, mismatches and times; exits non-zero on a mismatch.
# The short version of the same check runs in `bazel test
# //compiler/fp32/unitcheck:all`.
#
# Usage: tools/bench/float_units.sh [UNIT,...]   (default: all units)
# Env:   RANDOM_OPS=10000000 SEED=1 JOBS=2
# CPU-heavy: on a shared machine run it under `flock -o /tmp/heavy.lock`.
#
# Runtime (2-core machine, JOBS=1, Verilator 5): all 8 units at the default
# 10^7 random operands per operation take 1m38s in total, about 47s of it
# Verilator builds (4-5s a unit, 13s for the 30 round-robin dividers, 8s for
# exp); 4.7-7 million records/s per pipelined operation, 1.3 million/s for
# div and sqrt, 2 million/s for exp (accel_fexp_pipe, 5.1s).
# Result of that run (seed 1): 0 mismatches in 10^7 random records per
# operation, plus 533,892 special/sweep records per two-operand operation
# and 158,102 for exp.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec go run ./tools/bench/fp32units -random "${RANDOM_OPS:-10000000}" -seed "${SEED:-1}" \
  -jobs "${JOBS:-2}" -units "${1:-}"
