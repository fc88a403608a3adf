// Package simcheck compares a simulation's output memories with PyTorch's
// float outputs: the second oracle of a model simulation, after the bit-exact
// comparison with the loop-nest interpreter (compiler/simdata).
//
// The simulator dumps one hex file per memory bank (<cell>.out, as the
// sv_library testbench writes them); Outputs reassembles the banks of every
// output memory of the loop-nest program into row-major raw values, and
// Compare dequantizes them and measures them against io.json's outputs.
package simcheck

import (
	"fmt"
	"os"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/compare"
	"github.com/rules-accel/rules_accel/compiler/iojson"
	"github.com/rules-accel/rules_accel/compiler/lower"
	"github.com/rules-accel/rules_accel/compiler/simdata"
)

// Outputs reads the dumped banks of p's output memories from dir and returns raw values by memory name, row-major.
func Outputs(p *air.Program, dir string) (map[string][]int64, error) {
	l, err := lower.NewLayout(p)
	if err != nil {
		return nil, err
	}
	out := map[string][]int64{}
	for _, b := range l.Banks {
		m := b.Mem
		if m.Kind != air.MemOutput {
			continue
		}
		if out[m.Name] == nil {
			out[m.Name] = make([]int64, m.Size())
		}
		bs := m.BankShape()
		n := 1
		for _, d := range bs {
			n *= d
		}
		file := simdata.OutputFile(dir, b.Cell)
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("output %s bank %d: %w", m.Name, b.Bank, err)
		}
		words, err := simdata.ParseHex(text, n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		off := make([]int, len(bs))
		for i, w := range words {
			rest := i
			for d := len(bs) - 1; d >= 0; d-- {
				off[d] = rest % bs[d]
				rest /= bs[d]
			}
			idx, ok := m.Unbank(b.Bank, off)
			if !ok {
				continue // padding
			}
			out[m.Name][air.Flat(m.Shape, idx)] = m.Elem.Wrap(int64(w)) // sign-extended; a float32's bits zero-extended
		}
	}
	return out, nil
}

// Compare dequantizes raw outputs (by memory name) and compares them with
// sample n's PyTorch outputs in ioJSON: max abs error, and argmax per row
// (rows: every dim but the last of the io.json shape).
func Compare(p *air.Program, raw map[string][]int64, ioJSON []byte, n int) ([]compare.Result, error) {
	f, err := iojson.Parse(ioJSON)
	if err != nil {
		return nil, err
	}
	s, err := f.Sample(n)
	if err != nil {
		return nil, err
	}
	var res []compare.Result
	for i, o := range f.Outputs {
		m := p.Mem(fromgraph.MemName(o.Name))
		if m == nil || m.Kind != air.MemOutput {
			return nil, fmt.Errorf("io.json output %q: no output memory %q in the program", o.Name, fromgraph.MemName(o.Name))
		}
		vals, ok := raw[m.Name]
		if !ok {
			return nil, fmt.Errorf("output %q: no simulated values", o.Name)
		}
		want := s.Outputs[i]
		if len(want) != len(vals) {
			return nil, fmt.Errorf("output %q: PyTorch has %d values, hardware %d", o.Name, len(want), len(vals))
		}
		r, err := compare.Output(o.Name, o.Shape, fromgraph.Dequantize(m, vals), want)
		if err != nil {
			return nil, err
		}
		res = append(res, r)
	}
	return res, nil
}
