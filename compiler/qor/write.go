package qor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// JSON is the report in the rules_accel-qor-v1 format: indented, fields in a
// fixed order, lists sorted by name, no paths or times.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// column is one resource column of the Markdown tables.
type column struct {
	head string
	get  func(Resources) string
}

func itoa(n int) string { return strconv.Itoa(n) }

// columns lists the resource columns that mean something for the family.
func (f Family) columns() []column {
	lut := column{"LUT", func(r Resources) string { return itoa(r.LUT) }}
	ff := column{"FF", func(r Resources) string { return itoa(r.FF) }}
	carry := column{"carry", func(r Resources) string { return itoa(r.Carry) }}
	dsp := column{"DSP", func(r Resources) string { return itoa(r.DSP) }}
	bram := column{"BRAM", func(r Resources) string { return strconv.FormatFloat(r.BRAM, 'f', -1, 64) }}
	switch f {
	case XC7:
		return []column{
			{"LUT (logic)", func(r Resources) string { return itoa(r.LUT) }},
			{"LUT RAM", func(r Resources) string { return itoa(r.LUTRAM) }},
			{"LUT (total)", func(r Resources) string { return itoa(r.LUTTotal) }},
			ff,
			{"CARRY4", func(r Resources) string { return itoa(r.Carry) }},
			{"MUXF7/8", func(r Resources) string { return itoa(r.MuxF) }},
			{"DSP48E1", func(r Resources) string { return itoa(r.DSP) }},
			{"BRAM (RAMB36)", bram.get},
		}
	case ICE40:
		return []column{
			{"SB_LUT4", lut.get}, ff, {"SB_CARRY", carry.get},
			{"SB_MAC16", dsp.get}, {"EBR (4 kbit)", bram.get},
			{"SPRAM", func(r Resources) string { return itoa(r.SPRAM) }},
		}
	}
	return []column{{"gates", func(r Resources) string { return itoa(r.Gates) }}, ff, carry, dsp, bram}
}

// Markdown renders the report as Markdown tables.
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	cols := r.Family.columns()
	fmt.Fprintf(&b, "# Synthesis report: %s\n\n", r.Top)
	fmt.Fprintf(&b, "%s, `%s`.", r.Tool, r.Flow)
	if r.Family == XC7 {
		b.WriteString(" Yosys's estimate, not Vivado's: LUT (total) = logic + LUT RAM, as Vivado's \"Slice LUTs\" counts; BRAM in RAMB36 tiles.")
	}
	b.WriteString("\n\n")
	table := func(first string, parts []Part, total bool) {
		fmt.Fprintf(&b, "| %s | instances |", first)
		for _, c := range cols {
			fmt.Fprintf(&b, " %s |", c.head)
		}
		b.WriteString("\n|---|---:|" + strings.Repeat("---:|", len(cols)) + "\n")
		row := func(name, inst string, res Resources) {
			fmt.Fprintf(&b, "| %s | %s |", name, inst)
			for _, c := range cols {
				fmt.Fprintf(&b, " %s |", c.get(res))
			}
			b.WriteString("\n")
		}
		for _, p := range parts {
			row(p.Name, itoa(p.Instances), p.Resources)
		}
		if total {
			row("**total**", "", r.Total)
		}
		b.WriteString("\n")
	}
	table("component", r.Components, true)
	table("primitive", r.Primitives, false)
	if len(r.Total.Other) > 0 {
		b.WriteString("Other cells:")
		for _, t := range sortedKeys(r.Total.Other) {
			fmt.Fprintf(&b, " %s ×%d", t, r.Total.Other[t])
		}
		b.WriteString("\n\n")
	}
	if p := r.PnR; p != nil {
		fmt.Fprintf(&b, "## Place and route: iCE40 %s (%s)\n\n", strings.ToUpper(p.Device), p.Package)
		tool := p.Tool
		if tool == "" {
			tool = "nextpnr"
		}
		fmt.Fprintf(&b, "%s, seed %d.\n\n", tool, p.Seed)
		b.WriteString("| clock | achieved Fmax (MHz) | target (MHz) |\n|---|---:|---:|\n")
		for _, c := range p.Clocks {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Net, ftoa(c.AchievedMHz), ftoa(c.ConstraintMHz))
		}
		b.WriteString("\n| bel | used | available |\n|---|---:|---:|\n")
		for _, u := range p.Utilization {
			if u.Used > 0 {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", u.Bel, u.Used, u.Available)
			}
		}
		b.WriteString("\n")
	}
	if r.Cycles > 0 {
		fmt.Fprintf(&b, "Latency: %d cycles", r.Cycles)
		if r.LatencyUS > 0 {
			fmt.Fprintf(&b, " = %s µs at %s MHz", ftoa(r.LatencyUS), ftoa(r.PnR.FmaxMHz))
		}
		b.WriteString(".\n")
	}
	return b.Bytes()
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
