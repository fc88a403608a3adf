// Package importer is the driver of the import stage: it reads an ONNX
// model, builds and normalises its graph (package graph) and writes the
// graph's text form and, on request, a summary of its layers.
package importer

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/graph"
)

// Command is the "import" subcommand: ONNX model in, graph text form out.
var Command = cli.Command{
	Name:    "import",
	Summary: "read an ONNX model and write its normalised graph (text form)",
	Run:     run,
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("import", stderr)
	model := fs.String("model", "", "ONNX model to read (required)")
	out := fs.String("o", "", "write the graph text form here (default: stdout)")
	summary := fs.Bool("summary", false, "also print a table of layers with parameters and MACs to stdout (after the graph when -o is absent)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: import -model in.onnx [-o out.graph] [-summary]")
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
	g, err := graph.ReadFile(*model)
	if err != nil {
		return err
	}
	var text bytes.Buffer
	if err := graph.Print(&text, g); err != nil {
		return err
	}
	if *out != "" {
		if err := os.WriteFile(*out, text.Bytes(), 0o644); err != nil {
			return err
		}
	} else {
		if _, err := stdout.Write(text.Bytes()); err != nil {
			return err
		}
	}
	if *summary {
		return graph.Summary(stdout, g)
	}
	return nil
}
