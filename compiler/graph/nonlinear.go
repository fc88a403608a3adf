package graph

import (
	"fmt"
	"math"
)

// evalNonlinear applies Sigmoid, Tanh, Exp, Erf, Sqrt, Reciprocal, Softplus
// or Gelu to every element, in float64 rounded to float32 (the ONNX
// definitions; Gelu's tanh form is 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))).
func evalNonlinear(op Op, a *Attrs, x, y *Tensor) {
	for i, f := range x.Floats {
		v := float64(f)
		switch op {
		case OpSigmoid:
			v = 1 / (1 + math.Exp(-v))
		case OpTanh:
			v = math.Tanh(v)
		case OpExp:
			v = math.Exp(v)
		case OpErf:
			v = math.Erf(v)
		case OpSqrt:
			v = math.Sqrt(v)
		case OpReciprocal:
			v = 1 / v
		case OpSoftplus:
			v = math.Log1p(math.Exp(v))
			if math.IsInf(v, 1) {
				v = float64(f)
			}
		case OpGelu:
			if a.GeluTanh {
				v = 0.5 * v * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(v+0.044715*v*v*v)))
			} else {
				v = 0.5 * v * (1 + math.Erf(v/math.Sqrt2))
			}
		}
		y.Floats[i] = float32(v)
	}
}

// inferLayerNorm checks LayerNormalization's operands: X normalised over
// the dims from Axis on, Scale and the optional B broadcasting to them; Y
// has X's shape. It normalises Axis to >= 0.
func inferLayerNorm(n *Node, in []*Tensor) ([][]int, []DType, error) {
	x := in[0]
	for i, t := range in {
		if t != nil && t.DType != Float32 {
			return nil, nil, fmt.Errorf("operand %d %q: want f32, have %s", i, t.Name, t.DType)
		}
	}
	ax, err := normAxis(n.Attrs.Axis, len(x.Shape))
	if err != nil {
		return nil, nil, err
	}
	n.Attrs.Axis = ax
	norm := x.Shape[ax:]
	for i := 1; i < len(in) && i < 3; i++ {
		t := in[i]
		if t == nil {
			continue
		}
		if len(t.Shape) > len(norm) {
			return nil, nil, fmt.Errorf("operand %q of shape %v does not broadcast to the normalised dims %v", t.Name, t.Shape, norm)
		}
		for j, d := range t.Shape {
			if want := norm[len(norm)-len(t.Shape)+j]; d != 1 && d != want {
				return nil, nil, fmt.Errorf("operand %q of shape %v does not broadcast to the normalised dims %v", t.Name, t.Shape, norm)
			}
		}
	}
	return [][]int{cloneInts(x.Shape)}, []DType{Float32}, nil
}

// evalLayerNorm computes (x - mean) / sqrt(var + eps) * scale + b over the
// dims from Axis on (population variance), in float64.
func evalLayerNorm(a *Attrs, in []*Tensor, y *Tensor) {
	x := in[0]
	norm := x.Shape[a.Axis:]
	n := numElements(norm)
	outer := numElements(x.Shape[:a.Axis])
	scale := broadcastOffsets(norm, in[1].Shape)
	var bias []int
	if b := operand(in, 2); b != nil {
		bias = broadcastOffsets(norm, b.Shape)
	}
	for o := 0; o < outer; o++ {
		row := x.Floats[o*n : (o+1)*n]
		var mean, sq float64
		for _, v := range row {
			mean += float64(v)
		}
		mean /= float64(n)
		for _, v := range row {
			d := float64(v) - mean
			sq += d * d
		}
		inv := 1 / math.Sqrt(sq/float64(n)+float64(a.Epsilon))
		for j, v := range row {
			r := (float64(v) - mean) * inv * float64(in[1].Floats[scale[j]])
			if bias != nil {
				r += float64(in[2].Floats[bias[j]])
			}
			y.Floats[o*n+j] = float32(r)
		}
	}
}

// inferTrilu checks Trilu's operands (X of rank >= 2, the optional k a
// constant int64 scalar, stored in TriluK); Y has X's shape and type.
func inferTrilu(n *Node, in []*Tensor) ([][]int, []DType, error) {
	x := in[0]
	if len(x.Shape) < 2 {
		return nil, nil, fmt.Errorf("input %q has rank %d; want at least 2", x.Name, len(x.Shape))
	}
	n.Attrs.TriluK = 0
	if k := operand(in, 1); k != nil {
		if !k.Const || k.DType != Int64 || len(k.Ints) != 1 {
			return nil, nil, fmt.Errorf("k %q must be a constant int64 scalar", k.Name)
		}
		n.Attrs.TriluK = int(k.Ints[0])
	}
	return [][]int{cloneInts(x.Shape)}, []DType{x.DType}, nil
}

// TriluKeeps reports whether Trilu keeps element (i, j) of the last two
// dims: j - i >= k for the upper triangle, j - i <= k for the lower.
func TriluKeeps(a *Attrs, i, j int) bool {
	if a.Upper {
		return j-i >= a.TriluK
	}
	return j-i <= a.TriluK
}

// evalTrilu zeroes the elements of the last two dims outside the triangle.
func evalTrilu(a *Attrs, x, y *Tensor) {
	r, c := x.Shape[len(x.Shape)-2], x.Shape[len(x.Shape)-1]
	for e := 0; e < y.Size(); e++ {
		keep := TriluKeeps(a, e/c%r, e%c)
		switch {
		case x.DType.isInt():
			y.Ints[e] = 0
			if keep {
				y.Ints[e] = x.Ints[e]
			}
		default:
			y.Floats[e] = 0
			if keep {
				y.Floats[e] = x.Floats[e]
			}
		}
	}
}
