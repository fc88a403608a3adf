#!/usr/bin/env bash
# Runs upstream Calyx's correctness tests through rules_accel's SystemVerilog
# backend and Verilator, and prints a pass rate with failure categories.
#
# usage: tools/calyx_conformance/run.sh CALYX_DIR [WORK_DIR]
#
# CALYX_DIR holds an export of the upstream repository's tests/ and
# primitives/ (for example `git -C <gitdir> archive HEAD tests primitives |
# tar -x -C /tmp/calyx`). Each tests/correctness/**/*.futil with a .futil.data
# and a .expect is compiled (accelc sv_library), linted (verilator
# --lint-only -Wall), built (verilator --binary --timing), simulated with the
# data and compared with the .expect memories (accelc sim_data check).
# Set JOBS (default 2) for parallelism and FILTER to a grep pattern to pick tests.
set -u
calyx=${1:?usage: run.sh CALYX_DIR [WORK_DIR]}
work=${2:-/tmp/calyx_conformance}
jobs=${JOBS:-2}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
rm -rf "$work/runtime"
(cd "$repo" && go build -o "$work/accelc" ./compiler/cmd/accelc) || exit 1

# build verilates DIR/design.sv and DIR/tb.sv and compiles DIR/obj/Vaccel_tb,
# reusing Verilator's runtime objects from WORK/runtime once they exist.
build() {
  local dir=$1 work=$2 o
  verilator --cc --exe --main --timing -CFLAGS -O0 -Wno-fatal --top-module accel_tb \
    -Mdir "$dir/obj" "$dir/design.sv" "$dir/tb.sv" || return 1
  if [ -f "$work/runtime/verilated_timing.o" ]; then
    for o in verilated.o verilated_threads.o verilated_timing.o; do cp "$work/runtime/$o" "$dir/obj/"; done
  fi
  make -C "$dir/obj" -f Vaccel_tb.mk OPT_FAST=-O0 OPT_GLOBAL=-O0 || return 1
  if [ ! -f "$work/runtime/verilated_timing.o" ]; then
    mkdir -p "$work/runtime.tmp.$$"
    for o in verilated.o verilated_threads.o verilated_timing.o; do cp "$dir/obj/$o" "$work/runtime.tmp.$$/"; done
    mv -T "$work/runtime.tmp.$$" "$work/runtime" 2>/dev/null || rm -rf "$work/runtime.tmp.$$"
  fi
}
export -f build

one() {
  local f=$1 work=$2 calyx=$3
  local name=${f#*/tests/correctness/}
  name=${name%.futil}
  local dir=$work/tests/${name//\//__}
  rm -rf "$dir" && mkdir -p "$dir/data"
  local data=$f.data expect=${f%.futil}.expect
  local result
  if [ ! -f "$data" ] || [ ! -f "$expect" ]; then
    result=skip-no-data
  elif ! "$work/accelc" sv_library -L "$calyx" -o "$dir/design.sv" -tb "$dir/tb.sv" "$f" >"$dir/compile.log" 2>&1; then
    if grep -q "parse\|expected\|syntax" "$dir/compile.log"; then result=fail-parse; else result=fail-compile; fi
  elif ! verilator --lint-only -Wall --top-module "$(grep -m1 -o 'dut' "$dir/tb.sv" >/dev/null; sed -n 's/^  \([A-Za-z_0-9]*\) dut (.*/\1/p' "$dir/tb.sv")" "$dir/design.sv" >"$dir/lint.log" 2>&1; then
    result=fail-lint
  elif ! "$work/accelc" sim_data to-hex "$data" "$dir/data" >"$dir/data.log" 2>&1; then
    result=fail-data
  elif ! build "$dir" "$work" >"$dir/build.log" 2>&1; then
    result=fail-verilate
  elif ! timeout 120 "$dir/obj/Vaccel_tb" +DATA="$dir/data" +MAX_CYCLES=10000000 >"$dir/run.log" 2>&1; then
    result=fail-run
  elif ! "$work/accelc" sim_data check "$data" "$expect" "$dir/data" >"$dir/check.log" 2>&1; then
    result=fail-mismatch
  else
    result=pass
  fi
  rm -rf "$dir/obj"
  echo "$result $name"
}
export -f one

find "$calyx/tests/correctness" -name '*.futil' | sort | grep -e "${FILTER:-.}" |
  xargs -P "$jobs" -I{} bash -c 'one "$1" "$2" "$3"' _ {} "$work" "$calyx" | tee "$work/results.txt"

total=$(grep -vc '^skip' "$work/results.txt")
pass=$(grep -c '^pass' "$work/results.txt")
echo
echo "categories:"
awk '{print $1}' "$work/results.txt" | sort | uniq -c
echo "pass rate: $pass/$total (tests with data and expect)"
echo "logs: $work/tests/<test>/"
