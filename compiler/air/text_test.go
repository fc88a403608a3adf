package air

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCanonicalRoundTrip checks that every testdata/*.air file is in canonical form: parse then print gives it back.
func TestCanonicalRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.air")
	if len(files) == 0 {
		t.Fatal("no testdata/*.air files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(p); err != nil {
				t.Fatal(err)
			}
			if got := string(Format(p)); got != string(src) {
				t.Errorf("round trip differs:\n%s", got)
			}
		})
	}
}

// TestGolden checks that testdata/parse/*.in prints as the matching .golden file.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/parse/*.in")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			got := Format(p)
			golden := strings.TrimSuffix(f, ".in") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			p2, err := Parse(got)
			if err != nil {
				t.Fatalf("reparse: %v", err)
			}
			if string(Format(p2)) != string(got) {
				t.Error("printing is not stable")
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	head := "program p\nnumeric fixed<16,8>\n"
	tests := []struct {
		name, src, want string
	}{
		{"no program", "numeric fixed<16,8>", "line 1: want \"program\""},
		{"bad type", "program p\nnumeric fixed<0,8>", "line 2: invalid type"},
		{"bad kind", head + "mem a: fixed<16,8>[2] weird", "line 3: want memory kind"},
		{"bad scheme", head + "mem a: fixed<16,8>[2] input partition(0 diagonal 2)", "line 3: want cyclic"},
		{"unknown op", head + "kernel k {\n reg r: fixed<8,0> = foo(1:fixed<8,0>)\n}", "line 4: unknown operation"},
		{"missing brace", head + "kernel k {\n for i in 0..2 {\n", "missing }"},
		{"bad char", head + "kernel k { $ }", "line 3: unexpected character"},
		{"literal without type", head + "kernel k { reg r: fixed<8,0> = 3 }", "want \":\""},
		{"two mains", head + "main { }\nmain { }", "line 4: second main"},
		{"nonlin without type", head + "kernel k { reg r: fixed<16,14> = exp(1:fixed<16,8>) }", "line 3: want \",\""},
		{"nonlin two operands", head + "kernel k { reg r: fixed<16,14> = erf(1:fixed<16,8>, 2:fixed<16,8>, fixed<16,14>) }", "line 3: want \"fixed\""},
		{"unknown function", head + "kernel k { reg r: fixed<16,14> = log(1:fixed<16,8>, fixed<16,14>) }", "line 3: unknown operation \"log\""},
		{"sqrt two operands", head + "kernel k { reg r: float32 = sqrt(0:float32, 0:float32) }", "line 3: want \")\""},
		{"div one operand", head + "kernel k { reg r: float32 = div(0:float32) }", "line 3: want \",\""},
		{"huge index", head + "kernel k { a[99999999999] = 1:fixed<8,0> }", "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
