package fp32

import (
	"flag"
	"math"
	"runtime"
	"sync"
	"testing"
)

var exhaustive = flag.Bool("exhaustive", false, "TestExpAccuracy: every float32 input (2^32, about a minute per core)")

// expULPError returns the error of Exp(x) in units of the last place of
// the exact e^x (math.Exp in float64: its own error, below 1 ulp of
// binary64, is 2^-29 of a binary32 ulp), with binary32's smallest ulp
// 2^-149 for subnormal results; 0 when both overflow.
func expULPError(x float32) float64 {
	got := float64(Exp(x))
	want := math.Exp(float64(x))
	if math.IsInf(got, 1) || math.IsInf(float64(float32(want)), 1) {
		if math.IsInf(got, 1) && math.IsInf(float64(float32(want)), 1) {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(want) // want = f * 2^e, f in [0.5, 1)
	ulp := math.Ldexp(1, max(e-1, -126)-23)
	return math.Abs(got-want) / ulp
}

// TestExpAccuracy measures Exp's largest error over every stride-th bit
// pattern (every one with -exhaustive) and checks it against expMaxULP.
func TestExpAccuracy(t *testing.T) {
	stride := uint64(251)
	if *exhaustive {
		stride = 1
	}
	workers := runtime.GOMAXPROCS(0)
	type res struct {
		worst float64
		at    uint32
		n     uint64
		over  uint64 // errors above 1/2 ulp: not correctly rounded
		mid   uint64 // inputs whose result is not 0, 1 or +inf
	}
	out := make([]res, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &out[w]
			for b := uint64(w) * stride; b < 1<<32; b += uint64(workers) * stride {
				x := float(uint32(b))
				if x != x {
					continue
				}
				r.n++
				if y := Exp(x); y != 0 && y != 1 && y < float(0x7f800000) {
					r.mid++
				}
				e := expULPError(x)
				if e > 0.5 {
					r.over++
				}
				if e > r.worst {
					r.worst, r.at = e, uint32(b)
				}
			}
		}()
	}
	wg.Wait()
	var best res
	for _, r := range out {
		best.n += r.n
		best.over += r.over
		best.mid += r.mid
		if r.worst > best.worst {
			best.worst, best.at = r.worst, r.at
		}
	}
	t.Logf("%d inputs: worst error %.4f ulp at %#08x (%g); %d not correctly rounded, %.2f%% of the %d whose result is not 0, 1 or +inf",
		best.n, best.worst, best.at, float(best.at), best.over, 100*float64(best.over)/float64(best.mid), best.mid)
	if best.worst > expMaxULP {
		t.Errorf("worst error %.4f ulp at %#08x, documented bound %v", best.worst, best.at, expMaxULP)
	}
}

// TestExpCoefficients recomputes the polynomial of Exp: Q(r) = c2 + c3 r +
// c4 r^2 + c5 r^3 + c6 r^4 interpolating (e^r - 1 - r)/r^2 at the Chebyshev
// nodes 0.35 cos((i + 1/2) pi / 5), i = 0..4 (a Vandermonde system solved
// in float64; at the middle node, 0, the series 1/2 + x/6 + x^2/24),
// each coefficient rounded to float32; and the constants of
// the range reduction.
func TestExpCoefficients(t *testing.T) {
	const n, a = 5, 0.35
	A := make([][]float64, n)
	y := make([]float64, n)
	for i := range n {
		x := a * math.Cos(math.Pi*(float64(i)+0.5)/n)
		A[i] = make([]float64, n)
		for k := range n {
			A[i][k] = math.Pow(x, float64(k))
		}
		y[i] = (math.Expm1(x) - x) / (x * x)
		if math.Abs(x) < 1e-4 { // the middle node, 0 up to cos's rounding: the series
			y[i] = 0.5 + x/6 + x*x/24
		}
	}
	c := solve(A, y)
	for k := range n {
		want := math.Float32bits(float32(c[k]))
		if got := expPoly[n-1-k]; got != want {
			t.Errorf("c%d = %#08x, the fit gives %#08x (%g)", k+2, got, want, c[k])
		}
	}
	consts := []struct {
		name      string
		got, want uint32
	}{
		{"log2(e)", expLog2e, math.Float32bits(float32(math.Log2E))},
		{"ln2 hi", expLn2Hi, math.Float32bits(float32(math.Floor(math.Ln2*0x1p16) * 0x1p-16))},
		{"ln2 lo", expLn2Lo, math.Float32bits(float32(math.Ln2 - math.Floor(math.Ln2*0x1p16)*0x1p-16))},
		{"max arg", expMaxArg, math.Float32bits(89)},
		{"min arg", expMinArg, math.Float32bits(-104)},
	}
	for _, c := range consts {
		if c.got != c.want {
			t.Errorf("%s = %#08x, want %#08x", c.name, c.got, c.want)
		}
	}
	// The clamps give the final results: e^89 overflows, e^-104 is below
	// half the smallest subnormal 2^-149.
	if math.Exp(89) < math.MaxFloat32 || math.Exp(-104) > 0x1p-150 {
		t.Error("a clamp bound does not saturate")
	}
}

// solve solves A x = b by Gaussian elimination with partial pivoting.
func solve(A [][]float64, b []float64) []float64 {
	n := len(b)
	for i := range n {
		p := i
		for j := i + 1; j < n; j++ {
			if math.Abs(A[j][i]) > math.Abs(A[p][i]) {
				p = j
			}
		}
		A[i], A[p] = A[p], A[i]
		b[i], b[p] = b[p], b[i]
		for j := i + 1; j < n; j++ {
			f := A[j][i] / A[i][i]
			for k := i; k < n; k++ {
				A[j][k] -= f * A[i][k]
			}
			b[j] -= f * b[i]
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= A[i][k] * x[k]
		}
		x[i] = s / A[i][i]
	}
	return x
}

// TestExpSpecials checks the special arguments and a few exact values.
func TestExpSpecials(t *testing.T) {
	inf := float(0x7f800000)
	for _, c := range []struct {
		x    uint32
		want uint32
	}{
		{0x7fc00000, CanonicalNaN},
		{0xffc00001, CanonicalNaN},
		{0x7f800001, CanonicalNaN}, // signaling
		{0x7f800000, bits(inf)},    // +inf
		{0xff800000, 0},            // -inf -> +0
		{0x00000000, 0x3f800000},   // e^0 = 1
		{0x80000000, 0x3f800000},   // e^-0 = 1
		{0x00000001, 0x3f800000},   // e^(2^-149) rounds to 1
		{0x80000001, 0x3f800000},   // e^(-2^-149) rounds to 1 (nearest)
		{bits(89), bits(inf)},      // overflow
		{bits(1000), bits(inf)},
		{bits(-104), 0}, // below 2^-150
		{bits(-1000), 0},
		{0x7f7fffff, bits(inf)},
		{0xff7fffff, 0},
	} {
		if got := ExpBits(c.x); got != c.want {
			t.Errorf("Exp(%#08x %g) = %#08x %g, want %#08x %g", c.x, float(c.x), got, float(got), c.want, float(c.want))
		}
	}
	// Subnormal and near-overflow results within the documented bound.
	for _, x := range []float32{-87.3, -100, -103.9, -103.97, 88.7, 88.72283} {
		if e := expULPError(x); e > expMaxULP {
			t.Errorf("Exp(%g): error %.3f ulp", x, e)
		}
	}
}
