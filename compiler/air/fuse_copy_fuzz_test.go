package air_test

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// choices draws small numbers from a byte string (a fuzzer's input), 0 once
// it runs out, so every input is a valid program.
type choices struct {
	b []byte
	i int
}

// n returns a number in [0, k).
func (c *choices) n(k int) int {
	if k <= 1 || c.i >= len(c.b) {
		return 0
	}
	c.i++
	return int(c.b[c.i-1]) % k
}

// copyProgram builds a random program of the kinds FuseCopies meets and
// must leave alone: copies that reshape, transpose, slice, broadcast,
// concatenate and split; element-wise and reducing kernels; stores that
// overwrite a memory between its copy and its readers; copies whose store
// is not injective; padded reads; kernels called twice or out of order;
// memories of two element types; some internal memories made outputs.
func copyProgram(c *choices) string {
	type mem struct {
		name  string
		typ   string
		shape []int
		kind  string
	}
	var mems []*mem
	var kernels []string
	var main []string
	newMem := func(typ string, shape []int) *mem {
		m := &mem{fmt.Sprintf("m%d", len(mems)), typ, shape, "internal"}
		mems = append(mems, m)
		return m
	}
	types := []string{"fixed<16,8>", "fixed<12,8>"}
	for i := 0; i < 1+c.n(2); i++ {
		rank := 1 + c.n(3)
		shape := make([]int, rank)
		for d := range shape {
			shape[d] = 1 + c.n(4)
		}
		newMem(types[c.n(2)], shape).kind = "input"
	}
	pick := func() *mem { return mems[c.n(len(mems))] }
	// existing returns a non-input memory of the shape and type, or nil.
	existing := func(shape []int, typ string) *mem {
		var ok []*mem
		for _, m := range mems {
			if m.kind != "input" && m.typ == typ && slices.Equal(m.shape, shape) {
				ok = append(ok, m)
			}
		}
		if len(ok) == 0 || c.n(3) != 0 {
			return nil
		}
		return ok[c.n(len(ok))]
	}
	idx := func(vs []string) string { return strings.Join(vs, ", ") }
	// nest wraps body in loops over vars with the given trip counts.
	nest := func(vars []string, trips []int, body string) string {
		for i := len(vars) - 1; i >= 0; i-- {
			body = fmt.Sprintf("for %s in 0..%d {\n%s\n}", vars[i], trips[i], body)
		}
		return body
	}
	// copyNest copies src into a memory of a reshaped, transposed, sliced
	// or broadcast shape and returns the nest and the destination's shape.
	copyNest := func(src *mem, tag string) (string, []int) {
		type atom struct {
			v    string
			size int
		}
		var atoms []atom
		var srcIdx []string
		for _, n := range src.shape {
			switch {
			case n >= 2 && c.n(3) == 0: // a slice: k elements from off, step st
				st := 1 + c.n(2)
				k := 1 + c.n(n)
				for k > 1 && (k-1)*st >= n {
					k--
				}
				off := c.n(n - (k-1)*st)
				v := fmt.Sprintf("%s%d", tag, len(atoms))
				atoms = append(atoms, atom{v, k})
				srcIdx = append(srcIdx, air.V(v).Scale(int64(st)).AddConst(int64(off)).String())
			case n == 4 && c.n(2) == 0: // split the dimension into 2×2
				a, b := fmt.Sprintf("%s%d", tag, len(atoms)), fmt.Sprintf("%s%d", tag, len(atoms)+1)
				atoms = append(atoms, atom{a, 2}, atom{b, 2})
				srcIdx = append(srcIdx, fmt.Sprintf("2*%s+%s", a, b))
			default:
				v := fmt.Sprintf("%s%d", tag, len(atoms))
				atoms = append(atoms, atom{v, n})
				srcIdx = append(srcIdx, v)
			}
		}
		if c.n(4) == 0 { // broadcast: a dimension the source does not have
			atoms = append(atoms, atom{fmt.Sprintf("%s%d", tag, len(atoms)), 2})
		}
		// The destination: the atoms in another order, grouped into dimensions.
		order := make([]atom, len(atoms))
		copy(order, atoms)
		for i := len(order) - 1; i > 0; i-- {
			j := c.n(i + 1)
			order[i], order[j] = order[j], order[i]
		}
		var dstIdx []string
		var shape []int
		for i := 0; i < len(order); {
			g := 1 + c.n(2)
			if i+g > len(order) {
				g = len(order) - i
			}
			size := 1
			var a air.Affine
			if g > 1 && c.n(6) == 0 { // a sum of variables: not injective
				for _, at := range order[i : i+g] {
					a = a.Plus(air.V(at.v))
					size += at.size - 1
				}
			} else {
				for _, at := range order[i : i+g] {
					a = a.Scale(int64(at.size)).Plus(air.V(at.v))
					size *= at.size
				}
			}
			if c.n(5) == 0 { // a dimension of size 1 indexed by 0
				dstIdx = append(dstIdx, "0")
				shape = append(shape, 1)
			}
			dstIdx = append(dstIdx, a.String())
			shape = append(shape, size)
			i += g
		}
		// The loops run in yet another order.
		vars, trips := make([]string, len(atoms)), make([]int, len(atoms))
		for i, j := range rand.New(rand.NewSource(int64(c.n(256)))).Perm(len(atoms)) {
			vars[i], trips[i] = atoms[j].v, atoms[j].size
		}
		return nest(vars, trips, fmt.Sprintf("DST[%s] = %s[%s]", idx(dstIdx), src.name, idx(srcIdx))), shape
	}
	full := func(m *mem, tag string) ([]string, []int) {
		vs := make([]string, len(m.shape))
		for d := range vs {
			vs[d] = fmt.Sprintf("%s%d", tag, d)
		}
		return vs, m.shape
	}
	// overwrite stores a constant to one element of m.
	overwrite := func(m *mem) string {
		at := make([]string, len(m.shape))
		for d, n := range m.shape {
			at[d] = fmt.Sprint(c.n(n))
		}
		return fmt.Sprintf("%s[%s] = %d:fixed<12,8>", m.name, idx(at), c.n(100)-50)
	}
	steps := 2 + c.n(7)
	for step := 0; step < steps; step++ {
		name := fmt.Sprintf("k%d", len(kernels))
		var body string
		switch c.n(6) {
		case 0, 1: // a copy, into a new memory or an existing one of its shape
			src := pick()
			n, shape := copyNest(src, "c")
			dst := existing(shape, src.typ)
			if dst == nil {
				dst = newMem(src.typ, shape)
			}
			body = strings.Replace(n, "DST", dst.name, 1)
			if c.n(4) == 0 { // a kernel before the copy writes an element of its destination
				w := fmt.Sprintf("k%d", len(kernels))
				kernels = append(kernels, fmt.Sprintf("kernel %s {\n%s\n}\n", w, overwrite(dst)))
				main = append(main, w)
				name = fmt.Sprintf("k%d", len(kernels))
			}
		case 2: // concat of two copies along a new leading dimension, or split
			src := pick()
			n1, shape := copyNest(src, "c")
			if c.n(2) == 0 {
				dst := newMem(src.typ, append([]int{2}, shape...))
				n2 := strings.Replace(n1, "DST[", "DST[1, ", 1)
				n1 = strings.Replace(n1, "DST[", "DST[0, ", 1)
				body = strings.ReplaceAll(n1+"\n"+n2, "DST", dst.name)
			} else {
				n2, shape2 := copyNest(src, "d")
				a, b := newMem(src.typ, shape), newMem(src.typ, shape2)
				body = strings.Replace(n1, "DST", a.name, 1) + "\n" + strings.Replace(n2, "DST", b.name, 1)
			}
		case 3: // element-wise, maybe through a wider type
			src := pick()
			vs, trips := full(src, "e")
			typ := types[c.n(2)]
			dst := existing(src.shape, typ)
			if dst == nil {
				dst = newMem(typ, src.shape)
			}
			op := []string{"max(%s, 3:fixed<12,8>)", "rq(add(%s, 5:fixed<16,8>), " + typ + ")", "rq(sub(0:fixed<16,8>, %s), " + typ + ")"}[c.n(3)]
			val := fmt.Sprintf(op, fmt.Sprintf("%s[%s]", src.name, idx(vs)))
			if strings.HasPrefix(op, "max") {
				val = fmt.Sprintf("rq(%s, %s)", val, typ)
			}
			body = nest(vs, trips, fmt.Sprintf("%s[%s] = %s", dst.name, idx(vs), val))
		case 4: // a reduction over the last dimension, or a padded shift
			src := pick()
			vs, trips := full(src, "r")
			r := len(vs) - 1
			if c.n(2) == 0 {
				outShape := append(slices.Clone(src.shape[:r]), 1)
				dst := newMem("fixed<16,8>", outShape)
				inner := fmt.Sprintf("for %s in 0..%d {\nacc_%s = add(acc_%s, %s[%s])\n}", vs[r], trips[r], name, name, src.name, idx(vs))
				outIdx := append(slices.Clone(vs[:r]), "0")
				body = nest(vs[:r], trips[:r], fmt.Sprintf("reg acc_%s: fixed<32,8> = 0:fixed<32,8>\n%s\n%s[%s] = rq(acc_%s, fixed<16,8>)", name, inner, dst.name, idx(outIdx), name))
			} else {
				dst := newMem(src.typ, src.shape)
				shifted := slices.Clone(vs)
				shifted[r] = vs[r] + "-1"
				body = nest(vs, trips, fmt.Sprintf("%s[%s] = %s[%s]?%d", dst.name, idx(vs), src.name, idx(shifted), c.n(3)))
			}
		case 5: // overwrite one element of a memory, or call a kernel again
			var targets []*mem
			for _, m := range mems {
				if m.kind != "input" {
					targets = append(targets, m)
				}
			}
			if len(targets) == 0 || (len(kernels) > 0 && c.n(2) == 0) {
				if len(kernels) > 0 {
					main = append(main, fmt.Sprintf("k%d", c.n(len(kernels))))
				}
				continue
			}
			m := targets[len(targets)-1] // often the last copy's destination
			if c.n(2) == 0 {
				m = targets[c.n(len(targets))]
			}
			body = overwrite(m)
		}
		kernels = append(kernels, fmt.Sprintf("kernel %s {\n%s\n}\n", name, body))
		main = append(main, name)
	}
	// Some kernels run in another order: readers before writers.
	for i := 0; i+1 < len(main); i++ {
		if c.n(8) == 0 {
			main[i], main[i+1] = main[i+1], main[i]
		}
	}
	var b strings.Builder
	b.WriteString("program fuzz\nnumeric fixed<16,8>\n\n")
	for i, m := range mems {
		if m.kind == "internal" && (i == len(mems)-1 || c.n(3) == 0) {
			m.kind = "output"
		}
		dims := make([]string, len(m.shape))
		for d, n := range m.shape {
			dims[d] = fmt.Sprint(n)
		}
		fmt.Fprintf(&b, "mem %s: %s[%s] %s\n", m.name, m.typ, strings.Join(dims, ","), m.kind)
	}
	b.WriteString("\n" + strings.Join(kernels, "\n") + "\nmain {\n" + strings.Join(main, "\n") + "\n}\n")
	return b.String()
}

// checkFuseCopies runs the program built from data before and after
// FuseCopies on random inputs; the outputs must be identical.
func checkFuseCopies(t *testing.T, data []byte) (removed int) {
	src := copyProgram(&choices{b: data})
	p, err := air.Parse([]byte(src))
	if err != nil {
		t.Fatalf("generated program does not parse: %v\n%s", err, src)
	}
	if err := air.Verify(p); err != nil {
		t.Fatalf("generated program does not verify: %v\n%s", err, src)
	}
	in := randomize(p, int64(len(data)))
	want, err := air.Interpret(p, in)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	before := len(p.Mems)
	if _, err := air.FuseCopies(p); err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	got, err := air.Interpret(p, in)
	if err != nil {
		t.Fatalf("after the pass: %v\n%s\n---\n%s", err, src, air.Format(p))
	}
	if !maps.EqualFunc(got, want, slices.Equal[[]int64]) {
		t.Fatalf("outputs differ after the pass:\n%s\n---\n%s", src, air.Format(p))
	}
	return before - len(p.Mems)
}

// TestFuseCopiesRandom checks FuseCopies on 10,000 random programs and that
// it folds some copies in many of them (so the test is not vacuous).
func TestFuseCopiesRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const total = 10000
	folded := 0
	for i := 0; i < total; i++ {
		data := make([]byte, 64+rng.Intn(64))
		rng.Read(data)
		if checkFuseCopies(t, data) > 0 {
			folded++
		}
	}
	if folded < total/10 {
		t.Errorf("copies folded in only %d of %d programs", folded, total)
	}
	t.Logf("copies folded in %d of %d programs", folded, total)
}

// FuzzFuseCopies checks FuseCopies on programs built from the fuzzer's bytes.
func FuzzFuseCopies(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("copies: transpose, reshape, slice, broadcast, concat, split"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuseCopies(t, data)
	})
}
