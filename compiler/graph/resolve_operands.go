package graph

import "fmt"

// ResolveOperands drops the operands that newer opsets use for what older
// ones had as attributes — the axes of ReduceMean/Sum/Max/Min, Slice's
// starts/ends/axes/steps, Split's sizes, Pad's pads/constant_value/axes —
// once shape inference has read their constant values into Attrs. An
// operand that is not constant is an error naming the node. (Squeeze,
// Unsqueeze and Reshape are resolved by ResolveReshape, Clip by
// ResolveClip.)
func ResolveOperands(g *Graph) error {
	for _, n := range g.Nodes {
		switch n.Op {
		case OpReduceMean, OpReduceSum, OpReduceMax, OpReduceMin, OpSlice, OpSplit, OpPad:
		default:
			continue
		}
		for _, name := range n.Inputs[1:] {
			if name == "" {
				continue
			}
			if t := g.Tensors[name]; t == nil || !t.Const {
				return fmt.Errorf("%s %q: operand %q must be constant (export with static shapes)", n.Op, n.Name, name)
			}
		}
		n.Inputs = n.Inputs[:1]
	}
	g.removeDead()
	return nil
}
