package simcheck

import (
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/cli"
)

// DefaultAtol is the default tolerance against PyTorch: about 13 steps of
// fixed<16,8> (1/256), above the zoo's largest observed error (0.0104).
const DefaultAtol = 0.05

// Command is `torch_check`: compare a simulation's dumped outputs with PyTorch's.
var Command = cli.Command{
	Name:    "torch_check",
	Summary: "compare simulated output memories with PyTorch's outputs (max abs error, argmax per row)",
	Run:     run,
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("torch_check", stderr)
	ioPath := fs.String("io", "", "io.json with PyTorch's outputs (required)")
	sample := fs.Int("sample", 0, "sample number in -io")
	dir := fs.String("dir", "", "directory with the simulator's <bank>.out dumps (required)")
	atol := fs.Float64("atol", DefaultAtol, "largest allowed |hardware - PyTorch|")
	rtol := fs.Float64("rtol", 0, "if above 0, also the largest allowed max|hardware - PyTorch| / max|PyTorch| per output (float32 models)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: torch_check -io io.json [-sample N] -dir DUMPS [-atol X] [-rtol Y] PROGRAM.air")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *ioPath == "" || *dir == "" || fs.NArg() != 1 {
		fs.Usage()
		return cli.Usagef("need -io, -dir and one .air file")
	}
	src, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	p, err := air.Parse(src)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	raw, err := Outputs(p, *dir)
	if err != nil {
		return err
	}
	ioJSON, err := os.ReadFile(*ioPath)
	if err != nil {
		return err
	}
	res, err := Compare(p, raw, ioJSON, *sample)
	if err != nil {
		return fmt.Errorf("%s: %w", *ioPath, err)
	}
	bad := 0
	for _, r := range res {
		status := "ok"
		if !r.OKRel(*atol, *rtol) {
			status = "FAIL"
			bad++
		}
		tol := fmt.Sprintf("atol %g", *atol)
		if *rtol > 0 {
			tol = fmt.Sprintf("relative error %.3g of max|PyTorch| %.3g, atol %g, rtol %g", r.MaxRelErr(), r.MaxAbsWant, *atol, *rtol)
		}
		fmt.Fprintf(stdout, "vs PyTorch: %s (%s): %s\n", r, tol, status)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d outputs outside tolerance of PyTorch", bad, len(res))
	}
	return nil
}
