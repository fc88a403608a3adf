#!/usr/bin/env bash
# Cycles per model and unroll factor: compiles each model through every stage
# with conv*/gemm* unrolled by 1, 2, 4 and 8, simulates sample 0 in Verilator,
# checks the outputs bit-exactly against the loop-nest interpreter, and prints
# a Markdown table of cycle counts (and simulation wall time).
#
# Usage: tools/bench/cycles.sh [MODEL_DIR...]   (default: ffnn, lenet5,
#        ops/conv, ops/gemm; add models/resnet8 for ResNet-8: slow)
# Env:   UNROLLS="1 2 4 8"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if (($# == 0)); then
  set -- models/ffnn models/lenet5 models/ops/conv models/ops/gemm
fi
unrolls=(${UNROLLS:-1 2 4 8})
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/accelc" ./compiler/cmd/accelc
a="$tmp/accelc"

printf '| model |'
for u in "${unrolls[@]}"; do printf ' unroll %s |' "$u"; done
printf '\n|---|'
for _ in "${unrolls[@]}"; do printf -- '---:|'; done
printf '\n'
for m in "$@"; do
  name="$(basename "$m")"
  printf '| %s |' "$name"
  for u in "${unrolls[@]}"; do
    d="$tmp/$name-$u"
    mkdir -p "$d/mem"
    "$a" torch_accel -model "$m/model.onnx" -unroll "conv*=$u,gemm*=$u" -o "$d/m.air" -data "$d/w.json"
    "$a" calyx_lower -weights "$d/w.json" -input "$m/io.json" -sample 0 \
      -o "$d/m.futil" -data "$d/data.json" -expect "$d/expect.json" "$d/m.air"
    "$a" sv_library -o "$d/m.sv" -tb "$d/tb.sv" "$d/m.futil"
    "$a" sim_data to-hex "$d/data.json" "$d/mem"
    verilator --binary --timing --top-module accel_tb -j 2 -Mdir "$d/obj" -o sim "$d/m.sv" "$d/tb.sv" > "$d/build.log" 2>&1 ||
      { cat "$d/build.log" >&2; exit 1; }
    start=$(date +%s%N)
    "$d/obj/sim" +DATA="$d/mem" > "$d/sim.log"
    end=$(date +%s%N)
    "$a" sim_data check "$d/data.json" "$d/expect.json" "$d/mem" > /dev/null ||
      { echo "$name unroll $u: outputs differ from the interpreter" >&2; exit 1; }
    cycles="$(sed -n 's/^cycles: //p' "$d/sim.log")"
    printf ' %s (%s s) |' "$cycles" "$(awk "BEGIN{printf \"%.1f\", ($end-$start)/1e9}")"
    rm -rf "$d/obj"
  done
  printf '\n'
done
