package air

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that the parser never panics and that whatever it accepts prints to a fixed point.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.air")
	more, _ := filepath.Glob("testdata/parse/*.in")
	for _, name := range append(files, more...) {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse(src)
		if err != nil {
			return
		}
		out := Format(p)
		p2, err := Parse(out)
		if err != nil {
			t.Fatalf("printed program does not parse: %v\n%s", err, out)
		}
		if out2 := Format(p2); string(out2) != string(out) {
			t.Fatalf("print not stable:\n%s\n---\n%s", out, out2)
		}
		_ = Verify(p)
	})
}
