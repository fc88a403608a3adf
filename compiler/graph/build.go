package graph

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// ReadFile reads an ONNX model file (with its external data, relative to
// the file's directory) and returns its normalised graph (Build, then
// Normalize). Errors name the file.
func ReadFile(path string) (*Graph, error) { return ReadFileWith(path, onnx.ReadOptions{}) }

// ReadFileWith is ReadFile with options for reading the ONNX file.
func ReadFileWith(path string, opt onnx.ReadOptions) (*Graph, error) {
	m, err := onnx.ReadModelWith(path, opt)
	if err != nil {
		return nil, err
	}
	g, err := Import(m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// Import builds the graph of m and normalises it.
func Import(m *onnx.Model) (*Graph, error) {
	g, err := Build(m)
	if err != nil {
		return nil, err
	}
	if err := Normalize(g); err != nil {
		return nil, err
	}
	return g, nil
}

// Build converts a decoded ONNX model into a graph without normalising it:
// initializers become constants, graph inputs that are not initializers
// become runtime inputs (float32, fully static shape), and each node's
// attributes are parsed. Output shapes of nodes are not yet inferred. All
// unsupported nodes are reported together in one error.
func Build(m *onnx.Model) (*Graph, error) {
	if m == nil || m.Graph == nil {
		return nil, fmt.Errorf("model has no graph")
	}
	og := m.Graph
	g := &Graph{Name: og.Name, Opset: 13, Tensors: map[string]*Tensor{}}
	for _, op := range m.Opsets {
		if op.Domain == "" || op.Domain == "ai.onnx" {
			g.Opset = op.Version
		}
	}
	for _, it := range og.Initializers {
		t, err := fromONNXTensor(it, it.Name)
		if err != nil {
			return nil, fmt.Errorf("initializer %q: %w", it.Name, err)
		}
		if it.Name == "" {
			return nil, fmt.Errorf("initializer without a name")
		}
		g.Tensors[it.Name] = t
	}
	for _, vi := range og.Inputs {
		if _, ok := g.Tensors[vi.Name]; ok {
			continue // an initializer, possibly overridable in ONNX; treated as constant
		}
		t, err := inputTensor(vi)
		if err != nil {
			return nil, err
		}
		g.Tensors[vi.Name] = t
		g.Inputs = append(g.Inputs, vi.Name)
	}

	var unsupported []NodeError
	taken := map[string]bool{} // names in the file, then names assigned
	for _, n := range og.Nodes {
		taken[n.Name] = true
	}
	assigned := map[string]bool{}
	for i, on := range og.Nodes {
		name := on.Name
		if name == "" || assigned[name] {
			base := fmt.Sprintf("%s_%d", on.OpType, i)
			name = base
			for k := 1; taken[name]; k++ {
				name = fmt.Sprintf("%s_%d", base, k)
			}
			taken[name] = true
		}
		assigned[name] = true
		if (on.Domain != "" && on.Domain != "ai.onnx") || !isSupported(on.OpType) {
			unsupported = append(unsupported, unsupportedNode(on, name))
			continue
		}
		if len(on.Outputs) == 0 || on.Outputs[0] == "" {
			return nil, fmt.Errorf("%s %q: no output", on.OpType, name)
		}
		a, err := parseAttrs(on, g.Opset)
		if err != nil {
			unsupported = append(unsupported, NodeError{Op: on.OpType, Node: name, Module: moduleOf(on), Problem: err.Error()})
			continue
		}
		n := &Node{Name: name, Op: Op(on.OpType), Inputs: append([]string(nil), on.Inputs...), Outputs: append([]string(nil), on.Outputs...), Attrs: a, Module: moduleOf(on)}
		g.Nodes = append(g.Nodes, n)
	}
	if len(unsupported) > 0 {
		return nil, &NodeErrors{What: "unsupported", Nodes: unsupported, Note: "supported ops: " + supportedList()}
	}
	for _, n := range g.Nodes {
		for _, in := range n.Inputs {
			if in == "" {
				continue
			}
			if _, ok := g.Tensors[in]; !ok {
				return nil, fmt.Errorf("%s %q: input %q is not defined before use", n.Op, n.Name, in)
			}
		}
		for _, out := range n.Outputs {
			if out == "" {
				continue
			}
			if _, ok := g.Tensors[out]; ok {
				return nil, fmt.Errorf("%s %q: output %q is defined twice", n.Op, n.Name, out)
			}
			g.Tensors[out] = &Tensor{Name: out, DType: Float32}
		}
	}
	for _, vo := range og.Outputs {
		if _, ok := g.Tensors[vo.Name]; !ok {
			return nil, fmt.Errorf("graph output %q is not computed by any node", vo.Name)
		}
		if vo.ElemType != onnx.DataUndefined && vo.ElemType != onnx.DataFloat {
			return nil, fmt.Errorf("graph output %q: unsupported element type %s (want FLOAT)", vo.Name, vo.ElemType)
		}
		g.Outputs = append(g.Outputs, vo.Name)
	}
	if len(g.Outputs) == 0 {
		return nil, fmt.Errorf("graph has no outputs")
	}
	return g, nil
}

// inputTensor checks a runtime graph input: float32 and a fully static shape.
func inputTensor(vi *onnx.ValueInfo) (*Tensor, error) {
	if vi.ElemType != onnx.DataFloat {
		return nil, fmt.Errorf("graph input %q: unsupported element type %s (want FLOAT)", vi.Name, vi.ElemType)
	}
	if !vi.HasShape {
		return nil, fmt.Errorf("graph input %q: no shape given; a static shape is required", vi.Name)
	}
	shape := make([]int, len(vi.Dims))
	for i, d := range vi.Dims {
		switch {
		case d.Param != "":
			return nil, fmt.Errorf("graph input %q: dimension %d is dynamic (%q); export with a fixed shape (no dynamic_axes or dynamic_shapes in torch.onnx.export)", vi.Name, i, d.Param)
		case !d.Known || d.Value <= 0:
			return nil, fmt.Errorf("graph input %q: dimension %d is unknown; a static shape is required", vi.Name, i)
		}
		if d.Value > maxElements {
			return nil, fmt.Errorf("graph input %q: dimension %d (%d) is too large", vi.Name, i, d.Value)
		}
		shape[i] = int(d.Value)
	}
	if !sizeOK(shape) {
		return nil, fmt.Errorf("graph input %q: shape %v has more than %d elements", vi.Name, shape, maxElements)
	}
	return &Tensor{Name: vi.Name, DType: Float32, Shape: shape, Known: true}, nil
}

// fromONNXTensor converts a decoded ONNX tensor into a constant.
func fromONNXTensor(ot *onnx.Tensor, name string) (*Tensor, error) {
	t := &Tensor{Name: name, Known: true, Const: true}
	for _, d := range ot.Dims {
		if d < 0 {
			return nil, fmt.Errorf("negative dimension in %v", ot.Dims)
		}
		t.Shape = append(t.Shape, int(d))
	}
	switch {
	case ot.DataType.IsFloat():
		t.DType = Float32
		t.Floats = append([]float32(nil), ot.Floats...)
	case ot.DataType == onnx.DataBool:
		t.DType = Bool
		t.Ints = append([]int64(nil), ot.Ints...)
	case ot.DataType.IsInt():
		t.DType = Int64
		t.Ints = append([]int64(nil), ot.Ints...)
	default:
		return nil, fmt.Errorf("unsupported data type %s", ot.DataType)
	}
	if t.Size() != ot.Len() {
		return nil, fmt.Errorf("%d values for shape %v", ot.Len(), t.Shape)
	}
	return t, nil
}

// FromONNX converts a decoded ONNX tensor (e.g. a test input) into a constant
// graph tensor.
func FromONNX(ot *onnx.Tensor) (*Tensor, error) {
	t, err := fromONNXTensor(ot, ot.Name)
	if err != nil {
		return nil, fmt.Errorf("tensor %q: %w", ot.Name, err)
	}
	return t, nil
}
