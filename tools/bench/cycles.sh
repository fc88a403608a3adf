#!/usr/bin/env bash
# Cycles per model and unroll factor, against the multiply-accumulate bound.
#
# Compiles each model through every stage with conv*/gemm* unrolled by each
# factor (all kernels software-pipelined, torch_accel's default), simulates
# sample 0 in Verilator, checks the outputs bit-exactly against the loop-nest
# interpreter, and prints two Markdown tables:
#
#   per model and unroll: MACs, cycles, cycles / (MACs / unroll) (1.00 is one
#   multiply-accumulate per lane per cycle, the whole model included:
#   element-wise, pooling and data movement) and simulation wall time;
#   per layer: MACs, the largest initiation interval of its loop nests, the
#   cycles of its pipelines (calyx_lower -report) and the same ratio.
#
# Usage: tools/bench/cycles.sh [MODEL_DIR...]   (default: ffnn, lenet5,
#        ops/conv, ops/gemm, resnet8)
# Env:   UNROLLS="1 2 4"  unroll factors
#        PIPELINE=off     dynamic control instead (the lowering before pipelining)
#        LAYERS=0         skip the per-layer table
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if (($# == 0)); then
  set -- models/ffnn models/lenet5 models/ops/conv models/ops/gemm models/resnet8
fi
unrolls=(${UNROLLS:-1 2 4})
pipe=()
if [[ "${PIPELINE:-}" == off ]]; then
  pipe=(-pipeline '*=off')
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/accelc" ./compiler/cmd/accelc
a="$tmp/accelc"
ratio() { awk -v c="$1" -v m="$2" -v u="$3" 'BEGIN { if (m == 0) print "-"; else printf "%.2f", c / (m / u) }'; }

layers="$tmp/layers.md"
: > "$layers"
echo '| model | unroll | MACs | cycles | cycles / (MACs/unroll) | simulation wall (s) |'
echo '|---|---:|---:|---:|---:|---:|'
for m in "$@"; do
  name="${m#models/}"
  for u in "${unrolls[@]}"; do
    d="$tmp/${name//\//_}-$u"
    mkdir -p "$d/mem"
    "$a" torch_accel -model "$m/model.onnx" -unroll "conv*=$u,gemm*=$u" "${pipe[@]}" -o "$d/m.air" -data "$d/w.json"
    "$a" calyx_lower -weights "$d/w.json" -input "$m/io.json" -sample 0 -report "$d/report.txt" \
      -o "$d/m.futil" -data "$d/data.json" -expect "$d/expect.json" "$d/m.air"
    "$a" sv_library -o "$d/m.sv" -tb "$d/tb.sv" "$d/m.futil"
    "$a" sim_data to-hex "$d/data.json" "$d/mem"
    verilator --binary --timing --top-module accel_tb -j 2 -Mdir "$d/obj" -o sim \
      -MAKEFLAGS OPT_FAST=-O2 "$d/m.sv" "$d/tb.sv" > "$d/build.log" 2>&1 ||
      { cat "$d/build.log" >&2; exit 1; }
    start=$(date +%s%N)
    "$d/obj/sim" +DATA="$d/mem" > "$d/sim.log"
    end=$(date +%s%N)
    "$a" sim_data check "$d/data.json" "$d/expect.json" "$d/mem" > /dev/null ||
      { echo "$name unroll $u: outputs differ from the interpreter" >&2; exit 1; }
    cycles="$(sed -n 's/^cycles: //p' "$d/sim.log")"
    # The report's first table: kernel, MACs, II, cycles (or "dynamic").
    macs="$(awk 'NR > 1 && NF == 4 { s += $2 } NF == 0 { exit } END { print s + 0 }' "$d/report.txt")"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$u" "$macs" "$cycles" "$(ratio "$cycles" "$macs" "$u")" \
      "$(awk "BEGIN{printf \"%.2f\", ($end-$start)/1e9}")"
    awk -v model="$name" -v u="$u" 'NR > 1 && NF == 4 && $2 > 0 {
        r = ($4 == "dynamic") ? "-" : sprintf("%.2f", $4 / ($2 / u))
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", model, u, $1, $2, $3, $4, r
      } NF == 0 { exit }' "$d/report.txt" >> "$layers"
    rm -rf "$d/obj"
  done
done
if [[ "${LAYERS:-1}" != 0 ]]; then
  echo
  echo '| model | unroll | layer | MACs | II | cycles | cycles / (MACs/unroll) |'
  echo '|---|---:|---|---:|---:|---:|---:|'
  cat "$layers"
fi
