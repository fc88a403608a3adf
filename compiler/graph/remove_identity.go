package graph

// RemoveIdentity removes Identity and Dropout nodes (Dropout is the
// identity at inference), and Casts of f32 activations to f32, by making
// their readers read the input instead.
// When the node's output is a graph output, the producer of the input is
// renamed so that the output keeps its name; only when the input is itself
// a graph input, constant or graph output does an Identity remain.
func RemoveIdentity(g *Graph) error {
	kept := g.Nodes[:0:0]
	for _, n := range g.Nodes {
		sameCast := n.Op == OpCast && n.Attrs.To == Float32 && g.Tensors[n.Inputs[0]].DType == Float32
		if n.Op != OpIdentity && n.Op != OpDropout && !sameCast {
			kept = append(kept, n)
			continue
		}
		in, out := n.Inputs[0], n.Outputs[0]
		switch {
		case !g.IsOutput(out):
			g.renameUses(out, in)
			delete(g.Tensors, out)
		case g.Producer(in) != nil && !g.IsOutput(in):
			p := g.Producer(in)
			for i, o := range p.Outputs {
				if o == in {
					p.Outputs[i] = out
				}
			}
			g.renameUses(in, out)
			delete(g.Tensors, in)
		default:
			n.Op = OpIdentity
			n.Inputs = n.Inputs[:1]
			n.Outputs = n.Outputs[:1]
			kept = append(kept, n)
			continue
		}
	}
	g.Nodes = kept
	g.removeDead()
	return nil
}
