package graph

import (
	"math"
	"strconv"
)

// FoldBatchNorm folds a BatchNormalization whose input is the output of a
// Conv (read by nothing else) into that Conv, when the Conv's weight and
// bias and the BatchNormalization's parameters are constants:
//
//	s = scale / sqrt(var + eps);  W' = W * s (per output channel);  B' = (B - mean) * s + bias
//
// computed in float64. Other BatchNormalization nodes stay as they are.
func FoldBatchNorm(g *Graph) error {
	kept := g.Nodes[:0:0]
	for _, n := range g.Nodes {
		if n.Op != OpBatchNormalization || !foldBatchNorm(g, n) {
			kept = append(kept, n)
		}
	}
	g.Nodes = kept
	g.removeDead()
	return nil
}

// foldBatchNorm folds bn into its producer if possible and reports whether it did.
func foldBatchNorm(g *Graph, bn *Node) bool {
	x := bn.Inputs[0]
	conv := g.Producer(x)
	if conv == nil || conv.Op != OpConv || len(g.Consumers(x)) != 1 || g.IsOutput(x) {
		return false
	}
	for _, name := range bn.Inputs[1:5] {
		if !g.Tensors[name].Const {
			return false
		}
	}
	w := g.Tensors[conv.Inputs[1]]
	if !w.Const {
		return false
	}
	var b *Tensor
	if len(conv.Inputs) > 2 && conv.Inputs[2] != "" {
		if b = g.Tensors[conv.Inputs[2]]; !b.Const {
			return false
		}
	}
	scale, bias := g.Tensors[bn.Inputs[1]].Floats, g.Tensors[bn.Inputs[2]].Floats
	mean, variance := g.Tensors[bn.Inputs[3]].Floats, g.Tensors[bn.Inputs[4]].Floats
	M := w.Shape[0]
	per := w.Size() / M
	nw := &Tensor{Name: uniqueName(g, bn.Name+".weight"), DType: Float32, Shape: cloneInts(w.Shape), Known: true, Const: true, Floats: make([]float32, w.Size())}
	nb := &Tensor{Name: uniqueName(g, bn.Name+".bias"), DType: Float32, Shape: []int{M}, Known: true, Const: true, Floats: make([]float32, M)}
	for m := 0; m < M; m++ {
		s := float64(scale[m]) / math.Sqrt(float64(variance[m])+float64(bn.Attrs.Epsilon))
		for i := m * per; i < (m+1)*per; i++ {
			nw.Floats[i] = float32(float64(w.Floats[i]) * s)
		}
		b0 := 0.0
		if b != nil {
			b0 = float64(b.Floats[m])
		}
		nb.Floats[m] = float32((b0-float64(mean[m]))*s + float64(bias[m]))
	}
	g.Tensors[nw.Name], g.Tensors[nb.Name] = nw, nb
	conv.Inputs = []string{conv.Inputs[0], nw.Name, nb.Name}
	out := bn.Outputs[0]
	conv.Outputs[0] = out
	g.Tensors[out].Shape = g.Tensors[x].Shape
	delete(g.Tensors, x)
	return true
}

// uniqueName returns base, or base with a numeric suffix, not yet naming a tensor.
func uniqueName(g *Graph, base string) string {
	name := base
	for i := 1; g.Tensors[name] != nil; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	return name
}
