package air_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// copyHeader declares the memories of the FuseCopies tests: an input x
// (2×3), a const weight w (3), and internal memories for the copies.
const copyHeader = `program p
numeric fixed<16,8>

mem x: fixed<16,8>[2,3] input
mem w: fixed<16,8>[3] const
`

// TestFuseCopies runs small programs through FuseCopies: which kernels go,
// which text the rewritten accesses have, and that the outputs are the
// interpreter's outputs before the pass (random inputs and weights).
func TestFuseCopies(t *testing.T) {
	tests := []struct {
		name    string
		src     string   // memories and kernels after copyHeader, then main
		removed []string // kernels removed
		want    []string // lines of the result
		gone    []string // memories removed
	}{{
		// A transpose: its store index is a permutation, so the reader loads x through it.
		name: "transpose into the reader",
		src: `mem t: fixed<16,8>[3,2] internal
mem y: fixed<16,8>[3] output
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      t[i1, i0] = x[i0, i1]
    }
  }
}
kernel sum {
  for j in 0..3 {
    y[j] = rq(add(t[j, 0], t[j, 1]), fixed<16,8>)
  }
}
main {
  transpose
  sum
}
`,
		removed: []string{"transpose"},
		want:    []string{"y[j] = rq(add(x[0, j], x[1, j]), fixed<16,8>)"},
		gone:    []string{"t"},
	}, {
		// A flatten: the store index r0+3*r1 is not a permutation, but the
		// load index is, so the producer stores straight into f.
		name: "flatten into the producer",
		src: `mem h: fixed<16,8>[2,3] internal
mem f: fixed<16,8>[6] internal
mem y: fixed<16,8>[6] output
kernel scale {
  for a in 0..2 {
    for b in 0..3 {
      h[a, b] = rq(mul(x[a, b], w[b]), fixed<16,8>)
    }
  }
}
kernel flatten {
  for r1 in 0..2 {
    for r0 in 0..3 {
      f[r0+3*r1] = h[r1, r0]
    }
  }
}
kernel relu {
  for i in 0..6 {
    y[i] = max(f[i], 0:fixed<16,8>)
  }
}
main {
  scale
  flatten
  relu
}
`,
		removed: []string{"flatten"},
		want:    []string{"f[b+3*a] = rq(mul(x[a, b], w[b]), fixed<16,8>)"},
		gone:    []string{"h"},
	}, {
		// A chain of reshapes and a slice collapses into the reader's index.
		name: "chain and slice",
		src: `mem u: fixed<16,8>[1,2,3] internal
mem v: fixed<16,8>[2,1,3] internal
mem s: fixed<16,8>[2,2] internal
mem y: fixed<16,8>[2,2] output
kernel unsqueeze {
  for i in 0..2 {
    for j in 0..3 {
      u[0, i, j] = x[i, j]
    }
  }
}
kernel transpose {
  for a in 0..1 {
    for b in 0..2 {
      for c in 0..3 {
        v[b, a, c] = u[a, b, c]
      }
    }
  }
}
kernel slice {
  for i in 0..2 {
    for j in 0..2 {
      s[i, j] = v[i, 0, j+1]
    }
  }
}
kernel neg {
  for i in 0..2 {
    for j in 0..2 {
      y[i, j] = rq(sub(0:fixed<16,8>, s[i, j]), fixed<16,8>)
    }
  }
}
main {
  unsqueeze
  transpose
  slice
  neg
}
`,
		removed: []string{"unsqueeze", "transpose", "slice"},
		want:    []string{"y[i, j] = rq(sub(0:fixed<16,8>, x[i, j+1]), fixed<16,8>)"},
		gone:    []string{"u", "v", "s"},
	}, {
		// A concat of two producers' results: each part folds into its producer.
		name: "concat into the producers",
		src: `mem a: fixed<16,8>[3] internal
mem b: fixed<16,8>[3] internal
mem y: fixed<16,8>[6] output
kernel pa {
  for i in 0..3 {
    a[i] = rq(add(x[0, i], w[i]), fixed<16,8>)
  }
}
kernel pb {
  for i in 0..3 {
    b[i] = rq(sub(x[1, i], w[i]), fixed<16,8>)
  }
}
kernel concat {
  for i0 in 0..3 {
    y[i0] = a[i0]
  }
  for i0 in 0..3 {
    y[i0+3] = b[i0]
  }
}
main {
  pa
  pb
  concat
}
`,
		removed: []string{"concat"},
		want:    []string{"y[i] = rq(add(x[0, i], w[i]), fixed<16,8>)", "y[i+3] = rq(sub(x[1, i], w[i]), fixed<16,8>)"},
		gone:    []string{"a", "b"},
	}, {
		// A split's parts fold into their readers one nest at a time.
		name: "split into the readers",
		src: `mem lo: fixed<16,8>[1,3] internal
mem hi: fixed<16,8>[1,3] internal
mem y: fixed<16,8>[3] output
kernel split {
  for i0 in 0..1 {
    for i1 in 0..3 {
      lo[i0, i1] = x[i0, i1]
    }
  }
  for i0 in 0..1 {
    for i1 in 0..3 {
      hi[i0, i1] = x[i0+1, i1]
    }
  }
}
kernel mix {
  for j in 0..3 {
    y[j] = max(lo[0, j], hi[0, j])
  }
}
main {
  split
  mix
}
`,
		removed: []string{"split"},
		want:    []string{"y[j] = max(x[0, j], x[1, j])"},
		gone:    []string{"lo", "hi"},
	}, {
		// A broadcast (Expand) reads one element for several: folded into the reader.
		name: "broadcast into the reader",
		src: `mem e: fixed<16,8>[2,3] internal
mem y: fixed<16,8>[2,3] output
kernel expand {
  for i in 0..2 {
    for j in 0..3 {
      e[i, j] = w[j]
    }
  }
}
kernel add {
  for i in 0..2 {
    for j in 0..3 {
      y[i, j] = rq(add(x[i, j], e[i, j]), fixed<16,8>)
    }
  }
}
main {
  expand
  add
}
`,
		removed: []string{"expand"},
		want:    []string{"y[i, j] = rq(add(x[i, j], w[j]), fixed<16,8>)"},
		gone:    []string{"e"},
	}, {
		// z is overwritten after the transpose, before t's reader: t must
		// keep the old z (and z has two writers, so fill stays too).
		name: "source written before the reader",
		src: `mem z: fixed<16,8>[2,3] internal
mem t: fixed<16,8>[3,2] internal
mem y: fixed<16,8>[3,2] output
kernel fill {
  for i in 0..2 {
    for j in 0..3 {
      z[i, j] = x[i, j]
    }
  }
}
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      t[i1, i0] = z[i0, i1]
    }
  }
}
kernel clobber {
  z[1, 1] = 7:fixed<16,8>
}
kernel read {
  for i in 0..3 {
    for j in 0..2 {
      y[i, j] = rq(add(t[i, j], z[j, i]), fixed<16,8>)
    }
  }
}
main {
  fill
  transpose
  clobber
  read
}
`,
		want: []string{"z[i, j] = x[i, j]", "t[i1, i0] = z[i0, i1]", "z[1, 1] = 7:fixed<16,8>"},
	}, {
		// The reader runs before the copy (it reads zeros): nothing moves.
		name: "reader before the copy",
		src: `mem t: fixed<16,8>[3,2] internal
mem y: fixed<16,8>[3,2] output
kernel early {
  for i in 0..3 {
    for j in 0..2 {
      y[i, j] = t[i, j]
    }
  }
}
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      t[i1, i0] = x[i0, i1]
    }
  }
}
main {
  early
  transpose
  early
}
`,
		want: []string{"y[i, j] = t[i, j]", "t[i1, i0] = x[i0, i1]"},
	}, {
		// Two stores to the same element (the store is not injective): nothing moves.
		name: "not injective",
		src: `mem h: fixed<16,8>[2,3] internal
mem f: fixed<16,8>[4] output
kernel scale {
  for a in 0..2 {
    for b in 0..3 {
      h[a, b] = rq(mul(x[a, b], w[b]), fixed<16,8>)
    }
  }
}
kernel fold {
  for r1 in 0..2 {
    for r0 in 0..3 {
      f[r0+r1] = h[r1, r0]
    }
  }
}
main {
  scale
  fold
}
`,
		want: []string{"f[r0+r1] = h[r1, r0]"},
	}, {
		// The producer runs again after the copy with another z: folded,
		// its second run would overwrite y.
		name: "producer called twice",
		src: `mem z: fixed<16,8>[3] internal
mem s: fixed<16,8>[3] internal
mem y: fixed<16,8>[1,3] output
kernel init {
  for i in 0..3 {
    z[i] = x[0, i]
  }
}
kernel produce {
  for i in 0..3 {
    s[i] = rq(add(z[i], w[i]), fixed<16,8>)
  }
}
kernel unsqueeze {
  for i in 0..3 {
    y[0, i] = s[i]
  }
}
kernel bump {
  z[0] = 7:fixed<16,8>
}
main {
  init
  produce
  unsqueeze
  bump
  produce
}
`,
		want: []string{"y[0, i] = s[i]"},
	}, {
		// A padded read of the copy sees the pad outside t; x's shape differs.
		name: "padded reader",
		src: `mem t: fixed<16,8>[3,2] internal
mem y: fixed<16,8>[4,2] output
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      t[i1, i0] = x[i0, i1]
    }
  }
}
kernel shift {
  for i in 0..4 {
    for j in 0..2 {
      y[i, j] = t[i-1, j]?5
    }
  }
}
main {
  transpose
  shift
}
`,
		want: []string{"t[i1, i0] = x[i0, i1]"},
	}, {
		// A copy into a wider type: the reader would see another type, so it stays.
		name: "element types differ",
		src: `mem t: fixed<24,8>[3,2] internal
mem y: fixed<24,8>[3,2] output
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      t[i1, i0] = x[i0, i1]
    }
  }
}
kernel copy {
  for i in 0..3 {
    for j in 0..2 {
      y[i, j] = max(t[i, j], 0:fixed<24,8>)
    }
  }
}
main {
  transpose
  copy
}
`,
		want: []string{"t[i1, i0] = x[i0, i1]"},
	}, {
		// The copy's kernel runs twice: left alone.
		name: "copy called twice",
		src: `mem t: fixed<16,8>[3,2] internal
mem y: fixed<16,8>[3,2] output
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      t[i1, i0] = x[i0, i1]
    }
  }
}
kernel read {
  for i in 0..3 {
    for j in 0..2 {
      y[i, j] = t[i, j]
    }
  }
}
main {
  transpose
  read
  transpose
}
`,
		want: []string{"t[i1, i0] = x[i0, i1]"},
	}, {
		// Output to output through a copy of an input: no internal memory to drop.
		name: "input to output",
		src: `mem y: fixed<16,8>[3,2] output
kernel transpose {
  for i0 in 0..2 {
    for i1 in 0..3 {
      y[i1, i0] = x[i0, i1]
    }
  }
}
main {
  transpose
}
`,
		want: []string{"y[i1, i0] = x[i0, i1]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := air.Parse([]byte(copyHeader + tt.src))
			if err != nil {
				t.Fatal(err)
			}
			in := randomize(p, 11)
			want, err := air.Interpret(p, in)
			if err != nil {
				t.Fatal(err)
			}
			before := memNames(p)
			removed, err := air.FuseCopies(p)
			if err != nil {
				t.Fatal(err)
			}
			text := string(air.Format(p))
			if !slices.Equal(removed, tt.removed) {
				t.Errorf("removed %v, want %v\n%s", removed, tt.removed, text)
			}
			for _, line := range tt.want {
				if !strings.Contains(text, line) {
					t.Errorf("no line %q in\n%s", line, text)
				}
			}
			var gone []string
			for _, m := range before {
				if p.Mem(m) == nil {
					gone = append(gone, m)
				}
			}
			if !slices.Equal(gone, tt.gone) {
				t.Errorf("memories removed %v, want %v", gone, tt.gone)
			}
			got, err := air.Interpret(p, in)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(got, want, slices.Equal[[]int64]) {
				t.Errorf("outputs differ after the pass:\n got %v\nwant %v", got, want)
			}
		})
	}
}

func memNames(p *air.Program) []string {
	var out []string
	for _, m := range p.Mems {
		out = append(out, m.Name)
	}
	return out
}
