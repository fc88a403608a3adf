// Package calyxlower is the driver of the calyx_lower stage: loop-nest IR
// (.air plus its weight data) to Calyx (.futil), with the memory data file
// (Calyx JSON data format) a simulation loads and the expected outputs the
// air interpreter computes for the sample input.
package calyxlower

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/lower"
)

// Command lowers a loop-nest IR program to Calyx.
var Command = cli.Command{
	Name:    "calyx_lower",
	Summary: "lower loop-nest IR (.air) to Calyx (.futil) with memory data and expected outputs",
	Run:     run,
}

const usage = `usage: calyx_lower [flags] model.air

Lowers the (partitioned) loop-nest IR to Calyx: one component per kernel and
a main that invokes them; main's memory banks for inputs, outputs and weights
are @external.

  -weights FILE   const memory contents (air-data-v1 JSON, as torch_accel
                  writes them); required when the program has const memories
  -o FILE         Calyx output (default stdout)
  -layer NAME     print only the component of kernel NAME (to -o or stdout)
  -data FILE      write the Calyx JSON data file: every external bank's
                  initial contents (sample input, weights, zero outputs)
  -expect FILE    write the output banks as the air interpreter computes them
                  for the sample input (expect JSON: bank -> nested values)
  -input IO.json  sample inputs in the models/<name>/io.json format; each
                  graph input is quantized into the input memory of the same
                  name (float32, round to nearest, saturate), as torch_accel
                  does. Without -input every input is zero.
  -sample N       which sample of -input to use (default 0)

Output bytes are deterministic.`

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("calyx_lower", stderr)
	out := fs.String("o", "", "Calyx output file (default stdout)")
	weights := fs.String("weights", "", "const memory data (air-data-v1 JSON)")
	layer := fs.String("layer", "", "print only this kernel's component")
	dataOut := fs.String("data", "", "write the Calyx JSON data file here")
	expectOut := fs.String("expect", "", "write the expected outputs here")
	input := fs.String("input", "", "io.json with sample inputs")
	sample := fs.Int("sample", 0, "sample number in -input")
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return cli.Usagef("want one input .air file, got %d", fs.NArg())
	}
	src, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	p, err := air.Parse(src)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *weights != "" {
		w, err := os.ReadFile(*weights)
		if err != nil {
			return err
		}
		if err := air.UnmarshalData(p, w); err != nil {
			return fmt.Errorf("%s: %w", *weights, err)
		}
	}
	for _, m := range p.Mems {
		if _, ok := p.Data[m.Name]; m.Kind == air.MemConst && !ok {
			return cli.Usagef("const memory %s has no data; pass -weights", m.Name)
		}
	}
	prog, err := lower.Lower(p)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	var text []byte
	if *layer != "" {
		l, err := lower.NewLayout(p)
		if err != nil {
			return err
		}
		name, ok := l.Components[*layer]
		if !ok {
			return cli.Usagef("no kernel %q", *layer)
		}
		text = []byte(calyx.PrintComponent(prog.Component(name)))
	} else {
		text = []byte(calyx.Print(prog))
	}
	// Everything is computed before any file is written: a failure (for
	// example a register that would wrap on the sample) leaves no output.
	var data, expect []byte
	if *dataOut != "" || *expectOut != "" {
		inputs, err := sampleInputs(p, *input, *sample)
		if err != nil {
			return err
		}
		if *dataOut != "" {
			if data, err = lower.Data(p, inputs); err != nil {
				return err
			}
		}
		if *expectOut != "" {
			res, err := air.Interpret(p, inputs)
			if err != nil {
				return fmt.Errorf("interpreting %s: %w", fs.Arg(0), err)
			}
			if expect, err = lower.Expect(p, res); err != nil {
				return err
			}
		}
	}
	if err := write(*out, text, stdout); err != nil {
		return err
	}
	if *dataOut != "" {
		if err := os.WriteFile(*dataOut, data, 0o644); err != nil {
			return err
		}
	}
	if *expectOut != "" {
		if err := os.WriteFile(*expectOut, expect, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sampleInputs reads the sample inputs, or zeros when no io.json is given.
func sampleInputs(p *air.Program, path string, n int) (map[string][]int64, error) {
	if path == "" {
		in := map[string][]int64{}
		for _, m := range p.Mems {
			if m.Kind == air.MemInput {
				in[m.Name] = make([]int64, m.Size())
			}
		}
		return in, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	in, err := lower.SampleInputs(p, b, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return in, nil
}

func write(path string, b []byte, stdout io.Writer) error {
	if path == "" {
		_, err := io.Copy(stdout, bytes.NewReader(b))
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
