package graph

import (
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// NodeError is one node that cannot be imported or lowered: its op, name,
// the PyTorch module it came from when known, what is wrong and, where
// there is one, how to fix it.
type NodeError struct {
	Op      string // ONNX op, with its domain when not the default one
	Node    string // node name
	Module  string // PyTorch module path and class, e.g. "fc1 (torch.nn.modules.linear.Linear)"; "" if unknown
	Problem string // what is wrong
	Hint    string // how to fix it; "" if nothing to suggest
}

// String formats the error as one line.
func (e NodeError) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q", e.Op, e.Node)
	if e.Module != "" {
		fmt.Fprintf(&b, " (PyTorch module %s)", e.Module)
	}
	if e.Problem != "" {
		fmt.Fprintf(&b, ": %s", e.Problem)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "; %s", e.Hint)
	}
	return b.String()
}

// NodeErrors reports every node of a graph that one stage cannot handle,
// one per line, so that an early error does not hide the rest.
type NodeErrors struct {
	What  string      // e.g. "unsupported", "cannot be lowered to hardware"
	Nodes []NodeError // in graph order
	Note  string      // a closing line (e.g. the supported ops); may be ""
}

// Error lists the nodes, one per line.
func (e *NodeErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d node(s) %s:", len(e.Nodes), e.What)
	for _, n := range e.Nodes {
		b.WriteString("\n  ")
		b.WriteString(n.String())
	}
	if e.Note != "" {
		b.WriteString("\n")
		b.WriteString(e.Note)
	}
	return b.String()
}

// moduleOf returns the PyTorch module a node came from: from the dynamo
// exporter's node metadata (pkg.torch.onnx.name_scopes and class_hierarchy),
// else from a TorchScript-style name "/encoder/fc1/Gemm" (module
// encoder.fc1). It returns "" for top-level nodes and unknown names.
func moduleOf(n *onnx.Node) string {
	if scopes := pyList(n.Meta("pkg.torch.onnx.name_scopes")); len(scopes) > 2 {
		// ['', 'encoder', 'fc1', 'linear']: the root, modules, the op.
		mod := strings.Join(scopes[1:len(scopes)-1], ".")
		classes := pyList(n.Meta("pkg.torch.onnx.class_hierarchy"))
		if len(classes) == len(scopes) {
			return fmt.Sprintf("%s (%s)", mod, classes[len(classes)-2])
		}
		return mod
	}
	if strings.HasPrefix(n.Name, "/") {
		parts := strings.Split(strings.Trim(n.Name, "/"), "/")
		if len(parts) > 1 {
			return strings.Join(parts[:len(parts)-1], ".")
		}
	}
	return ""
}

// pyList parses the repr of a Python list of strings: "[”, 'fc1', 'linear']".
func pyList(s string) []string {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil
	}
	var out []string
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		f = strings.TrimSpace(f)
		if len(f) >= 2 && (f[0] == '\'' || f[0] == '"') && f[len(f)-1] == f[0] {
			out = append(out, f[1:len(f)-1])
		} else {
			return nil
		}
	}
	return out
}

// opHints suggests a fix for ops the importer does not accept.
var opHints = map[string]string{
	"QuantizeLinear":     "export the float model: torch_accel quantizes it itself (numeric)",
	"DequantizeLinear":   "export the float model: torch_accel quantizes it itself (numeric)",
	"QLinearConv":        "export the float model: torch_accel quantizes it itself (numeric)",
	"QLinearMatMul":      "export the float model: torch_accel quantizes it itself (numeric)",
	"Loop":               "export without data-dependent control flow (static shapes, no Python loops over tensor values)",
	"If":                 "export without data-dependent control flow (static shapes, no Python conditions on tensor values)",
	"Scan":               "export without data-dependent control flow",
	"NonZero":            "data-dependent shapes cannot become hardware; avoid torch.nonzero / boolean indexing",
	"LSTM":               "recurrent layers are not supported",
	"GRU":                "recurrent layers are not supported",
	"RNN":                "recurrent layers are not supported",
	"Resize":             "upsampling is not supported",
	"Upsample":           "upsampling is not supported",
	"ConvTranspose":      "transposed convolutions are not supported",
	"Sigmoid":            "Sigmoid, Tanh, GELU, Softmax-style ops and normalisations are tracked separately",
	"Tanh":               "Sigmoid, Tanh, GELU, Softmax-style ops and normalisations are tracked separately",
	"Gelu":               "Sigmoid, Tanh, GELU, Softmax-style ops and normalisations are tracked separately",
	"Erf":                "Sigmoid, Tanh, GELU, Softmax-style ops and normalisations are tracked separately",
	"LayerNormalization": "Sigmoid, Tanh, GELU, Softmax-style ops and normalisations are tracked separately",
}

// unsupportedNode describes a node Build refuses.
func unsupportedNode(on *onnx.Node, name string) NodeError {
	e := NodeError{Op: on.OpType, Node: name, Module: moduleOf(on), Problem: "op not supported", Hint: opHints[on.OpType]}
	if on.Domain != "" && on.Domain != "ai.onnx" {
		e.Op = on.Domain + "." + on.OpType
		e.Problem = "op of the custom domain " + on.Domain
		if e.Hint == "" {
			e.Hint = "export with standard ONNX ops only (no custom or contrib ops)"
		}
	}
	return e
}
