package graph

// FoldPad merges a constant-mode Pad with value 0 into the Conv that reads
// it (and nothing else), when it pads only the spatial dims and by
// non-negative amounts: the Conv's own zero padding grows by the Pad's.
// This is how nn.ZeroPad2d or F.pad before a Conv (asymmetric padding)
// arrives from the TorchScript exporter; the dynamo exporter already writes
// the merged Conv. Attrs must be resolved (ResolveOperands).
func FoldPad(g *Graph) error {
	kept := g.Nodes[:0:0]
	for _, n := range g.Nodes {
		if n.Op != OpPad || !foldPad(g, n) {
			kept = append(kept, n)
		}
	}
	g.Nodes = kept
	g.removeDead()
	return nil
}

// foldPad merges pad into its consumer if possible and reports whether it did.
func foldPad(g *Graph, pad *Node) bool {
	a := &pad.Attrs
	out := pad.Outputs[0]
	users := g.Consumers(out)
	if a.Mode != "constant" || a.PadValue != 0 || len(pad.Inputs) != 1 || len(users) != 1 || g.IsOutput(out) {
		return false
	}
	conv := users[0]
	if conv.Op != OpConv || conv.Inputs[0] != out {
		return false
	}
	r := len(a.Pads) / 2
	S := r - 2
	if S < 1 || len(conv.Attrs.Pads) != 2*S {
		return false
	}
	for d := 0; d < r; d++ {
		p0, p1 := a.Pads[d], a.Pads[r+d]
		if p0 < 0 || p1 < 0 || (d < 2 && (p0 != 0 || p1 != 0)) {
			return false
		}
	}
	for d := 0; d < S; d++ {
		conv.Attrs.Pads[d] += a.Pads[2+d]
		conv.Attrs.Pads[S+d] += a.Pads[r+2+d]
	}
	conv.Inputs[0] = pad.Inputs[0]
	delete(g.Tensors, out)
	return true
}
