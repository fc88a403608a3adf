package nonlin

import (
	_ "embed"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/fixed"
)

// doc is the package doc, whose stated bounds the tests check.
//
//go:embed doc.go
var doc string

func fx(w, f int) fixed.Format { return fixed.Format{Width: w, Frac: f} }

// accuracy lists the formats the package doc states errors for and the
// stated worst errors, in units of the output's last place (LSB): each the
// exhaustive measurement rounded up in the third decimal.
var accuracy = []struct {
	f       Func
	in, out fixed.Format
	bound   float64
}{
	{Exp, fx(16, 8), fx(16, 14), 0.502},
	{Exp, fx(16, 8), fx(16, 8), 0.505},
	{Reciprocal, fx(16, 8), fx(16, 8), 0.500},
	{Reciprocal, fx(16, 10), fx(16, 14), 0.524},
	{Reciprocal, fx(24, 14), fx(16, 14), 0.543},
	{Rsqrt, fx(16, 12), fx(16, 8), 0.501},
	{Rsqrt, fx(16, 8), fx(16, 10), 0.501},
	{Rsqrt, fx(24, 16), fx(16, 10), 0.509},
	{Sigmoid, fx(16, 8), fx(16, 15), 0.564},
	{Sigmoid, fx(16, 8), fx(16, 8), 0.500},
	{Tanh, fx(16, 8), fx(16, 14), 0.561},
	{Tanh, fx(16, 8), fx(16, 8), 0.501},
	{Erf, fx(16, 8), fx(16, 14), 0.546},
	{Erf, fx(16, 8), fx(16, 8), 0.501},
}

// allFormats is the stated worst error of each unit over every pair
// fixed<16,Fi> -> fixed<16,Fo> (0 <= Fi, Fo <= 15), which covers every
// narrower format too (package doc).
var allFormats = map[Func]float64{Exp: 0.515, Reciprocal: 0.551, Rsqrt: 0.522, Sigmoid: 0.566, Tanh: 0.627, Erf: 0.616}

func row(u Unit, lsb float64) string {
	return fmt.Sprintf("%-10s  %-13s  %-13s  %.3f  %.1e", u.Func, u.In, u.Out, lsb, math.Ldexp(lsb, -u.Out.Frac))
}

// TestAccuracy measures each stated unit's worst error against float64 over
// every input of its format (2^16, or 2^24 for the 24-bit inputs) and checks
// it against the stated bound, and that the package doc states that bound.
func TestAccuracy(t *testing.T) {
	for _, a := range accuracy {
		u := MustNew(a.f, a.in, a.out)
		t.Run(strings.ReplaceAll(u.String(), " ", "_"), func(t *testing.T) {
			t.Parallel()
			if u.In.Width > 16 && testing.Short() {
				t.Skip("2^24 inputs; not in -short")
			}
			e, at := u.WorstError()
			t.Logf("worst %.6f LSB at x = %g", e, u.In.ToFloat(at))
			if e > a.bound {
				t.Errorf("%s: worst error %.4f LSB at x = %g, above the stated %.3f", u, e, u.In.ToFloat(at), a.bound)
			}
			if want := row(u, a.bound); !strings.Contains(doc, want) {
				t.Errorf("doc.go does not state %q", want)
			}
		})
	}
}

// TestAccuracyAllFormats measures every unit over all 256 pairs of 16-bit
// formats (16.8 million inputs per unit) against the stated per-unit bound.
func TestAccuracyAllFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("100 million evaluations; not in -short")
	}
	for _, f := range Funcs {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			worst, where := 0.0, ""
			for fi := 0; fi < 16; fi++ {
				for fo := 0; fo < 16; fo++ {
					u := MustNew(f, fx(16, fi), fx(16, fo))
					if e, at := u.WorstError(); e > worst {
						worst, where = e, fmt.Sprintf("%s at x = %g", u, u.In.ToFloat(at))
					}
				}
			}
			t.Logf("worst %.6f LSB: %s", worst, where)
			if worst > allFormats[f] {
				t.Errorf("%s: worst error %.4f LSB (%s), above the stated %.3f", f, worst, where, allFormats[f])
			}
			if want := fmt.Sprintf("%-10s  %.3f", f, allFormats[f]); !strings.Contains(doc, want) {
				t.Errorf("doc.go does not state %q", want)
			}
		})
	}
}

// TestSymmetry checks the identities the algorithms build in, over every
// fixed<16,8> input: tanh and erf are odd, 1/(-x) = -(1/x) (where 1/x does
// not saturate: -128 is in range, 128 is not), and
// sigmoid(x) + sigmoid(-x) is 1 within one last place (each is within
// 0.57 of a place of its exact value).
func TestSymmetry(t *testing.T) {
	in := fx(16, 8)
	odd := []Unit{MustNew(Tanh, in, fx(16, 14)), MustNew(Erf, in, fx(16, 14)), MustNew(Reciprocal, in, fx(16, 8))}
	sig := MustNew(Sigmoid, in, fx(16, 15))
	for q := in.Min() + 1; q <= in.Max(); q++ {
		for _, u := range odd {
			if y := u.Eval(q); q != 0 && y != u.Out.Max() && y != u.Out.Min() && u.Eval(-q) != -y {
				t.Fatalf("%s: f(%d) = %d but f(%d) = %d", u, q, u.Eval(q), -q, u.Eval(-q))
			}
		}
		if s := sig.Eval(q) + sig.Eval(-q); s < 1<<15-1 || s > 1<<15+1 {
			t.Fatalf("sigmoid(%d) + sigmoid(%d) = %d, want 32768 +- 1", q, -q, s)
		}
	}
}

// TestSpecialValues checks the saturation rules the doc states, with values
// derived by hand.
func TestSpecialValues(t *testing.T) {
	in, out := fx(16, 8), fx(16, 14)
	tests := []struct {
		f    Func
		x    float64
		want int64 // raw fixed<16,14>
	}{
		{Exp, 0, 1 << 14},               // e^0 = 1
		{Exp, 127.99609375, 32767},      // e^128 saturates
		{Exp, 0.75, 32767},              // e^0.75 = 2.117 saturates
		{Exp, -128, 0},                  // e^-128 rounds to 0
		{Exp, -11.5, 0},                 // e^-11.5 * 2^14 = 0.166 rounds to 0
		{Exp, -9, 2},                    // e^-9 * 2^14 = 2.018
		{Reciprocal, 0, 32767},          // 1/0 saturates
		{Reciprocal, 0.00390625, 32767}, // 1/2^-8 = 256 saturates
		{Reciprocal, -0.00390625, -32768},
		{Reciprocal, 1, 1 << 14},
		{Reciprocal, -2, -(1 << 13)},
		{Rsqrt, 0, 32767},  // 1/sqrt(0) saturates
		{Rsqrt, -4, 32767}, // x <= 0 saturates
		{Rsqrt, 4, 1 << 13},
		{Sigmoid, 0, 1 << 13},
		{Sigmoid, 127.99609375, 1 << 14},
		{Sigmoid, -128, 0},
		{Tanh, 0, 0},
		{Tanh, 100, 1 << 14},
		{Tanh, -100, -(1 << 14)},
		{Erf, 0, 0},
		{Erf, 5, 1 << 14},
		{Erf, -5, -(1 << 14)},
	}
	for _, tc := range tests {
		u := MustNew(tc.f, in, out)
		if got := u.Eval(in.FromFloat(tc.x)); got != tc.want {
			t.Errorf("%s(%g) = %d, want %d", tc.f, tc.x, got, tc.want)
		}
	}
}
