package qor

// Resources counts the device resources of a design or of part of it.
type Resources struct {
	LUT      int     `json:"lut"`             // LUTs used as logic (xc7 LUT1..LUT6, iCE40 SB_LUT4)
	LUTRAM   int     `json:"lut_ram"`         // LUTs used as distributed RAM or shift registers (xc7)
	LUTTotal int     `json:"lut_total"`       // LUT + LUTRAM: Vivado's "Slice LUTs"
	FF       int     `json:"ff"`              // flip-flops and latches
	Carry    int     `json:"carry"`           // carry cells: xc7 CARRY4, iCE40 SB_CARRY
	MuxF     int     `json:"muxf,omitempty"`  // xc7 MUXF7/MUXF8 (wide-mux cells beside the LUTs)
	DSP      int     `json:"dsp"`             // DSP48E1 (xc7), SB_MAC16 (iCE40)
	BRAM     float64 `json:"bram"`            // block RAM: RAMB36 tiles on xc7 (RAMB18 = 0.5), 4 kbit EBRs on iCE40
	SPRAM    int     `json:"spram,omitempty"` // iCE40 UltraPlus 256 kbit single-port RAMs
	Gates    int     `json:"gates,omitempty"` // generic synth: combinational gate cells
	IO       int     `json:"io,omitempty"`    // I/O and clock buffers
	Other    Counts  `json:"other,omitempty"` // cells of no class above, by type
	Cells    int     `json:"cells"`           // all leaf cells counted
}

// Counts maps a cell type to a number of cells.
type Counts map[string]int

// add adds n times o to r.
func (r *Resources) add(o Resources, n int) {
	r.LUT += n * o.LUT
	r.LUTRAM += n * o.LUTRAM
	r.LUTTotal += n * o.LUTTotal
	r.FF += n * o.FF
	r.Carry += n * o.Carry
	r.MuxF += n * o.MuxF
	r.DSP += n * o.DSP
	r.BRAM += float64(n) * o.BRAM
	r.SPRAM += n * o.SPRAM
	r.Gates += n * o.Gates
	r.IO += n * o.IO
	r.Cells += n * o.Cells
	for t, c := range o.Other {
		if r.Other == nil {
			r.Other = Counts{}
		}
		r.Other[t] += n * c
	}
}
