package lower

import (
	"math"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/exact"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
)

// rqWide requantizes 64-bit values: the rounding adder needs 65 bits (it
// used to be capped at 64 and wrap near the top of the range, saturating to
// the wrong sign), and a shift by at least the operand's width is the
// constant 0.
const rqWide = `program p
numeric fixed<16,8>
mem x: fixed<64,40>[6] input
mem y: fixed<16,8>[6] output
mem z: fixed<8,0>[6] output
kernel k {
  for i in 0..6 {
    y[i] = rq(x[i], fixed<16,8>)
    z[i] = rq(shr(x[i], 30), fixed<8,0>)
  }
}
main {
  k
}
`

// TestRqWideSim simulates rqWide on the ends of int64 and compares with the
// interpreter, which the exact oracle checks first.
func TestRqWideSim(t *testing.T) {
	simtest.NeedVerilator(t)
	p, err := air.Parse([]byte(rqWide))
	if err != nil {
		t.Fatal(err)
	}
	in := map[string][]int64{"x": {math.MaxInt64, math.MinInt64, 1<<63 - 1<<31, -(1 << 31), 1<<31 - 1, 12345 << 24}}
	if err := exact.Check(p, in); err != nil {
		t.Fatal(err)
	}
	out, err := air.Interpret(p, in)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: x/2^32 rounded half up, saturated to [-32768, 32767]; the
	// third is 2^31 - 1/2 -> saturates; -(2^31)/2^32 = -1/2 -> 0; (2^31-1)/2^32 -> 0.
	// 12345<<24 / 2^32 = 12345/256 = 48.22 -> 48. z: |x/2^70| <= 1/2 -> 0.
	if want := []int64{32767, -32768, 32767, 0, 0, 48}; !equal(out["y"], want) {
		t.Errorf("interpreter y = %v, want %v", out["y"], want)
	}
	if want := []int64{0, 0, 0, 0, 0, 0}; !equal(out["z"], want) {
		t.Errorf("interpreter z = %v, want %v", out["z"], want)
	}
	simulate(t, p, in)
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A left shift whose exact result needs more than 64 bits is refused, not wrapped.
func TestRqLeftShiftRefused(t *testing.T) {
	p, err := air.Parse([]byte(`program p
numeric fixed<31,10>
mem x: fixed<60,0>[1] input
mem y: fixed<31,10>[1] output
kernel k {
  y[0] = rq(x[0], fixed<31,10>)
}
main {
  k
}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lower(p)
	want := "rq of fixed<60,0> to fixed<31,10> shifts left by 10 bits: needs 70 bits, limit 64"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "kernel k") {
		t.Errorf("got %v, want an error naming kernel k and %q", err, want)
	}
}
