package unitcheck

import (
	"bufio"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rules-accel/rules_accel/compiler/sv"
)

//go:embed harness/harness.cpp
var harnessCpp []byte

// BuildOptions tune the Verilator build.
type BuildOptions struct {
	Jobs int // parallel compile jobs (default 1)
}

// Build writes the unit's top, its library modules and the C++ driver into
// dir, verilates and compiles them, and returns the simulator's path.
func Build(dir string, u *Unit, opt BuildOptions) (string, error) {
	var src strings.Builder
	src.WriteString(u.Top())
	for _, m := range u.Modules {
		s, err := sv.PrimitiveSource(m)
		if err != nil {
			return "", fmt.Errorf("unit %s: %w", u.Name, err)
		}
		src.WriteString(s)
	}
	if err := os.WriteFile(filepath.Join(dir, "top.sv"), []byte(src.String()), 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "harness.cpp"), harnessCpp, 0o644); err != nil {
		return "", err
	}
	jobs := max(opt.Jobs, 1)
	cmd := exec.Command("verilator", "--cc", "--exe", "--build", "-j", fmt.Sprint(jobs),
		"-Wno-fatal", "-Wno-lint", "-Wno-style", "-O3", "--x-assign", "fast", "--x-initial", "fast",
		"-CFLAGS", "-O2", "--top-module", "fp32_unit_top", "-Mdir", "obj", "-o", "unit_sim",
		"top.sv", "harness.cpp")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("unit %s: verilator: %v\n%s", u.Name, err, out)
	}
	return filepath.Join(dir, "obj", "unit_sim"), nil
}

// Config says how many operands to run.
type Config struct {
	Random  int   // random records per operation (on top of the fixed ones)
	Seed    int64 // seed of the random records (per operation: Seed + index)
	Report  int   // mismatches to describe per operation (default 10)
	NoFixed bool  // skip the special cases and sweeps
}

// Result is the outcome of one operation.
type Result struct {
	Unit, Op   string
	Fixed      int           // special-case and sweep records
	Random     int           // random records
	Mismatches int           // records whose result or flags differ
	Examples   []string      // the first mismatches, described
	Elapsed    time.Duration // generation, simulation and comparison
}

// Run simulates every operation of u with the simulator sim (from Build).
func Run(sim string, u *Unit, cfg Config) ([]Result, error) {
	if cfg.Report == 0 {
		cfg.Report = 10
	}
	var results []Result
	for i, op := range u.Ops {
		res, err := runOp(sim, u, op, cfg, cfg.Seed+int64(i))
		if err != nil {
			return results, fmt.Errorf("unit %s op %s: %w", u.Name, op.Name, err)
		}
		results = append(results, res)
	}
	return results, nil
}

const (
	inSize  = 24
	outSize = 16
	batch   = 4096
)

type job struct {
	recs []Record
	want []Output
}

func runOp(sim string, u *Unit, op *Op, cfg Config, seed int64) (Result, error) {
	start := time.Now()
	res := Result{Unit: u.Name, Op: op.Name, Random: cfg.Random}
	cmd := exec.Command(sim, strconv.Itoa(u.gap))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return res, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return res, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return res, err
	}

	// Generate and send in batches; the batches go on to the comparison in order.
	jobs := make(chan job, 8)
	genErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		w := bufio.NewWriterSize(stdin, 1<<16)
		buf := make([]byte, inSize)
		var cur job
		flush := func() error {
			for _, r := range cur.recs {
				binary.LittleEndian.PutUint64(buf[0:], r.A)
				binary.LittleEndian.PutUint64(buf[8:], r.B)
				binary.LittleEndian.PutUint32(buf[16:], r.Ctrl)
				binary.LittleEndian.PutUint32(buf[20:], 0)
				if _, err := w.Write(buf); err != nil {
					return err
				}
			}
			if err := w.Flush(); err != nil {
				return err
			}
			jobs <- cur
			cur = job{}
			return nil
		}
		var werr error
		add := func(r Record) {
			if werr != nil {
				return
			}
			cur.recs = append(cur.recs, r)
			cur.want = append(cur.want, op.Expect(r))
			if len(cur.recs) == batch {
				werr = flush()
			}
		}
		if !cfg.NoFixed {
			op.Fixed(func(r Record) { res.Fixed++; add(r) })
		}
		rng := rand.New(rand.NewSource(seed))
		for range cfg.Random {
			add(op.Random(rng))
		}
		if werr == nil && len(cur.recs) > 0 {
			werr = flush()
		}
		stdin.Close()
		genErr <- werr
	}()

	r := bufio.NewReaderSize(stdout, 1<<16)
	buf := make([]byte, outSize)
	var readErr error
	for j := range jobs {
		if readErr != nil {
			continue // drain
		}
		for i, rec := range j.recs {
			if _, err := io.ReadFull(r, buf); err != nil {
				readErr = fmt.Errorf("reading result %d: %w", res.Fixed+res.Mismatches+i, err)
				break
			}
			got := Output{binary.LittleEndian.Uint64(buf[0:]), binary.LittleEndian.Uint32(buf[8:])}
			if got != j.want[i] {
				res.Mismatches++
				if len(res.Examples) < cfg.Report {
					res.Examples = append(res.Examples, fmt.Sprintf("got  %s\n    want %s", op.Format(rec, got), op.Format(rec, j.want[i])))
				}
			}
		}
	}
	werr := <-genErr
	if readErr == nil {
		if n, _ := io.Copy(io.Discard, r); n > 0 {
			readErr = fmt.Errorf("%d extra result bytes", n)
		}
	}
	if err := cmd.Wait(); err != nil {
		return res, fmt.Errorf("simulator: %v: %s", err, stderr.String())
	}
	if readErr != nil {
		return res, readErr
	}
	if werr != nil && !errors.Is(werr, os.ErrClosed) {
		return res, fmt.Errorf("writing operands: %w", werr)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}
