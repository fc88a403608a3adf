package graph

import (
	"fmt"
	"math"
)

// evalElementwise computes the broadcasting ops: arithmetic (also on
// int64, for shape arithmetic), comparisons, variadic Max/Min and Where.
func evalElementwise(n *Node, in []*Tensor, y *Tensor) error {
	offs := make([][]int, len(in))
	for i, t := range in {
		offs[i] = broadcastOffsets(y.Shape, t.Shape)
	}
	switch n.Op {
	case OpWhere:
		c, x, z := in[0], in[1], in[2]
		for i := 0; i < y.Size(); i++ {
			src, o := z, offs[2][i]
			if c.Ints[offs[0][i]] != 0 {
				src, o = x, offs[1][i]
			}
			if y.DType.isInt() {
				y.Ints[i] = src.Ints[o]
			} else {
				y.Floats[i] = src.Floats[o]
			}
		}
		return nil
	case OpMax, OpMin:
		for i := 0; i < y.Size(); i++ {
			for k, t := range in {
				if t.DType.isInt() {
					v := t.Ints[offs[k][i]]
					if k == 0 || (n.Op == OpMax && v > y.Ints[i]) || (n.Op == OpMin && v < y.Ints[i]) {
						y.Ints[i] = v
					}
					continue
				}
				v := t.Floats[offs[k][i]]
				if k == 0 || (n.Op == OpMax && v > y.Floats[i]) || (n.Op == OpMin && v < y.Floats[i]) {
					y.Floats[i] = v
				}
			}
		}
		return nil
	}
	x, z := in[0], in[1]
	if x.DType.isInt() {
		for i := 0; i < y.Size(); i++ {
			p, q := x.Ints[offs[0][i]], z.Ints[offs[1][i]]
			switch n.Op {
			case OpAdd:
				y.Ints[i] = p + q
			case OpSub:
				y.Ints[i] = p - q
			case OpMul:
				y.Ints[i] = p * q
			case OpDiv, OpMod:
				if q == 0 {
					return fmt.Errorf("integer division by zero")
				}
				if n.Op == OpDiv {
					y.Ints[i] = p / q
				} else {
					r := p % q
					if !n.Attrs.FMod && r != 0 && (r < 0) != (q < 0) {
						r += q // Python's %: the sign of the divisor
					}
					y.Ints[i] = r
				}
			case OpEqual:
				y.Ints[i] = b2i(p == q)
			case OpLess:
				y.Ints[i] = b2i(p < q)
			case OpGreater:
				y.Ints[i] = b2i(p > q)
			}
		}
		return nil
	}
	for i := 0; i < y.Size(); i++ {
		p, q := x.Floats[offs[0][i]], z.Floats[offs[1][i]]
		switch n.Op {
		case OpAdd:
			y.Floats[i] = p + q
		case OpSub:
			y.Floats[i] = p - q
		case OpMul:
			y.Floats[i] = p * q
		case OpDiv:
			y.Floats[i] = p / q
		case OpMod:
			r := float32(math.Mod(float64(p), float64(q)))
			if !n.Attrs.FMod && r != 0 && (r < 0) != (q < 0) {
				r += q
			}
			y.Floats[i] = r
		case OpEqual:
			y.Ints[i] = b2i(p == q)
		case OpLess:
			y.Ints[i] = b2i(p < q)
		case OpGreater:
			y.Ints[i] = b2i(p > q)
		}
	}
	return nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// evalUnary computes the element-wise activations and Neg, Abs, Not.
func evalUnary(op Op, a *Attrs, x, y *Tensor) {
	if x.DType.isInt() {
		for i, v := range x.Ints {
			switch op {
			case OpNeg:
				v = -v
			case OpAbs:
				if v < 0 {
					v = -v
				}
			case OpNot:
				v = 1 - v
			}
			y.Ints[i] = v
		}
		return
	}
	for i, v := range x.Floats {
		switch op {
		case OpRelu:
			v = max(v, 0)
		case OpLeakyRelu:
			if v < 0 {
				v *= a.Alpha
			}
		case OpHardSigmoid:
			v = max(0, min(1, a.Alpha*v+a.Beta))
		case OpHardSwish:
			v *= max(0, min(1, v/6+0.5))
		case OpNeg:
			v = -v
		case OpAbs:
			v = float32(math.Abs(float64(v)))
		}
		y.Floats[i] = v
	}
}

// evalCast converts between f32, i64 and bool: float to integer truncates
// toward zero, anything to bool is "not zero".
func evalCast(x, y *Tensor) {
	for i := 0; i < y.Size(); i++ {
		switch {
		case x.DType == Float32 && y.DType == Float32:
			y.Floats[i] = x.Floats[i]
		case x.DType == Float32 && y.DType == Int64:
			v := float64(x.Floats[i])
			switch {
			case math.IsNaN(v):
				v = 0
			case v >= math.MaxInt64:
				v = math.MaxInt64
			case v <= math.MinInt64:
				v = math.MinInt64
			}
			y.Ints[i] = int64(v)
		case x.DType == Float32:
			y.Ints[i] = b2i(x.Floats[i] != 0)
		case y.DType == Float32:
			y.Floats[i] = float32(x.Ints[i])
		case y.DType == Bool:
			y.Ints[i] = b2i(x.Ints[i] != 0)
		default:
			y.Ints[i] = x.Ints[i]
		}
	}
}

// evalGatherOffsets sets y[i] = x[offs[i]].
func evalGatherOffsets(x, y *Tensor, offs []int) {
	for i, o := range offs {
		if y.DType.isInt() {
			y.Ints[i] = x.Ints[o]
		} else {
			y.Floats[i] = x.Floats[o]
		}
	}
}

// sliceOffsets returns, per element of the slice (row-major over out), its offset in the data.
func sliceOffsets(a *Attrs, in, out []int) []int {
	start := make([]int, len(in))
	step := make([]int, len(in))
	for d := range step {
		step[d] = 1
	}
	for k, ax := range a.Axes {
		start[ax], step[ax] = a.Starts[k], a.Steps[k]
	}
	st := strides(in)
	offs := make([]int, numElements(out))
	idx := make([]int, len(out))
	for i := range offs {
		o := 0
		for d := range out {
			o += (start[d] + idx[d]*step[d]) * st[d]
		}
		offs[i] = o
		for d := len(out) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < out[d] {
				break
			}
			idx[d] = 0
		}
	}
	return offs
}

// evalSplit copies consecutive parts of x along a.Axis into the outputs (nil ones are skipped).
func evalSplit(a *Attrs, x *Tensor, out []*Tensor) {
	outer := numElements(x.Shape[:a.Axis])
	inner := numElements(x.Shape[a.Axis+1:])
	n := x.Shape[a.Axis]
	at := 0
	for k, size := range a.Split {
		if y := out[k]; y != nil {
			for o := 0; o < outer; o++ {
				src := (o*n + at) * inner
				dst := o * size * inner
				if x.DType.isInt() {
					copy(y.Ints[dst:dst+size*inner], x.Ints[src:src+size*inner])
				} else {
					copy(y.Floats[dst:dst+size*inner], x.Floats[src:src+size*inner])
				}
			}
		}
		at += size
	}
}

// evalPad pads (or, with negative pads, crops) x by a.Pads in a.Mode.
func evalPad(a *Attrs, x, y *Tensor) error {
	r := len(x.Shape)
	st := strides(x.Shape)
	idx := make([]int, r)
	for i := 0; i < y.Size(); i++ {
		off, inside := 0, true
		for d := 0; d < r; d++ {
			j, n := idx[d]-a.Pads[d], x.Shape[d]
			if j < 0 || j >= n {
				switch a.Mode {
				case "constant":
					inside = false
				case "edge":
					j = min(max(j, 0), n-1)
				case "wrap":
					j = ((j % n) + n) % n
				case "reflect":
					if n == 1 {
						j = 0
					}
					for j < 0 || j >= n {
						if j < 0 {
							j = -j
						} else {
							j = 2*(n-1) - j
						}
					}
				default:
					return fmt.Errorf("mode %q not supported", a.Mode)
				}
			}
			off += j * st[d]
		}
		switch {
		case inside && y.DType.isInt():
			y.Ints[i] = x.Ints[off]
		case inside:
			y.Floats[i] = x.Floats[off]
		case y.DType.isInt():
			y.Ints[i] = int64(a.PadValue)
		default:
			y.Floats[i] = a.PadValue
		}
		for d := r - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < y.Shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return nil
}

// evalReduce reduces x over the sorted axes (float64 sums, like the other kernels).
func evalReduce(op Op, axes []int, x, y *Tensor) {
	r := len(x.Shape)
	reduced := make([]bool, r)
	count := 1
	for _, ax := range axes {
		reduced[ax] = true
		count *= x.Shape[ax]
	}
	// Output position of each input element: drop reduced dims (keepdims
	// does not change the flat layout).
	var kept []int
	for d := 0; d < r; d++ {
		if !reduced[d] {
			kept = append(kept, x.Shape[d])
		}
	}
	kst := strides(kept)
	sums := make([]float64, y.Size())
	best := make([]float64, y.Size())
	seen := make([]bool, y.Size())
	idx := make([]int, r)
	for i := 0; i < x.Size(); i++ {
		o, k := 0, 0
		for d := 0; d < r; d++ {
			if !reduced[d] {
				o += idx[d] * kst[k]
				k++
			}
		}
		var v float64
		if x.DType.isInt() {
			v = float64(x.Ints[i])
		} else {
			v = float64(x.Floats[i])
		}
		sums[o] += v
		if !seen[o] || (op == OpReduceMax && v > best[o]) || (op == OpReduceMin && v < best[o]) {
			best[o], seen[o] = v, true
		}
		for d := r - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < x.Shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	for o := range sums {
		var v float64
		switch op {
		case OpReduceSum:
			v = sums[o]
		case OpReduceMean:
			v = sums[o] / float64(count)
		default:
			v = best[o]
		}
		if y.DType.isInt() {
			y.Ints[o] = int64(v)
		} else {
			y.Floats[o] = float32(v)
		}
	}
}
