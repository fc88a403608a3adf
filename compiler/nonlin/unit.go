package nonlin

import (
	"fmt"
	"math"

	"github.com/rules-accel/rules_accel/compiler/fixed"
)

// Func is one of the nonlinear functions the units compute.
type Func int

// The functions, in the order Funcs lists them.
const (
	Exp        Func = iota // e^x
	Reciprocal             // 1/x
	Rsqrt                  // 1/sqrt(x)
	Sigmoid                // 1/(1+e^-x)
	Tanh                   // tanh(x)
	Erf                    // erf(x)
)

// Funcs lists every function.
var Funcs = []Func{Exp, Reciprocal, Rsqrt, Sigmoid, Tanh, Erf}

type funcInfo struct {
	name    string
	prim    string
	latency int
	maxIn   int // widest input format
	ref     func(float64) float64
	eval    func(q int64, in, out fixed.Format) int64
}

var funcInfos = [...]funcInfo{
	Exp:        {"exp", "accel_exp", 5, 16, math.Exp, evalExp},
	Reciprocal: {"reciprocal", "accel_reciprocal", 5, fixed.MaxWidth, refReciprocal, evalReciprocal},
	Rsqrt:      {"rsqrt", "accel_rsqrt", 5, fixed.MaxWidth, refRsqrt, evalRsqrt},
	Sigmoid:    {"sigmoid", "accel_sigmoid", 8, 16, refSigmoid, evalSigmoid},
	Tanh:       {"tanh", "accel_tanh", 8, 16, math.Tanh, evalTanh},
	Erf:        {"erf", "accel_erf", 4, 16, math.Erf, evalErf},
}

// MaxOutWidth is the widest output format of every unit.
const MaxOutWidth = 16

// String returns the function's name: exp, reciprocal, rsqrt, sigmoid, tanh or erf.
func (f Func) String() string {
	if f < 0 || int(f) >= len(funcInfos) {
		return fmt.Sprintf("Func(%d)", int(f))
	}
	return funcInfos[f].name
}

// ParseFunc returns the function with the given name (as String writes it).
func ParseFunc(name string) (Func, error) {
	for _, f := range Funcs {
		if f.String() == name {
			return f, nil
		}
	}
	return 0, fmt.Errorf("nonlinear function %q: want one of exp, reciprocal, rsqrt, sigmoid, tanh, erf", name)
}

// Primitive returns the name of the function's Calyx primitive and SystemVerilog module.
func (f Func) Primitive() string { return funcInfos[f].prim }

// Latency returns the unit's latency in cycles: the output in cycle t+Latency is the result for the input in cycle t.
func (f Func) Latency() int { return funcInfos[f].latency }

// MaxInWidth returns the widest input format the unit accepts, in bits.
func (f Func) MaxInWidth() int { return funcInfos[f].maxIn }

// Ref returns the float64 value of the function (the reference the errors are measured against).
// Reciprocal and Rsqrt return +Inf at 0; Rsqrt returns +Inf for negative x too (the units saturate there).
func (f Func) Ref(x float64) float64 { return funcInfos[f].ref(x) }

func refReciprocal(x float64) float64 { return 1 / x }

func refRsqrt(x float64) float64 {
	if x <= 0 {
		return math.Inf(1)
	}
	return 1 / math.Sqrt(x)
}

func refSigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Unit is a function with its input and output formats: one hardware instance.
type Unit struct {
	Func Func
	In   fixed.Format // input format, Width <= Func.MaxInWidth()
	Out  fixed.Format // output format, Width <= MaxOutWidth
}

// New returns the unit computing f from fixed<in> to fixed<out>, or an error if a format is not supported.
func New(f Func, in, out fixed.Format) (Unit, error) {
	if f < 0 || int(f) >= len(funcInfos) {
		return Unit{}, fmt.Errorf("nonlinear unit: unknown function %d", int(f))
	}
	if _, err := fixed.New(in.Width, in.Frac); err != nil {
		return Unit{}, fmt.Errorf("%s unit input: %w", f, err)
	}
	if _, err := fixed.New(out.Width, out.Frac); err != nil {
		return Unit{}, fmt.Errorf("%s unit output: %w", f, err)
	}
	if in.Width > f.MaxInWidth() {
		return Unit{}, fmt.Errorf("%s unit input %s: at most %d bits", f, in, f.MaxInWidth())
	}
	if out.Width > MaxOutWidth {
		return Unit{}, fmt.Errorf("%s unit output %s: at most %d bits", f, out, MaxOutWidth)
	}
	return Unit{Func: f, In: in, Out: out}, nil
}

// MustNew is New for formats known to be valid; it panics on an error.
func MustNew(f Func, in, out fixed.Format) Unit {
	u, err := New(f, in, out)
	if err != nil {
		panic(err)
	}
	return u
}

// String returns e.g. "exp fixed<16,8> -> fixed<16,14>".
func (u Unit) String() string { return fmt.Sprintf("%s %s -> %s", u.Func, u.In, u.Out) }

// Eval returns the unit's output (a raw value of Out) for the raw input q of
// In, exactly as the hardware computes it. Like the hardware, it reads only
// the low In.Width bits of q.
func (u Unit) Eval(q int64) int64 {
	q = u.In.FromBits(u.In.Bits(q))
	return funcInfos[u.Func].eval(q, u.In, u.Out)
}

// Params returns the Calyx cell parameters of the unit's primitive:
// IN_WIDTH, IN_FRAC_WIDTH, OUT_WIDTH, OUT_FRAC_WIDTH.
func (u Unit) Params() []uint64 {
	return []uint64{uint64(u.In.Width), uint64(u.In.Frac), uint64(u.Out.Width), uint64(u.Out.Frac)}
}

// Error returns the unit's error at raw input q, in units of the output's
// last place: |Eval(q) - sat(f(x))| * 2^Out.Frac, where x is q's value and
// sat clamps the exact result to the output's range.
func (u Unit) Error(q int64) float64 {
	x := u.In.ToFloat(u.In.FromBits(u.In.Bits(q)))
	want := math.Ldexp(u.Func.Ref(x), u.Out.Frac)
	want = math.Max(math.Min(want, float64(u.Out.Max())), float64(u.Out.Min()))
	return math.Abs(float64(u.Eval(q)) - want)
}

// WorstError evaluates every input of the unit's format (2^In.Width of them)
// and returns the largest Error and the first raw input where it occurs.
func (u Unit) WorstError() (lsb float64, at int64) {
	for q := u.In.Min(); q <= u.In.Max(); q++ {
		if e := u.Error(q); e > lsb {
			lsb, at = e, q
		}
	}
	return lsb, at
}
