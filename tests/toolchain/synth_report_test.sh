#!/usr/bin/env bash
# Checks the reports of tests/toolchain:counter against what an 8-bit counter
# must give: 8 flip-flops in every family (one per bit), a positive Fmax on
# the iCE40 with latency = cycles / Fmax, and an iCE40 bitstream (icepack's
# output carries the iCE40 synchronization word 7EAA997E near its start).
# Usage: synth_report_test.sh FILE...  (the outputs of the counter_* targets)
set -euo pipefail
declare -A f
for p in "$@"; do f["$(basename "$p")"]="$p"; done
for n in counter_xc7.json counter_ice40_synth.json counter_generic.json counter_ice40.json counter_ice40.bin; do
  [[ -n "${f[$n]:-}" ]] || { echo "FAIL: $n not among the arguments" >&2; exit 2; }
done
python3 - "${f[counter_xc7.json]}" "${f[counter_ice40_synth.json]}" "${f[counter_generic.json]}" "${f[counter_ice40.json]}" <<'PY'
import json, sys
xc7, ice40, generic, bit = (json.load(open(p)) for p in sys.argv[1:5])
fails = []
def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)
for name, r, family in [("xc7", xc7, "xc7"), ("ice40", ice40, "ice40"), ("generic", generic, "generic"), ("bitstream", bit, "ice40")]:
    check(f"{name}: family {family}", r["family"] == family)
    check(f"{name}: 8 flip-flops", r["total"]["ff"] == 8)
    check(f"{name}: one component, counter", [c["name"] for c in r["components"]] == ["counter"])
check("xc7: LUTs for the increment", xc7["total"]["lut"] > 0)
check("generic: gates, no LUTs", generic["total"].get("gates", 0) > 0 and generic["total"]["lut"] == 0)
p = bit["pnr"]
check("bitstream: placed on up5k sg48 with seed 1", (p["device"], p["package"], p["seed"]) == ("up5k", "sg48", 1))
check("bitstream: positive Fmax", p["fmax_mhz"] > 0)
check("bitstream: latency = 256 cycles / Fmax", bit["cycles"] == 256 and abs(bit["latency_us"] - 256 / p["fmax_mhz"]) < 0.001)
lc = {u["bel"]: u["used"] for u in p["utilization"]}
check("bitstream: at least 8 logic cells (one per FF)", lc.get("ICESTORM_LC", 0) >= 8)
sys.exit(1 if fails else 0)
PY
head -c 64 "${f[counter_ice40.bin]}" | od -An -tx1 | tr -d ' \n' | grep -q 7eaa997e ||
  { echo "FAIL: ${f[counter_ice40.bin]} has no iCE40 sync word 7EAA997E" >&2; exit 1; }
echo "ok   bitstream: iCE40 sync word"
