package graph

// SqueezeTranspose drops the size-1 dims of a Transpose of rank above 4
// that sits between Reshapes, as multi-head attention's packed projection
// makes it (nn.MultiheadAttention: [1,S,1,3,E] -> perm [3,1,2,0,4] ->
// [3,S,1,1,E] -> Reshape): hardware memories have at most 4 dims. Moving a
// size-1 dim leaves the row-major order of the elements as it is, so the
// Transpose of the input without its size-1 dims, by the permutation of
// the remaining dims, holds the same data as before. It applies when the
// Transpose's input is made by a Reshape read by it alone (the Reshape
// then makes the squeezed shape) and only Reshapes read its output.
// Shapes must be inferred.
func SqueezeTranspose(g *Graph) error {
	for _, n := range g.Nodes {
		if n.Op != OpTranspose {
			continue
		}
		in, out := g.Tensors[n.Inputs[0]], g.Tensors[n.Outputs[0]]
		if in == nil || out == nil || !in.Known || !out.Known || len(in.Shape) <= 4 {
			continue
		}
		p := g.Producer(in.Name)
		if p == nil || p.Op != OpReshape || len(g.Consumers(in.Name)) != 1 || g.IsOutput(in.Name) || g.IsOutput(out.Name) {
			continue
		}
		readers := g.Consumers(out.Name)
		ok := len(readers) > 0
		for _, r := range readers {
			ok = ok && r.Op == OpReshape
		}
		if !ok {
			continue
		}
		// New index of each kept input dim.
		newDim := make([]int, len(in.Shape))
		var shape []int
		for d, s := range in.Shape {
			newDim[d] = -1
			if s != 1 {
				newDim[d] = len(shape)
				shape = append(shape, s)
			}
		}
		if len(shape) == 0 {
			continue
		}
		var perm, outShape []int
		for _, d := range n.Attrs.Perm {
			if newDim[d] >= 0 {
				perm = append(perm, newDim[d])
				outShape = append(outShape, in.Shape[d])
			}
		}
		in.Shape = shape
		p.Attrs.Shape = append([]int(nil), shape...)
		n.Attrs.Perm = perm
		out.Shape = outShape
	}
	return nil
}
