package sv

import (
	"strings"
	"testing"
)

func TestLibrarySource(t *testing.T) {
	src, err := LibrarySource("accel_tanh", "accel_sigmoid", "std_mem_d1")
	if err != nil {
		t.Fatal(err)
	}
	// accel_tanh and accel_sigmoid share accel_nl_logistic and its helpers; each appears once.
	for _, m := range []string{"accel_tanh", "accel_sigmoid", "accel_nl_logistic", "accel_nl_exp2", "accel_nl_exp2_rom", "accel_nl_recip_rom", "accel_nl_interp", "accel_nl_scale", "comb_mem_d1"} {
		if n := strings.Count(src, "module "+m+" "); n != 1 {
			t.Errorf("module %s defined %d times", m, n)
		}
	}
	if strings.Contains(src, "module accel_exp ") {
		t.Error("accel_exp included but not asked for")
	}
	for _, bad := range []string{"no_such_prim", "accel_nl_scale"} {
		if _, err := LibrarySource(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("LibrarySource(%s): error %v, want one naming it", bad, err)
		}
	}
}
