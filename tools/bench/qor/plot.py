#!/usr/bin/env python3
"""Plots cycles against LUTs, one curve per model, from the rows qor writes.

Usage: python3 tools/bench/qor/plot.py qor.json qor.png
Needs matplotlib (tools/bench/qor/requirements.txt). Each point is one
unroll factor (labelled); both axes are logarithmic. LUT is Vivado's
"Slice LUTs" count (logic + LUT RAM) as estimated by Yosys's synth_xilinx.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: plot.py qor.json out.png")
    with open(argv[1]) as f:
        rows = json.load(f)
    models = []
    for r in rows:
        if r["model"] not in models:
            models.append(r["model"])
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for m in models:
        pts = sorted((r["lut_total"], r["cycles"], r["unroll"]) for r in rows if r["model"] == m and r["cycles"] > 0)
        if not pts:
            continue
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=m)
        labels = {}  # unroll factors that give the same design share one label
        for lut, cycles, unroll in pts:
            labels.setdefault((lut, cycles), []).append("×%d" % unroll)
        for (lut, cycles), names in labels.items():
            ax.annotate(", ".join(names), (lut, cycles), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("LUTs (logic + LUT RAM; Yosys synth_xilinx, xc7)")
    ax.set_ylabel("cycles (sample 0, Verilator)")
    ax.set_title("Latency against area per unroll factor")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    # Fixed metadata: the same rows give the same PNG bytes.
    fig.savefig(argv[2], metadata={"Software": None})


if __name__ == "__main__":
    main(sys.argv)
