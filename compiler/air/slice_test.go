package air_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// TestSliceProgram runs conv_relu.air in every split of main into pieces:
// each piece, run as a program of its own from the full program's state
// before it, must leave its output memories as the full program leaves them
// after the piece.
func TestSliceProgram(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "conv_relu.air"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	p.Data = map[string][]int64{}
	inputs := map[string][]int64{}
	for _, m := range p.Mems {
		d := make([]int64, m.Size())
		for i := range d {
			d[i] = rng.Int63n(512) - 256
		}
		switch m.Kind {
		case air.MemConst:
			p.Data[m.Name] = d
		case air.MemInput:
			inputs[m.Name] = d
		}
	}
	for n := 1; n <= len(p.Main)+1; n++ {
		ranges := air.SplitMain(p, n)
		if want := min(n, len(p.Main)); len(ranges) != want {
			t.Fatalf("SplitMain(%d) = %v: %d pieces, want %d", n, ranges, len(ranges), want)
		}
		full, err := air.NewMachine(p)
		if err != nil {
			t.Fatal(err)
		}
		for name, d := range inputs {
			if err := full.Set(name, d); err != nil {
				t.Fatal(err)
			}
		}
		next := 0
		for _, r := range ranges {
			if r[0] != next || r[1] <= r[0] {
				t.Fatalf("SplitMain(%d) = %v: not contiguous non-empty pieces", n, ranges)
			}
			next = r[1]
			sub, err := air.SliceProgram(p, r[0], r[1])
			if err != nil {
				t.Fatal(err)
			}
			piece, err := air.NewMachine(sub)
			if err != nil {
				t.Fatalf("piece %v: %v", r, err)
			}
			for _, m := range sub.Mems {
				if m.Kind == air.MemInput || m.Kind == air.MemOutput {
					if err := piece.Set(m.Name, full.Mem(m.Name)); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := piece.Run(); err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Main[r[0]:r[1]] {
				if err := full.RunKernel(c.Kernel); err != nil {
					t.Fatal(err)
				}
			}
			outs := 0
			for _, m := range sub.Mems {
				if m.Kind != air.MemOutput {
					continue
				}
				outs++
				if !slices.Equal(piece.Mem(m.Name), full.Mem(m.Name)) {
					t.Errorf("pieces %v, piece %v: memory %s differs from the full program's", ranges, r, m.Name)
				}
			}
			if outs == 0 {
				t.Errorf("piece %v has no output memory", r)
			}
		}
		if next != len(p.Main) {
			t.Fatalf("SplitMain(%d) = %v does not cover main", n, ranges)
		}
	}
	if _, err := air.SliceProgram(p, 1, 1); err == nil {
		t.Error("empty slice accepted")
	}
}

// TestWork checks the work estimate on conv_relu.air by hand: pad stores
// 6*6 + 4*4 = 52 values; conv has 2*4*4 outputs, each 1 init + 9 MACs + 1
// store = 11 statement executions, 352; relu runs 2*4*2 iterations (v steps
// by 2) of a par whose two arms run at once, 16.
func TestWork(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "conv_relu.air"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kernel string
		want   int64
	}{{"pad", 52}, {"conv", 352}, {"relu", 16}} {
		if got := air.Work(p.Kernel(c.kernel)); got != c.want {
			t.Errorf("Work(%s) = %d, want %d", c.kernel, got, c.want)
		}
	}
	// conv: 2*4*4 outputs of 1*3*3 products each.
	if got := air.MACs(p.Kernel("conv")); got != 288 {
		t.Errorf("MACs(conv) = %d, want 288", got)
	}
	if got := air.MACs(p.Kernel("relu")); got != 0 {
		t.Errorf("MACs(relu) = %d, want 0", got)
	}
}
