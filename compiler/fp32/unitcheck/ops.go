package unitcheck

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/rules-accel/rules_accel/compiler/fp32"
)

// Record is one operation presented to a unit: operands a and b (the low
// bits used), and control bits whose meaning the unit's top defines.
type Record struct {
	A, B uint64
	Ctrl uint32
}

// Output is what the top reports for one record: the result (low bits) and
// flags: bits 4:0 the unit's exceptionFlags, bits 7:5 test-top errors
// (always zero when the unit keeps its documented timing).
type Output struct {
	Out   uint64
	Flags uint32
}

// Op is one operation of a unit.
type Op struct {
	Name string
	// Expect computes the result the unit must produce for r.
	Expect func(r Record) Output
	// Fixed emits the deterministic records: special cases and sweeps.
	Fixed func(emit func(Record))
	// Random draws one random record.
	Random func(r *rand.Rand) Record
	// Format describes a record and an output for mismatch reports.
	Format func(r Record, o Output) string
}

// floatOp2 is a two-operand float operation whose control bit 0 is sel and
// whose control bit 1 (tininess or signaling) is drawn at random.
func floatOp2(name string, sel uint32, f func(a, b uint32, ctrl uint32) (uint32, fp32.Flags)) *Op {
	return &Op{
		Name: name,
		Expect: func(r Record) Output {
			v, fl := f(uint32(r.A), uint32(r.B), r.Ctrl)
			return Output{uint64(v), uint32(fl)}
		},
		Fixed: func(emit func(Record)) {
			i := uint32(0)
			binaryFixed(func(a, b uint32) {
				emit(Record{uint64(a), uint64(b), sel | i&2})
				i++
			})
		},
		Random: func(r *rand.Rand) Record {
			a, b := randomBinary(r, name)
			return Record{uint64(a), uint64(b), sel | uint32(r.Intn(2))<<1}
		},
		Format: func(r Record, o Output) string {
			return fmt.Sprintf("%s(%#08x %g, %#08x %g) ctrl %d -> %#08x %g %v", name, r.A, f32(r.A), r.B, f32(r.B), r.Ctrl, o.Out, f32(o.Out), flagString(o.Flags))
		},
	}
}

func f32(x uint64) float32 { return math.Float32frombits(uint32(x)) }

func flagString(f uint32) string {
	s := fp32.Flags(f & 0x1f).String()
	if f>>5 != 0 {
		s += fmt.Sprintf(" TOP-ERROR %#x", f>>5)
	}
	return s
}

// tininess reads control bit 1.
func tininess(ctrl uint32) fp32.Tininess { return fp32.Tininess(ctrl >> 1 & 1) }

var (
	opAdd = floatOp2("add", 0, func(a, b, _ uint32) (uint32, fp32.Flags) { return fp32.AddBits(a, b, false) })
	opSub = floatOp2("sub", 1, func(a, b, _ uint32) (uint32, fp32.Flags) { return fp32.AddBits(a, b, true) })
	opMul = floatOp2("mul", 0, func(a, b, c uint32) (uint32, fp32.Flags) { return fp32.MulBits(a, b, tininess(c)) })
	opDiv = floatOp2("div", 0, func(a, b, c uint32) (uint32, fp32.Flags) { return fp32.DivBits(a, b, tininess(c)) })
	opMax = floatOp2("max", 1, func(a, b, _ uint32) (uint32, fp32.Flags) { return fp32.MaxBits(a, b) })
	opMin = floatOp2("min", 0, func(a, b, _ uint32) (uint32, fp32.Flags) { return fp32.MinBits(a, b) })
	// cmp: out is {lt, eq, gt, unordered}; control bit 1 is signaling.
	opCmp = floatOp2("cmp", 0, func(a, b, c uint32) (uint32, fp32.Flags) {
		o, f := fp32.CompareBits(a, b, c&2 != 0)
		return 1 << (3 - uint(o)), f
	})
)

// opSqrt: sqrt of a (control bit 0 set); b is random and must be ignored.
var opSqrt = &Op{
	Name: "sqrt",
	Expect: func(r Record) Output {
		v, f := fp32.SqrtBits(uint32(r.A))
		return Output{uint64(v), uint32(f)}
	},
	Fixed: func(emit func(Record)) {
		i := uint64(0)
		unaryFixed(func(a uint32) {
			emit(Record{uint64(a), i * 0x9e3779b9 & 0xffffffff, 1 | uint32(i)&2})
			i++
		})
	},
	Random: func(r *rand.Rand) Record {
		return Record{uint64(randomUnary(r, "sqrt")), uint64(r.Uint32()), 1 | uint32(r.Intn(2))<<1}
	},
	Format: func(r Record, o Output) string {
		return fmt.Sprintf("sqrt(%#08x %g) ctrl %d -> %#08x %g %v", r.A, f32(r.A), r.Ctrl, o.Out, f32(o.Out), flagString(o.Flags))
	},
}

// widthSel maps an integer width to the conversion tops' control bits 3:2.
func widthSel(width int) uint32 {
	switch width {
	case 32:
		return 0
	case 64:
		return 1 << 2
	}
	return 2 << 2 // 16
}

// toIntOp converts a float to a width-bit integer (control bit 0: signed).
func toIntOp(width int, signed bool) *Op {
	name := fmt.Sprintf("f2u%d", width)
	ctrl := widthSel(width)
	if signed {
		name = fmt.Sprintf("f2i%d", width)
		ctrl |= 1
	}
	return &Op{
		Name: name,
		Expect: func(r Record) Output {
			v, f := fp32.ToIntBits(uint32(r.A), width, signed)
			return Output{v, uint32(f)}
		},
		Fixed: func(emit func(Record)) {
			unaryFixed(func(a uint32) { emit(Record{A: uint64(a), Ctrl: ctrl}) })
		},
		Random: func(r *rand.Rand) Record { return Record{A: uint64(randomUnary(r, name)), Ctrl: ctrl} },
		Format: func(r Record, o Output) string {
			return fmt.Sprintf("%s(%#08x %g) -> %#x %v", name, r.A, f32(r.A), o.Out, flagString(o.Flags))
		},
	}
}

// fromIntOp converts a width-bit integer to a float (control bit 0: signed).
func fromIntOp(width int, signed bool) *Op {
	name := fmt.Sprintf("u%dtof", width)
	ctrl := widthSel(width)
	if signed {
		name = fmt.Sprintf("i%dtof", width)
		ctrl |= 1
	}
	return &Op{
		Name: name,
		Expect: func(r Record) Output {
			v, f := fp32.FromIntBits(r.A, width, signed)
			return Output{uint64(v), uint32(f)}
		},
		Fixed: func(emit func(Record)) {
			intFixed(width, func(x uint64) { emit(Record{A: x, Ctrl: ctrl}) })
		},
		Random: func(r *rand.Rand) Record { return Record{A: randomInt(r, width), Ctrl: ctrl} },
		Format: func(r Record, o Output) string {
			return fmt.Sprintf("%s(%#x) -> %#08x %g %v", name, r.A, o.Out, f32(o.Out), flagString(o.Flags))
		},
	}
}

// opExp: e^a (accel_fexp_pipe, no flags); b and control are unused.
var opExp = &Op{
	Name: "exp",
	Expect: func(r Record) Output {
		return Output{Out: uint64(fp32.ExpBits(uint32(r.A)))}
	},
	Fixed: func(emit func(Record)) {
		unaryFixed(func(a uint32) { emit(Record{A: uint64(a)}) })
		expFixed(func(a uint32) { emit(Record{A: uint64(a)}) })
	},
	Random: func(r *rand.Rand) Record { return Record{A: uint64(randomExp(r))} },
	Format: func(r Record, o Output) string {
		return fmt.Sprintf("exp(%#08x %g) -> %#08x %g", r.A, f32(r.A), o.Out, f32(o.Out))
	},
}
