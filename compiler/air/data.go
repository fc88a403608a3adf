package air

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// DataFormat identifies the weight data file format.
const DataFormat = "air-data-v1"

// dataFile is the JSON form of a program's const memory contents.
type dataFile struct {
	Format   string    `json:"format"`
	Memories []dataMem `json:"memories"`
}

type dataMem struct {
	Name  string  `json:"name"`
	Type  string  `json:"type"`
	Shape []int   `json:"shape"`
	Data  []int64 `json:"data"`
}

// MarshalData writes the contents of p's const memories as JSON: an object
// {"format": "air-data-v1", "memories": [{"name", "type", "shape", "data"}]}
// with memories in declaration order and data as raw integers in row-major
// order of the original (unpartitioned) shape. Output is deterministic.
func MarshalData(p *Program) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"format\": %q,\n  \"memories\": [", DataFormat)
	first := true
	for _, m := range p.Mems {
		if m.Kind != MemConst {
			continue
		}
		d, ok := p.Data[m.Name]
		if !ok {
			return nil, fmt.Errorf("air: no data for const memory %s", m.Name)
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(m.Name)
		fmt.Fprintf(&b, "\n    {\"name\": %s, \"type\": %q, \"shape\": [%s], \"data\": [", name, m.Elem.String(), joinInts(m.Shape))
		for i, x := range d {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(x, 10))
		}
		b.WriteString("]}")
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes(), nil
}

// UnmarshalData reads a data file into p.Data, checking names, types and shapes against p's memories.
func UnmarshalData(p *Program, src []byte) error {
	var f dataFile
	if err := json.Unmarshal(src, &f); err != nil {
		return fmt.Errorf("air: data file: %w", err)
	}
	if f.Format != DataFormat {
		return fmt.Errorf("air: data file format %q, want %q", f.Format, DataFormat)
	}
	if p.Data == nil {
		p.Data = map[string][]int64{}
	}
	for _, d := range f.Memories {
		m := p.Mem(d.Name)
		if m == nil || m.Kind != MemConst {
			return fmt.Errorf("air: data file: %q is not a const memory", d.Name)
		}
		if d.Type != m.Elem.String() || joinInts(d.Shape) != joinInts(m.Shape) {
			return fmt.Errorf("air: data file: %s is %s[%s], program says %s[%s]", d.Name, d.Type, joinInts(d.Shape), m.Elem, joinInts(m.Shape))
		}
		if len(d.Data) != m.Size() {
			return fmt.Errorf("air: data file: %s has %d values, want %d", d.Name, len(d.Data), m.Size())
		}
		p.Data[d.Name] = d.Data
	}
	return nil
}
