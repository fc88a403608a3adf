package fromgraph

import (
	"fmt"
	"math"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// QuantizeInput converts a float input tensor into raw values of memory m's element type.
func QuantizeInput(m *air.Memory, xs []float32) []int64 { return quantizeAll(m.Elem, xs) }

// Dequantize converts raw values of memory m's element type to floats.
func Dequantize(m *air.Memory, raw []int64) []float64 {
	out := make([]float64, len(raw))
	for i, v := range raw {
		if m.Elem.Float {
			out[i] = float64(math.Float32frombits(uint32(v)))
			continue
		}
		out[i] = math.Ldexp(float64(v), -m.Elem.Frac) // exact scaling for any Frac (1<<Frac overflows from 63 on)
	}
	return out
}

// RunFloat quantizes float inputs (by graph input name), interprets p and returns the dequantized outputs by graph output name.
func RunFloat(p *air.Program, inputs map[string][]float32, outputs []string) (map[string][]float64, error) {
	raw := map[string][]int64{}
	for name, xs := range inputs {
		m := p.Mem(sanitize(name))
		if m == nil || m.Kind != air.MemInput {
			return nil, fmt.Errorf("fromgraph: no input memory for %q", name)
		}
		raw[m.Name] = QuantizeInput(m, xs)
	}
	res, err := air.Interpret(p, raw)
	if err != nil {
		return nil, err
	}
	out := map[string][]float64{}
	for _, name := range outputs {
		m := p.Mem(sanitize(name))
		if m == nil || m.Kind != air.MemOutput {
			return nil, fmt.Errorf("fromgraph: no output memory for %q", name)
		}
		out[name] = Dequantize(m, res[m.Name])
	}
	return out, nil
}
