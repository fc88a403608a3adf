package graph

import "fmt"

// ResolveClip moves constant min/max operands of Clip (opset >= 11) into
// Attrs.Min and Attrs.Max and drops the operands. Operands that are runtime
// inputs stay (the interpreter reads them).
func ResolveClip(g *Graph) error {
	for _, n := range g.Nodes {
		if n.Op != OpClip || len(n.Inputs) == 1 {
			continue
		}
		allConst := true
		for _, name := range n.Inputs[1:] {
			if name != "" && !g.Tensors[name].Const {
				allConst = false
			}
		}
		if !allConst {
			continue
		}
		for i, name := range n.Inputs[1:] {
			if name == "" {
				continue
			}
			t := g.Tensors[name]
			if t.DType != Float32 || len(t.Floats) != 1 {
				return fmt.Errorf("Clip %q: bound %q must be a float scalar", n.Name, name)
			}
			if i == 0 {
				n.Attrs.Min = t.Floats[0]
			} else {
				n.Attrs.Max = t.Floats[0]
			}
		}
		n.Inputs = n.Inputs[:1]
	}
	g.removeDead()
	return nil
}
