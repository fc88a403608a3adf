package graph

import "fmt"

// FoldConstants evaluates, in graph order, every node whose inputs are all
// constants (including Constant nodes, and Shape and Size of a tensor whose
// shape is known) with the interpreter and replaces it by constant output
// tensors. The shapes of the nodes it keeps are inferred as it goes, so
// that shape subgraphs such as Shape→Gather→Unsqueeze→Concat→Reshape, or
// the Cast/Slice/ConstantOfShape computation of F.pad's pads, fold
// completely. A node whose outputs would hold more than maxFoldElements
// values is kept. Constants left unused are dropped.
func FoldConstants(g *Graph) error {
	kept := g.Nodes[:0:0]
	for _, n := range g.Nodes {
		if err := inferNode(g, n); err != nil {
			return err
		}
		if !foldable(g, n) || foldSize(g, n) > maxFoldElements {
			kept = append(kept, n)
			continue
		}
		in := make([]*Tensor, len(n.Inputs))
		for i, name := range n.Inputs {
			if name != "" {
				in[i] = g.Tensors[name]
			}
		}
		out := make([]*Tensor, len(n.Outputs))
		for i, name := range n.Outputs {
			if t := g.Tensors[name]; name != "" && t != nil && t.Known {
				out[i] = &Tensor{Name: name, DType: t.DType, Shape: t.Shape, Known: true, Const: true}
			}
		}
		if err := evalNode(n, in, out); err != nil {
			return fmt.Errorf("%s %q: %w", n.Op, n.Name, err)
		}
		for i, name := range n.Outputs {
			if out[i] != nil {
				g.Tensors[name] = out[i]
			}
		}
	}
	g.Nodes = kept
	g.removeDead()
	return nil
}

// maxFoldElements bounds the values one folded node may produce (2^22),
// so that a constant Expand, Range or ConstantOfShape cannot blow up.
const maxFoldElements = 1 << 22

// foldSize is the number of values n's outputs hold.
func foldSize(g *Graph, n *Node) int {
	total := 0
	for _, name := range n.Outputs {
		if t := g.Tensors[name]; name != "" && t != nil && t.Known {
			total += t.Size()
		}
	}
	return total
}

// foldable reports whether every value n needs is known at compile time.
func foldable(g *Graph, n *Node) bool {
	switch n.Op {
	case OpConstant:
		return true
	case OpShape, OpSize:
		return true // its input's shape is static once inferred
	case OpDropout:
		if len(n.Outputs) > 1 && n.Outputs[1] != "" {
			return false
		}
	}
	for _, name := range n.Inputs {
		if name != "" && !g.Tensors[name].Const {
			return false
		}
	}
	return len(n.Inputs) > 0
}
