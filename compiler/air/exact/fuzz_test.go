package exact

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// progGen builds random well-typed air programs from fuzz bytes: random
// types from 1 to 64 bits with 0 to 100 fractional bits, expression trees of
// every operation (operands brought to equal fractional bits with rq or shr),
// registers accumulating in loops, stores through rq into memories.
type progGen struct {
	data []byte
	pos  int
	r    *rand.Rand
	regs []string
	rt   map[string]air.Type
	n    int
}

func (g *progGen) intn(n int) int {
	if n <= 1 {
		return 0
	}
	if g.pos < len(g.data) {
		g.pos++
		return int(g.data[g.pos-1]) % n
	}
	return g.r.Intn(n)
}

func (g *progGen) typ() air.Type {
	w := []int{1, 2, 3, 8, 16, 31, 32, 33, 48, 62, 63, 64}[g.intn(12)]
	if g.intn(3) == 0 {
		w = 1 + g.intn(64)
	}
	return air.Type{Width: w, Frac: []int{0, 1, 4, 8, 16, 31, 40, 63, 64, 100}[g.intn(10)]}
}

// expr returns an expression of at most depth levels, with its type.
func (g *progGen) expr(depth int, in []*air.Memory) (air.Expr, air.Type) {
	if depth == 0 || g.intn(4) == 0 {
		switch {
		case len(g.regs) > 0 && g.intn(3) == 0:
			r := g.regs[g.intn(len(g.regs))]
			return &air.Ref{Name: r}, g.rt[r]
		case g.intn(3) == 0:
			t := g.typ()
			lo, hi := t.Min(), t.Max()
			v := []int64{lo, hi, 0, -1 & hi, lo / 3, hi / 3}[g.intn(6)]
			return &air.Const{Val: v, T: t}, t
		default:
			m := in[g.intn(len(in))]
			return &air.Load{Mem: m.Name, Bank: -1, Index: []air.Affine{air.V("i")}}, m.Elem
		}
	}
	a, ta := g.expr(depth-1, in)
	switch k := air.OpKind(g.intn(7)); k {
	case air.Rq:
		t := g.typ()
		return air.NewRq(a, t), t
	case air.Shr:
		s := g.intn(40)
		if ta.Frac+s > 2*air.MaxWidth {
			return a, ta
		}
		return air.NewShr(a, s), air.Type{Width: ta.Width, Frac: ta.Frac + s}
	default:
		b, tb := g.expr(depth-1, in)
		if k != air.Mul && tb.Frac != ta.Frac {
			// Bring b to a's fractional bits.
			w := min(air.MaxWidth, max(1, tb.Width+ta.Frac-tb.Frac))
			if g.intn(2) == 0 {
				w = 1 + g.intn(air.MaxWidth)
			}
			tb = air.Type{Width: w, Frac: ta.Frac}
			b = air.NewRq(b, tb)
		}
		op := air.NewOp(k, a, b)
		t, err := air.OpType(op, []air.Type{ta, tb})
		if err != nil { // wider than 64 bits: narrow the operands first
			na := air.Type{Width: 30, Frac: ta.Frac}
			nb := air.Type{Width: 30, Frac: tb.Frac}
			op = air.NewOp(k, air.NewRq(a, na), air.NewRq(b, nb))
			t, _ = air.OpType(op, []air.Type{na, nb})
		}
		return op, t
	}
}

// program returns a random program over inputs x0, x1 of length n and an output y.
func (g *progGen) program(n int) *air.Program {
	p := &air.Program{Name: "fuzz", Numeric: air.Type{Width: 16, Frac: 8}, Data: map[string][]int64{}}
	var in []*air.Memory
	for i := 0; i < 2; i++ {
		m := &air.Memory{Name: fmt.Sprintf("x%d", i), Elem: g.typ(), Shape: []int{n}, Kind: air.MemInput}
		p.Mems = append(p.Mems, m)
		in = append(in, m)
	}
	y := &air.Memory{Name: "y", Elem: g.typ(), Shape: []int{n}, Kind: air.MemOutput}
	z := &air.Memory{Name: "z", Elem: g.typ(), Shape: []int{1}, Kind: air.MemOutput}
	p.Mems = append(p.Mems, y, z)
	g.rt = map[string]air.Type{}
	// reg acc = rq(e0); for i { acc = rq(add(acc, e1)) ; y[i] = rq(e2) }; z[0] = rq(acc)
	acc := air.Type{Width: 1 + g.intn(64), Frac: g.typ().Frac}
	g.regs = nil
	init := g.typ()
	body := []air.Stmt{&air.Reg{Name: "acc", T: acc, Init: air.NewRq(&air.Const{Val: []int64{0, init.Max(), init.Min(), 1}[g.intn(4)], T: init}, acc)}}
	g.regs = []string{"acc"}
	g.rt["acc"] = acc
	e1, t1 := g.expr(3, in)
	upd := air.Expr(air.NewRq(e1, acc))
	if g.intn(2) == 0 && t1.Frac == acc.Frac {
		upd = e1
	}
	sum := air.NewOp(air.Add, &air.Ref{Name: "acc"}, upd)
	if _, err := air.OpType(sum, []air.Type{acc, typeOf(upd, acc, t1)}); err != nil {
		sum = air.NewOp(air.Max, &air.Ref{Name: "acc"}, air.NewRq(e1, acc))
	}
	e2, _ := g.expr(4, in)
	loop := &air.For{Var: "i", Lo: 0, Hi: n, Step: 1, Body: []air.Stmt{
		&air.Assign{Name: "acc", Val: air.NewRq(sum, acc)},
		&air.Store{Mem: "y", Bank: -1, Index: []air.Affine{air.V("i")}, Val: air.NewRq(e2, y.Elem)},
	}}
	if g.intn(3) == 0 {
		// Assign without rq: the register must hold the exact sum (else both evaluators stop).
		loop.Body[0] = &air.Assign{Name: "acc", Val: sum}
	}
	body = append(body, loop, &air.Store{Mem: "z", Bank: -1, Index: []air.Affine{air.C(0)}, Val: air.NewRq(&air.Ref{Name: "acc"}, z.Elem)})
	p.Kernels = []*air.Kernel{{Name: "k", Body: body}}
	p.Main = []air.Call{{Kernel: "k"}}
	return p
}

func typeOf(e air.Expr, acc, t air.Type) air.Type {
	if op, ok := e.(*air.Op); ok && op.Kind == air.Rq {
		return acc
	}
	return t
}

// FuzzPrograms checks random air programs: the interpreter equals the exact evaluation.
func FuzzPrograms(f *testing.F) {
	for _, s := range []string{"", "\x00\x01\x02\x03", "rounding", "\xff\xfe\xfd\x10\x20\x30\x40", "saturate me at 64 bits"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRandomProgram(t, data)
	})
}

// TestRandomPrograms runs 2000 random programs (about a second).
func TestRandomPrograms(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	checked := 0
	for i := 0; i < 2000; i++ {
		b := make([]byte, r.Intn(48))
		r.Read(b)
		if checkRandomProgram(t, b) {
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("only %d of 2000 random programs were valid", checked)
	}
}

// checkRandomProgram generates and checks one program; it reports whether the program was valid.
func checkRandomProgram(t *testing.T, data []byte) bool {
	t.Helper()
	h := int64(len(data))
	for _, b := range data {
		h = h*131 + int64(b)
	}
	g := &progGen{data: data, r: rand.New(rand.NewSource(h))}
	n := 1 + g.intn(6)
	p := g.program(n)
	if err := air.Verify(p); err != nil {
		return false
	}
	in := map[string][]int64{}
	for _, m := range p.Mems {
		if m.Kind == air.MemInput {
			v := make([]int64, n)
			for i := range v {
				lo, hi := m.Elem.Min(), m.Elem.Max()
				v[i] = []int64{lo, hi, 0, -1, 1, randIn(g.r, lo, hi), randIn(g.r, lo, hi)}[g.intn(7)]
				v[i] = max(lo, min(hi, v[i]))
			}
			in[m.Name] = v
		}
	}
	err := Check(p, in)
	var both *BothFailed
	if err != nil && !errors.As(err, &both) {
		t.Fatalf("%v\n%s\ninputs %v", err, air.Format(p), in)
	}
	if both != nil && !strings.Contains(both.Exact.Error(), "would wrap") {
		t.Fatalf("both evaluators fail, but not on a register write: %v\n%s", err, air.Format(p))
	}
	return true
}
