package fp32

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// This file checks the package against an independent oracle: exact rational
// arithmetic (math/big) rounded once to binary32 by big.Rat.Float32 (nearest,
// ties to even, with subnormals), and flags derived from the exact value.

var minNormalRat = new(big.Rat).SetFloat64(0x1p-126)

// ratOf returns the exact value of a finite float32.
func ratOf(x float32) *big.Rat { return new(big.Rat).SetFloat64(float64(x)) }

// roundRat rounds the exact nonzero value q and returns the float32 bits and
// the rounding flags (overflow, underflow with tininess t, inexact).
func roundRat(q *big.Rat, t Tininess) (uint32, Flags) {
	r, _ := q.Float32() // its exactness report is wrong for underflow to zero
	var f Flags
	exact := !math.IsInf(float64(r), 0) && ratOf(r).Cmp(q) == 0
	abs := new(big.Rat).Abs(q)
	switch {
	case math.IsInf(float64(r), 0):
		f = Overflow | Inexact
	case !exact:
		f = Inexact
		isTiny := abs.Cmp(minNormalRat) < 0
		if t == AfterRounding {
			// Round to 24 bits with big.Float's (practically unbounded) exponent.
			bf := new(big.Float).SetPrec(24).SetMode(big.ToNearestEven).SetRat(abs)
			isTiny = bf.Cmp(new(big.Float).SetFloat64(0x1p-126)) < 0
		}
		if isTiny {
			f |= Underflow
		}
	}
	return math.Float32bits(r), f
}

func isNaNBits(b uint32) bool { return b&0x7fffffff > 0x7f800000 }

// oracleBinary computes op on a, b with math/big; special operands follow
// IEEE 754 (results NaN canonical).
func oracleBinary(op string, a, b uint32, t Tininess) (uint32, Flags) {
	x, y := float(a), float(b)
	snan := isSNaN(a) || isSNaN(b)
	nan := func(invalid bool) (uint32, Flags) {
		if invalid || snan {
			return CanonicalNaN, Invalid
		}
		return CanonicalNaN, 0
	}
	if x != x || y != y {
		return nan(false)
	}
	xi, yi := math.IsInf(float64(x), 0), math.IsInf(float64(y), 0)
	switch op {
	case "add", "sub":
		if op == "sub" {
			y = -y
		}
		switch {
		case xi && yi && math.Signbit(float64(x)) != math.Signbit(float64(y)):
			return nan(true)
		case xi:
			return bits(x), 0
		case yi:
			return bits(y), 0
		}
		s := new(big.Rat).Add(ratOf(x), ratOf(y))
		if s.Sign() == 0 {
			if math.Signbit(float64(x)) && math.Signbit(float64(y)) {
				return 0x80000000, 0
			}
			return 0, 0
		}
		return roundRat(s, t)
	case "mul":
		sign := uint32(0)
		if math.Signbit(float64(x)) != math.Signbit(float64(y)) {
			sign = 0x80000000
		}
		switch {
		case (xi || yi) && (x == 0 || y == 0):
			return nan(true)
		case xi || yi:
			return sign | 0x7f800000, 0
		case x == 0 || y == 0:
			return sign, 0
		}
		return roundRat(new(big.Rat).Mul(ratOf(x), ratOf(y)), t)
	case "div":
		sign := uint32(0)
		if math.Signbit(float64(x)) != math.Signbit(float64(y)) {
			sign = 0x80000000
		}
		switch {
		case (xi && yi) || (x == 0 && y == 0):
			return nan(true)
		case xi:
			return sign | 0x7f800000, 0
		case y == 0:
			return sign | 0x7f800000, DivByZero
		case yi || x == 0:
			return sign, 0
		}
		return roundRat(new(big.Rat).Quo(ratOf(x), ratOf(y)), t)
	}
	panic(op)
}

// oracleSqrt rounds the square root of a via an exact integer square root.
func oracleSqrt(a uint32) (uint32, Flags) {
	x := float(a)
	switch {
	case x != x:
		if isSNaN(a) {
			return CanonicalNaN, Invalid
		}
		return CanonicalNaN, 0
	case x == 0 || math.IsInf(float64(x), 1):
		return a, 0
	case x < 0:
		return CanonicalNaN, Invalid
	}
	// x = m * 2^e exactly; scale to an even power 2^(e-2s) with N = m*2^(2s)
	// large enough that R = floor(sqrt(N)) has well over 26 bits.
	frac, exp := math.Frexp(float64(x))
	m := new(big.Int).SetInt64(int64(frac * (1 << 24)))
	e := exp - 24
	if e%2 != 0 {
		m.Lsh(m, 1)
		e--
	}
	const s = 40
	n := new(big.Int).Lsh(m, 2*s)
	r := new(big.Int).Sqrt(n)
	exact := new(big.Int).Mul(r, r).Cmp(n) == 0
	// sqrt(x) = sqrt(N) * 2^(e/2 - s); sqrt(N) is R, or strictly between R
	// and R+1, where (2R+1)/2 rounds the same way (no rounding boundary lies
	// strictly inside (R, R+1) at this scale).
	num := new(big.Int).Lsh(r, 1)
	if !exact {
		num.Add(num, big.NewInt(1))
	}
	q := new(big.Rat).SetInt(num)
	sh := e/2 - s - 1
	scale := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(abs(sh))))
	if sh < 0 {
		q.Quo(q, scale)
	} else {
		q.Mul(q, scale)
	}
	return roundRat(q, BeforeRounding)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// specials are operand bit patterns that exercise every class: zeros,
// subnormals, the normal range's ends, infinities, quiet and signaling NaNs.
var specials = func() []uint32 {
	base := []uint32{
		0x00000000, 0x00000001, 0x00000002, 0x00000003, 0x003fffff, 0x00400000, 0x007ffffe, 0x007fffff,
		0x00800000, 0x00800001, 0x00ffffff, 0x01000000, 0x0c000000, 0x33800000, 0x34000000,
		0x3effffff, 0x3f000000, 0x3f7fffff, 0x3f800000, 0x3f800001, 0x3fc00000, 0x3fffffff, 0x40000000,
		0x4b000000, 0x4b7fffff, 0x4effffff, 0x4f000000, 0x4f7fffff, 0x4f800000, 0x5effffff, 0x5f000000, 0x5f800000,
		0x7effffff, 0x7f000000, 0x7f7ffffe, 0x7f7fffff, 0x7f800000,
		0x7f800001, 0x7fbfffff, 0x7fc00000, 0x7fc00001, 0x7fffffff,
	}
	var out []uint32
	for _, b := range base {
		out = append(out, b, b|0x80000000)
	}
	return out
}()

// randomOperand draws bit patterns biased toward the interesting exponents.
func randomOperand(r *rand.Rand) uint32 {
	switch r.Intn(4) {
	case 0:
		return r.Uint32()
	case 1: // tiny: subnormal or the lowest binades
		return r.Uint32()&0x80ffffff | uint32(r.Intn(3))<<23
	case 2: // huge
		return r.Uint32()&0x80ffffff | uint32(250+r.Intn(5))<<23
	}
	// few significant bits, around 1
	return r.Uint32()&0x80000000 | uint32(100+r.Intn(55))<<23 | r.Uint32()&0x7f0000
}

func checkBinary(t *testing.T, op string, got func(a, b uint32, tn Tininess) (uint32, Flags), a, b uint32) {
	t.Helper()
	for _, tn := range []Tininess{BeforeRounding, AfterRounding} {
		wr, wf := oracleBinary(op, a, b, tn)
		gr, gf := got(a, b, tn)
		if gr != wr || gf != wf {
			t.Fatalf("%s(%#08x, %#08x) tininess %d = %#08x %v, oracle %#08x %v", op, a, b, tn, gr, gf, wr, wf)
		}
	}
}

func TestArithmeticAgainstBig(t *testing.T) {
	ops := map[string]func(a, b uint32, tn Tininess) (uint32, Flags){
		"add": func(a, b uint32, _ Tininess) (uint32, Flags) { return AddBits(a, b, false) },
		"sub": func(a, b uint32, _ Tininess) (uint32, Flags) { return AddBits(a, b, true) },
		"mul": MulBits,
		"div": DivBits,
	}
	n := 100000
	if testing.Short() {
		n = 10000
	}
	for _, op := range []string{"add", "sub", "mul", "div"} {
		t.Run(op, func(t *testing.T) {
			f := ops[op]
			for _, a := range specials {
				for _, b := range specials {
					checkBinary(t, op, f, a, b)
				}
			}
			r := rand.New(rand.NewSource(1))
			for range n {
				a := randomOperand(r)
				b := randomOperand(r)
				if r.Intn(4) == 0 { // nearby operands: cancellation, ties
					b = a ^ uint32(r.Intn(1<<r.Intn(26)))
				}
				checkBinary(t, op, f, a, b)
			}
		})
	}
}

// TestDivMatchesNative checks the double-rounded Div against Go's native
// float32 division, which rounds once.
func TestDivMatchesNative(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for range 200000 {
		a, b := float(randomOperand(r)), float(randomOperand(r))
		if got, want := bits(Div(a, b)), bits(canon(a/b)); got != want {
			t.Fatalf("Div(%g, %g) = %#08x, native %#08x", a, b, got, want)
		}
	}
}

func TestSqrtAgainstBig(t *testing.T) {
	check := func(a uint32) {
		wr, wf := oracleSqrt(a)
		gr, gf := SqrtBits(a)
		if gr != wr || gf != wf {
			t.Fatalf("sqrt(%#08x) = %#08x %v, oracle %#08x %v", a, gr, gf, wr, wf)
		}
	}
	for _, a := range specials {
		check(a)
	}
	r := rand.New(rand.NewSource(3))
	for range 100000 {
		check(randomOperand(r))
	}
	for e := uint32(0); e < 256; e++ { // every exponent, both parities
		for _, m := range []uint32{0, 1, 0x400000, 0x7fffff, 0x2aaaaa} {
			check(e<<23 | m)
		}
	}
}

func TestCompareMinMax(t *testing.T) {
	for _, a := range specials {
		for _, b := range specials {
			x, y := float(a), float(b)
			o, f := CompareBits(a, b, true)
			nan := x != x || y != y
			switch {
			case nan && (o != Unordered || f != Invalid):
				t.Fatalf("compare(%#x, %#x) = %v %v, want unordered NV", a, b, o, f)
			case !nan:
				rx, ry := ratOf(x), ratOf(y)
				if xi, yi := math.IsInf(float64(x), 0), math.IsInf(float64(y), 0); xi || yi {
					break // the rational order does not cover infinities; Go's does
				}
				want := Ordering(rx.Cmp(ry) + 1) // -1, 0, 1 -> Less, Equal, Greater
				if o != want || f != 0 {
					t.Fatalf("compare(%#x, %#x) = %v %v, want %v", a, b, o, f, want)
				}
			}
			if _, f := CompareBits(a, b, false); f != snanFlags(a, b) {
				t.Fatalf("quiet compare(%#x, %#x) flags %v", a, b, f)
			}
			mx, _ := MaxBits(a, b)
			mn, _ := MinBits(a, b)
			switch {
			case nan:
				if mx != CanonicalNaN || mn != CanonicalNaN {
					t.Fatalf("max/min(%#x, %#x) = %#x %#x, want NaN", a, b, mx, mn)
				}
			case x == 0 && y == 0:
				wantMax, wantMin := a&b, a|b // +0 wins max, -0 wins min
				if mx != wantMax || mn != wantMin {
					t.Fatalf("max/min(%#x, %#x) = %#x %#x", a, b, mx, mn)
				}
			default:
				if float(mx) != float32(math.Max(float64(x), float64(y))) || float(mn) != float32(math.Min(float64(x), float64(y))) {
					t.Fatalf("max/min(%#x, %#x) = %#x %#x", a, b, mx, mn)
				}
			}
		}
	}
}
