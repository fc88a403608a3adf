package air

import (
	"os"
	"strings"
	"testing"
)

func TestDataRoundTrip(t *testing.T) {
	src, err := os.ReadFile("testdata/conv_relu.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	p.Data = map[string][]int64{"w": make([]int64, 18), "b": {-3, 32767}}
	for i := range p.Data["w"] {
		p.Data["w"][i] = int64(i*37%200 - 100)
	}
	b1, err := MarshalData(p)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"format\": \"air-data-v1\",\n  \"memories\": [\n    {\"name\": \"w\", \"type\": \"fixed<16,8>\", \"shape\": [2,1,3,3], \"data\": [-100,-63,"
	if !strings.HasPrefix(string(b1), want) {
		t.Errorf("data file starts\n%s\nwant\n%s", b1[:min(len(b1), len(want))], want)
	}
	q, _ := Parse(src)
	if err := UnmarshalData(q, b1); err != nil {
		t.Fatal(err)
	}
	b2, _ := MarshalData(q)
	if string(b1) != string(b2) {
		t.Errorf("data does not round-trip")
	}
	if err := Verify(q); err != nil {
		t.Error(err)
	}
}

func TestDataErrors(t *testing.T) {
	src, _ := os.ReadFile("testdata/conv_relu.air")
	tests := []struct {
		name, data, want string
	}{
		{"format", `{"format":"x","memories":[]}`, "format"},
		{"unknown", `{"format":"air-data-v1","memories":[{"name":"t","type":"fixed<16,8>","shape":[1,2,4,4],"data":[]}]}`, "not a const memory"},
		{"shape", `{"format":"air-data-v1","memories":[{"name":"b","type":"fixed<16,8>","shape":[3],"data":[1,2,3]}]}`, "program says"},
		{"count", `{"format":"air-data-v1","memories":[{"name":"b","type":"fixed<16,8>","shape":[2],"data":[1]}]}`, "has 1 values"},
		{"json", `{`, "data file"},
	}
	for _, tt := range tests {
		p, _ := Parse(src)
		err := UnmarshalData(p, []byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestBanks checks BankOf/Unbank/BankData for every scheme, including padding.
func TestBanks(t *testing.T) {
	tests := []struct {
		name  string
		shape []int
		parts []DimPart
		banks int
		bank  []int
	}{
		{"cyclic", []int{10}, []DimPart{{0, Cyclic, 4}}, 4, []int{3}},
		{"block", []int{10}, []DimPart{{0, Block, 4}}, 4, []int{3}},
		{"complete", []int{3, 5}, []DimPart{{0, Complete, 3}}, 3, []int{1, 5}},
		{"two dims", []int{4, 6}, []DimPart{{0, Cyclic, 2}, {1, Block, 3}}, 6, []int{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &Memory{Name: "m", Elem: Type{Width: 16, Frac: 8}, Shape: tt.shape, Parts: tt.parts}
			if m.NumBanks() != tt.banks {
				t.Fatalf("NumBanks = %d, want %d", m.NumBanks(), tt.banks)
			}
			if bs := m.BankShape(); joinInts(bs) != joinInts(tt.bank) {
				t.Fatalf("BankShape = %v, want %v", bs, tt.bank)
			}
			data := make([]int64, m.Size())
			for i := range data {
				data[i] = int64(i + 1)
			}
			seen := map[int64]bool{}
			for b := 0; b < m.NumBanks(); b++ {
				for _, v := range m.BankData(data, b) {
					if v != 0 {
						if seen[v] {
							t.Fatalf("value %d in two banks", v)
						}
						seen[v] = true
					}
				}
			}
			if len(seen) != m.Size() {
				t.Fatalf("banks hold %d values, want %d", len(seen), m.Size())
			}
			idx := make([]int, len(tt.shape))
			for f := 0; f < m.Size(); f++ {
				r := f
				for d := len(idx) - 1; d >= 0; d-- {
					idx[d] = r % tt.shape[d]
					r /= tt.shape[d]
				}
				b, off := m.BankOf(idx)
				back, ok := m.Unbank(b, off)
				if !ok || Flat(tt.shape, back) != f {
					t.Fatalf("BankOf(%v) = %d,%v; Unbank = %v,%v", idx, b, off, back, ok)
				}
			}
		})
	}
}
