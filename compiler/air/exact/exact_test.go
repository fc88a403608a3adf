package exact

import (
	"errors"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

func parse(t *testing.T, src string) *air.Program {
	t.Helper()
	p, err := air.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rqProgram stores rq(x[i], to) for an input of type from.
func rqProgram(t *testing.T, from, to string, n int) *air.Program {
	src := strings.NewReplacer("FROM", from, "TO", to, "N", itoa(n)).Replace(`program p
numeric TO
mem x: FROM[N] input
mem y: TO[N] output
kernel k {
  for i in 0..N {
    y[i] = rq(x[i], TO)
  }
}
main {
  k
}
`)
	return parse(t, src)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func run(t *testing.T, p *air.Program, in map[string][]int64) map[string][]int64 {
	t.Helper()
	m, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range in {
		if err := m.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Run(); err != nil {
		t.Fatal(err)
	}
	out := map[string][]int64{}
	for _, mem := range p.Mems {
		if mem.Kind == air.MemOutput {
			out[mem.Name] = m.Mem(mem.Name)
		}
	}
	return out
}

// Expected values derived by hand from air's definition of rq: the value
// x/2^Fx rounded half up (toward +inf on ties) to a multiple of 2^-Fy, then
// saturated to [-2^(W-1), 2^(W-1)-1].
func TestRqByHand(t *testing.T) {
	tests := []struct {
		name, from, to string
		x, want        []int64
	}{
		// fixed<8,2> -> fixed<8,0>: x/4 rounded half up.
		{"halves", "fixed<8,2>", "fixed<8,0>",
			[]int64{2, -2, 6, -6, 5, -5, 7, -7},
			[]int64{1, 0, 2, -1, 1, -1, 2, -2}}, // 0.5->1, -0.5->0, 1.5->2, -1.5->-1, 1.25->1, -1.25->-1, 1.75->2, -1.75->-2
		// fixed<16,0> -> fixed<4,0>: saturation to [-8, 7].
		{"saturate", "fixed<16,0>", "fixed<4,0>",
			[]int64{7, 8, -8, -9, 32767, -32768, 0, 1},
			[]int64{7, 7, -8, -8, 7, -8, 0, 1}},
		// fixed<8,0> -> fixed<16,4>: exact left shift by 4.
		{"left shift", "fixed<8,0>", "fixed<16,4>",
			[]int64{1, -1, 127, -128, 0, 2, 3, -3},
			[]int64{16, -16, 2032, -2048, 0, 32, 48, -48}},
		// fixed<64,63> -> fixed<8,0>: values in [-1, 1): -1 stays, -1/2 -> 0, 1/2 -> 1, just below 1/2 -> 0.
		{"64-bit source", "fixed<64,63>", "fixed<8,0>",
			[]int64{math.MinInt64, -(1 << 62), 1 << 62, 1<<62 - 1, math.MaxInt64, -(1 << 62) - 1, 0, 1},
			[]int64{-1, 0, 1, 0, 1, -1, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := rqProgram(t, tt.from, tt.to, len(tt.x))
			got := run(t, p, map[string][]int64{"x": tt.x})["y"]
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Errorf("rq(%d:%s, %s) = %d, want %d", tt.x[i], tt.from, tt.to, got[i], tt.want[i])
				}
			}
			// And the interpreter agrees.
			if err := Check(p, map[string][]int64{"x": tt.x}); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestRqRandom compares rq between the evaluators on random types and values, including the ends of int64.
func TestRqRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		fw := 2 + r.Intn(63)
		ff := r.Intn(80)
		tw := 2 + r.Intn(63)
		tf := r.Intn(80)
		from := "fixed<" + itoa(fw) + "," + itoa(ff) + ">"
		to := "fixed<" + itoa(tw) + "," + itoa(tf) + ">"
		p := rqProgram(t, from, to, 16)
		lo, hi := -(int64(1) << (fw - 1)), int64(1)<<(fw-1)-1
		x := []int64{lo, lo + 1, hi, hi - 1, 0, -1, 1, lo / 2, hi / 2}
		for len(x) < 16 {
			x = append(x, randIn(r, lo, hi))
		}
		if err := Check(p, map[string][]int64{"x": x}); err != nil {
			t.Fatalf("rq from %s to %s: %v", from, to, err)
		}
	}
}

// A register write that would wrap stops both evaluators: Check reports BothFailed, naming the statement.
func TestRegisterWrap(t *testing.T) {
	p := parse(t, `program p
numeric fixed<8,0>
mem x: fixed<8,0>[4] input
mem y: fixed<8,0>[1] output
kernel k {
  reg s: fixed<9,0> = 0:fixed<9,0>
  for i in 0..4 {
    s = add(s, x[i])
  }
  y[0] = rq(s, fixed<8,0>)
}
main {
  k
}
`)
	// 100+100+100 = 300 > 255 at i=2.
	err := Check(p, map[string][]int64{"x": {100, 100, 100, 100}})
	var both *BothFailed
	if !errors.As(err, &both) {
		t.Fatalf("got %v, want BothFailed", err)
	}
	want := "exact: kernel k: line 8: s = add(s, x[i]): value 300 outside fixed<9,0> of register s (it would wrap) at i=2"
	if both.Exact.Error() != want {
		t.Errorf("exact error\n%s\nwant\n%s", both.Exact, want)
	}
	// Within range both agree.
	if err := Check(p, map[string][]int64{"x": {100, 100, 50, -128}}); err != nil {
		t.Error(err)
	}
}

// A program whose accumulator needs more than 64 bits (what fromgraph used to
// emit for onnx-accumulator-overflow, with the add capped at 64 bits) is
// refused by the exact evaluator's own type rules.
func TestWiderThan64Refused(t *testing.T) {
	p := parse(t, `program p
numeric fixed<31,8>
mem x: fixed<31,8>[1,32] input
mem w: fixed<31,29>[32,2] const
mem y: fixed<31,8>[1,2] output
kernel gemm0 {
  for j in 0..2 {
    reg acc: fixed<64,37> = 0:fixed<64,37>
    for k in 0..32 {
      acc = add(acc, mul(x[0, k], w[k, j]))
    }
    y[0, j] = rq(acc, fixed<31,8>)
  }
}
main {
  gemm0
}
`)
	p.Data = map[string][]int64{"w": make([]int64, 64)}
	_, err := New(p)
	want := "exact: kernel gemm0: line 10: acc = add(acc, mul(x[0, k], w[k, j])): add(acc, mul(x[0, k], w[k, j])) gives fixed<65,37>, outside the 64-bit limit"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if err := air.Verify(p); err == nil || !strings.Contains(err.Error(), "result needs 65 bits, limit 64") {
		t.Errorf("air.Verify: %v", err)
	}
}

// The mismatch report names the memory element, both values and the statement that wrote it.
func TestMismatchReport(t *testing.T) {
	p := parse(t, `program p
numeric fixed<16,8>
mem x: fixed<16,8>[2,3] input
mem y: fixed<16,8>[2,3] output
kernel k {
  for i in 0..2 {
    for j in 0..3 {
      y[i, j] = rq(mul(x[i, j], x[i, j]), fixed<16,8>)
    }
  }
}
main {
  k
}
`)
	in := []int64{256, 512, -384, 1, 2, 3}
	im, err := air.NewMachine(p)
	if err != nil {
		t.Fatal(err)
	}
	em, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	im.Set("x", in)
	em.Set("x", in)
	if err := im.RunKernel("k"); err != nil {
		t.Fatal(err)
	}
	if err := em.RunKernel("k"); err != nil {
		t.Fatal(err)
	}
	if m := compareMems(p, im, em, "k"); m != nil {
		t.Fatalf("unexpected %v", m)
	}
	// Plant a fault in the interpreter's result: y[1,0] (1*1/2^16 rounds to 0).
	im.Mem("y")[3] = 7
	m := compareMems(p, im, em, "k")
	want := "exact: after kernel k, y[1 0]: interpreter 7 (0.02734375), exact 0 (0) of fixed<16,8>; written by kernel k: line 8: y[i, j] = rq(mul(x[i, j], x[i, j]), fixed<16,8>)"
	if m == nil || m.Error() != want {
		t.Errorf("got %v\nwant %s", m, want)
	}
}

// TestTestdata checks air's sample programs, plain, on random inputs.
// TestFloat32Refused checks that every place a float32 type can appear is an
// error of New, not a fixed-point evaluation of bit patterns.
func TestFloat32Refused(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"memory", "program p\nnumeric float32\nmem x: float32[2] input\nmem y: float32[2] output\nkernel k {\n  y[0] = add(x[0], x[1])\n}\nmain {\n  k\n}\n", "memory x: float32 is not supported"},
		{"register", "program p\nnumeric fixed<16,8>\nmem y: fixed<16,8>[1] output\nkernel k {\n  reg r: float32 = 0:float32\n  y[0] = 1:fixed<16,8>\n}\nmain {\n  k\n}\n", "register r: float32 is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(parse(t, tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestTestdata(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*.air")
	if len(files) == 0 {
		t.Skip("no air testdata")
	}
	r := rand.New(rand.NewSource(2))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := parse(t, string(src))
		if p.Numeric.Float {
			// The oracle covers fixed point only; float32 programs are
			// refused (TestFloat32Refused) and checked against package fp32
			// by air's own tests.
			continue
		}
		if p.Data == nil {
			p.Data = map[string][]int64{}
		}
		for _, m := range p.Mems {
			if m.Kind == air.MemConst && p.Data[m.Name] == nil {
				p.Data[m.Name] = randomValues(r, m)
			}
		}
		for trial := 0; trial < 5; trial++ {
			in := map[string][]int64{}
			for _, m := range p.Mems {
				if m.Kind == air.MemInput {
					in[m.Name] = randomValues(r, m)
				}
			}
			if err := Check(p, in); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

func randomValues(r *rand.Rand, m *air.Memory) []int64 {
	lo, hi := m.Elem.Min(), m.Elem.Max()
	v := make([]int64, m.Size())
	for i := range v {
		switch r.Intn(8) {
		case 0:
			v[i] = lo
		case 1:
			v[i] = hi
		default:
			v[i] = randIn(r, lo, hi)
		}
	}
	return v
}

// randIn is a uniform value in [lo, hi], for any int64 bounds.
func randIn(r *rand.Rand, lo, hi int64) int64 {
	n := uint64(hi) - uint64(lo) + 1
	if n == 0 {
		return int64(r.Uint64())
	}
	return lo + int64(r.Uint64()%n)
}

// TestPaddedLoad: a padded load reads its pad value outside the shape and
// the element inside it. By hand: y[i] = x[i-1] with x[-1] and x[3] reading
// the pad -5, so y = [-5, 1, 2, 3, -5].
func TestPaddedLoad(t *testing.T) {
	p := parse(t, `program p
numeric fixed<8,0>
mem x: fixed<8,0>[3] input
mem y: fixed<8,0>[5] output
kernel k {
  for i in 0..5 {
    y[i] = x[i-1]?-5
  }
}
main {
  k
}
`)
	in := map[string][]int64{"x": {1, 2, 3}}
	got := run(t, p, in)["y"]
	want := []int64{-5, 1, 2, 3, -5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("y = %v, want %v", got, want)
		}
	}
	if err := Check(p, in); err != nil {
		t.Fatal(err)
	}
}
