package calyx

import (
	_ "embed"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

//go:embed primitives/accel_nonlin.futil
var nonlinFutil string

// TestNonlinFutil checks the committed project primitives file against the
// table (-update rewrites it) and that parsing it gives back the table's
// signatures.
func TestNonlinFutil(t *testing.T) {
	path := filepath.Join("primitives", NonlinImport)
	if *update {
		if err := os.WriteFile(path, []byte(NonlinFutil()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b := []byte(nonlinFutil)
	if nonlinFutil != NonlinFutil() {
		t.Fatalf("%s differs from NonlinFutil(); run go test ./compiler/calyx -run TestNonlinFutil -update", path)
	}
	p, err := Parse(path, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Externs) != 1 || p.Externs[0].Path != NonlinSV || len(p.Externs[0].Prims) != len(NonlinPrims()) {
		t.Fatalf("%s: want one extern %q with %d primitives", path, NonlinSV, len(NonlinPrims()))
	}
	for i, s := range NonlinPrims() {
		pr := p.Externs[0].Prims[i]
		got := SigOfPrimitive(pr, NonlinImport)
		if pr.Name != s.Name || got.Latency != s.Latency || sigString(got) != sigString(s) {
			t.Errorf("%s: parsed %s static<%d> %s, table %s static<%d> %s", path, pr.Name, got.Latency, sigString(got), s.Name, s.Latency, sigString(s))
		}
		if l, ok := LookupPrim(s.Name); !ok || l != s {
			t.Errorf("LookupPrim(%s) does not find the table entry", s.Name)
		}
	}
}

// TestNonlinCheck: a cell of a unit needs the import (or a declaration);
// its ports follow the format parameters.
func TestNonlinCheck(t *testing.T) {
	const body = `component main() -> () {
  cells {
    u = accel_tanh(16, 8, 12, 10);
    r = std_reg(12);
  }
  wires {
    static<9> group g { u.in = 16'd256; r.in = u.out; r.write_en = %8 ? 1'd1; }
  }
  control { g; }
}
`
	for _, tc := range []struct {
		name, head, want string
	}{
		{"imported", `import "primitives/core.futil"; import "accel_nonlin.futil";` + "\n", ""},
		{"declared", `import "primitives/core.futil";` + "\n" + NonlinExtern(), ""},
		{"missing", `import "primitives/core.futil";` + "\n", `does not import "accel_nonlin.futil"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("t.futil", []byte(tc.head+body))
			if err != nil {
				t.Fatal(err)
			}
			err = CheckStrict(p)
			if tc.want == "" && err != nil {
				t.Errorf("CheckStrict: %v", err)
			}
			if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("CheckStrict: %v, want an error containing %q", err, tc.want)
			}
		})
	}
	s, _ := LookupPrim("accel_erf")
	ports, err := s.Instantiate([]uint64{16, 8, 12, 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ports {
		got = append(got, p.Name+":"+itoa(p.Width))
	}
	if g := strings.Join(got, " "); g != "clk:1 reset:1 in:16 out:12" {
		t.Errorf("accel_erf(16, 8, 12, 10) ports %s", g)
	}
	if !s.Sequential() || s.Latency != 4 {
		t.Errorf("accel_erf: Sequential %v, Latency %d", s.Sequential(), s.Latency)
	}
}
