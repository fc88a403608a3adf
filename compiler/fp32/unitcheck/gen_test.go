package unitcheck

import (
	"math/rand"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/fp32"
)

// TestGeneratorsReachHardCases checks that the random mix reaches the rare
// cases it is meant to: multiplications where tininess before and after
// rounding differ, overflow by rounding, and rounding ties.
func TestGeneratorsReachHardCases(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var tininess, overflow int
	for range 100000 {
		a, b := randomBinary(r, "mul")
		_, before := fp32.MulBits(a, b, fp32.BeforeRounding)
		_, after := fp32.MulBits(a, b, fp32.AfterRounding)
		if before != after {
			tininess++
		}
		if before&fp32.Overflow != 0 {
			overflow++
		}
	}
	t.Logf("in 10^5 random products: %d where tininess matters, %d overflows", tininess, overflow)
	if tininess < 100 || overflow < 100 {
		t.Errorf("in 10^5 random products: %d where tininess matters, %d overflows; want >= 100 each", tininess, overflow)
	}
}
