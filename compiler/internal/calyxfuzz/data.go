package calyxfuzz

import (
	"encoding/json"
	"sort"
)

// memJSON is one memory of a Calyx JSON data file.
type memJSON struct {
	Data   []uint64   `json:"data"`
	Format formatJSON `json:"format"`
}

type formatJSON struct {
	NumericType string `json:"numeric_type"`
	IsSigned    bool   `json:"is_signed"`
	Width       uint64 `json:"width"`
}

// Data returns the Calyx JSON data file (simdata's format) with the initial
// contents of main's memories.
func Data(sp *Spec) []byte {
	m := map[string]memJSON{}
	for _, mem := range append(append([]*Mem(nil), sp.Mems...), sp.Dump) {
		m[mem.Name] = memJSON{Data: mem.Init, Format: formatJSON{NumericType: "bitnum", Width: sp.Width}}
	}
	return marshal(m)
}

// Expect returns the expected final memories ({name: words}) for simdata.
func Expect(mems map[string][]uint64) []byte {
	return marshal(mems)
}

// marshal encodes v with sorted keys (encoding/json sorts map keys).
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of numbers always encode
	}
	return b
}

// names returns the sorted keys of a memory map.
func names(m map[string][]uint64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
