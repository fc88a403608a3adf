package graph

import (
	"fmt"
	"sort"
)

// DType is the element type of a tensor.
type DType int

// Element types.
const (
	Float32 DType = iota // activations, inputs, weights
	Int64                // shape operands and indices (constants only)
	Bool                 // masks of shape arithmetic (constants only), held in Ints as 0 and 1
)

// String returns "f32", "i64" or "bool".
func (d DType) String() string {
	switch d {
	case Int64:
		return "i64"
	case Bool:
		return "bool"
	}
	return "f32"
}

// isInt reports whether values of type d are held in Tensor.Ints.
func (d DType) isInt() bool { return d == Int64 || d == Bool }

// Tensor is a named value: a runtime input, a constant or a node's output.
type Tensor struct {
	Name   string    // unique within the graph
	DType  DType     // element type
	Shape  []int     // static shape, outermost first; nil/empty for a scalar; nil until inferred for activations
	Known  bool      // whether Shape has been inferred (always true for inputs and constants)
	Const  bool      // whether the value is a compile-time constant
	Floats []float32 // value of a Float32 constant (row-major); also interpreter results
	Ints   []int64   // value of an Int64 or Bool constant (row-major)
}

// Size returns the number of elements of the tensor's shape.
func (t *Tensor) Size() int { return numElements(t.Shape) }

// Clone returns a deep copy of t.
func (t *Tensor) Clone() *Tensor {
	c := *t
	c.Shape = append([]int(nil), t.Shape...)
	c.Floats = append([]float32(nil), t.Floats...)
	c.Ints = append([]int64(nil), t.Ints...)
	return &c
}

// Node is one operator application.
type Node struct {
	Name    string   // unique within the graph (ONNX name, or OP_INDEX if the file had none)
	Op      Op       // operator
	Inputs  []string // input tensor names in ONNX operand order; "" = omitted optional input
	Outputs []string // output tensor names; "" = unused optional output
	Attrs   Attrs    // parsed attributes
	Module  string   // the PyTorch module it came from, e.g. "fc1 (torch.nn.modules.linear.Linear)"; "" if unknown
}

// Graph is a model: tensors, the nodes that compute them, and its interface.
type Graph struct {
	Name    string             // model graph name
	Opset   int64              // default-domain opset version of the source model
	Inputs  []string           // runtime inputs in ONNX order (constants excluded)
	Outputs []string           // outputs in ONNX order
	Nodes   []*Node            // nodes in a topological (execution) order
	Tensors map[string]*Tensor // every tensor by name
}

// Tensor returns the tensor called name, or nil.
func (g *Graph) Tensor(name string) *Tensor { return g.Tensors[name] }

// Producer returns the node that outputs name, or nil.
func (g *Graph) Producer(name string) *Node {
	for _, n := range g.Nodes {
		for _, o := range n.Outputs {
			if o == name {
				return n
			}
		}
	}
	return nil
}

// Consumers returns the nodes that read name, in graph order.
func (g *Graph) Consumers(name string) []*Node {
	var out []*Node
	for _, n := range g.Nodes {
		for _, in := range n.Inputs {
			if in == name {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// IsOutput reports whether name is a graph output.
func (g *Graph) IsOutput(name string) bool {
	for _, o := range g.Outputs {
		if o == name {
			return true
		}
	}
	return false
}

// IsInput reports whether name is a runtime graph input.
func (g *Graph) IsInput(name string) bool {
	for _, o := range g.Inputs {
		if o == name {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of g.
func (g *Graph) Clone() *Graph {
	c := &Graph{Name: g.Name, Opset: g.Opset,
		Inputs:  append([]string(nil), g.Inputs...),
		Outputs: append([]string(nil), g.Outputs...),
		Tensors: make(map[string]*Tensor, len(g.Tensors)),
	}
	for k, t := range g.Tensors {
		c.Tensors[k] = t.Clone()
	}
	for _, n := range g.Nodes {
		m := *n
		m.Inputs = append([]string(nil), n.Inputs...)
		m.Outputs = append([]string(nil), n.Outputs...)
		m.Attrs = n.Attrs.clone()
		c.Nodes = append(c.Nodes, &m)
	}
	return c
}

// TensorNames returns the names of all tensors, sorted.
func (g *Graph) TensorNames() []string {
	names := make([]string, 0, len(g.Tensors))
	for k := range g.Tensors {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// renameUses replaces every read of from by to (node inputs and graph outputs).
func (g *Graph) renameUses(from, to string) {
	for _, n := range g.Nodes {
		for i, in := range n.Inputs {
			if in == from {
				n.Inputs[i] = to
			}
		}
	}
	for i, o := range g.Outputs {
		if o == from {
			g.Outputs[i] = to
		}
	}
}

// removeDead deletes nodes none of whose outputs are used and tensors that
// are neither used, produced, inputs nor outputs.
func (g *Graph) removeDead() {
	for {
		used := map[string]bool{}
		for _, o := range g.Outputs {
			used[o] = true
		}
		for _, n := range g.Nodes {
			for _, in := range n.Inputs {
				used[in] = true
			}
		}
		kept := g.Nodes[:0]
		removed := false
		for _, n := range g.Nodes {
			live := false
			for _, o := range n.Outputs {
				if o != "" && used[o] {
					live = true
				}
			}
			if live {
				kept = append(kept, n)
			} else {
				removed = true
			}
		}
		g.Nodes = kept
		if !removed {
			break
		}
	}
	keep := map[string]bool{}
	for _, name := range g.Inputs {
		keep[name] = true
	}
	for _, name := range g.Outputs {
		keep[name] = true
	}
	for _, n := range g.Nodes {
		for _, s := range n.Inputs {
			keep[s] = true
		}
		for _, s := range n.Outputs {
			keep[s] = true
		}
	}
	for name := range g.Tensors {
		if !keep[name] {
			delete(g.Tensors, name)
		}
	}
}

// maxElements bounds the element count of any one tensor (2^31).
const maxElements = 1 << 31

// sizeOK reports whether shape has no negative dimension and at most maxElements elements.
func sizeOK(shape []int) bool {
	n := 1
	for _, d := range shape {
		if d < 0 || d > maxElements {
			return false
		}
		n *= d
		if n > maxElements {
			return false
		}
	}
	return true
}

// numElements returns the product of shape (1 for a scalar).
func numElements(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// shapeString formats a shape as [D0,D1,...].
func shapeString(s []int) string {
	b := []byte{'['}
	for i, d := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%d", d)
	}
	return string(append(b, ']'))
}
