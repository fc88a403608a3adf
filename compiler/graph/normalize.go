package graph

import (
	"fmt"
	"strconv"
	"strings"
)

// Normalize runs the normalisation passes in order — FoldConstants (which
// also infers shapes), ResolveClip, ResolveOperands, RemoveIdentity,
// ResolveReshape, FoldPad, FoldBatchNorm — then re-infers shapes and checks
// that only NormalizedOps remain.
func Normalize(g *Graph) error {
	passes := []struct {
		name string
		run  func(*Graph) error
	}{
		{"fold constants", FoldConstants},
		{"resolve clip", ResolveClip},
		{"resolve operands", ResolveOperands},
		{"remove identity", RemoveIdentity},
		{"resolve reshape", ResolveReshape},
		{"fold pad", FoldPad},
		{"fold batchnorm", FoldBatchNorm},
		{"infer shapes", InferShapes},
		{"check", Check},
	}
	for _, p := range passes {
		if err := p.run(g); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
	}
	return nil
}

// Check verifies a normalised graph: only NormalizedOps, every shape known,
// every Reshape static, and activations float32.
func Check(g *Graph) error {
	ok := map[Op]bool{}
	for _, o := range NormalizedOps {
		ok[o] = true
	}
	var bad []NodeError
	for _, n := range g.Nodes {
		if !ok[n.Op] {
			bad = append(bad, leftover(g, n))
			continue
		}
		for _, o := range n.Outputs {
			if o == "" {
				continue
			}
			t := g.Tensors[o]
			if t == nil || !t.Known {
				return fmt.Errorf("%s %q: shape of %q not inferred", n.Op, n.Name, o)
			}
			if t.DType != Float32 {
				return fmt.Errorf("%s %q: output %q is %s; only f32 activations are supported", n.Op, n.Name, o, t.DType)
			}
		}
		if n.Op == OpReshape && len(n.Inputs) != 1 {
			return fmt.Errorf("Reshape %q: target shape not resolved", n.Name)
		}
	}
	for _, o := range g.Outputs {
		if t := g.Tensors[o]; t == nil || !t.Known || t.DType != Float32 {
			return fmt.Errorf("graph output %q: not a float32 tensor of known shape", o)
		}
	}
	if len(bad) > 0 {
		return &NodeErrors{What: "could not be folded into constants or resolved", Nodes: bad}
	}
	return nil
}

// leftover describes a node that normalisation should have removed.
func leftover(g *Graph, n *Node) NodeError {
	e := NodeError{Op: string(n.Op), Node: n.Name, Module: n.Module}
	var runtime []string
	for _, in := range n.Inputs {
		if t := g.Tensors[in]; in != "" && t != nil && !t.Const {
			runtime = append(runtime, strconv.Quote(in))
		}
	}
	switch n.Op {
	case OpShape, OpSize, OpCast, OpConstantOfShape, OpRange, OpEqual, OpLess, OpGreater, OpNot, OpWhere, OpMod:
		e.Problem = "shape arithmetic on values known only at run time (" + strings.Join(runtime, ", ") + ")"
		e.Hint = "export with static shapes, and compute shapes and indices from sizes, not from tensor values"
	case OpExpand:
		e.Problem = "Expand of a tensor known only at run time"
		e.Hint = "broadcast with the consuming op instead (Add, Mul, ... broadcast by themselves)"
	default:
		e.Problem = "not removed by normalisation"
	}
	return e
}
