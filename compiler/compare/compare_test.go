package compare

import (
	"math"
	"strings"
	"testing"
)

func TestOutput(t *testing.T) {
	tests := []struct {
		name      string
		shape     []int
		got, want []float64
		err       float64
		rows      int
		agree     int
		firstBad  int
		ok        bool
	}{
		{"one row", []int{1, 4}, []float64{1, -0.5, 0.25, 2}, []float64{1, -0.5, 0.25, 2}, 0, 1, 1, -1, true},
		{"argmax differs", []int{1, 4}, []float64{1, -0.5, 0.25, 2}, []float64{1, -0.5, 2.01, 2}, 1.76, 1, 0, 0, false},
		// Two rows of three: the flattened argmax (element 5 in both) would
		// agree, but row 0's does not.
		{"per row", []int{2, 3}, []float64{1, 2, 0, 0, 0, 9}, []float64{2, 1.9, 0, 0, 0, 9}, 1, 2, 1, 0, false},
		{"scalars", []int{3, 1}, []float64{1, 2, 3}, []float64{3, 2, 1}, 2, 3, 3, -1, false},
		{"no shape", nil, []float64{0, 1}, []float64{0, 1.01}, 0.01, 1, 1, -1, true},
		{"nan", []int{2}, []float64{math.NaN(), 1}, []float64{0, 1}, math.Inf(1), 1, 0, 0, false},
	}
	for _, tt := range tests {
		r, err := Output("y", tt.shape, tt.got, tt.want)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if math.Abs(r.MaxAbsErr-tt.err) > 1e-9 && !(math.IsInf(tt.err, 1) && math.IsInf(r.MaxAbsErr, 1)) {
			t.Errorf("%s: max abs error %v, want %v", tt.name, r.MaxAbsErr, tt.err)
		}
		if r.Rows != tt.rows || r.RowsAgree != tt.agree || r.FirstBad != tt.firstBad {
			t.Errorf("%s: rows %d agree %d first bad %d, want %d %d %d", tt.name, r.Rows, r.RowsAgree, r.FirstBad, tt.rows, tt.agree, tt.firstBad)
		}
		if r.OK(0.05) != tt.ok {
			t.Errorf("%s: OK = %v", tt.name, r.OK(0.05))
		}
	}
	if _, err := Output("y", nil, []float64{1}, []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "1 values, PyTorch has 2") {
		t.Errorf("length mismatch: %v", err)
	}
	r, _ := Output("y", []int{2, 3}, []float64{1, 2, 0, 0, 0, 9}, []float64{2, 1.9, 0, 0, 0, 9})
	if s := r.String(); !strings.Contains(s, "agrees in 1/2 rows (row 0: 1, PyTorch 0)") {
		t.Errorf("String() = %q", s)
	}
}
