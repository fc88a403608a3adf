// Package iojson decodes a model's io.json (models/README.md): the ONNX
// graph's inputs and outputs with their shapes, and samples of inputs with
// PyTorch's float32 outputs for them.
package iojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Tensor names one graph input or output and its static shape.
type Tensor struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"` // nil when not given; [] for a scalar
}

// Sample is one set of graph inputs and PyTorch's outputs for them: one flat
// row-major list per graph input (in the order of File.Inputs) and per graph
// output (in the order of File.Outputs).
type Sample struct {
	Inputs  [][]float64 `json:"inputs,omitempty"`
	Outputs [][]float64 `json:"outputs,omitempty"`
}

// File is the content of an io.json file.
type File struct {
	Inputs  []Tensor `json:"inputs,omitempty"`
	Outputs []Tensor `json:"outputs,omitempty"`
	Samples []Sample `json:"samples"`
	Model   string   `json:"model,omitempty"`
	Opset   int      `json:"opset,omitempty"`
	Torch   string   `json:"torch,omitempty"`
}

// Parse decodes and checks an io.json file: it must be one JSON object whose
// tensors have names and non-negative dimensions, and each of whose samples
// has one value list per declared input and output, of the tensor's size
// when its shape is given. Errors start with "io.json: ".
func Parse(data []byte) (*File, error) {
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' {
		return nil, errors.New("io.json: not a JSON object")
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("io.json: %w", err)
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("io.json: %w", err)
	}
	return &f, nil
}

// Sample returns sample n, or an error naming the number of samples.
func (f *File) Sample(n int) (*Sample, error) {
	if n < 0 || n >= len(f.Samples) {
		return nil, fmt.Errorf("io.json: sample %d out of range (%d samples)", n, len(f.Samples))
	}
	return &f.Samples[n], nil
}

func (f *File) check() error {
	sizes := map[string][]int{}
	for _, side := range []struct {
		kind string
		ts   []Tensor
	}{{"input", f.Inputs}, {"output", f.Outputs}} {
		seen := map[string]bool{}
		for i, t := range side.ts {
			if t.Name == "" {
				return fmt.Errorf("%s %d has no name", side.kind, i)
			}
			if seen[t.Name] {
				return fmt.Errorf("%s %q listed twice", side.kind, t.Name)
			}
			seen[t.Name] = true
			size := -1 // unknown without a shape
			if t.Shape != nil {
				size = 1
				for _, d := range t.Shape {
					if d < 0 {
						return fmt.Errorf("%s %q has negative dimension in shape %v", side.kind, t.Name, t.Shape)
					}
					if d > 0 && size > (1<<40)/d {
						return fmt.Errorf("%s %q: shape %v is too large", side.kind, t.Name, t.Shape)
					}
					size *= d
				}
			}
			sizes[side.kind] = append(sizes[side.kind], size)
		}
	}
	for n, s := range f.Samples {
		for _, side := range []struct {
			kind string
			ts   []Tensor
			vals [][]float64
		}{{"input", f.Inputs, s.Inputs}, {"output", f.Outputs, s.Outputs}} {
			if len(side.vals) != len(side.ts) {
				return fmt.Errorf("sample %d has %d %ss, want %d", n, len(side.vals), side.kind, len(side.ts))
			}
			for i, v := range side.vals {
				if want := sizes[side.kind][i]; want >= 0 && len(v) != want {
					return fmt.Errorf("sample %d: %s %q has %d values, shape %v holds %d", n, side.kind, side.ts[i].Name, len(v), side.ts[i].Shape, want)
				}
			}
		}
	}
	return nil
}
