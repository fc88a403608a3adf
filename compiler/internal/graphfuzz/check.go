package graphfuzz

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/exact"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/onnx"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

// Result is a case that went through the checks.
type Result struct {
	Format   fixed.Format
	Program  *air.Program         // lowered, unrolled and partitioned
	Raw      map[string][]int64   // quantized inputs by input memory
	Refused  string               // a documented refusal (a width limit, a loop that cannot be unrolled); no checks ran
	Bounds   map[string]float64   // per graph output, the error bound the interpreter met; absent if saturation was possible
	Errors   map[string]float64   // per graph output, the largest |interpreter - float graph|
	Outputs  map[string][]float64 // the interpreter's dequantized outputs
	Expected map[string][]float32 // the float graph's outputs
	Kernels  int                  // number of kernels
	Desc     string               // the case, for reports
}

// Run imports, lowers and unrolls a case and checks (a) air's interpreter
// against the exact oracle and (b) the interpreter against the float graph
// interpreter within the error bound derived from the formats (when no value
// can saturate). A returned error is a fault of the compiler (or of the
// generator); documented refusals are reported in Result.Refused.
func Run(c *Case) (*Result, error) {
	res := &Result{Desc: c.Desc}
	m, err := onnx.Decode(c.Bytes)
	if err != nil {
		return nil, fmt.Errorf("decode of the encoded model: %w", err)
	}
	g, err := graph.Import(m)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	vals, err := g.Eval(c.Inputs)
	if err != nil {
		return nil, fmt.Errorf("float graph: %w", err)
	}
	F := c.Frac
	if F < 0 {
		// The largest F that holds every value with a quarter to spare.
		big := 0.0
		for _, t := range vals {
			if t.DType == graph.Float32 {
				big = math.Max(big, maxAbs(t.Floats))
			}
		}
		intBits := 0
		for math.Ldexp(1, intBits) < 1.25*big+0.5 {
			intBits++
		}
		F = max(0, min(c.Width-1, c.Width-1-intBits))
	}
	res.Format, err = fixed.New(c.Width, F)
	if err != nil {
		return nil, err
	}
	p, err := fromgraph.Lower(g, fromgraph.Options{Numeric: res.Format, UniformWeights: c.Uniform})
	if err != nil {
		// Documented refusals of package fromgraph: widths past the 64-bit
		// limit, constants that do not fit their format, a large reshape
		// without an affine form.
		if msg := err.Error(); strings.Contains(msg, ", limit ") || strings.Contains(msg, "needs more than") ||
			strings.Contains(msg, "does not fit fixed<") || strings.Contains(msg, "has no affine form and is too large") {
			res.Refused = err.Error()
			return res, nil
		}
		return nil, fmt.Errorf("lower to air in %s: %w", res.Format, err)
	}
	sched, err := partition.ParseSchedule(c.Schedule)
	if err != nil {
		return nil, err
	}
	if _, err := partition.Apply(p, sched, nil); err != nil {
		// Documented refusals of package partition: a loop it cannot
		// unroll, or a par whose arms it cannot place in distinct banks
		// (a memory read in two roles, as in MatMul(t, t)).
		if strings.Contains(err.Error(), "cannot be unrolled") || strings.Contains(err.Error(), "bank conflict on memory") {
			res.Refused = err.Error()
			return res, nil
		}
		return nil, fmt.Errorf("partition %q: %w", c.Schedule, err)
	}
	res.Program = p
	res.Kernels = len(p.Main)
	res.Raw = map[string][]int64{}
	for name, xs := range c.Inputs {
		mem := p.Mem(fromgraph.MemName(name))
		if mem == nil {
			return nil, fmt.Errorf("no input memory for %s", name)
		}
		res.Raw[mem.Name] = fromgraph.QuantizeInput(mem, xs)
	}
	// (a) the interpreter equals the exact oracle.
	if err := exact.Check(p, res.Raw); err != nil {
		var both *exact.BothFailed
		if errors.As(err, &both) {
			return nil, fmt.Errorf("(a) the lowered program fails on its input in %s: %w", res.Format, err)
		}
		return nil, fmt.Errorf("(a) interpreter != exact in %s: %w", res.Format, err)
	}
	// (b) the interpreter is within the derived bound of the float graph.
	res.Outputs, err = fromgraph.RunFloat(p, c.Inputs, g.Outputs)
	if err != nil {
		return nil, err
	}
	bounds, err := errorBounds(g, vals, p, res.Format)
	if err != nil {
		return nil, err
	}
	res.Bounds, res.Errors, res.Expected = map[string]float64{}, map[string]float64{}, map[string][]float32{}
	for _, o := range g.Outputs {
		want := vals[o].Floats
		res.Expected[o] = want
		worst := 0.0
		for i, w := range want {
			worst = math.Max(worst, math.Abs(res.Outputs[o][i]-float64(w)))
		}
		res.Errors[o] = worst
		b, ok := bounds[o]
		if !ok {
			continue
		}
		res.Bounds[o] = b
		if worst > b {
			return nil, fmt.Errorf("(b) output %s in %s: max |interpreter - float graph| = %g above the derived bound %g", o, res.Format, worst, b)
		}
	}
	return res, nil
}

// errorBounds propagates an absolute error bound through the normalised
// graph, from the formats of the lowered program: inputs carry half an
// activation ulp u/2; a sum of K products x*w carries K*(|w| e_x + |x| e_w +
// e_x e_w) plus the bias's half ulp and the final rounding u/2 (weights'
// e_w is half an ulp of their own format); element-wise Add/Sub add the
// operands' errors (the rq is exact), Mul gets |a| e_b + |b| e_a + e_a e_b +
// u/2; Relu, MaxPool, Concat, Reshape and Transpose keep the error, Clip adds
// u/2 (its rounded bounds); averages add u/2 for rounding and at most u/2 for
// the reciprocal; a standalone BatchNormalization x*s + t gets |s| e_x +
// |x| e_s + e_t + u/2 from the formats of its s and t. Magnitudes |x| are the float
// graph's largest plus the bound. A tensor is marked unbounded (absent from
// the result) where some value may saturate: its magnitude plus its bound
// reaches the format's range, or a constant does not fit its format. A
// small relative slack covers the float32 graph interpreter's own rounding.
func errorBounds(g *graph.Graph, vals map[string]*graph.Tensor, p *air.Program, e fixed.Format) (map[string]float64, error) {
	u := e.Resolution()
	rangeE := e.ToFloat(e.Max())
	type est struct {
		err, mag float64
		ok       bool
	}
	ests := map[string]est{}
	mag := func(name string) float64 { return maxAbs(vals[name].Floats) }
	// constant operands stored in the activation format
	constE := func(name string) est {
		m := mag(name)
		return est{u / 2, m + u/2, m <= rangeE}
	}
	get := func(name string) est {
		if v, ok := ests[name]; ok {
			return v
		}
		if t := g.Tensor(name); t != nil && t.Const {
			return constE(name)
		}
		return est{ok: false}
	}
	fracOf := func(tensor string) (int, bool) {
		m := p.Mem(fromgraph.MemName(tensor))
		if m == nil || m.Kind != air.MemConst {
			return 0, false
		}
		return m.Elem.Frac, true
	}
	half := func(frac int) float64 { return math.Ldexp(1, -frac-1) }
	for _, in := range g.Inputs {
		m := mag(in)
		ests[in] = est{u / 2, m + u/2, m <= rangeE}
	}
	for _, n := range g.Nodes {
		y := n.Outputs[0]
		var r est
		switch n.Op {
		case graph.OpConv, graph.OpGemm, graph.OpMatMul:
			x := get(n.Inputs[0])
			wName := n.Inputs[1]
			wt := g.Tensor(wName)
			var K int
			switch n.Op {
			case graph.OpConv:
				K = wt.Shape[1] * wt.Shape[2] * wt.Shape[3]
			case graph.OpGemm:
				K = g.Tensor(n.Inputs[0]).Shape[1]
				if n.Attrs.TransA {
					K = g.Tensor(n.Inputs[0]).Shape[0]
				}
			default:
				K = g.Tensor(n.Inputs[0]).Shape[1]
			}
			var w est
			if n.Op != graph.OpMatMul && wt.Const {
				alpha := 1.0
				if n.Op == graph.OpGemm {
					alpha = math.Abs(float64(n.Attrs.Alpha))
				}
				fw, ok := fracOf(wName)
				if !ok {
					return nil, fmt.Errorf("bound: no const memory for weights %s", wName)
				}
				wmax := alpha * mag(wName)
				wfmt := fixed.Format{Width: p.Mem(fromgraph.MemName(wName)).Elem.Width, Frac: fw}
				w = est{half(fw), wmax + half(fw), wmax <= wfmt.ToFloat(wfmt.Max())}
			} else {
				w = get(wName)
			}
			r = est{float64(K)*(w.mag*x.err+x.mag*w.err+x.err*w.err) + u/2, 0, x.ok && w.ok}
			if len(n.Inputs) > 2 && n.Inputs[2] != "" {
				if fb, ok := fracOf(n.Inputs[2]); ok {
					r.err += half(fb)
				}
			}
			r.err += float64(K) * x.mag * w.mag * 0x1p-20 // float32 sums in the graph interpreter
		case graph.OpRelu, graph.OpMaxPool, graph.OpReshape, graph.OpIdentity, graph.OpTranspose:
			r = get(n.Inputs[0])
		case graph.OpClip:
			// Clip is 1-Lipschitz and its bounds are rounded to the format (by at most u/2).
			r = get(n.Inputs[0])
			r.err += u / 2
			if len(n.Inputs) > 1 {
				r.ok = false // runtime bounds: not lowered
			}
		case graph.OpBatchNormalization:
			// y = x*s + t with s, t stored in the kernel's own formats.
			x := get(n.Inputs[0])
			sm := p.Mem(fromgraph.MemName(n.Name + "_scale"))
			tm := p.Mem(fromgraph.MemName(n.Name + "_shift"))
			if sm == nil || tm == nil {
				return nil, fmt.Errorf("bound: no scale/shift memories for %s", n.Name)
			}
			smax := 0.0
			for _, v := range p.Data[sm.Name] {
				smax = math.Max(smax, math.Abs(math.Ldexp(float64(v), -sm.Elem.Frac)))
			}
			r = est{smax*x.err + x.mag*half(sm.Elem.Frac) + half(tm.Elem.Frac) + u/2, 0, x.ok}
			r.err += x.mag * smax * 0x1p-20
		case graph.OpConcat:
			r = est{0, 0, true}
			for _, in := range n.Inputs {
				v := get(in)
				r.err = math.Max(r.err, v.err)
				r.ok = r.ok && v.ok
			}
		case graph.OpAdd, graph.OpSub:
			a, b := get(n.Inputs[0]), get(n.Inputs[1])
			r = est{a.err + b.err, 0, a.ok && b.ok}
		case graph.OpMul:
			a, b := get(n.Inputs[0]), get(n.Inputs[1])
			r = est{a.mag*b.err + b.mag*a.err + a.err*b.err + u/2, 0, a.ok && b.ok}
		case graph.OpAveragePool, graph.OpGlobalAveragePool:
			x := get(n.Inputs[0])
			r = est{x.err + u, 0, x.ok}
		default:
			r = est{ok: false}
		}
		r.mag = mag(y) + r.err
		if r.mag > rangeE {
			r.ok = false
		}
		ests[y] = r
	}
	out := map[string]float64{}
	for _, o := range g.Outputs {
		if v := ests[o]; v.ok {
			out[o] = v.err*(1+1e-9) + 1e-6*(1+mag(o))
		}
	}
	return out, nil
}
