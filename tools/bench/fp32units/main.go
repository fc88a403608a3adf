// Command fp32units runs the binary32 units of the SystemVerilog library in
// Verilator against package fp32 (see compiler/fp32/unitcheck) with many
// random operands, and prints a Markdown table of counts, mismatches and
// times per operation. It exits with status 1 on any mismatch.
//
// Usage: fp32units [-random N] [-units fadd,fmul,...] [-seed S] [-jobs J]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rules-accel/rules_accel/compiler/fp32/unitcheck"
)

func main() {
	random := flag.Int("random", 10_000_000, "random operands per operation")
	only := flag.String("units", "", "comma-separated units to run (default all)")
	seed := flag.Int64("seed", 1, "seed of the random operands")
	jobs := flag.Int("jobs", 2, "parallel C++ compile jobs of each Verilator build")
	flag.Parse()
	if err := run(*random, *only, *seed, *jobs); err != nil {
		fmt.Fprintln(os.Stderr, "fp32units:", err)
		os.Exit(1)
	}
}

func run(random int, only string, seed int64, jobs int) error {
	want := map[string]bool{}
	for _, u := range strings.Split(only, ",") {
		if u != "" {
			want[u] = true
		}
	}
	tmp, err := os.MkdirTemp("", "fp32units")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Println("| unit | op | special + sweep | random | mismatches | build | run | records/s |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|")
	bad := 0
	var examples []string
	total := time.Now()
	for _, u := range unitcheck.Units(30) { // 30 dividers: one division per cycle
		if len(want) > 0 && !want[u.Name] {
			continue
		}
		dir, err := os.MkdirTemp(tmp, u.Name)
		if err != nil {
			return err
		}
		start := time.Now()
		sim, err := unitcheck.Build(dir, u, unitcheck.BuildOptions{Jobs: jobs})
		if err != nil {
			return err
		}
		build := time.Since(start)
		results, err := unitcheck.Run(sim, u, unitcheck.Config{Random: random, Seed: seed})
		if err != nil {
			return err
		}
		for i, r := range results {
			b := ""
			if i == 0 {
				b = build.Round(time.Second).String()
			}
			n := r.Fixed + r.Random
			fmt.Printf("| %s | %s | %d | %d | %d | %s | %s | %.3g |\n", r.Unit, r.Op, r.Fixed, r.Random, r.Mismatches,
				b, r.Elapsed.Round(time.Millisecond), float64(n)/r.Elapsed.Seconds())
			bad += r.Mismatches
			for _, e := range r.Examples {
				examples = append(examples, r.Unit+"/"+r.Op+": "+e)
			}
		}
	}
	fmt.Printf("\ntotal time %s\n", time.Since(total).Round(time.Second))
	if bad > 0 {
		for _, e := range examples {
			fmt.Println(e)
		}
		return fmt.Errorf("%d mismatches", bad)
	}
	return nil
}
