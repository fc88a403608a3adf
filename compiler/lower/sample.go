package lower

import (
	"encoding/json"
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
)

// ioFile is the part of a model's io.json (models/README.md) that holds sample inputs.
type ioFile struct {
	Inputs []struct {
		Name  string `json:"name"`
		Shape []int  `json:"shape"`
	} `json:"inputs"`
	Samples []struct {
		Inputs [][]float64 `json:"inputs"`
	} `json:"samples"`
}

// SampleInputs reads sample number n of an io.json file and quantizes each
// graph input (as float32, like torch_accel) into the raw values of p's input
// memory of the same name; it returns them by memory name.
func SampleInputs(p *air.Program, ioJSON []byte, n int) (map[string][]int64, error) {
	var f ioFile
	if err := json.Unmarshal(ioJSON, &f); err != nil {
		return nil, fmt.Errorf("io.json: %w", err)
	}
	if n < 0 || n >= len(f.Samples) {
		return nil, fmt.Errorf("io.json: sample %d out of range (%d samples)", n, len(f.Samples))
	}
	s := f.Samples[n]
	if len(s.Inputs) != len(f.Inputs) {
		return nil, fmt.Errorf("io.json: sample %d has %d inputs, want %d", n, len(s.Inputs), len(f.Inputs))
	}
	out := map[string][]int64{}
	for i, in := range f.Inputs {
		m := p.Mem(fromgraph.MemName(in.Name))
		if m == nil || m.Kind != air.MemInput {
			return nil, fmt.Errorf("io.json: input %q has no input memory %s in the program", in.Name, fromgraph.MemName(in.Name))
		}
		if len(s.Inputs[i]) != m.Size() {
			return nil, fmt.Errorf("io.json: input %q has %d values, memory %s holds %d", in.Name, len(s.Inputs[i]), m.Name, m.Size())
		}
		xs := make([]float32, len(s.Inputs[i]))
		for j, x := range s.Inputs[i] {
			xs[j] = float32(x)
		}
		out[m.Name] = fromgraph.QuantizeInput(m, xs)
	}
	for _, m := range p.Mems {
		if _, ok := out[m.Name]; m.Kind == air.MemInput && !ok {
			return nil, fmt.Errorf("io.json: no sample value for input memory %s", m.Name)
		}
	}
	return out, nil
}
