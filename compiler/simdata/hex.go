package simdata

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// InputFile and OutputFile name a memory's hex files inside the data directory.
func InputFile(dir, mem string) string { return filepath.Join(dir, mem+".dat") }

// OutputFile is where the simulation dumps a memory's final contents.
func OutputFile(dir, mem string) string { return filepath.Join(dir, mem+".out") }

// Hex renders the words one per line, ceil(Width/4) hex digits each.
func (m *Memory) Hex() []byte {
	var b bytes.Buffer
	digits := (m.Format.Width + 3) / 4
	for _, w := range m.Words {
		fmt.Fprintf(&b, "%0*x\n", digits, w&m.Format.mask())
	}
	return b.Bytes()
}

// WriteHex writes every memory's input hex file into dir.
func WriteHex(dir string, mems []*Memory) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	for _, m := range mems {
		if err := os.WriteFile(InputFile(dir, m.Name), m.Hex(), 0o644); err != nil {
			return fmt.Errorf("memory %s: %w", m.Name, err)
		}
	}
	return nil
}

// ParseHex reads n words in $readmemh syntax: hex words separated by white
// space, `//` comments and `@addr` address jumps; x/z digits read as 0.
func ParseHex(b []byte, n int) ([]uint64, error) {
	words := make([]uint64, n)
	addr := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.Index(text, "//"); i >= 0 {
			text = text[:i]
		}
		for _, tok := range strings.Fields(text) {
			if strings.HasPrefix(tok, "@") {
				a, err := strconv.ParseUint(tok[1:], 16, 64)
				if err != nil {
					return nil, fmt.Errorf("line %d: bad address %q", line, tok)
				}
				if a > uint64(n) {
					return nil, fmt.Errorf("line %d: address %s beyond %d words", line, tok, n)
				}
				addr = int(a)
				continue
			}
			tok = strings.NewReplacer("_", "", "x", "0", "X", "0", "z", "0", "Z", "0").Replace(tok)
			w, err := strconv.ParseUint(tok, 16, 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: bad word %q", line, tok)
			}
			if addr >= n {
				return nil, fmt.Errorf("line %d: address %d beyond %d words", line, addr, n)
			}
			words[addr] = w
			addr++
		}
	}
	return words, sc.Err()
}

// ReadResults reads each memory's dumped output file from dir, returning
// copies of mems with the dumped words.
func ReadResults(dir string, mems []*Memory) ([]*Memory, error) {
	var out []*Memory
	for _, m := range mems {
		b, err := os.ReadFile(OutputFile(dir, m.Name))
		if err != nil {
			return nil, fmt.Errorf("memory %s: %w", m.Name, err)
		}
		words, err := ParseHex(b, len(m.Words))
		if err != nil {
			return nil, fmt.Errorf("memory %s: %s: %w", m.Name, OutputFile(dir, m.Name), err)
		}
		for i := range words {
			words[i] &= m.Format.mask()
		}
		out = append(out, &Memory{Name: m.Name, Format: m.Format, Shape: m.Shape, Words: words})
	}
	return out, nil
}
