package graph

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Print writes g in the text form described in the package documentation.
func Print(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "graph %s\n", quoteName(g.Name))
	for _, name := range g.Inputs {
		fmt.Fprintf(bw, "input %s: %s\n", quoteName(name), typeString(g.Tensors[name]))
	}
	for _, name := range g.TensorNames() {
		t := g.Tensors[name]
		if !t.Const {
			continue
		}
		fmt.Fprintf(bw, "const %s: %s = %s\n", quoteName(name), typeString(t), constSummary(t))
	}
	for _, n := range g.Nodes {
		ins := make([]string, len(n.Inputs))
		for i, s := range n.Inputs {
			ins[i] = quoteName(s)
			if s == "" {
				ins[i] = "_"
			}
		}
		outs := make([]string, 0, len(n.Outputs))
		for _, s := range n.Outputs {
			if s == "" {
				continue
			}
			outs = append(outs, quoteName(s)+": "+typeString(g.Tensors[s]))
		}
		attrs := attrString(n)
		if attrs != "" {
			attrs = " " + attrs
		}
		fmt.Fprintf(bw, "%s = %s(%s)%s -> %s\n", quoteName(n.Name), n.Op, strings.Join(ins, ", "), attrs, strings.Join(outs, ", "))
	}
	for _, name := range g.Outputs {
		fmt.Fprintf(bw, "output %s: %s\n", quoteName(name), typeString(g.Tensors[name]))
	}
	return bw.Flush()
}

// String returns the text form of g.
func (g *Graph) String() string {
	var b strings.Builder
	Print(&b, g)
	return b.String()
}

func typeString(t *Tensor) string {
	if t == nil {
		return "?"
	}
	if !t.Known {
		return t.DType.String() + "[?]"
	}
	return t.DType.String() + shapeString(t.Shape)
}

// constSummary prints integer constants in full and float constants as
// their element count and sum (small ones in full).
func constSummary(t *Tensor) string {
	if t.DType == Int64 {
		s := make([]string, len(t.Ints))
		for i, v := range t.Ints {
			s[i] = strconv.FormatInt(v, 10)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	if len(t.Floats) <= 4 {
		s := make([]string, len(t.Floats))
		for i, v := range t.Floats {
			s[i] = formatFloat(v)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	var sum float64
	for _, v := range t.Floats {
		sum += float64(v)
	}
	return fmt.Sprintf("sum %s", strconv.FormatFloat(sum, 'g', 8, 64))
}

func formatFloat(v float32) string {
	switch {
	case math.IsInf(float64(v), 1):
		return "inf"
	case math.IsInf(float64(v), -1):
		return "-inf"
	}
	return strconv.FormatFloat(float64(v), 'g', -1, 32)
}

func intsString(v []int) string {
	s := make([]string, len(v))
	for i, d := range v {
		s[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(s, ",") + "]"
}

// attrString prints the attributes n's op uses, in a fixed order.
func attrString(n *Node) string {
	a := &n.Attrs
	var s []string
	add := func(k, v string) { s = append(s, k+"="+v) }
	switch n.Op {
	case OpGemm:
		add("alpha", formatFloat(a.Alpha))
		add("beta", formatFloat(a.Beta))
		add("transA", strconv.FormatBool(a.TransA))
		add("transB", strconv.FormatBool(a.TransB))
	case OpConv, OpMaxPool, OpAveragePool:
		add("kernel", intsString(a.Kernel))
		add("strides", intsString(a.Strides))
		add("pads", intsString(a.Pads))
		add("dilations", intsString(a.Dilations))
		if a.AutoPad != "" && a.AutoPad != "NOTSET" {
			add("auto_pad", a.AutoPad)
		}
		switch n.Op {
		case OpConv:
			add("group", strconv.Itoa(a.Group))
		case OpAveragePool:
			add("count_include_pad", strconv.FormatBool(a.CountIncludePad))
			fallthrough
		default:
			add("ceil_mode", strconv.FormatBool(a.CeilMode))
		}
	case OpClip:
		add("min", formatFloat(a.Min))
		add("max", formatFloat(a.Max))
	case OpConcat, OpFlatten, OpGather:
		add("axis", strconv.Itoa(a.Axis))
	case OpSoftmax:
		add("axis", strconv.Itoa(a.Axis))
		if a.Softmax2D {
			add("coerce_2d", "true")
		}
	case OpTranspose:
		add("perm", intsString(a.Perm))
	case OpBatchNormalization:
		add("epsilon", formatFloat(a.Epsilon))
	case OpReshape:
		if len(n.Inputs) == 1 {
			add("shape", intsString(a.Shape))
		}
	case OpSqueeze, OpUnsqueeze:
		if a.Axes != nil {
			add("axes", intsString(a.Axes))
		}
	case OpConstant:
		if a.Value != nil {
			add("value", typeString(a.Value)+" "+constSummary(a.Value))
		}
	}
	return strings.Join(s, " ")
}

// quoteName returns name unchanged if it is a plain identifier, else quoted.
func quoteName(name string) string {
	if name == "" {
		return `""`
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.:/-", r)) {
			return strconv.Quote(name)
		}
	}
	return name
}

// Stats is the per-node cost used by Summary.
type Stats struct {
	Node   *Node // the node
	Params int   // elements of its constant operands
	MACs   int   // multiply-accumulates per run (Conv, Gemm, MatMul); 0 for other ops
}

// NodeStats returns the parameter count and MACs of every node, in graph order.
func NodeStats(g *Graph) []Stats {
	out := make([]Stats, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		st := Stats{Node: n}
		seen := map[string]bool{}
		for _, in := range n.Inputs {
			if t := g.Tensors[in]; in != "" && t != nil && t.Const && !seen[in] {
				st.Params += t.Size()
				seen[in] = true
			}
		}
		y := g.Tensors[n.Outputs[0]]
		switch n.Op {
		case OpConv:
			w := g.Tensors[n.Inputs[1]]
			st.MACs = y.Size() * numElements(w.Shape[1:])
		case OpGemm:
			A := g.Tensors[n.Inputs[0]]
			k := A.Shape[1]
			if n.Attrs.TransA {
				k = A.Shape[0]
			}
			st.MACs = y.Size() * k
		case OpMatMul:
			A := g.Tensors[n.Inputs[0]]
			st.MACs = y.Size() * A.Shape[len(A.Shape)-1]
		}
		out = append(out, st)
	}
	return out
}

// Summary writes a table of ops, output shapes, parameters and MACs per
// node, then the totals and a count per op (ops sorted by name).
func Summary(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	stats := NodeStats(g)
	nameW := len("node")
	for _, s := range stats {
		nameW = max(nameW, len(s.Node.Name))
	}
	fmt.Fprintf(bw, "%-*s  %-18s  %-20s  %10s  %12s\n", nameW, "node", "op", "output", "params", "MACs")
	var params, macs int
	ops := map[Op]int{}
	for _, s := range stats {
		fmt.Fprintf(bw, "%-*s  %-18s  %-20s  %10d  %12d\n", nameW, s.Node.Name, s.Node.Op, typeString(g.Tensors[s.Node.Outputs[0]]), s.Params, s.MACs)
		params += s.Params
		macs += s.MACs
		ops[s.Node.Op]++
	}
	fmt.Fprintf(bw, "%-*s  %-18s  %-20s  %10d  %12d\n", nameW, "total", fmt.Sprintf("%d nodes", len(stats)), "", params, macs)
	names := make([]string, 0, len(ops))
	for o := range ops {
		names = append(names, string(o))
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, o := range names {
		parts[i] = fmt.Sprintf("%s %d", o, ops[Op(o)])
	}
	fmt.Fprintf(bw, "ops: %s\n", strings.Join(parts, ", "))
	return bw.Flush()
}
