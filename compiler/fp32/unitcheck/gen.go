package unitcheck

import (
	"math"
	"math/rand"
)

// specials are binary32 operands covering every class, both signs.
var specials = func() []uint32 {
	pos := []uint32{
		0x00000000,             // +0
		0x00000001, 0x00000002, // smallest subnormals
		0x00000003, 0x00200001,
		0x00400000, 0x007ffffe,
		0x007fffff,             // largest subnormal
		0x00800000, 0x00800001, // smallest normals
		0x00ffffff, 0x01000000, 0x0c000000,
		0x33800000, 0x34000000, // 2^-24, 2^-23
		0x3effffff, 0x3f000000, 0x3f7fffff, 0x3f800000, 0x3f800001, // around 1/2 and 1
		0x3fc00000, 0x3fffffff, 0x40000000, 0x40400000,
		0x4b000000, 0x4b7fffff, 0x4b800000, // 2^23, 2^24 - 1, 2^24
		0x46fffe00, 0x47000000, 0x477fff00, 0x47800000, // around 2^15 and 2^16
		0x4effffff, 0x4f000000, 0x4f7fffff, 0x4f800000, // around 2^31 and 2^32
		0x5effffff, 0x5f000000, 0x5f7fffff, 0x5f800000, // around 2^63 and 2^64
		0x7effffff, 0x7f000000, 0x7f7ffffe,
		0x7f7fffff,             // largest finite
		0x7f800000,             // infinity
		0x7f800001, 0x7fbfffff, // signaling NaNs
		0x7fc00000, 0x7fc00001, 0x7fffffff, // quiet NaNs
	}
	var out []uint32
	for _, b := range pos {
		out = append(out, b, b|0x80000000)
	}
	return out
}()

// sweepMantissas are the significands the exponent sweeps combine with
// every exponent: zero, one ulp, the top bit, all ones, alternating patterns.
var sweepMantissas = []uint32{0, 1, 0x400000, 0x7fffff, 0x2aaaaa, 0x555555, 0x000fff, 0x7ff000}

// partners are the fixed second operands of the one-dimensional sweeps.
var partners = []uint32{
	0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x3f800000, 0xbf800000,
	0x3fc00000, 0x3f800001, 0x3f7fffff, 0x0d800000, 0x72000000, 0x7f7fffff, 0xff800000, 0x7fc00000, 0x7f800001,
}

// sweepOperands is every exponent with every sweep significand, both signs.
func sweepOperands() []uint32 {
	var out []uint32
	for e := uint32(0); e < 256; e++ {
		for _, m := range sweepMantissas {
			out = append(out, e<<23|m, 0x80000000|e<<23|m)
		}
	}
	return out
}

// binaryFixed emits the deterministic operand pairs of a two-operand float
// operation: all pairs of specials, every exponent and sweep significand
// against the partners (both orders), and every pair of exponents with
// three significand combinations and both relative signs.
func binaryFixed(emit func(a, b uint32)) {
	for _, a := range specials {
		for _, b := range specials {
			emit(a, b)
		}
	}
	for _, a := range sweepOperands() {
		for _, p := range partners {
			emit(a, p)
			emit(p, a)
		}
	}
	pairs := [][2]uint32{{0, 0}, {0x7fffff, 0x7fffff}, {0x400001, 0x3fffff}}
	for ea := uint32(0); ea < 256; ea++ {
		for eb := uint32(0); eb < 256; eb++ {
			for _, m := range pairs {
				a, b := ea<<23|m[0], eb<<23|m[1]
				emit(a, b)
				emit(a, b|0x80000000)
			}
		}
	}
}

// unaryFixed emits the deterministic operands of a one-operand float
// operation: the specials, every exponent with the sweep significands, and
// every exponent with 64 fixed pseudo-random significands.
func unaryFixed(emit func(a uint32)) {
	for _, a := range specials {
		emit(a)
	}
	for _, a := range sweepOperands() {
		emit(a)
	}
	r := rand.New(rand.NewSource(99))
	var ms []uint32
	for range 64 {
		ms = append(ms, r.Uint32()&0x7fffff)
	}
	for e := uint32(0); e < 256; e++ {
		for _, m := range ms {
			emit(e<<23 | m)
			emit(0x80000000 | e<<23 | m)
		}
	}
}

// intFixed emits the deterministic integer operands of width bits: all of
// them up to 20 bits, otherwise 0, ±1,
// every power of two and its neighbours, the limits, and rounding ties of
// every magnitude (a 24-bit significand followed by exactly one half, just
// below and just above it).
func intFixed(width int, emit func(x uint64)) {
	mask := ^uint64(0) >> (64 - width)
	if width <= 20 { // small enough for every value
		for x := uint64(0); x <= mask; x++ {
			emit(x)
		}
		return
	}
	vals := []uint64{0, 1, mask, mask >> 1, mask>>1 + 1, mask>>1 + 2, mask - 1}
	for k := 0; k < width; k++ {
		p := uint64(1) << k
		vals = append(vals, p, p-1, p+1, -p, -p-1, -p+1)
	}
	for s := 1; s+24 <= width; s++ {
		for _, m := range []uint64{0xffffff, 0x800000, 0x800001, 0xaaaaab, 0xfffffe} {
			half := uint64(1) << (s - 1)
			base := m << s
			vals = append(vals, base|half, base|half-1, base|half+1, -(base | half), -(base | half + 1))
		}
	}
	for _, v := range vals {
		emit(v & mask)
	}
}

// randomBinary draws a pair of float operands for op from a mix of
// distributions: uniform bits, biased exponents, related operands (near
// cancellation, neighbours, negations), and op-specific hard cases.
func randomBinary(r *rand.Rand, op string) (uint32, uint32) {
	switch r.Intn(8) {
	case 0, 1:
		return r.Uint32(), r.Uint32()
	case 2:
		return biased(r), biased(r)
	case 3: // related: b shares a's exponent or is a nearby number
		a := r.Uint32()
		switch r.Intn(4) {
		case 0:
			return a, a ^ uint32(r.Intn(1<<r.Intn(24)))
		case 1:
			return a, a ^ 0x80000000 ^ uint32(r.Intn(1<<r.Intn(24)))
		case 2:
			return a, a + uint32(r.Intn(5)) - 2
		}
		return a, a&0xff800000 | r.Uint32()&0x807fffff
	}
	a := biased(r)
	switch op {
	case "add", "sub":
		// b's bits below a's last place are exactly one half (a rounding tie)
		// or just off it; the exponent gap decides where that falls.
		d := uint32(r.Intn(27))
		eb := int(a>>23&0xff) - int(d)
		if eb < 0 {
			eb = 0
		}
		m := r.Uint32() & 0x7fffff
		if d > 0 {
			low := uint32(1) << (d - 1)
			m = m&^(low<<1-1) | low
			m += uint32(r.Intn(3)) - 1
		}
		return a, r.Uint32()&0x80000000 | uint32(eb)<<23 | m&0x7fffff
	case "mul":
		switch r.Intn(3) {
		case 0:
			// Odd 13-bit significands: exact 25- or 26-bit products, so a
			// quarter of them are rounding ties.
			return a&0xfffff000 | 0x800, r.Uint32()&0xfffff000 | 0x800
		case 1:
			return boundaryProduct(r)
		}
		// Products near the underflow or overflow threshold.
		ea := r.Intn(256)
		target := 1 + 127 // biased exponent sum of a product near 2^-126
		if r.Intn(2) == 0 {
			target = 254 + 127
		}
		eb := clamp(target-ea+r.Intn(61)-30, 0, 255)
		return r.Uint32()&0x807fffff | uint32(ea)<<23, r.Uint32()&0x807fffff | uint32(eb)<<23
	case "div":
		switch r.Intn(3) {
		case 0: // divide by a power of two into the subnormal range: ties
			return a&0x807fffff | uint32(r.Intn(40))<<23, r.Uint32()&0x80000000 | uint32(100+r.Intn(60))<<23
		case 1: // exact quotients: b * k / b
			b := biased(r)
			k := float32(r.Intn(1 << 12))
			return math.Float32bits(math.Float32frombits(b) * k), b
		}
		ea := r.Intn(256) // quotients near the underflow or overflow threshold
		target := 1 - 127
		if r.Intn(2) == 0 {
			target = 254 - 127
		}
		eb := clamp(ea-target+r.Intn(61)-30, 0, 255)
		return r.Uint32()&0x807fffff | uint32(ea)<<23, r.Uint32()&0x807fffff | uint32(eb)<<23
	}
	// Comparisons and max/min: equal values, zeros of both signs, neighbours.
	switch r.Intn(3) {
	case 0:
		return a, a
	case 1:
		return r.Uint32() & 0x80000000, r.Uint32() & 0x80000000
	}
	return a, a + 1
}

// boundaryProduct draws operands whose product lies within a few ulps below
// a power of two, 2^-126 or 2^128, where rounding may carry into the next
// binade: the cases where tininess before and after rounding differ, and
// where rounding overflows.
func boundaryProduct(r *rand.Rand) (uint32, uint32) {
	for {
		i1 := uint64(1)<<23 + uint64(r.Intn(1<<23))
		top := uint64(1) << (47 + r.Intn(2)) // significand product near 2 or 4
		i2 := (top-1)/i1 - uint64(r.Intn(2))
		if i2 < 1<<23 || i2 >= 1<<24 {
			continue
		}
		// value = i1*i2 * 2^(ea+eb-300) with i1*i2 just below top.
		sum := 127 // exponent sum for 2^-126 with top = 2^47
		if r.Intn(2) == 0 {
			sum = 381 // 2^128
		}
		if top == 1<<48 {
			sum--
		}
		sum += r.Intn(3) - 1
		lo, hi := max(1, sum-254), min(254, sum-1)
		ea := lo + r.Intn(hi-lo+1)
		sign := r.Uint32() & 0x80000000
		return sign | uint32(ea)<<23 | uint32(i1)&0x7fffff, r.Uint32()&0x80000000 | uint32(sum-ea)<<23 | uint32(i2)&0x7fffff
	}
}

// randomUnary draws one float operand for op.
func randomUnary(r *rand.Rand, op string) uint32 {
	switch r.Intn(4) {
	case 0:
		return r.Uint32()
	case 1:
		return biased(r)
	}
	if op == "sqrt" { // perfect squares, scaled by even powers of two: exact results
		k := float32(1 + r.Intn(1<<12))
		e := uint32(2 * (r.Intn(100) - 50))
		return math.Float32bits(k*k) + e<<23
	}
	// Conversions: magnitudes around the integer limits, fractions of every size.
	e := uint32(100 + r.Intn(100))
	return r.Uint32()&0x807fffff | e<<23
}

// randomInt draws a width-bit integer with a uniformly random bit length.
func randomInt(r *rand.Rand, width int) uint64 {
	n := r.Intn(width + 1)
	x := r.Uint64() >> (64 - n)
	if n == 0 {
		x = 0
	}
	if r.Intn(2) == 0 {
		x = -x
	}
	return x & (^uint64(0) >> (64 - width))
}

// biased draws an operand whose exponent is often extreme.
func biased(r *rand.Rand) uint32 {
	b := r.Uint32()
	switch r.Intn(4) {
	case 0:
		return b&0x807fffff | uint32(r.Intn(4))<<23 // subnormal or lowest binades
	case 1:
		return b&0x807fffff | uint32(251+r.Intn(4))<<23 // highest binades
	case 2:
		return b&0x807fffff | uint32(100+r.Intn(56))<<23 // around 1
	}
	return b
}

func clamp(x, lo, hi int) int { return max(lo, min(hi, x)) }

// expFixed emits exp's own sweeps: every float within 4096 ulps of the
// arguments where the result crosses a boundary (overflow at ln(2^128),
// the smallest normal at ln(2^-126), the subnormal rounding steps at
// ln(2^-149) and ln(2^-150), the clamps at 89 and -104), and, for every
// k = -150..128, the arguments within 64 ulps of (k ± 1/2) ln 2, where
// the rounding of x*log2(e) to k changes.
func expFixed(emit func(a uint32)) {
	around := func(x float64, n int) {
		c := math.Float32bits(float32(x))
		for d := -n; d <= n; d++ {
			emit(uint32(int64(c) + int64(d)))
		}
	}
	for _, x := range []float64{128 * math.Ln2, -126 * math.Ln2, -149 * math.Ln2, -150 * math.Ln2, 89, -104} {
		around(x, 4096)
	}
	for k := -150; k <= 128; k++ {
		around((float64(k)+0.5)*math.Ln2, 64)
		around((float64(k)-0.5)*math.Ln2, 64)
	}
}

// randomExp draws an argument of exp: a third uniform bits (mostly results
// 0, 1 or +inf), the rest uniform reals in [-105, 90], where results span
// every binade, and small arguments of every exponent.
func randomExp(r *rand.Rand) uint32 {
	switch r.Intn(6) {
	case 0, 1:
		return r.Uint32()
	case 2:
		return r.Uint32()&0x807fffff | uint32(r.Intn(127))<<23 // |x| < 1
	}
	return math.Float32bits(float32(-105 + 195*r.Float64()))
}
