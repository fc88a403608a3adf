// Package compare measures a model's outputs against PyTorch's: the largest
// absolute error and the argmax of every row, as the float-interpreter
// check (accelc run) and the simulation check (torch_check) report them.
package compare

import (
	"fmt"
	"math"
)

// Result is the comparison of one output tensor with PyTorch's.
type Result struct {
	Output    string  // output name
	MaxAbsErr float64 // largest |got - want|
	// MaxAbsWant is the largest |want|, the scale of MaxRelErr.
	MaxAbsWant float64
	Rows       int // rows compared: the product of all dims but the last
	RowLen     int // elements per row: the last dim (all elements when the shape is unknown or a scalar)
	// RowsAgree counts rows whose argmax (first largest element) is the
	// same in got and want; rows of one element always agree.
	RowsAgree int
	FirstBad  int // first row whose argmax differs, -1 if none
	// ArgmaxGot and ArgmaxWant are the argmaxes of the first row (or of
	// FirstBad when a row differs), as positions within the row.
	ArgmaxGot, ArgmaxWant int
}

// OK reports whether the output is within atol everywhere and every row has the same argmax.
func (r Result) OK(atol float64) bool { return r.MaxAbsErr <= atol && r.RowsAgree == r.Rows }

// MaxRelErr is MaxAbsErr relative to the output's largest magnitude,
// max|got - want| / max|want| (the bound a float32 model is held to: each
// element's error measured against the tensor's scale, which stays defined
// where elements are near zero); 0 for an exact all-zero output, +inf for
// an inexact one.
func (r Result) MaxRelErr() float64 {
	switch {
	case r.MaxAbsErr == 0:
		return 0
	case r.MaxAbsWant == 0:
		return math.Inf(1)
	}
	return r.MaxAbsErr / r.MaxAbsWant
}

// OKRel is OK(atol) and, when rtol > 0, also MaxRelErr() <= rtol.
func (r Result) OKRel(atol, rtol float64) bool {
	return r.OK(atol) && (rtol <= 0 || r.MaxRelErr() <= rtol)
}

// String formats the result as one line.
func (r Result) String() string {
	s := fmt.Sprintf("output %s: max abs error %.3g, argmax per row agrees in %d/%d rows", r.Output, r.MaxAbsErr, r.RowsAgree, r.Rows)
	if r.FirstBad >= 0 {
		s += fmt.Sprintf(" (row %d: %d, PyTorch %d)", r.FirstBad, r.ArgmaxGot, r.ArgmaxWant)
	}
	return s
}

// Output compares got with want, both row-major of the given shape (nil
// when unknown: one row). It is an error when the lengths differ.
func Output(name string, shape []int, got, want []float64) (Result, error) {
	if len(got) != len(want) {
		return Result{}, fmt.Errorf("output %q: %d values, PyTorch has %d", name, len(got), len(want))
	}
	r := Result{Output: name, RowLen: len(got), FirstBad: -1}
	if len(shape) > 0 && shape[len(shape)-1] > 0 {
		r.RowLen = shape[len(shape)-1]
	}
	if r.RowLen == 0 || len(got)%r.RowLen != 0 {
		r.RowLen = max(len(got), 1)
	}
	for i := range got {
		r.MaxAbsWant = math.Max(r.MaxAbsWant, math.Abs(want[i]))
		r.MaxAbsErr = math.Max(r.MaxAbsErr, math.Abs(got[i]-want[i]))
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) {
			r.MaxAbsErr = math.Inf(1)
		}
	}
	r.Rows = len(got) / r.RowLen
	for row := 0; row < r.Rows; row++ {
		g := Argmax(got[row*r.RowLen : (row+1)*r.RowLen])
		w := Argmax(want[row*r.RowLen : (row+1)*r.RowLen])
		if row == 0 {
			r.ArgmaxGot, r.ArgmaxWant = g, w
		}
		if g == w {
			r.RowsAgree++
		} else if r.FirstBad < 0 {
			r.FirstBad, r.ArgmaxGot, r.ArgmaxWant = row, g, w
		}
	}
	return r, nil
}

// Argmax returns the position of the first largest element (0 for none).
func Argmax(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}
