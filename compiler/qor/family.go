package qor

import (
	"fmt"
	"strings"
)

// Family is a synthesis target: the Yosys script and the cell library whose
// cells are counted.
type Family string

// The families synth_report supports.
const (
	XC7     Family = "xc7"     // Xilinx 7-series: synth_xilinx -family xc7
	ICE40   Family = "ice40"   // Lattice iCE40 (UltraPlus DSPs): synth_ice40 -dsp
	Generic Family = "generic" // Yosys's internal gate library: synth (ASIC-style cell counts)
)

// ParseFamily checks a family name.
func ParseFamily(s string) (Family, error) {
	switch f := Family(s); f {
	case XC7, ICE40, Generic:
		return f, nil
	}
	return "", fmt.Errorf("unknown family %q (known: xc7, ice40, generic)", s)
}

// Flow is the Yosys synthesis command used for the family (without -top).
func (f Family) Flow() string {
	switch f {
	case XC7:
		return "synth_xilinx -family xc7"
	case ICE40:
		return "synth_ice40 -dsp -noflatten"
	}
	return "synth"
}

// xc7LUTRAM is the number of LUTs each Xilinx 7-series distributed-RAM or
// shift-register primitive occupies (UG474, "Distributed RAM" and "Shift
// Registers" tables; UG953 for the macro primitives).
var xc7LUTRAM = map[string]int{
	"RAM32X1S": 1, "RAM32X1D": 2, "RAM32M": 4,
	"RAM64X1S": 1, "RAM64X1D": 2, "RAM64M": 4,
	"RAM128X1S": 2, "RAM128X1D": 4, "RAM256X1S": 4,
	"SRL16E": 1, "SRLC16E": 1, "SRLC32E": 1,
}

var xc7IO = map[string]bool{
	"IBUF": true, "OBUF": true, "OBUFT": true, "IOBUF": true, "IBUFG": true,
	"BUFG": true, "BUFGCTRL": true, "BUFH": true, "BUFR": true, "BUFIO": true,
}

var genericGates = map[string]bool{
	"$_BUF_": true, "$_NOT_": true, "$_AND_": true, "$_NAND_": true, "$_OR_": true,
	"$_NOR_": true, "$_XOR_": true, "$_XNOR_": true, "$_ANDNOT_": true, "$_ORNOT_": true,
	"$_MUX_": true, "$_NMUX_": true, "$_MUX4_": true, "$_MUX8_": true, "$_MUX16_": true,
	"$_AOI3_": true, "$_OAI3_": true, "$_AOI4_": true, "$_OAI4_": true,
}

// genericFF lists the prefixes of Yosys's internal flip-flop and latch cells.
var genericFF = []string{"$_DFF", "$_SDFF", "$_ALDFF", "$_DLATCH", "$_SR_", "$_FF_"}

// classify returns the resources of n cells of one leaf type.
func (f Family) classify(typ string, n int) Resources {
	r := Resources{Cells: n}
	switch f {
	case XC7:
		switch {
		case len(typ) == 4 && strings.HasPrefix(typ, "LUT") && typ[3] >= '1' && typ[3] <= '6', typ == "INV":
			r.LUT = n
		case xc7LUTRAM[typ] > 0:
			r.LUTRAM = n * xc7LUTRAM[typ]
		case typ == "FDRE" || typ == "FDSE" || typ == "FDCE" || typ == "FDPE" || typ == "LDCE" || typ == "LDPE":
			r.FF = n
		case typ == "CARRY4":
			r.Carry = n
		case typ == "MUXF7" || typ == "MUXF8":
			r.MuxF = n
		case typ == "DSP48E1":
			r.DSP = n
		case typ == "RAMB36E1" || typ == "FIFO36E1":
			r.BRAM = float64(n)
		case typ == "RAMB18E1" || typ == "FIFO18E1":
			r.BRAM = float64(n) / 2
		case xc7IO[typ]:
			r.IO = n
		case typ == "VCC" || typ == "GND":
			r.Cells = 0 // constant drivers: no resource
		default:
			r.Other = Counts{typ: n}
		}
	case ICE40:
		switch {
		case typ == "SB_LUT4":
			r.LUT = n
		case strings.HasPrefix(typ, "SB_DFF"):
			r.FF = n
		case typ == "SB_CARRY":
			r.Carry = n
		case typ == "SB_MAC16":
			r.DSP = n
		case strings.HasPrefix(typ, "SB_RAM40_4K"):
			r.BRAM = float64(n)
		case typ == "SB_SPRAM256KA":
			r.SPRAM = n
		case typ == "SB_IO" || typ == "SB_GB" || typ == "SB_GB_IO":
			r.IO = n
		default:
			r.Other = Counts{typ: n}
		}
	default:
		switch {
		case genericGates[typ]:
			r.Gates = n
		case hasAnyPrefix(typ, genericFF):
			r.FF = n
		default:
			r.Other = Counts{typ: n}
		}
	}
	r.LUTTotal = r.LUT + r.LUTRAM
	return r
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
