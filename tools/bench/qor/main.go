// Command qor tabulates the quality of results of the zoo's models per unroll
// factor: cycles (Verilator simulation of sample 0, checked bit-exactly
// against the loop-nest interpreter), resources after Yosys synthesis (LUT,
// LUT RAM, FF, DSP, BRAM; synth_xilinx for xc7 by default) and, for designs
// that fit an iCE40 UP5K, the Fmax nextpnr-ice40 achieves and the latency in
// µs. It prints a Markdown table, writes it with the raw numbers as JSON, and
// with -png plots cycles against LUTs, one curve per model (plot.py,
// matplotlib).
//
// Usage, from the repository root:
//
//	go run ./tools/bench/qor -o /tmp/qor -png /tmp/qor/qor.png [-lock /tmp/heavy.lock] [MODEL_DIR...]
//	go run ./tools/bench/qor -o /tmp/qor -png qor.png -merge a/qor.json,b/qor.json   (table and plot only)
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "qor:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("qor", flag.ContinueOnError)
	out := fs.String("o", "", "directory for the work files, qor.md and qor.json (required)")
	unrolls := fs.String("unroll", "1,2,4,8", "unroll factors of conv* and gemm* kernels, comma-separated")
	family := fs.String("family", "xc7", "Yosys synthesis family for the resource columns: xc7, ice40 or generic")
	ice40 := fs.Bool("ice40", true, "also place and route designs that fit an iCE40 UP5K with nextpnr-ice40 (Fmax, latency)")
	sim := fs.Bool("sim", true, "simulate for the cycle count")
	lock := fs.String("lock", "", "run every Yosys, Verilator and nextpnr command under `flock LOCK` (on a shared machine)")
	png := fs.String("png", "", "write the plot of cycles against LUTs here (needs python3 with matplotlib: tools/bench/qor/requirements.txt)")
	python := fs.String("python", "python3", "Python interpreter for the plot")
	seed := fs.Int("seed", 1, "nextpnr's placer seed")
	freq := fs.String("freq", "48", "nextpnr's target frequency, MHz")
	merge := fs.String("merge", "", "measure nothing: table and plot the rows of these qor.json files (comma-separated), e.g. of runs on separate models")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: qor -o DIR [-unroll 1,2,4,8] [-family xc7] [-ice40=false] [-png out.png] [-lock FILE] [MODEL_DIR...]\n(default models: models/ops/gemm models/ops/conv models/lenet5 models/ffnn)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return fmt.Errorf("-o is required")
	}
	var factors []int
	for _, s := range strings.Split(*unrolls, ",") {
		u, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || u < 1 {
			return fmt.Errorf("-unroll: %q is not a positive integer", s)
		}
		factors = append(factors, u)
	}
	models := fs.Args()
	if len(models) == 0 {
		models = []string{"models/ops/gemm", "models/ops/conv", "models/lenet5", "models/ffnn"}
	}
	f := &flow{dir: *out, lock: *lock, family: *family, seed: *seed, freq: *freq}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	var rows []Row
	if *merge != "" {
		for _, path := range strings.Split(*merge, ",") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var part []Row
			if err := json.Unmarshal(data, &part); err != nil {
				return fmt.Errorf("%s: not a qor.json: %w", path, err)
			}
			rows = append(rows, part...)
		}
		models = nil
		if err := save(*out, rows, *family); err != nil {
			return err
		}
	}
	for _, m := range models {
		for _, u := range factors {
			row, err := f.measure(m, u, *sim, *ice40)
			if err != nil {
				return fmt.Errorf("%s unroll %d: %w", m, u, err)
			}
			fmt.Fprintf(os.Stderr, "qor: %s unroll %d: %d cycles, %d LUTs (synthesis %s)\n", row.Model, u, row.Cycles, row.LUTTotal, time.Duration(row.SynthSeconds*float64(time.Second)).Round(time.Second))
			rows = append(rows, row)
			// Written after every row, so a long run that stops keeps what it measured.
			if err := save(*out, rows, *family); err != nil {
				return err
			}
		}
	}
	fmt.Print(string(Markdown(rows, *family)))
	if *png != "" {
		return f.plot(*python, filepath.Join(*out, "qor.json"), *png)
	}
	return nil
}

// save writes the rows so far to DIR/qor.md and DIR/qor.json.
func save(dir string, rows []Row, family string) error {
	if err := os.WriteFile(filepath.Join(dir, "qor.md"), Markdown(rows, family), 0o644); err != nil {
		return err
	}
	js, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "qor.json"), append(js, '\n'), 0o644)
}
