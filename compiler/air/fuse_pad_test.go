package air_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// TestPaddedLoad checks a padded load's values by hand: x = [10, 20, 30],
// y[i] = x[i-1]?-5 for i in 0..5 reads -5, 10, 20, 30, -5.
func TestPaddedLoad(t *testing.T) {
	src := `program p
numeric fixed<8,0>

mem x: fixed<8,0>[3] input
mem y: fixed<8,0>[5] output

kernel k {
  for i in 0..5 {
    y[i] = x[i-1]?-5
  }
}

main {
  k
}
`
	p, err := air.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(air.Format(p)); got != src {
		t.Errorf("round trip:\n%s", got)
	}
	out, err := air.Interpret(p, map[string][]int64{"x": {10, 20, 30}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{-5, 10, 20, 30, -5}; !slices.Equal(out["y"], want) {
		t.Errorf("y = %v, want %v", out["y"], want)
	}
}

func readProgram(t *testing.T, name string) *air.Program {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// randomize fills p's const data and returns random inputs.
func randomize(p *air.Program, seed int64) map[string][]int64 {
	rng := rand.New(rand.NewSource(seed))
	p.Data = map[string][]int64{}
	in := map[string][]int64{}
	for _, m := range p.Mems {
		d := make([]int64, m.Size())
		for i := range d {
			d[i] = rng.Int63n(m.Elem.Max()-m.Elem.Min()+1) + m.Elem.Min()
		}
		switch m.Kind {
		case air.MemConst:
			p.Data[m.Name] = d
		case air.MemInput:
			in[m.Name] = d
		}
	}
	return in
}

// TestFusePadding fuses conv_relu.air's padding kernel: the program loses
// the kernel and the padded memory, reads its input with padded loads, and
// computes the same outputs.
func TestFusePadding(t *testing.T) {
	p := readProgram(t, "conv_relu.air")
	in := randomize(p, 5)
	want, err := air.Interpret(p, in)
	if err != nil {
		t.Fatal(err)
	}
	q := air.Clone(p)
	removed, err := air.FusePadding(q)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{"pad"}) {
		t.Fatalf("removed %v, want [pad]", removed)
	}
	text := string(air.Format(q))
	if q.Mem("xp") != nil || q.Kernel("pad") != nil || !strings.Contains(text, "x[0, ci, oh+kh-1, ow+kw-1]?0") {
		t.Errorf("fused program:\n%s", text)
	}
	got, err := air.Interpret(q, in)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			t.Errorf("output %s differs after fusing", name)
		}
	}
}

// TestFusePaddingKeeps checks the cases where fusing would change results
// or the memories do not allow it: the padded memory read before the
// padding kernel runs, the source written while the padded copy is still
// read, and a padded memory that is partitioned.
func TestFusePaddingKeeps(t *testing.T) {
	base := string(air.Format(readProgram(t, "conv_relu.air")))
	replace := func(s, from, to string) string {
		if !strings.Contains(s, from) {
			t.Fatalf("%q not in conv_relu.air", from)
		}
		return strings.Replace(s, from, to, 1)
	}
	tests := []struct {
		name string
		edit func(string) string
	}{
		{"read before", func(s string) string {
			return replace(s, "main {\n  pad\n  conv\n  relu\n}", "main {\n  conv\n  pad\n  relu\n}")
		}},
		{"source overwritten", func(s string) string {
			// A kernel between pad and conv writes x (made internal so it can).
			s = replace(s, "mem x: fixed<16,8>[1,1,4,4] input", "mem x: fixed<16,8>[1,1,4,4] internal")
			s = replace(s, "kernel relu {", "kernel clobber {\n  x[0, 0, 0, 0] = 0:fixed<16,8>\n}\n\nkernel relu {")
			return replace(s, "main {\n  pad\n  conv", "main {\n  pad\n  clobber\n  conv")
		}},
		{"partitioned", func(s string) string {
			return replace(s, "mem xp: fixed<16,8>[1,1,6,6] internal", "mem xp: fixed<16,8>[1,1,6,6] internal partition(3 cyclic 2)")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := air.Parse([]byte(tt.edit(base)))
			if err != nil {
				t.Fatal(err)
			}
			removed, err := air.FusePadding(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(removed) != 0 {
				t.Errorf("fused %v; want nothing fused", removed)
			}
		})
	}
}
