// Package floatrun is the "run" subcommand: it imports an ONNX model, runs
// the float reference interpreter (package graph) on the samples of an
// io.json and compares the results with PyTorch's outputs recorded there,
// so that a user can check the import before any hardware is built.
//
// Usage:
//
//	run -model model.onnx -io io.json [-sample N] [-atol X]
//
// For every sample (or only sample N) and every graph output it prints the
// largest absolute error and how many rows (all dims but the last) have the
// same argmax as PyTorch's; it fails when an error exceeds -atol or a row's
// argmax differs.
package floatrun

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/compare"
	"github.com/rules-accel/rules_accel/compiler/graph"
	"github.com/rules-accel/rules_accel/compiler/iojson"
)

// DefaultAtol is the default tolerance of the float interpreter against
// PyTorch: both compute in float32 (the interpreter accumulates in float64),
// so the zoo's differences are below 1e-5.
const DefaultAtol = 1e-4

// Command is the "run" subcommand.
var Command = cli.Command{
	Name:    "run",
	Summary: "run the float interpreter on an io.json's samples and compare with PyTorch's outputs",
	Run:     run,
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("run", stderr)
	model := fs.String("model", "", "ONNX model to read (required); external data is read beside it")
	ioPath := fs.String("io", "", "io.json with sample inputs and PyTorch's outputs (required)")
	sample := fs.Int("sample", -1, "run only this sample (default: all)")
	atol := fs.Float64("atol", DefaultAtol, "largest allowed |interpreter - PyTorch|")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: run -model model.onnx -io io.json [-sample N] [-atol X]")
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
	if *model == "" || *ioPath == "" {
		return cli.Usagef("-model and -io are required")
	}
	g, err := graph.ReadFile(*model)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(*ioPath)
	if err != nil {
		return err
	}
	f, err := iojson.Parse(b)
	if err != nil {
		return fmt.Errorf("%s: %w", *ioPath, err)
	}
	if err := checkInterface(g, f); err != nil {
		return fmt.Errorf("%s does not match %s: %w", *ioPath, *model, err)
	}
	samples := make([]int, 0, len(f.Samples))
	if *sample >= 0 {
		if _, err := f.Sample(*sample); err != nil {
			return cli.Usagef("-sample: %v", err)
		}
		samples = append(samples, *sample)
	} else {
		for i := range f.Samples {
			samples = append(samples, i)
		}
	}
	fmt.Fprintf(stdout, "%s: %d nodes; float interpreter vs PyTorch (%s), %d sample(s), atol %g\n", *model, len(g.Nodes), *ioPath, len(samples), *atol)
	bad := 0
	for _, n := range samples {
		s := &f.Samples[n]
		in := map[string][]float32{}
		for i, t := range f.Inputs {
			in[t.Name] = toFloat32(s.Inputs[i])
		}
		out, err := g.Run(in)
		if err != nil {
			return fmt.Errorf("sample %d: %w", n, err)
		}
		for i, t := range f.Outputs {
			r, err := compare.Output(t.Name, g.Tensor(t.Name).Shape, toFloat64(out[t.Name]), s.Outputs[i])
			if err != nil {
				return fmt.Errorf("sample %d: %w", n, err)
			}
			status := "ok"
			if !r.OK(*atol) {
				status = "FAIL"
				bad++
			}
			fmt.Fprintf(stdout, "sample %d: %s: %s\n", n, r, status)
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d output(s) differ from PyTorch's beyond atol %g or in a row's argmax", bad, *atol)
	}
	return nil
}

// checkInterface checks that the io.json lists the graph's inputs and outputs, in order, with their shapes.
func checkInterface(g *graph.Graph, f *iojson.File) error {
	for _, side := range []struct {
		kind  string
		graph []string
		io    []iojson.Tensor
	}{{"inputs", g.Inputs, f.Inputs}, {"outputs", g.Outputs, f.Outputs}} {
		if len(side.graph) != len(side.io) {
			return fmt.Errorf("%d %s, the graph has %d (%v)", len(side.io), side.kind, len(side.graph), side.graph)
		}
		for i, t := range side.io {
			gt := g.Tensor(side.graph[i])
			if t.Name != side.graph[i] {
				return fmt.Errorf("%s %d is %q, the graph's is %q", side.kind, i, t.Name, side.graph[i])
			}
			if t.Shape != nil && !sameShape(t.Shape, gt.Shape) {
				return fmt.Errorf("%s %q has shape %v, the graph's is %v", side.kind, t.Name, t.Shape, gt.Shape)
			}
		}
	}
	return nil
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func toFloat32(xs []float64) []float32 {
	out := make([]float32, len(xs))
	for i, x := range xs {
		out[i] = float32(x)
	}
	return out
}

func toFloat64(xs []float32) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}
