package sv

import "testing"

func TestPrimDecls(t *testing.T) {
	tests := []struct {
		prim string
		has  []string
		not  []string
	}{
		{"comb_mem_d1", []string{"mem", "idx", "addr0", "read_data", "WIDTH"}, []string{"logic", "int", "wire"}},
		{"std_reg", []string{"in", "out", "write_en", "done"}, []string{"mem"}},
		{"std_sdiv_pipe", []string{"comp", "quo_abs", "rem_shift"}, nil},
	}
	for _, tc := range tests {
		d := primDecls[tc.prim]
		for _, n := range tc.has {
			if !d[n] {
				t.Errorf("primDecls[%s] lacks %s", tc.prim, n)
			}
		}
		for _, n := range tc.not {
			if d[n] {
				t.Errorf("primDecls[%s] has %s", tc.prim, n)
			}
		}
	}
}
