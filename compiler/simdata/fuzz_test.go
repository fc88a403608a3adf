package simdata

import (
	"testing"
)

// FuzzParseData: any bytes give memories or an error, never a panic, and
// memories that parse convert to hex and back unchanged.
func FuzzParseData(f *testing.F) {
	f.Add([]byte(`{"m": {"data": [1, 2, 3], "format": {"numeric_type": "bitnum", "is_signed": false, "width": 8}}}`))
	f.Add([]byte(`{"m": {"data": [[-1.5, 0.25]], "format": {"numeric_type": "fixed_point", "is_signed": true, "width": 16, "frac_width": 8}}}`))
	f.Add([]byte(`{"m": {"data": [[[1]], [[2]]], "format": {"numeric_type": "bitnum", "is_signed": true, "width": 64}}}`))
	f.Add([]byte(`{"m": {"data": [], "format": {}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		mems, err := ParseData(b)
		if err != nil {
			return
		}
		for _, m := range mems {
			words, err := ParseHex(m.Hex(), len(m.Words))
			if err != nil {
				t.Fatalf("memory %s: own hex does not parse: %v", m.Name, err)
			}
			for i := range words {
				if words[i] != m.Words[i] {
					t.Fatalf("memory %s word %d: hex round trip %x != %x", m.Name, i, words[i], m.Words[i])
				}
			}
			_ = m.Values()
		}
	})
}

// FuzzParseHex: $readmemh text never panics and never yields more words than asked.
func FuzzParseHex(f *testing.F) {
	f.Add([]byte("0a\n0b\n"), 4)
	f.Add([]byte("@2 ff // comment\nx_z\n"), 4)
	f.Add([]byte("@ffffffffffffffff 1"), 1)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		if n < 0 || n > 1<<16 {
			return
		}
		words, err := ParseHex(b, n)
		if err == nil && len(words) != n {
			t.Fatalf("got %d words, want %d", len(words), n)
		}
	})
}
