package simdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Memory is one memory's shape, format and words (row major).
type Memory struct {
	Name   string   // memory (cell) name
	Format Format   // number encoding
	Shape  []int    // dimension sizes, outermost first
	Words  []uint64 // len = product of Shape
}

type jsonMemory struct {
	Data   json.RawMessage `json:"data"`
	Format Format          `json:"format"`
}

// ParseData reads a Calyx JSON data file; memories are sorted by name.
func ParseData(b []byte) ([]*Memory, error) {
	var raw map[string]jsonMemory
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("data file: %w", err)
	}
	var mems []*Memory
	for _, name := range sortedKeys(raw) {
		jm := raw[name]
		jm.Format.normalize()
		if err := jm.Format.check(); err != nil {
			return nil, fmt.Errorf("memory %s: %w", name, err)
		}
		m, err := decodeValues(name, jm.Format, jm.Data, true)
		if err != nil {
			return nil, err
		}
		mems = append(mems, m)
	}
	return mems, nil
}

// decodeValues encodes nested JSON values into a Memory; round allows
// inexact fixed-point values (inputs), otherwise they are an error.
func decodeValues(name string, f Format, data json.RawMessage, round bool) (*Memory, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("memory %s: %w", name, err)
	}
	m := &Memory{Name: name, Format: f}
	var shape []int
	var walk func(v any, depth int) error
	walk = func(v any, depth int) error {
		switch x := v.(type) {
		case []any:
			if depth == len(shape) {
				shape = append(shape, len(x))
			} else if depth > len(shape) || shape[depth] != len(x) {
				return fmt.Errorf("memory %s: ragged data at depth %d", name, depth)
			}
			for _, e := range x {
				if err := walk(e, depth+1); err != nil {
					return err
				}
			}
			return nil
		case string:
			// Expect files may quote exact decimals, e.g. "4.656612873077392578125E-10".
			return walk(json.Number(x), depth)
		case json.Number:
			if depth != len(shape) {
				return fmt.Errorf("memory %s: number at depth %d, want %d", name, depth, len(shape))
			}
			w, err := f.encode(x, round)
			if err != nil {
				return fmt.Errorf("memory %s[%d]: %w", name, len(m.Words), err)
			}
			m.Words = append(m.Words, w)
			return nil
		}
		return fmt.Errorf("memory %s: unexpected JSON value %v", name, v)
	}
	if err := walk(v, 0); err != nil {
		return nil, err
	}
	if len(shape) == 0 {
		return nil, fmt.Errorf("memory %s: data is not an array", name)
	}
	m.Shape = shape
	return m, nil
}

// Values returns the memory as nested JSON-ready values (json.Number leaves).
func (m *Memory) Values() any {
	i := 0
	var build func(depth int) any
	build = func(depth int) any {
		if depth == len(m.Shape) {
			d := m.Format.Decode(m.Words[i])
			i++
			if strings.HasSuffix(d, "NaN") || strings.HasSuffix(d, "Infinity") {
				return d // not a JSON number: a string, which the parsers accept
			}
			return json.Number(d)
		}
		out := make([]any, m.Shape[depth])
		for k := range out {
			out[k] = build(depth + 1)
		}
		return out
	}
	return build(0)
}

// Index formats a flat index as [i][j]... in the memory's shape.
func (m *Memory) Index(flat int) string {
	idx := make([]int, len(m.Shape))
	for d := len(m.Shape) - 1; d >= 0; d-- {
		idx[d] = flat % m.Shape[d]
		flat /= m.Shape[d]
	}
	s := ""
	for _, i := range idx {
		s += fmt.Sprintf("[%d]", i)
	}
	return s
}

// MarshalResult renders memories as an expect-style JSON object {name: nested values}.
func MarshalResult(mems []*Memory) ([]byte, error) {
	obj := map[string]any{}
	for _, m := range mems {
		obj[m.Name] = m.Values()
	}
	b, err := json.MarshalIndent(obj, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("result: %w", err)
	}
	return append(b, '\n'), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
