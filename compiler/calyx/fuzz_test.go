package calyx

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// addSeeds adds the testdata samples to the fuzz corpus (the committed seeds
// under testdata/fuzz are added by the testing package).
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.futil")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
}

// FuzzParse checks that the parser and checker never panic.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("fuzz.futil", src)
		if err != nil {
			return
		}
		_ = Check(p)
	})
}

// FuzzRoundTrip checks that whatever parses prints to text that parses to the
// same AST and prints identically.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("fuzz.futil", src)
		if err != nil {
			return
		}
		out := Print(p)
		p2, err := Parse("printed.futil", []byte(out))
		if err != nil {
			t.Fatalf("printed program does not parse: %v\ninput:\n%s\nprinted:\n%s", err, src, out)
		}
		out2 := Print(p2)
		if out2 != out {
			t.Fatalf("print is not a fixed point\nfirst:\n%s\nsecond:\n%s", out, out2)
		}
		if !reflect.DeepEqual(stripPos(p), stripPos(p2)) {
			t.Fatalf("AST changed through print and parse\ninput:\n%s\nprinted:\n%s", src, out)
		}
	})
}
