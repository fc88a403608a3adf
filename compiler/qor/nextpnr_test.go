package qor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseNextpnrReport(t *testing.T) {
	// op_relu_u2.nextpnr.json: real nextpnr-ice40 0.4 report of the zoo's
	// op_relu on a UP5K (seed 1, --freq 48): the clock reached
	// 10.294950485229492 MHz and 4093 of 5280 logic cells are used.
	data, err := os.ReadFile(filepath.Join("testdata", "op_relu_u2.nextpnr.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseNextpnrReport("r.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if p.FmaxMHz != 10.29 || len(p.Clocks) != 1 || p.Clocks[0].ConstraintMHz != 48 || p.Clocks[0].Net != "clk$SB_IO_IN_$glb_clk" {
		t.Errorf("timing = %v MHz, clocks %+v", p.FmaxMHz, p.Clocks)
	}
	var lc *Utilization
	for i := range p.Utilization {
		if p.Utilization[i].Bel == "ICESTORM_LC" {
			lc = &p.Utilization[i]
		}
	}
	if lc == nil || lc.Used != 4093 || lc.Available != 5280 {
		t.Errorf("ICESTORM_LC = %+v, want 4093 of 5280", lc)
	}
}

func TestParseNextpnrReportConstantClock(t *testing.T) {
	// nextpnr-ice40 0.4 lists the packer's constant net as a clock when an
	// SB_MAC16's clock is tied off (seen on the zoo's op_matmul); it is no clock.
	in := `{"fmax": {"$PACKER_GND_NET_$glb_clk": {"achieved": 307.03, "constraint": 48}, "clk$SB_IO_IN_$glb_clk": {"achieved": 6.7, "constraint": 48}}, "utilization": {}}`
	p, err := ParseNextpnrReport("r.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Clocks) != 1 || p.Clocks[0].Net != "clk$SB_IO_IN_$glb_clk" || p.FmaxMHz != 6.7 {
		t.Errorf("clocks %+v, Fmax %v; want only clk at 6.7 MHz", p.Clocks, p.FmaxMHz)
	}
}

func TestParseNextpnrReportErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"[]", "r.json: not a nextpnr --report file"},
		{`{"fmax": {}}`, `r.json: nextpnr report has no "utilization"`},
		{`{"fmax": {"clk": {"achieved": 5}}, "utilization": {}}`, `r.json: clock "clk": want "achieved" and "constraint"`},
		{`{"fmax": {"clk": {"achieved": 0, "constraint": 12}}, "utilization": {}}`, `r.json: clock "clk": achieved Fmax 0 MHz is not a positive number`},
		{`{"utilization": {"ICESTORM_LC": {"used": -1, "available": 5}}}`, `r.json: utilization of "ICESTORM_LC": want non-negative "used" and "available"`},
	}
	for _, tt := range tests {
		_, err := ParseNextpnrReport("r.json", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseNextpnrReport(%s) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestSetLatency(t *testing.T) {
	tests := []struct {
		cycles int64
		fmax   float64
		want   float64 // cycles / fmax[MHz] in µs, to the nanosecond
	}{
		{1234, 10.29, 119.922}, // 1234 / 10.29 = 119.92225...
		{48, 48, 1},
		{219709, 12, 18309.083}, // 219709 / 12 = 18309.0833...
		{5, 0, 0},               // no Fmax: no latency
	}
	for _, tt := range tests {
		r := &Report{PnR: &PnR{FmaxMHz: tt.fmax}}
		if err := r.SetLatency(tt.cycles); err != nil {
			t.Fatal(err)
		}
		if r.LatencyUS != tt.want || r.Cycles != tt.cycles {
			t.Errorf("%d cycles at %v MHz: %v µs, want %v", tt.cycles, tt.fmax, r.LatencyUS, tt.want)
		}
	}
	if err := (&Report{}).SetLatency(-1); err == nil {
		t.Error("SetLatency(-1) succeeded")
	}
}
