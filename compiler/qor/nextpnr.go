package qor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// PnR is the result of placing and routing a design with nextpnr.
type PnR struct {
	Tool        string        `json:"tool"`        // nextpnr version line
	Device      string        `json:"device"`      // e.g. up5k
	Package     string        `json:"package"`     // e.g. sg48
	Seed        int           `json:"seed"`        // placer seed
	FmaxMHz     float64       `json:"fmax_mhz"`    // lowest achieved Fmax over the clocks, MHz (2 decimals)
	Clocks      []Clock       `json:"clocks"`      // per clock domain, by net name (constant nets left out)
	Utilization []Utilization `json:"utilization"` // per bel type, by name
}

// Clock is one clock domain's timing in nextpnr's report.
type Clock struct {
	Net           string  `json:"net"`
	AchievedMHz   float64 `json:"achieved_mhz"`   // Fmax nextpnr's timing analysis achieved (2 decimals)
	ConstraintMHz float64 `json:"constraint_mhz"` // the target frequency (--freq or the PCF)
}

// Utilization is how many bels of one type the design uses on the device.
type Utilization struct {
	Bel       string `json:"bel"` // nextpnr's bel type: ICESTORM_LC, ICESTORM_RAM, ICESTORM_DSP, SB_IO, ...
	Used      int    `json:"used"`
	Available int    `json:"available"`
}

// ParseNextpnrReport decodes nextpnr's `--report` JSON (fmax and
// utilization; critical paths are ignored); name labels errors.
func ParseNextpnrReport(name string, data []byte) (*PnR, error) {
	var raw struct {
		Fmax map[string]struct {
			Achieved   *float64 `json:"achieved"`
			Constraint *float64 `json:"constraint"`
		} `json:"fmax"`
		Utilization map[string]struct {
			Used      *int `json:"used"`
			Available *int `json:"available"`
		} `json:"utilization"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: not a nextpnr --report file: %w", name, err)
	}
	if raw.Utilization == nil {
		return nil, fmt.Errorf("%s: nextpnr report has no \"utilization\"", name)
	}
	p := &PnR{}
	for _, net := range sortedKeys(raw.Fmax) {
		if isConstantNet(net) {
			continue
		}
		f := raw.Fmax[net]
		if f.Achieved == nil || f.Constraint == nil {
			return nil, fmt.Errorf("%s: clock %q: want \"achieved\" and \"constraint\"", name, net)
		}
		if a := round2(*f.Achieved); !(a > 0) || math.IsInf(a, 0) {
			return nil, fmt.Errorf("%s: clock %q: achieved Fmax %v MHz is not a positive number", name, net, *f.Achieved)
		}
		p.Clocks = append(p.Clocks, Clock{Net: net, AchievedMHz: round2(*f.Achieved), ConstraintMHz: round2(*f.Constraint)})
	}
	for _, bel := range sortedKeys(raw.Utilization) {
		u := raw.Utilization[bel]
		if u.Used == nil || u.Available == nil || *u.Used < 0 || *u.Available < 0 {
			return nil, fmt.Errorf("%s: utilization of %q: want non-negative \"used\" and \"available\"", name, bel)
		}
		p.Utilization = append(p.Utilization, Utilization{Bel: bel, Used: *u.Used, Available: *u.Available})
	}
	if len(p.Clocks) > 0 {
		sort.SliceStable(p.Clocks, func(i, j int) bool { return p.Clocks[i].Net < p.Clocks[j].Net })
		p.FmaxMHz = p.Clocks[0].AchievedMHz
		for _, c := range p.Clocks {
			p.FmaxMHz = math.Min(p.FmaxMHz, c.AchievedMHz)
		}
	}
	return p, nil
}

// isConstantNet reports whether a clock in nextpnr's report is the packer's
// constant-0 or constant-1 net (e.g. the tied-off clock of an unregistered
// SB_MAC16), which nextpnr lists with a meaningless Fmax.
func isConstantNet(net string) bool {
	return strings.HasPrefix(net, "$PACKER_GND_NET") || strings.HasPrefix(net, "$PACKER_VCC_NET")
}

// SetLatency records a latency of cycles clock cycles and, with the placed
// design's Fmax, the latency in microseconds: cycles / Fmax[MHz].
func (r *Report) SetLatency(cycles int64) error {
	if cycles < 0 {
		return fmt.Errorf("negative cycle count %d", cycles)
	}
	r.Cycles = cycles
	r.LatencyUS = 0
	if cycles > 0 && r.PnR != nil && r.PnR.FmaxMHz > 0 {
		r.LatencyUS = math.Round(float64(cycles)/r.PnR.FmaxMHz*1000) / 1000 // to the nanosecond
	}
	return nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
