package graph

import "fmt"

// ResolveReshape turns Flatten, Squeeze, Unsqueeze and Reshape into a
// Reshape with a static target shape in Attrs.Shape and the data as its
// only operand. Shapes must have been inferred.
func ResolveReshape(g *Graph) error {
	for _, n := range g.Nodes {
		switch n.Op {
		case OpFlatten, OpSqueeze, OpUnsqueeze, OpReshape:
		default:
			continue
		}
		t := g.Tensors[n.Outputs[0]]
		if t == nil || !t.Known {
			return fmt.Errorf("%s %q: output shape not inferred", n.Op, n.Name)
		}
		n.Op = OpReshape
		n.Inputs = n.Inputs[:1]
		n.Attrs = Attrs{Shape: cloneInts(t.Shape)}
	}
	g.removeDead()
	return nil
}
