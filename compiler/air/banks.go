package air

import "fmt"

// Scheme is how one dimension of a memory is split into banks.
type Scheme int

// Partitioning schemes. With factor B on a dimension of size N:
// cyclic puts index i in bank i mod B at offset i div B; block puts it in
// bank i div S at offset i mod S with S = ceil(N/B); complete gives every
// index its own bank (B = N, offset 0). Banks are padded to equal size.
const (
	Cyclic Scheme = iota + 1
	Block
	Complete
)

var schemeNames = map[Scheme]string{Cyclic: "cyclic", Block: "block", Complete: "complete"}

// String returns the scheme keyword.
func (s Scheme) String() string { return schemeNames[s] }

// ParseScheme reads "cyclic", "block" or "complete".
func ParseScheme(s string) (Scheme, error) {
	for k, v := range schemeNames {
		if v == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown partition scheme %q (want cyclic, block or complete)", s)
}

// DimPart partitions dimension Dim of a memory into Factor banks by Scheme.
type DimPart struct {
	Dim    int
	Scheme Scheme
	Factor int
}

// Partitioned reports whether the memory is split into more than one bank.
func (m *Memory) Partitioned() bool { return len(m.Parts) > 0 }

// NumBanks is the number of banks (1 if unpartitioned).
func (m *Memory) NumBanks() int {
	n := 1
	for _, p := range m.Parts {
		n *= p.Factor
	}
	return n
}

// BankName is the name the hardware gives bank b: name_b<b>, or name when unpartitioned.
func (m *Memory) BankName(b int) string {
	if !m.Partitioned() {
		return m.Name
	}
	return fmt.Sprintf("%s_b%d", m.Name, b)
}

// part returns the partitioning of dimension d, if any.
func (m *Memory) part(d int) (DimPart, bool) {
	for _, p := range m.Parts {
		if p.Dim == d {
			return p, true
		}
	}
	return DimPart{}, false
}

// blockSize is the per-bank extent of a partitioned dimension.
func blockSize(n int, p DimPart) int {
	switch p.Scheme {
	case Complete:
		return 1
	default:
		return (n + p.Factor - 1) / p.Factor
	}
}

// BankShape is the shape of every bank (dimensions padded up when not divisible).
func (m *Memory) BankShape() []int {
	s := append([]int(nil), m.Shape...)
	for _, p := range m.Parts {
		s[p.Dim] = blockSize(m.Shape[p.Dim], p)
	}
	return s
}

// BankOf maps an index of the original memory to (bank, offset within the bank).
func (m *Memory) BankOf(idx []int) (bank int, off []int) {
	off = append([]int(nil), idx...)
	for _, p := range m.Parts {
		i := idx[p.Dim]
		var b int
		switch p.Scheme {
		case Cyclic:
			b, off[p.Dim] = i%p.Factor, i/p.Factor
		case Block:
			s := blockSize(m.Shape[p.Dim], p)
			b, off[p.Dim] = i/s, i%s
		case Complete:
			b, off[p.Dim] = i, 0
		}
		bank = bank*p.Factor + b
	}
	return bank, off
}

// Unbank maps (bank, offset) back to the original index; ok is false for padding or out-of-range positions.
func (m *Memory) Unbank(bank int, off []int) (idx []int, ok bool) {
	if bank < 0 || bank >= m.NumBanks() || len(off) != len(m.Shape) {
		return nil, false
	}
	idx = append([]int(nil), off...)
	bs := m.BankShape()
	for d := range off {
		if off[d] < 0 || off[d] >= bs[d] {
			return nil, false
		}
	}
	for k := len(m.Parts) - 1; k >= 0; k-- {
		p := m.Parts[k]
		b := bank % p.Factor
		bank /= p.Factor
		switch p.Scheme {
		case Cyclic:
			idx[p.Dim] = off[p.Dim]*p.Factor + b
		case Block:
			idx[p.Dim] = b*blockSize(m.Shape[p.Dim], p) + off[p.Dim]
		case Complete:
			idx[p.Dim] = b
		}
	}
	for d, i := range idx {
		if i >= m.Shape[d] {
			return nil, false
		}
	}
	return idx, true
}

// Flat returns the row-major position of idx in shape.
func Flat(shape, idx []int) int {
	f := 0
	for d, n := range shape {
		f = f*n + idx[d]
	}
	return f
}

// BankData returns bank b's contents (row-major in BankShape, padding zero) cut from the memory's row-major data.
func (m *Memory) BankData(data []int64, b int) []int64 {
	bs := m.BankShape()
	n := 1
	for _, d := range bs {
		n *= d
	}
	out := make([]int64, n)
	off := make([]int, len(bs))
	for i := 0; i < n; i++ {
		r := i
		for d := len(bs) - 1; d >= 0; d-- {
			off[d] = r % bs[d]
			r /= bs[d]
		}
		if idx, ok := m.Unbank(b, off); ok && data != nil {
			out[i] = data[Flat(m.Shape, idx)]
		}
	}
	return out
}
