package main

import (
	"bytes"
	"fmt"
	"strconv"
)

// Row is the quality of results of one model at one unroll factor.
type Row struct {
	Model        string  `json:"model"`
	Unroll       int     `json:"unroll"`
	Cycles       int64   `json:"cycles"` // 0: not simulated
	LUT          int     `json:"lut"`
	LUTRAM       int     `json:"lut_ram"`
	LUTTotal     int     `json:"lut_total"`
	FF           int     `json:"ff"`
	DSP          int     `json:"dsp"`
	BRAM         float64 `json:"bram"`
	SynthSeconds float64 `json:"synth_seconds"` // wall time of the Yosys run
	ICE40        string  `json:"ice40"`         // "placed", "does not fit: ...", or "" if not tried
	FmaxMHz      float64 `json:"fmax_mhz,omitempty"`
	LatencyUS    float64 `json:"latency_us,omitempty"`
	ICE40LC      int     `json:"ice40_lc,omitempty"` // logic cells used on the UP5K
}

// Markdown renders the rows as one table.
func Markdown(rows []Row, family string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "| model | unroll | cycles | LUT (logic) | LUT RAM | LUT (total) | FF | DSP | BRAM | Yosys (s) | iCE40 UP5K Fmax (MHz) | latency (µs) |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		cycles := "–"
		if r.Cycles > 0 {
			cycles = group(r.Cycles)
		}
		fmax, lat := "–", "–"
		switch {
		case r.FmaxMHz > 0:
			fmax = strconv.FormatFloat(r.FmaxMHz, 'f', 1, 64)
			if r.LatencyUS > 0 {
				lat = group(int64(r.LatencyUS + 0.5))
				if r.LatencyUS < 100 {
					lat = strconv.FormatFloat(r.LatencyUS, 'f', 1, 64)
				}
			}
		case r.ICE40 != "":
			fmax = r.ICE40
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s |\n",
			r.Model, r.Unroll, cycles, group(int64(r.LUT)), group(int64(r.LUTRAM)), group(int64(r.LUTTotal)),
			group(int64(r.FF)), group(int64(r.DSP)), strconv.FormatFloat(r.BRAM, 'f', -1, 64), r.SynthSeconds, fmax, lat)
	}
	fmt.Fprintf(&b, "\nResources: Yosys %s (hierarchical synthesis; an estimate, not Vivado's). LUT (total) = logic + LUT RAM, as Vivado's \"Slice LUTs\" counts.\n", family)
	return b.Bytes()
}

// group writes n with thousands separators: 1234567 is 1,234,567.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}
