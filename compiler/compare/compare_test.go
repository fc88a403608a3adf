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

// TestRelative checks MaxRelErr (error over the largest |want|) and OKRel.
func TestRelative(t *testing.T) {
	tests := []struct {
		name      string
		got, want []float64
		rel       float64
		ok        bool // OKRel(0.05, 1e-4)
	}{
		// 2e-4 off an element near zero, of a tensor whose largest magnitude is 4: 5e-5.
		{"near zero", []float64{4, 0.0002, -1}, []float64{4, 0, -1}, 5e-5, true},
		{"above rtol", []float64{4, 0.0008, -1}, []float64{4, 0, -1}, 2e-4, false},
		{"exact zeros", []float64{0, 0}, []float64{0, 0}, 0, true},
		{"inexact zeros", []float64{0, 1e-9}, []float64{0, 0}, math.Inf(1), false},
	}
	for _, tt := range tests {
		r, err := Output("y", nil, tt.got, tt.want)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.MaxRelErr(); math.Abs(got-tt.rel) > 1e-12 && !(math.IsInf(got, 1) && math.IsInf(tt.rel, 1)) {
			t.Errorf("%s: MaxRelErr %v, want %v", tt.name, got, tt.rel)
		}
		if r.OKRel(0.05, 1e-4) != tt.ok {
			t.Errorf("%s: OKRel = %v, want %v", tt.name, !tt.ok, tt.ok)
		}
		if !r.OKRel(0.05, 0) && r.OK(0.05) {
			t.Errorf("%s: OKRel with rtol 0 differs from OK", tt.name)
		}
	}
}
