package fp32

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// nearest16 rounds x to a 16-bit format through math/big: the value with
// prec significand bits and exponents down to emin (subnormals below),
// ties to even; it returns the rounded value as a float64 (maybe ±Inf).
func nearest16(x float32, prec, emin int, maxFinite float64) float64 {
	v := float64(x)
	// In units of the smallest subnormal, 2^(emin-prec+1), the format holds
	// every integer below 2^prec and prec-bit numbers above.
	unit := math.Ldexp(1, emin-prec+1)
	q := v / unit // exact: power-of-two scaling
	var f float64
	if math.Abs(q) < math.Ldexp(1, prec) {
		f = math.RoundToEven(q)
	} else {
		r := new(big.Float).SetPrec(uint(prec)).SetMode(big.ToNearestEven).SetFloat64(q)
		f, _ = r.Float64()
	}
	f = math.Copysign(f*unit, v)
	if math.Abs(f) > maxFinite { // rounded past the largest finite number
		return math.Copysign(math.Inf(1), v)
	}
	return f
}

func TestFloat16AgainstBig(t *testing.T) {
	// Every binary16 value converts exactly and back.
	for h := 0; h < 1<<16; h++ {
		x := FromFloat16(uint16(h))
		got := Float16(x)
		if x != x {
			if got != CanonicalFloat16NaN {
				t.Fatalf("Float16(NaN %#04x) = %#04x", h, got)
			}
			continue
		}
		if got != uint16(h) {
			t.Fatalf("round trip %#04x -> %g -> %#04x", h, x, got)
		}
	}
	r := rand.New(rand.NewSource(6))
	for range 300000 {
		b := r.Uint32()&0x80ffffff | uint32(100+r.Intn(48))<<23 // around binary16's range
		if r.Intn(8) == 0 {
			b = b&0xffffe000 | 0x1000 // exactly halfway between binary16 neighbors in the normal range
		}
		x := float(b)
		want := nearest16(x, 11, -14, 65504)
		got := float64(FromFloat16(Float16(x)))
		if got != want || math.Signbit(got) != math.Signbit(want) {
			t.Fatalf("Float16(%g = %#08x) = %g, want %g", x, b, got, want)
		}
	}
}

func TestBFloat16AgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for i := range 300000 {
		b := r.Uint32()
		if i%4 == 0 {
			b = b&0xffff0000 | 0x8000 // ties
		}
		x := float(b)
		got := BFloat16(x)
		if x != x {
			if got != CanonicalBFloat16NaN {
				t.Fatalf("BFloat16(NaN %#08x) = %#04x", b, got)
			}
			continue
		}
		want := nearest16(x, 8, -126, float64(FromBFloat16(0x7f7f)))
		if g := float64(FromBFloat16(got)); g != want || math.Signbit(g) != math.Signbit(want) {
			t.Fatalf("BFloat16(%g = %#08x) = %g, want %g", x, b, g, want)
		}
	}
}
