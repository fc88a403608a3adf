package fp32

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// oracleToInt converts with math/big: truncate, then saturate as documented.
func oracleToInt(a uint32, width int, signed bool) (uint64, Flags) {
	x := float(a)
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(width)), big.NewInt(1))
	lo, hi := big.NewInt(0), new(big.Int).Set(mask)
	if signed {
		hi = new(big.Int).Rsh(mask, 1)
		lo = new(big.Int).Neg(new(big.Int).Add(hi, big.NewInt(1)))
	}
	wrap := func(v *big.Int) uint64 { return new(big.Int).And(v, mask).Uint64() }
	if x != x {
		return wrap(hi), Invalid
	}
	if math.IsInf(float64(x), 0) {
		if x > 0 {
			return wrap(hi), Invalid
		}
		return wrap(lo), Invalid
	}
	bf := new(big.Float).SetFloat64(float64(x))
	i, acc := bf.Int(nil) // truncates toward zero
	switch {
	case i.Cmp(hi) > 0:
		return wrap(hi), Invalid
	case i.Cmp(lo) < 0:
		return wrap(lo), Invalid
	case acc != big.Exact:
		return wrap(i), Inexact
	}
	return wrap(i), 0
}

func oracleFromInt(x uint64, width int, signed bool) (uint32, Flags) {
	x &= ^uint64(0) >> (64 - width)
	v := new(big.Int).SetUint64(x)
	if signed && x>>(width-1)&1 == 1 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(width)))
	}
	q := new(big.Rat).SetInt(v)
	r, _ := q.Float32()
	if ratOf(r).Cmp(q) != 0 {
		return bits(r), Inexact
	}
	return bits(r), 0
}

func TestToIntAgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	var ops []uint32
	ops = append(ops, specials...)
	for e := uint32(0); e < 256; e++ {
		for _, m := range []uint32{0, 1, 0x400000, 0x7fffff, 0x000fff} {
			ops = append(ops, e<<23|m, 0x80000000|e<<23|m)
		}
	}
	for range 50000 {
		ops = append(ops, randomOperand(r), r.Uint32()&0x80ffffff|uint32(120+r.Intn(70))<<23)
	}
	for _, w := range []int{2, 8, 16, 31, 32, 33, 63, 64} {
		for _, signed := range []bool{true, false} {
			for _, a := range ops {
				gv, gf := ToIntBits(a, w, signed)
				wv, wf := oracleToInt(a, w, signed)
				if gv != wv || gf != wf {
					t.Fatalf("ToInt(%#08x (%g), %d, signed=%v) = %#x %v, oracle %#x %v", a, float(a), w, signed, gv, gf, wv, wf)
				}
			}
		}
	}
}

func TestFromIntAgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	var xs []uint64
	for i := range 64 {
		p := uint64(1) << i
		xs = append(xs, p, p-1, p+1, -p, -p-1, -p+1, p|p>>24, p|p>>25, p|p>>25|1)
	}
	for range 100000 {
		xs = append(xs, r.Uint64()>>r.Intn(64))
	}
	for _, w := range []int{2, 8, 16, 24, 25, 32, 53, 63, 64} {
		for _, signed := range []bool{true, false} {
			for _, x := range xs {
				gv, gf := FromIntBits(x, w, signed)
				wv, wf := oracleFromInt(x, w, signed)
				if gv != wv || gf != wf {
					t.Fatalf("FromInt(%#x, %d, signed=%v) = %#08x %v, oracle %#08x %v", x, w, signed, gv, gf, wv, wf)
				}
			}
		}
	}
}

func TestBadWidthPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("ToInt with width 65 did not panic")
		}
	}()
	ToInt(1, 65, true)
}
