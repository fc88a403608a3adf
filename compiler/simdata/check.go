package simdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Diff is one word that differs from the expected value.
type Diff struct {
	Memory string // memory name
	Index  string // [i][j]...
	Got    string // dumped value, decoded
	Want   string // expected value, decoded
}

// String formats the difference for people.
func (d Diff) String() string {
	return fmt.Sprintf("%s%s: got %s, want %s", d.Memory, d.Index, d.Got, d.Want)
}

// ParseExpect reads an expect file: {name: nested values}, encoded with the
// formats and shapes of the matching memories in data. Names absent from data
// are an error; "cycles" is ignored, and a {"memories": {...}} wrapper is accepted.
func ParseExpect(b []byte, data []*Memory) ([]*Memory, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("expect file: %w", err)
	}
	if inner, ok := raw["memories"]; ok {
		// {"cycles": N, "memories": {...}}
		raw = nil
		if err := json.Unmarshal(inner, &raw); err != nil {
			return nil, fmt.Errorf("expect file memories: %w", err)
		}
	}
	byName := map[string]*Memory{}
	for _, m := range data {
		byName[m.Name] = m
	}
	var out []*Memory
	for _, name := range sortedKeys(raw) {
		if name == "cycles" {
			continue
		}
		d, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("expect file: memory %s is not in the data file", name)
		}
		m, err := decodeValues(name, d.Format, raw[name], false)
		if err != nil {
			return nil, fmt.Errorf("expect file: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// Compare returns the differences between dumped results and expected
// memories (bit-exact), in memory then index order; a memory missing from
// got or of another shape is reported as one Diff.
func Compare(got, want []*Memory) []Diff {
	byName := map[string]*Memory{}
	for _, m := range got {
		byName[m.Name] = m
	}
	var diffs []Diff
	for _, w := range want {
		g, ok := byName[w.Name]
		if !ok {
			diffs = append(diffs, Diff{Memory: w.Name, Got: "missing", Want: fmt.Sprint(w.Shape)})
			continue
		}
		if len(g.Words) != len(w.Words) {
			diffs = append(diffs, Diff{Memory: w.Name, Got: fmt.Sprintf("%d words", len(g.Words)), Want: fmt.Sprintf("%d words", len(w.Words))})
			continue
		}
		for i := range w.Words {
			mask := w.Format.mask()
			if g.Words[i]&mask != w.Words[i]&mask {
				diffs = append(diffs, Diff{Memory: w.Name, Index: w.Index(i), Got: w.Format.Decode(g.Words[i]), Want: w.Format.Decode(w.Words[i])})
			}
		}
	}
	return diffs
}

// Report formats diffs, at most limit lines plus a count of the rest.
func Report(diffs []Diff, limit int) string {
	var b bytes.Buffer
	for i, d := range diffs {
		if i == limit {
			fmt.Fprintf(&b, "... and %d more\n", len(diffs)-limit)
			break
		}
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}
