package partition

import (
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// load parses an air test program and fills its const and input memories with random data.
func load(t *testing.T, path string, seed int64) (*air.Program, map[string][]int64) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(seed))
	p.Data = map[string][]int64{}
	in := map[string][]int64{}
	for _, m := range p.Mems {
		d := make([]int64, m.Size())
		for i := range d {
			d[i] = rng.Int63n(1024) - 512
		}
		switch m.Kind {
		case air.MemConst:
			p.Data[m.Name] = d
		case air.MemInput:
			in[m.Name] = d
		}
	}
	return p, in
}

func equalOutputs(t *testing.T, want, got map[string][]int64) {
	t.Helper()
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Fatalf("%s: %d values, want %d", name, len(g), len(w))
		}
		for i := range w {
			if g[i] != w[i] {
				t.Fatalf("%s[%d] = %d, want %d", name, i, g[i], w[i])
			}
		}
	}
}

// TestPreservesResults checks bit-identical interpreter outputs before and after unrolling and partitioning.
func TestPreservesResults(t *testing.T) {
	programs := []string{"../air/testdata/conv_relu.air", "../air/testdata/gemm.air"}
	schedules := []string{"", "*=2", "*=4", "*=8", "conv*=4,gemm*=4", "*=3", "conv=2:ow", "*=8,pad=1", "*=auto"}
	for _, path := range programs {
		for _, sched := range schedules {
			t.Run(path+"/"+sched, func(t *testing.T) {
				p, in := load(t, path, 1)
				want, err := air.Interpret(p, in)
				if err != nil {
					t.Fatal(err)
				}
				s, err := ParseSchedule(sched)
				if err != nil {
					t.Fatal(err)
				}
				q := air.Clone(p)
				if _, err := Apply(q, s, nil); err != nil {
					t.Fatalf("%v\n%s", err, air.Format(q))
				}
				got, err := air.Interpret(q, in)
				if err != nil {
					t.Fatalf("%v\n%s", err, air.Format(q))
				}
				equalOutputs(t, want, got)
				// The printed form must parse back to the same program.
				r, err := air.Parse(air.Format(q))
				if err != nil {
					t.Fatalf("reparse: %v", err)
				}
				if string(air.Format(r)) != string(air.Format(q)) {
					t.Fatal("partitioned program does not round-trip")
				}
			})
		}
	}
}

func TestDerivedPartitions(t *testing.T) {
	p, _ := load(t, "../air/testdata/conv_relu.air", 1)
	s, _ := ParseSchedule("conv=2")
	plan, err := Apply(p, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"w": "0 complete", "b": "0 complete", "t": "1 complete, 3 cyclic 2", "y": "3 cyclic 2"}
	for name, spec := range want {
		m := p.Mem(name)
		var parts []string
		for _, pt := range plan.Parts[name] {
			parts = append(parts, partString(pt))
		}
		got := strings.Join(parts, ", ")
		if got != spec {
			t.Errorf("%s partitioned %q, want %q\n%s", m.Name, got, spec, air.Format(p))
		}
	}
	if p.Mem("xp").Partitioned() {
		t.Errorf("xp should stay whole (broadcast reads)")
	}
}

func partString(pt air.DimPart) string {
	if pt.Scheme == air.Complete {
		return itoa(pt.Dim) + " complete"
	}
	return itoa(pt.Dim) + " " + pt.Scheme.String() + " " + itoa(pt.Factor)
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestOverrides checks user-chosen schemes: correct ones keep results, conflicting ones are caught.
func TestOverrides(t *testing.T) {
	tests := []struct {
		sched, over string
		wantErr     string
	}{
		{"conv=2", "w=cyclic:2@0", ""},
		{"conv=2", "w=complete@0", ""},
		{"conv=2", "xp=cyclic:2@3", ""},
		{"gemm0=2", "w=block:3@0", "more than one block"},
		{"conv=2", "w=none", "bank conflict on memory w"},
		{"gemm0=3", "w=cyclic:2@0", "bank conflict on memory w"},
		{"conv=2", "t=cyclic:2@2", "bank conflict on memory t"},
		{"conv=2", "nosuch=none", "unknown memory"},
	}
	for _, tt := range tests {
		t.Run(tt.sched+"/"+tt.over, func(t *testing.T) {
			path := "../air/testdata/conv_relu.air"
			if strings.HasPrefix(tt.sched, "gemm") {
				path = "../air/testdata/gemm.air"
			}
			p, in := load(t, path, 2)
			want, err := air.Interpret(p, in)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := ParseSchedule(tt.sched)
			o, err := ParseOverrides(tt.over)
			if err != nil {
				t.Fatal(err)
			}
			q := air.Clone(p)
			_, err = Apply(q, s, o)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := air.Interpret(q, in)
			if err != nil {
				t.Fatal(err)
			}
			equalOutputs(t, want, got)
		})
	}
}

// TestPlantedConflict builds a par by hand whose arms read two addresses of one bank.
func TestPlantedConflict(t *testing.T) {
	src := `program p
numeric fixed<8,0>
mem a: fixed<8,0>[8] input partition(0 cyclic 2)
mem o: fixed<8,0>[8] output
kernel k {
  for i in 0..2 {
    par {
      arm {
        o[4*i] = a{0}[2*i]
      }
      arm {
        o[4*i+1] = a{0}[2*i+1]
      }
    }
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
	err = CheckConflicts(p)
	if err == nil || !strings.Contains(err.Error(), "memory a") || !strings.Contains(err.Error(), "a{0}[2*i+1]") {
		t.Fatalf("CheckConflicts = %v, want a conflict on a naming both accesses", err)
	}
}

// TestPlantedRegisterRace checks that two arms updating one register are rejected.
func TestPlantedRegisterRace(t *testing.T) {
	src := `program p
numeric fixed<8,0>
mem a: fixed<8,0>[4] input partition(0 cyclic 2)
mem o: fixed<8,0>[1] output
kernel k {
  reg s: fixed<12,0> = 0:fixed<12,0>
  for i in 0..2 {
    par {
      arm {
        s = add(s, a{0}[i])
      }
      arm {
        s = add(s, a{1}[i])
      }
    }
  }
  o[0] = rq(s, fixed<8,0>)
}
main {
  k
}
`
	p, err := air.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckConflicts(p); err == nil || !strings.Contains(err.Error(), "register s") {
		t.Fatalf("CheckConflicts = %v, want a register race on s", err)
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		in      string
		kernel  string
		factor  int
		loop    string
		wantErr bool
	}{
		{"conv*=4,gemm*=2:j", "conv3", 4, "", false},
		{"conv*=4,gemm*=2:j", "gemm0", 2, "j", false},
		{"conv*=4,gemm*=2:j", "relu0", 1, "", false},
		{"*=8", "anything", 8, "", false},
		{"conv*", "", 0, "", true},
		{"conv*=0", "", 0, "", true},
		{"[=2", "", 0, "", true},
		{"conv*=auto", "conv1", Auto, "", false},
	}
	for _, tt := range tests {
		s, err := ParseSchedule(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseSchedule(%q) error %v", tt.in, err)
			continue
		}
		if err != nil {
			continue
		}
		f, l := s.For(tt.kernel)
		if f != tt.factor || l != tt.loop {
			t.Errorf("%q.For(%q) = %d,%q want %d,%q", tt.in, tt.kernel, f, l, tt.factor, tt.loop)
		}
	}
}

func TestParseOverrides(t *testing.T) {
	tests := []struct {
		in      string
		want    []Override
		wantErr bool
	}{
		{"w=cyclic:4", []Override{{"w", air.Cyclic, 4, -1}}, false},
		{"w=block:2@1, x=complete@0,y=none", []Override{{"w", air.Block, 2, 1}, {"x", air.Complete, 0, 0}, {"y", 0, 0, -1}}, false},
		{"w=cyclic", nil, true},
		{"w=spiral:2", nil, true},
		{"=cyclic:2", nil, true},
		{"w=cyclic:2@x", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseOverrides(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseOverrides(%q) error %v", tt.in, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseOverrides(%q) = %v", tt.in, got)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseOverrides(%q)[%d] = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

// TestNonDivisible unrolls a 6-iteration loop by 4: a tile loop plus a 2-arm
// remainder, and 6 weight rows in 4 cyclic banks of padded shape [2,10].
func TestNonDivisible(t *testing.T) {
	p, in := load(t, "../air/testdata/gemm.air", 5)
	want, err := air.Interpret(p, in)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ParseSchedule("gemm0=4")
	if _, err := Apply(p, s, nil); err != nil {
		t.Fatal(err)
	}
	w := p.Mem("w")
	if len(w.Parts) != 1 || w.Parts[0] != (air.DimPart{Dim: 0, Scheme: air.Cyclic, Factor: 4}) {
		t.Fatalf("w partitioned %v", w.Parts)
	}
	if bs := w.BankShape(); bs[0] != 2 || bs[1] != 10 {
		t.Errorf("bank shape %v, want [2 10]", bs)
	}
	widths := map[int]int{}
	for _, par := range pars(p) {
		widths[len(par.Arms)]++
	}
	if widths[4] == 0 || widths[2] == 0 {
		t.Errorf("par widths %v, want 4-arm tiles and a 2-arm remainder", widths)
	}
	got, err := air.Interpret(p, in)
	if err != nil {
		t.Fatal(err)
	}
	equalOutputs(t, want, got)
}
