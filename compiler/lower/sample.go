package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/iojson"
)

// SampleInputs reads sample number n of an io.json file and quantizes each
// graph input (as float32, like torch_accel) into the raw values of p's input
// memory of the same name; it returns them by memory name.
func SampleInputs(p *air.Program, ioJSON []byte, n int) (map[string][]int64, error) {
	f, err := iojson.Parse(ioJSON)
	if err != nil {
		return nil, err
	}
	s, err := f.Sample(n)
	if err != nil {
		return nil, err
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
