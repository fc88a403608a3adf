// Package torchaccel is the driver of the torch_accel stage: ONNX model in;
// quantized, unrolled and memory-partitioned loop-nest IR (package air) plus
// its weight data out.
//
// Usage:
//
//	torch_accel -model in.onnx [-model_data in.onnx.data ...] [-numeric fixed<16,8>|float32] \
//	    [-unroll 'conv*=4,gemm*=2'] [-pipeline 'relu*=off'] \
//	    [-partition 'w=cyclic:4@0,x=none'] [-o out.air] \
//	    [-data out.data.json] [-uniform_weights]
//
// Tensors stored in external data files are read relative to the model's
// directory; each -model_data names one such file, and when any is given
// (or -only_model_data), no other file may be read (Bazel passes the
// declared inputs this way).
// -unroll is a comma-separated list of KERNEL_GLOB=FACTOR[:LOOP] (first match
// wins; kernels are named conv0, gemm1, relu2, ...; a pattern that matches
// no kernel draws a warning on stderr); -partition overrides the
// derived partitioning of memories, MEM=cyclic:F[@DIM], MEM=block:F[@DIM],
// MEM=complete[@DIM] or MEM=none (see package partition); -pipeline sets
// the target initiation interval of kernels by glob, KERNEL_GLOB=II or
// KERNEL_GLOB=off (first match wins; by default every kernel is pipelined
// at II 1, see package lower). A pattern that matches no kernel gets a
// warning on stderr. The .air text goes
// to -o (stdout if absent); the const memories' contents go to -data in the
// air-data-v1 JSON format (see air.MarshalData). -numeric is the activation
// format; Conv/Gemm weights get per-tensor fractional bits unless
// -uniform_weights (see package fromgraph). -numeric float32 makes every
// tensor and operation IEEE-754 binary32 (fromgraph.Options.Float32; the
// operators it covers so far are listed there). Outputs are deterministic.
package torchaccel

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/air/fromgraph"
	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/onnx"
	"github.com/rules-accel/rules_accel/compiler/partition"
)

// Command is the "torch_accel" subcommand.
var Command = cli.Command{
	Name:    "torch_accel",
	Summary: "lower an ONNX model to partitioned fixed-point loop-nest IR (.air) and weight data",
	Run:     run,
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("torch_accel", stderr)
	model := fs.String("model", "", "ONNX model to read (required)")
	var modelData cli.StringList
	fs.Var(&modelData, "model_data", "an external data file of the model, beside it (repeatable); when given, the only files external data may come from")
	onlyDeclared := fs.Bool("only_model_data", false, "read external data only from -model_data files, even when none is given (Bazel sets it)")
	numeric := fs.String("numeric", fixed.Default.String(), "number format of every tensor, fixed<W,F> or float32")
	unroll := fs.String("unroll", "", "unroll factors: KERNEL_GLOB=FACTOR[:LOOP],... (e.g. 'conv*=4,gemm*=2')")
	pipe := fs.String("pipeline", "", "software pipelining by kernel glob: KERNEL_GLOB=II|off,... (default: every kernel at II 1)")
	parts := fs.String("partition", "", "partition overrides: MEM=SCHEME[:FACTOR][@DIM],... (SCHEME: cyclic, block, complete, none)")
	out := fs.String("o", "", "write the loop-nest IR here (default: stdout)")
	data := fs.String("data", "", "write the weight data (air-data-v1 JSON) here")
	uniform := fs.Bool("uniform_weights", false, "store Conv/Gemm weights in the -numeric format instead of a per-tensor fixed<W,Fw>")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: torch_accel -model in.onnx [-numeric fixed<16,8>|float32] [-unroll 'conv*=4'] [-partition 'w=cyclic:4'] [-o out.air] [-data out.data.json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return cli.Usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return cli.Usagef("unexpected arguments %q", fs.Args())
	}
	if *model == "" {
		return cli.Usagef("-model is required")
	}
	opt := fromgraph.Options{UniformWeights: *uniform}
	if *numeric == "float32" {
		opt.Float32 = true
	} else {
		format, err := fixed.Parse(*numeric)
		if err != nil {
			return cli.Usagef("-numeric: %v (or float32)", err)
		}
		opt.Numeric = format
	}
	sched, err := partition.ParseSchedule(*unroll)
	if err != nil {
		return cli.Usagef("-unroll: %v", err)
	}
	overrides, err := partition.ParseOverrides(*parts)
	if err != nil {
		return cli.Usagef("-partition: %v", err)
	}
	plan, err := partition.ParsePipeline(*pipe)
	if err != nil {
		return cli.Usagef("-pipeline: %v", err)
	}
	declared := modelData.Values()
	if *onlyDeclared && declared == nil {
		declared = []string{}
	}
	g, err := graph.ReadFileWith(*model, onnx.ReadOptions{DataFiles: declared})
	if err != nil {
		return err
	}
	p, err := CompileWith(g, opt, sched, overrides)
	if err != nil {
		return fmt.Errorf("%s: %w", *model, err)
	}
	for _, pat := range plan.Apply(p) {
		fmt.Fprintf(stderr, "torch_accel: warning: -pipeline pattern %q matches no kernel of %s (kernels: %s)\n", pat, *model, kernelList(p))
	}
	for _, pat := range UnmatchedRules(p, sched) {
		fmt.Fprintf(stderr, "torch_accel: warning: -unroll pattern %q matches no kernel of %s (kernels: %s)\n", pat, *model, kernelList(p))
	}
	var text bytes.Buffer
	air.Print(&text, p)
	if *out != "" {
		if err := os.WriteFile(*out, text.Bytes(), 0o644); err != nil {
			return err
		}
	} else if _, err := stdout.Write(text.Bytes()); err != nil {
		return err
	}
	if *data != "" {
		b, err := air.MarshalData(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*data, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Compile lowers a normalised graph to fixed point, unrolls it by the schedule and partitions its memories.
func Compile(g *graph.Graph, format fixed.Format, sched partition.Schedule, overrides []partition.Override) (*air.Program, error) {
	return CompileWith(g, fromgraph.Options{Numeric: format}, sched, overrides)
}

// CompileWith is Compile with all lowering options. Before partitioning,
// element-wise kernels are fused into their producers (air.FuseElementwise)
// and pure copies (Transpose, Reshape, Gather, Slice, ...) into the
// accesses of their readers or writers (air.FuseCopies); after it, padding kernels whose copies stay unpartitioned are fused into
// the loads that read them (air.FusePadding).
func CompileWith(g *graph.Graph, opt fromgraph.Options, sched partition.Schedule, overrides []partition.Override) (*air.Program, error) {
	p, err := fromgraph.Lower(g, opt)
	if err != nil {
		return nil, err
	}
	if _, err := air.FuseElementwise(p); err != nil {
		return nil, err
	}
	if _, err := air.FuseCopies(p); err != nil {
		return nil, err
	}
	if _, err := partition.Apply(p, sched, overrides); err != nil {
		return nil, err
	}
	if _, err := air.FusePadding(p); err != nil {
		return nil, err
	}
	return p, nil
}

// UnmatchedRules returns the unroll patterns of sched that match no kernel of p.
func UnmatchedRules(p *air.Program, sched partition.Schedule) []string {
	var out []string
	for _, r := range sched.Rules {
		found := false
		for _, k := range p.Kernels {
			if ok, _ := path.Match(r.Pattern, k.Name); ok {
				found = true
				break
			}
		}
		if !found {
			out = append(out, r.Pattern)
		}
	}
	return out
}

// kernelList names p's kernels, comma-separated.
func kernelList(p *air.Program) string {
	names := make([]string, len(p.Kernels))
	for i, k := range p.Kernels {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}
