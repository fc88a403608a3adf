package fromgraph

import (
	"fmt"
	"math"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Width choices and limits. Every type is at most air.MaxWidth (64) bits and
// air refuses wider results; an accumulator register is at most accLimit bits
// because the update acc = add(acc, x) is one bit wider than acc. A layer
// whose format would need more is refused with an error naming the kernel,
// the width needed and the limit; nothing is capped or wrapped.

// accLimit is the widest accumulator register: add(acc, x) must fit air.MaxWidth.
const accLimit = air.MaxWidth - 1

// fits reports whether raw value round(x*2^frac) lies in a width-bit signed range.
func fits(width, frac int, x float64) bool {
	r := math.Round(math.Ldexp(math.Abs(x), frac))
	return r <= math.Ldexp(1, width-1)-1
}

// bias is an addend an accumulator starts from: a Conv bias, Gemm's C.
type bias struct {
	what  string   // for errors, e.g. `bias "b" (fixed<32,20>)`
	width int      // bits it needs at the accumulator's scale
	val   air.Expr // its value, to be requantized to the accumulator
}

// accType is the accumulator of kernel for sums of k products of an a and a
// b value onto a bias (nil if none): fixed<Wa+Wb+ceil(log2 k)+1, Fa+Fb>,
// one bit more than the largest sum needs, and at least one bit wider than
// the bias. It is an error if that exceeds accLimit. A float32 operand
// gives a float32 accumulator.
func (l *lowerer) accType(kernel string, a, b air.Type, k int, bias *bias) (air.Type, error) {
	if a.Float || b.Float {
		return air.Float32, nil
	}
	w := a.Width + b.Width + bitsFor(k) + 1
	if bias != nil && bias.width+1 > w {
		w = bias.width + 1
		if w > accLimit {
			return air.Type{}, fmt.Errorf("%s: accumulator needs %d bits for the %s, limit %d (acc + product must fit in %d bits)",
				kernel, w, bias.what, accLimit, air.MaxWidth)
		}
	}
	if w > accLimit {
		return air.Type{}, fmt.Errorf("%s: accumulator needs %d bits (K=%d products of %s and %s: %d-bit products, %d bits for the sum and a sign bit of headroom), limit %d (acc + product must fit in %d bits)%s",
			kernel, w, k, a, b, a.Width+b.Width, bitsFor(k), accLimit, air.MaxWidth,
			l.narrower(func(e int) int { return 2*e + bitsFor(k) + 1 }, accLimit))
	}
	return air.Type{Width: w, Frac: a.Frac + b.Frac}, nil
}

// sumType is the accumulator of kernel for sums of k e values:
// fixed<We+ceil(log2 k)+1, Fe>, or float32 for float32 values.
func (l *lowerer) sumType(kernel string, e air.Type, k int) (air.Type, error) {
	if e.Float {
		return air.Float32, nil
	}
	w := e.Width + bitsFor(k) + 1
	if w > accLimit {
		return air.Type{}, fmt.Errorf("%s: sum of K=%d values of %s needs %d bits, limit %d (sum + value must fit in %d bits)%s",
			kernel, k, e, w, accLimit, air.MaxWidth, l.narrower(func(e int) int { return e + bitsFor(k) + 1 }, accLimit))
	}
	return air.Type{Width: w, Frac: e.Frac}, nil
}

// reciprocalFrac is R for the constant 1/k of type fixed<R+2,R> that divides a
// sum of type sum: W+8 (relative error of round(2^R/k) below 2^-(R+1)*k), or
// less where the exact product sum*r would exceed air.MaxWidth, as long as the
// error stays within half an output ulp (R >= W + ceil(log2 k) - 1, since the
// average is below 2^(W-1) ulps); otherwise an error.
func (l *lowerer) reciprocalFrac(kernel string, sum air.Type, k int) (int, error) {
	W := l.e.Width
	R := min(W+8, air.MaxWidth-sum.Width-2)
	if need := W + bitsFor(k) - 1; R < need {
		return 0, fmt.Errorf("%s: average of K=%d values needs a %d-bit product (sum %s times 1/%d at fixed<%d,%d>), limit %d%s",
			kernel, k, sum.Width+need+2, sum, k, need+2, need, air.MaxWidth,
			l.narrower(func(e int) int { return 2*e + 2*bitsFor(k) + 2 }, air.MaxWidth))
	}
	return R, nil
}

// narrower suggests the widest activation format narrower than the current one
// for which need(width) <= limit, keeping the fractional bits where possible.
func (l *lowerer) narrower(need func(width int) int, limit int) string {
	for w := l.e.Width - 1; w >= 2; w-- {
		if need(w) <= limit {
			return fmt.Sprintf("; use a narrower -numeric such as fixed<%d,%d>", w, min(l.e.Frac, w-1))
		}
	}
	return ""
}

// wideType is a type with frac fractional bits and at least minWidth bits
// that holds every value of xs, or an error naming what for if that needs
// more than limit bits.
func wideType(what string, minWidth, frac, limit int, xs []float64) (air.Type, error) {
	m := maxAbs(xs)
	for w := minWidth; w <= limit; w++ {
		if fits(w, frac, m) {
			return air.Type{Width: w, Frac: frac}, nil
		}
	}
	return air.Type{}, fmt.Errorf("%s: largest magnitude %.4g needs more than %d bits with %d fractional bits", what, m, limit, frac)
}

// weightType picks the W-bit type with the most fractional bits (at most W-1)
// that holds every value, or an error if not even fixed<W,0> holds them.
func weightType(name string, width int, xs []float64) (air.Type, error) {
	t, err := fracType(fmt.Sprintf("weights %q", name), width, xs)
	if err != nil {
		return t, fmt.Errorf("%w (weights get the -numeric width); use a wider -numeric", err)
	}
	return t, nil
}

// fracType is weightType for any constant, described by what in errors.
func fracType(what string, width int, xs []float64) (air.Type, error) {
	m := maxAbs(xs)
	for f := width - 1; f >= 0; f-- {
		if fits(width, f, m) {
			return air.Type{Width: width, Frac: f}, nil
		}
	}
	return air.Type{}, fmt.Errorf("%s: largest magnitude %.4g does not fit fixed<%d,0>", what, m, width)
}

// weightType is the type of weight tensor name with values xs next to
// activations of type l.e: float32 in a float32 program, else the package
// function weightType's fixed type at the activations' width.
func (l *lowerer) weightType(name string, xs []float64) (air.Type, error) {
	if l.e.Float {
		return air.Float32, nil
	}
	return weightType(name, l.e.Width, xs)
}

// constType is fracType at the activations' width, or float32 in a float32
// program.
func (l *lowerer) constType(what string, xs []float64) (air.Type, error) {
	if l.e.Float {
		return air.Float32, nil
	}
	return fracType(what, l.e.Width, xs)
}

// wideType is the package function wideType with at least twice the
// activations' width, or float32 in a float32 program.
func (l *lowerer) wideType(what string, frac, limit int, xs []float64) (air.Type, error) {
	if l.e.Float {
		return air.Float32, nil
	}
	return wideType(what, 2*l.e.Width, frac, limit, xs)
}

// bitsFor is ceil(log2(k)) for k >= 1.
func bitsFor(k int) int {
	b := 0
	for (1 << b) < k {
		b++
	}
	return b
}

// bnTypes are the types of a standalone BatchNormalization's scale s and
// shift t (y = x*s + t): s gets W+8 bits with as many fractional bits Fs as
// its largest value allows (so its rounding error, at most 2^-(Fs+1) times
// |x| < 2^(W-F-1), stays far below an output ulp), t the scale of x*s,
// F+Fs fractional bits, in at least 2W bits; an error if x*s + t would exceed
// air.MaxWidth. Both are float32 in a float32 program.
func (l *lowerer) bnTypes(kernel string, s, t []float64) (air.Type, air.Type, error) {
	if l.e.Float {
		return air.Float32, air.Float32, nil
	}
	W, F := l.e.Width, l.e.Frac
	st, err := fracType(kernel+": scale", W+8, s)
	if err != nil {
		return air.Type{}, air.Type{}, err
	}
	tt, err := wideType(kernel+": shift", 2*W, F+st.Frac, air.MaxWidth, t)
	if err != nil {
		return air.Type{}, air.Type{}, err
	}
	if w := max(W+st.Width, tt.Width) + 1; w > air.MaxWidth {
		return air.Type{}, air.Type{}, fmt.Errorf("%s: x*scale + shift needs %d bits (x %s, scale %s, shift %s), limit %d%s",
			kernel, w, l.e, st, tt, air.MaxWidth, l.narrower(func(e int) int { return 2*e + 9 }, air.MaxWidth))
	}
	return st, tt, nil
}
