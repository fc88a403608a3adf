package nonlin

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

func TestNewErrors(t *testing.T) {
	tests := []struct {
		f       Func
		in, out fixed.Format
		want    string
	}{
		{Exp, fx(17, 8), fx(16, 14), "exp unit input fixed<17,8>: at most 16 bits"},
		{Tanh, fx(16, 8), fx(17, 14), "tanh unit output fixed<17,14>: at most 16 bits"},
		{Reciprocal, fx(32, 8), fx(16, 8), "reciprocal unit input: fixed<32,8>: width must be in 2..31"},
		{Erf, fx(16, 16), fx(16, 14), "erf unit input: fixed<16,16>: fractional bits must be in 0..15"},
		{Rsqrt, fx(16, 8), fx(1, 0), "rsqrt unit output: fixed<1,0>: width must be in 2..31"},
		{Func(9), fx(16, 8), fx(16, 8), "unknown function 9"},
	}
	for _, tc := range tests {
		_, err := New(tc.f, tc.in, tc.out)
		if err == nil || err.Error() != tc.want && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v, %s, %s) = %v, want %q", tc.f, tc.in, tc.out, err, tc.want)
		}
	}
	if _, err := New(Reciprocal, fx(31, 30), fx(16, 15)); err != nil {
		t.Errorf("reciprocal with a 31-bit input: %v", err)
	}
}

func TestParseFunc(t *testing.T) {
	for _, f := range Funcs {
		g, err := ParseFunc(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFunc(%q) = %v, %v", f.String(), g, err)
		}
	}
	if _, err := ParseFunc("gelu"); err == nil || !strings.Contains(err.Error(), `"gelu"`) {
		t.Errorf("ParseFunc(gelu): %v", err)
	}
	if s := Func(42).String(); s != "Func(42)" {
		t.Errorf("Func(42).String() = %q", s)
	}
}

// TestEvalLowBits: like the hardware, Eval reads only the input's low bits.
func TestEvalLowBits(t *testing.T) {
	u := MustNew(Tanh, fx(12, 6), fx(16, 14))
	for _, q := range []int64{-2048, -1, 0, 5, 2047} {
		if a, b := u.Eval(q), u.Eval(q+3<<12); a != b {
			t.Errorf("Eval(%d) = %d but Eval(%d) = %d", q, a, q+3<<12, b)
		}
	}
	if got, want := fmt.Sprint(u.Params()), "[12 6 16 14]"; got != want {
		t.Errorf("Params() = %s, want %s", got, want)
	}
}

// TestScale checks the output stage on hand-derived cases.
func TestScale(t *testing.T) {
	out := fx(8, 4) // [-128, 127] raw, i.e. [-8, 7.9375]
	tests := []struct {
		mag  int64
		sh   int
		neg  bool
		want int64
	}{
		{24, 3, false, 3},   // 24/8 = 3
		{20, 3, false, 3},   // 2.5 rounds half up to 3
		{19, 3, false, 2},   // 2.375 -> 2
		{20, 3, true, -3},   // the magnitude rounds, then the sign: -3
		{5, 0, false, 5},    // no shift
		{5, 2, false, 1},    // 1.25 -> 1
		{3, -4, false, 48},  // 3 * 16
		{8, -4, false, 127}, // 128 saturates
		{8, -4, true, -128}, // -128 fits
		{9, -4, true, -128}, // -144 saturates
		{1, -8, false, 127}, // a shift past the width saturates
		{0, -40, true, 0},   // zero stays zero
		{1 << 25, 70, false, 0},
		{1 << 25, 26, false, 1}, // 2^25 / 2^26 = 0.5 rounds up
	}
	for _, tc := range tests {
		if got := scale(tc.mag, tc.sh, tc.neg, out); got != tc.want {
			t.Errorf("scale(%d, %d, %v) = %d, want %d", tc.mag, tc.sh, tc.neg, got, tc.want)
		}
	}
}

// TestPrimitives checks that each unit's Calyx signature (compiler/calyx)
// and SystemVerilog module (compiler/sv) agree with the Go model: same
// latency, same parameters, in the library.
func TestPrimitives(t *testing.T) {
	for _, f := range Funcs {
		p := f.Primitive()
		s, ok := calyx.LookupPrim(p)
		if !ok {
			t.Errorf("%s: no Calyx signature", p)
			continue
		}
		if int(s.Latency) != f.Latency() {
			t.Errorf("%s: Calyx static<%d>, Go latency %d", p, s.Latency, f.Latency())
		}
		if got := strings.Join(s.Params, ","); got != "IN_WIDTH,IN_FRAC_WIDTH,OUT_WIDTH,OUT_FRAC_WIDTH" {
			t.Errorf("%s: Calyx parameters %s", p, got)
		}
		if !sv.HasPrimitive(p) {
			t.Errorf("%s: not in the SystemVerilog library", p)
			continue
		}
		src, _ := sv.PrimitiveSource(p)
		for _, param := range s.Params {
			if !regexp.MustCompile(`parameter int ` + param + ` = `).MatchString(src) {
				t.Errorf("%s.sv lacks parameter %s", p, param)
			}
		}
		if want := fmt.Sprintf("latency %d cycles", f.Latency()); !strings.Contains(src, want) {
			t.Errorf("%s.sv does not document %q", p, want)
		}
		if f.MaxInWidth() != map[bool]int{true: 31, false: 16}[f == Reciprocal || f == Rsqrt] {
			t.Errorf("%s: MaxInWidth %d", f, f.MaxInWidth())
		}
	}
	for _, f := range Funcs {
		s, ok := calyx.LookupPrim(f.Primitive())
		if !ok || s.Import != calyx.AccelImport || s.Latency != uint64(f.Latency()) {
			t.Errorf("%s: calyx does not declare %s in %s with latency %d", f, f.Primitive(), calyx.AccelImport, f.Latency())
		}
	}
}
