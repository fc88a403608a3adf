package calyx

import (
	"strings"
	"testing"
)

// TestAccelLibrary checks that primitives/accel.futil declares the
// project's primitives, and that a cell of one needs the import.
func TestAccelLibrary(t *testing.T) {
	for _, name := range []string{"accel_smul_pipe", "accel_exp", "accel_reciprocal", "accel_rsqrt", "accel_sigmoid", "accel_tanh", "accel_erf",
		"accel_fadd_pipe", "accel_fmul_pipe", "accel_fcmp_pipe", "accel_fminmax_pipe", "accel_fp_to_int_pipe", "accel_int_to_fp_pipe"} {
		s, ok := LookupPrim(name)
		if !ok || s.Import != AccelImport || s.Latency == 0 {
			t.Errorf("%s: not a static primitive of %s (%+v)", name, AccelImport, s)
		}
	}
	// The iterative divider is dynamic: go/done.
	if s, ok := LookupPrim("accel_fdivsqrt"); !ok || s.Import != AccelImport || s.Latency != 0 || !s.Sequential() {
		t.Errorf("accel_fdivsqrt: not a dynamic primitive of %s (%+v)", AccelImport, s)
	}
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
		{"imported", `import "primitives/core.futil"; import "primitives/accel.futil";` + "\n", ""},
		{"missing", `import "primitives/core.futil";` + "\n", `does not import "primitives/accel.futil"`},
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
}
