package calyx

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// samples returns the sample programs in testdata.
func samples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/*.futil")
	if err != nil || len(files) < 10 {
		t.Fatalf("want at least 10 samples in testdata, got %d (%v)", len(files), err)
	}
	return files
}

// TestGolden parses each sample, prints it, compares with its .golden file and
// checks that printing the reparsed output gives the same text.
func TestGolden(t *testing.T) {
	for _, f := range samples(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out := Print(p)
			golden := strings.TrimSuffix(f, ".futil") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (run with -update):\n%s", golden, out)
			}
			p2, err := Parse(golden, []byte(out))
			if err != nil {
				t.Fatalf("reparse: %v", err)
			}
			if out2 := Print(p2); out2 != out {
				t.Errorf("print is not a fixed point:\n%s", out2)
			}
			if !reflect.DeepEqual(stripPos(p), stripPos(p2)) {
				t.Errorf("reparsed AST differs from the original")
			}
		})
	}
}

// TestSamplesCheck runs the strict checker on every sample; all are clean.
func TestSamplesCheck(t *testing.T) {
	for _, f := range samples(t) {
		p, err := ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckStrict(p); err != nil {
			t.Errorf("%s:\n%v", f, err)
		}
	}
}

// TestBuildAndCheck builds a program with the constructors, checks it and
// compares the printed text.
func TestBuildAndCheck(t *testing.T) {
	c := &Component{Name: "main", Attrs: Attr1(AttrToplevel, 1)}
	c.Cells = []*Cell{NewCell("r", "std_reg", 8), NewCell("lt", "std_lt", 8)}
	c.Cells[0].Attrs = Attr1(AttrData, 1)
	c.Groups = []*Group{
		{Name: "incr", Assigns: []*Assign{
			Wire(PortOf("r", "in"), ConstOf(8, 1)),
			Wire(PortOf("r", "write_en"), ConstOf(1, 1)),
			Wire(HoleOf("incr", "done"), AtomOf(PortOf("r", "done"))),
		}},
		{Name: "cond", Kind: GroupComb, Assigns: []*Assign{
			Wire(PortOf("lt", "left"), AtomOf(PortOf("r", "out"))),
			Wire(PortOf("lt", "right"), ConstOf(8, 10)),
		}},
	}
	c.Wires = []*Assign{GuardedWire(ThisPort("done"), And(GuardOf(PortOf("r", "done")), nil, Not(GuardOf(PortOf("lt", "out")))), ConstOf(1, 1))}
	c.Control = &While{Cond: PortOf("lt", "out"), With: "cond", Body: &Enable{Group: "incr"}, Attrs: Attr1(AttrBound, 10)}
	p := &Program{File: "built.futil", Imports: []string{"primitives/core.futil"}, Components: []*Component{c}}
	if err := CheckStrict(p); err != nil {
		t.Fatal(err)
	}
	want := `import "primitives/core.futil";
component main<"toplevel"=1>() -> () {
  cells {
    @data r = std_reg(8);
    lt = std_lt(8);
  }
  wires {
    group incr {
      r.in = 8'd1;
      r.write_en = 1'd1;
      incr[done] = r.done;
    }
    comb group cond {
      lt.left = r.out;
      lt.right = 8'd10;
    }
    done = r.done & !lt.out ? 1'd1;
  }
  control {
    @bound(10) while lt.out with cond {
      incr;
    }
  }
}
`
	if got := Print(p); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	ports, err := CellPorts(p, c.Cells[0])
	if err != nil || len(ports) != 6 || ports[0].Name != "in" || ports[0].Width != 8 || !ports[0].Input {
		t.Errorf("CellPorts(std_reg(8)) = %+v, %v", ports, err)
	}
	in, out := c.Signature()
	if len(in) != 3 || in[0].Name != "go" || len(out) != 1 || out[0].Name != "done" {
		t.Errorf("Signature() = %v, %v", in, out)
	}
}

func TestPrimTable(t *testing.T) {
	tests := []struct {
		name   string
		params []uint64
		seq    bool
		ports  string
	}{
		{"std_reg", []uint64{32}, true, "in:32> write_en:1> clk:1> reset:1> out:32< done:1<"},
		{"std_add", []uint64{8}, false, "left:8> right:8> out:8<"},
		{"std_slice", []uint64{32, 8}, false, "in:32> out:8<"},
		{"std_mux", []uint64{4}, false, "cond:1> tru:4> fal:4> out:4<"},
		{"comb_mem_d2", []uint64{16, 4, 8, 2, 3}, true, "addr0:2> addr1:3> write_data:16> write_en:1> clk:1> reset:1> read_data:16< done:1<"},
		{"seq_mem_d1", []uint64{8, 16, 4}, true, "clk:1> reset:1> addr0:4> content_en:1> write_en:1> write_data:8> read_data:8< done:1<"},
		{"std_fp_smult_pipe", []uint64{16, 8, 8}, true, "clk:1> reset:1> go:1> left:16> right:16> out:16< done:1<"},
	}
	for _, tc := range tests {
		s, ok := LookupPrim(tc.name)
		if !ok {
			t.Errorf("%s missing", tc.name)
			continue
		}
		if s.Sequential() != tc.seq {
			t.Errorf("%s: Sequential() = %v", tc.name, s.Sequential())
		}
		ports, err := s.Instantiate(tc.params)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var got []string
		for _, p := range ports {
			d := "<"
			if p.Input {
				d = ">"
			}
			got = append(got, p.Name+":"+itoa(p.Width)+d)
		}
		if g := strings.Join(got, " "); g != tc.ports {
			t.Errorf("%s ports = %s, want %s", tc.name, g, tc.ports)
		}
	}
	for _, name := range []string{"std_const", "std_wire", "std_pad", "std_sub", "std_lsh", "std_rsh", "std_and", "std_or", "std_xor", "std_not", "std_eq", "std_neq", "std_lt", "std_gt", "std_le", "std_ge", "std_bit_slice", "std_sadd", "std_ssub", "std_slt", "std_sgt", "std_sle", "std_sge", "std_seq", "std_sneq", "std_srsh", "std_signext", "std_mult_pipe", "std_div_pipe", "std_smult_pipe", "std_sdiv_pipe", "std_fp_mult_pipe", "std_fp_div_pipe", "std_fp_sdiv_pipe", "comb_mem_d1", "comb_mem_d3", "comb_mem_d4", "seq_mem_d2", "seq_mem_d3", "seq_mem_d4"} {
		if _, ok := LookupPrim(name); !ok {
			t.Errorf("%s missing from the table", name)
		}
	}
	if _, err := (&PrimSig{Name: "x", Params: []string{"W"}, Inputs: []PrimPort{{"a", "V", nil}}}).Instantiate([]uint64{1}); err == nil {
		t.Error("unknown width parameter accepted")
	}
}

// BenchmarkLarge parses, checks and prints a program with 2000 registers,
// 2000 groups and a 2000-statement seq.
func BenchmarkLarge(b *testing.B) {
	var s strings.Builder
	s.WriteString("import \"primitives/core.futil\";\ncomponent main() -> () {\n  cells {\n")
	const n = 2000
	for i := 0; i < n; i++ {
		s.WriteString("    r" + itoa(uint64(i)) + " = std_reg(32);\n")
	}
	s.WriteString("  }\n  wires {\n")
	for i := 0; i < n; i++ {
		r := "r" + itoa(uint64(i))
		g := "g" + itoa(uint64(i))
		s.WriteString("    group " + g + " { " + r + ".in = 32'd1; " + r + ".write_en = 1'd1; " + g + "[done] = " + r + ".done; }\n")
	}
	s.WriteString("  }\n  control {\n    seq {\n")
	for i := 0; i < n; i++ {
		s.WriteString("      g" + itoa(uint64(i)) + ";\n")
	}
	s.WriteString("    }\n  }\n}\n")
	src := []byte(s.String())
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		p, err := Parse("large.futil", src)
		if err != nil {
			b.Fatal(err)
		}
		if err := CheckStrict(p); err != nil {
			b.Fatal(err)
		}
		_ = Print(p)
	}
}
