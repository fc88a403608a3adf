package air_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// fuseSrc is a conv (writing t), a residual add (s = t + x) and a ReLU
// (y = max(s, 0)), each its own kernel as package fromgraph writes them.
const fuseSrc = `program p
numeric fixed<16,8>

mem x: fixed<16,8>[1,2,4,4] input
mem w: fixed<16,8>[2,2,1,1] const
mem t: fixed<16,8>[1,2,4,4] internal
mem s: fixed<16,8>[1,2,4,4] internal
mem y: fixed<16,8>[1,2,4,4] output

kernel conv {
  for co in 0..2 {
    for oh in 0..4 {
      for ow in 0..4 {
        reg acc: fixed<34,16> = 0:fixed<34,16>
        for ci in 0..2 {
          acc = add(acc, mul(w[co, ci, 0, 0], x[0, ci, oh, ow]))
        }
        t[0, co, oh, ow] = rq(acc, fixed<16,8>)
      }
    }
  }
}

kernel add {
  for i0 in 0..1 {
    for i1 in 0..2 {
      for i2 in 0..4 {
        for i3 in 0..4 {
          s[i0, i1, i2, i3] = rq(add(t[i0, i1, i2, i3], x[i0, i1, i2, i3]), fixed<16,8>)
        }
      }
    }
  }
}

kernel relu {
  for i0 in 0..1 {
    for i1 in 0..2 {
      for i2 in 0..4 {
        for i3 in 0..4 {
          y[i0, i1, i2, i3] = max(s[i0, i1, i2, i3], 0:fixed<16,8>)
        }
      }
    }
  }
}

main {
  conv
  add
  relu
}
`

// TestFuseElementwise fuses the add and the ReLU into the conv: one kernel
// is left, storing y, and the outputs are unchanged.
func TestFuseElementwise(t *testing.T) {
	p, err := air.Parse([]byte(fuseSrc))
	if err != nil {
		t.Fatal(err)
	}
	in := randomize(p, 3)
	want, err := air.Interpret(p, in)
	if err != nil {
		t.Fatal(err)
	}
	removed, err := air.FuseElementwise(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{"add", "relu"}) || len(p.Kernels) != 1 || p.Mem("t") != nil || p.Mem("s") != nil {
		t.Fatalf("removed %v; program:\n%s", removed, air.Format(p))
	}
	if text := string(air.Format(p)); !strings.Contains(text, "y[0, co, oh, ow] = max(rq(add(rq(acc, fixed<16,8>), x[0, co, oh, ow]), fixed<16,8>), 0:fixed<16,8>)") {
		t.Errorf("fused conv:\n%s", text)
	}
	got, err := air.Interpret(p, in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got["y"], want["y"]) {
		t.Error("outputs differ after fusing")
	}
}

// TestFuseElementwiseKeeps checks what must not be fused: an input of the
// element-wise kernel written in between, and its input read elsewhere.
func TestFuseElementwiseKeeps(t *testing.T) {
	tests := []struct{ name, from, to string }{
		// t is also read by another kernel: fusing add into conv would drop t.
		{"input read elsewhere", "mem y: fixed<16,8>[1,2,4,4] output",
			"mem y: fixed<16,8>[1,2,4,4] output\nmem z: fixed<16,8>[1] output"},
		// The residual x is written between conv and add: add must read the new x.
		{"operand written in between", "mem x: fixed<16,8>[1,2,4,4] input",
			"mem x: fixed<16,8>[1,2,4,4] internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(fuseSrc, tt.from, tt.to, 1)
			if tt.name == "input read elsewhere" {
				src = strings.Replace(src, "kernel add {", "kernel peek {\n  z[0] = t[0, 1, 2, 3]\n}\n\nkernel add {", 1)
				src = strings.Replace(src, "  conv\n  add\n", "  conv\n  peek\n  add\n", 1)
			}
			if tt.name == "operand written in between" {
				src = strings.Replace(src, "kernel add {", "kernel clobber {\n  x[0, 0, 0, 0] = 0:fixed<16,8>\n}\n\nkernel add {", 1)
				src = strings.Replace(src, "  conv\n  add\n", "  conv\n  clobber\n  add\n", 1)
			}
			p, err := air.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			removed, err := air.FuseElementwise(p)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(removed, "add") {
				t.Errorf("fused add (removed %v)", removed)
			}
		})
	}
}
