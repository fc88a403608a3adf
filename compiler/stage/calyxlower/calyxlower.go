// Package calyxlower is the driver of the calyx_lower stage: loop-nest IR
// (.air plus its weight data) to Calyx (.futil), with the memory data file
// (Calyx JSON data format) a simulation loads and the expected outputs the
// air interpreter computes for the sample input.
package calyxlower

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

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
  -seq_mem_bits N memory banks of at least N bits (words times width) become
                  seq_mem cells, with a registered read that synthesis maps to
                  block RAM; smaller ones comb_mem (default 1024; 0: none)
  -report FILE    write how each loop nest was lowered (software pipeline:
                  slots, II, depth, cycles; or why not) as a text table
  -shard I/N      lower only the I-th (from 0) of N contiguous pieces of
                  main, cut to about equal work (air.SplitMain), for
                  simulating a long model in pieces: memories the piece
                  writes are outputs, those it only reads inputs, and
                  -data/-expect hold the interpreter's state before and
                  after the piece

-input and -sample need -data or -expect (they choose what those hold).

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
	shard := fs.String("shard", "", "I/N: lower only piece I of N of main")
	report := fs.String("report", "", "write the pipelining report here")
	seqBits := fs.Int("seq_mem_bits", lower.DefaultOptions.SeqMemBits, "banks of at least this many bits are seq_mem (block RAM); 0: none")
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
	if *dataOut == "" && *expectOut == "" {
		var given []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "input" || f.Name == "sample" {
				given = append(given, "-"+f.Name)
			}
		})
		if len(given) > 0 {
			return cli.Usagef("%s only choose the sample of -data and -expect; give -data and/or -expect, or drop %s", strings.Join(given, " and "), strings.Join(given, " and "))
		}
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
	// state is the memories' contents the simulation starts from; want
	// computes the outputs it must end with.
	var state map[string][]int64
	want := func() (map[string][]int64, error) { return air.Interpret(p, state) }
	if *dataOut != "" || *expectOut != "" || *shard != "" {
		if state, err = sampleInputs(p, *input, *sample); err != nil {
			return err
		}
	}
	if *shard != "" {
		i, n, err := parseShard(*shard)
		if err != nil {
			return err
		}
		if p, state, want, err = slice(p, state, i, n); err != nil {
			return fmt.Errorf("%s: shard %s: %w", fs.Arg(0), *shard, err)
		}
	}
	if *seqBits < 0 {
		return cli.Usagef("-seq_mem_bits %d: want 0 or more", *seqBits)
	}
	prog, rep, err := lower.LowerWith(p, lower.Options{SeqMemBits: *seqBits})
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *report != "" {
		if err := os.WriteFile(*report, []byte(rep.String()), 0o644); err != nil {
			return err
		}
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
	if err := write(*out, text, stdout); err != nil {
		return err
	}
	if *dataOut == "" && *expectOut == "" {
		return nil
	}
	if *dataOut != "" {
		d, err := lower.Data(p, state)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*dataOut, d, 0o644); err != nil {
			return err
		}
	}
	if *expectOut != "" {
		res, err := want()
		if err != nil {
			return fmt.Errorf("interpreting %s: %w", fs.Arg(0), err)
		}
		e, err := lower.Expect(p, res)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*expectOut, e, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// parseShard reads "I/N" with 0 <= I < N.
func parseShard(s string) (i, n int, err error) {
	if _, err := fmt.Sscanf(s, "%d/%d", &i, &n); err != nil || n < 1 || i < 0 || i >= n || fmt.Sprintf("%d/%d", i, n) != s {
		return 0, 0, cli.Usagef("-shard %q: want I/N with 0 <= I < N", s)
	}
	return i, n, nil
}

// slice cuts p into n pieces (air.SplitMain) and returns piece i as a
// program of its own, the interpreter's state of its memories before it
// (from the model inputs in state), and a function computing their
// contents after it.
func slice(p *air.Program, inputs map[string][]int64, i, n int) (*air.Program, map[string][]int64, func() (map[string][]int64, error), error) {
	ranges := air.SplitMain(p, n)
	if i >= len(ranges) {
		return nil, nil, nil, fmt.Errorf("main has only %d kernel calls, too few for %d pieces", len(p.Main), n)
	}
	from, to := ranges[i][0], ranges[i][1]
	sub, err := air.SliceProgram(p, from, to)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := air.NewMachine(p)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, mem := range p.Mems {
		if mem.Kind == air.MemInput {
			if err := m.Set(mem.Name, inputs[mem.Name]); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	for _, c := range p.Main[:from] {
		if err := m.RunKernel(c.Kernel); err != nil {
			return nil, nil, nil, err
		}
	}
	snapshot := func() map[string][]int64 {
		s := map[string][]int64{}
		for _, mem := range sub.Mems {
			if mem.Kind == air.MemInput || mem.Kind == air.MemOutput {
				s[mem.Name] = append([]int64(nil), m.Mem(mem.Name)...)
			}
		}
		return s
	}
	before := snapshot()
	after := func() (map[string][]int64, error) {
		for _, c := range p.Main[from:to] {
			if err := m.RunKernel(c.Kernel); err != nil {
				return nil, err
			}
		}
		out := map[string][]int64{}
		for k, v := range snapshot() {
			if sub.Mem(k).Kind == air.MemOutput {
				out[k] = v
			}
		}
		return out, nil
	}
	return sub, before, after, nil
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
