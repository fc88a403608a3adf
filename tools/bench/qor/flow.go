package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/qor"
	"github.com/rules-accel/rules_accel/compiler/stage/calyxlower"
	"github.com/rules-accel/rules_accel/compiler/stage/svlib"
	"github.com/rules-accel/rules_accel/compiler/stage/torchaccel"
)

// up5k is what an iCE40 UltraPlus 5K offers (Lattice FPGA-DS-02008): logic
// cells (one LUT4 and one FF each), 4 kbit EBRs and SB_MAC16 DSPs.
var up5k = struct{ LC, EBR, DSP int }{LC: 5280, EBR: 30, DSP: 8}

// flow runs the stages, the simulator and the FPGA tools for one design.
type flow struct {
	dir    string // work directory
	lock   string // if set, heavy commands run under flock(1) on this file
	family string // Yosys family of the resource columns
	seed   int    // nextpnr seed
	freq   string // nextpnr target MHz
}

// modelName is the zoo's name of a model directory: models/ops/gemm is op_gemm.
func modelName(dir string) string {
	base := filepath.Base(dir)
	if filepath.Base(filepath.Dir(dir)) == "ops" {
		return "op_" + base
	}
	return base
}

func (f *flow) measure(modelDir string, unroll int, sim, ice40 bool) (Row, error) {
	name := modelName(modelDir)
	d, err := filepath.Abs(filepath.Join(f.dir, fmt.Sprintf("%s-u%d", name, unroll)))
	if err != nil {
		return Row{}, err
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return Row{}, err
	}
	p := func(s string) string { return filepath.Join(d, s) }
	steps := []struct {
		cmd  cli.Command
		args []string
	}{
		{torchaccel.Command, []string{"-model", filepath.Join(modelDir, "model.onnx"), "-unroll", fmt.Sprintf("conv*=%d,gemm*=%d", unroll, unroll), "-o", p("m.air"), "-data", p("w.json")}},
		{calyxlower.Command, []string{"-weights", p("w.json"), "-input", filepath.Join(modelDir, "io.json"), "-sample", "0", "-o", p("m.futil"), "-data", p("data.json"), "-expect", p("expect.json"), p("m.air")}},
		{svlib.Command, []string{"-o", p("m.sv"), "-tb", p("tb.sv"), p("m.futil")}},
	}
	for _, s := range steps {
		var errb bytes.Buffer
		if err := s.cmd.Run(s.args, io.Discard, &errb); err != nil {
			return Row{}, fmt.Errorf("%s: %w %s", s.cmd.Name, err, errb.String())
		}
	}
	row := Row{Model: name, Unroll: unroll}
	if sim {
		if row.Cycles, err = f.simulate(d); err != nil {
			return Row{}, err
		}
	}
	rep, secs, err := f.synthesize(d, qor.Family(f.family), false)
	if err != nil {
		return Row{}, err
	}
	t := rep.Total
	row.LUT, row.LUTRAM, row.LUTTotal, row.FF, row.DSP, row.BRAM = t.LUT, t.LUTRAM, t.LUTTotal, t.FF, t.DSP, t.BRAM
	row.SynthSeconds = secs
	if ice40 {
		if err := f.placeRoute(d, &row); err != nil {
			return Row{}, err
		}
	}
	return row, nil
}

// command runs name with args in dir, under the lock if there is one, and
// returns its combined output.
func (f *flow) command(dir, name string, args ...string) ([]byte, error) {
	if f.lock != "" {
		args = append([]string{f.lock, name}, args...)
		name = "flock"
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out, 20))
	}
	return out, nil
}

var cyclesRE = regexp.MustCompile(`(?m)^cycles: (\d+)$`)

// simulate builds the Verilator simulator, runs sample 0, checks the output
// memories bit-exactly against the loop-nest interpreter and returns the cycles.
func (f *flow) simulate(d string) (int64, error) {
	mem := filepath.Join(d, "mem")
	if err := os.MkdirAll(mem, 0o755); err != nil {
		return 0, err
	}
	var errb bytes.Buffer
	if err := svlib.SimData.Run([]string{"to-hex", filepath.Join(d, "data.json"), mem}, io.Discard, &errb); err != nil {
		return 0, fmt.Errorf("sim_data to-hex: %w %s", err, errb.String())
	}
	obj := filepath.Join(d, "obj")
	defer os.RemoveAll(obj)
	if _, err := f.command(d, "verilator", "--binary", "--timing", "--top-module", "accel_tb", "-j", "2", "-Mdir", obj, "-o", "sim", "m.sv", "tb.sv"); err != nil {
		return 0, err
	}
	out, err := f.command(d, filepath.Join(obj, "sim"), "+DATA="+mem)
	if err != nil {
		return 0, err
	}
	m := cyclesRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("the simulator printed no cycle count:\n%s", tail(out, 10))
	}
	cycles, err := strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil {
		return 0, err
	}
	errb.Reset()
	if err := svlib.SimData.Run([]string{"check", filepath.Join(d, "data.json"), filepath.Join(d, "expect.json"), mem}, io.Discard, &errb); err != nil {
		return 0, fmt.Errorf("outputs differ from the loop-nest interpreter: %w %s", err, errb.String())
	}
	return cycles, nil
}

// synthesize runs Yosys on m.sv for the family and returns the report and
// Yosys's wall time in seconds.
func (f *flow) synthesize(d string, family qor.Family, netlist bool) (*qor.Report, float64, error) {
	if _, err := qor.ParseFamily(string(family)); err != nil {
		return nil, 0, err
	}
	o := qor.ScriptOptions{Family: family, Top: "main", Srcs: []string{"m.sv"}, Stat: string(family) + "_stat.json"}
	if netlist {
		o.Netlist = string(family) + "_netlist.json"
	}
	script, err := qor.Script(o)
	if err != nil {
		return nil, 0, err
	}
	ys := string(family) + ".ys"
	if err := os.WriteFile(filepath.Join(d, ys), []byte(script), 0o644); err != nil {
		return nil, 0, err
	}
	start := time.Now()
	if _, err := f.command(d, "yosys", "-q", "-l", string(family)+"_yosys.log", "-s", ys); err != nil {
		return nil, 0, err
	}
	secs := time.Since(start).Seconds()
	statPath := filepath.Join(d, o.Stat)
	data, err := os.ReadFile(statPath)
	if err != nil {
		return nil, 0, err
	}
	stat, err := qor.ParseStat(statPath, data)
	if err != nil {
		return nil, 0, err
	}
	rep, err := qor.Summarize(stat, family, "main")
	return rep, float64(int(secs*10+0.5)) / 10, err
}

// placeRoute synthesizes for iCE40 and, if the design can fit a UP5K, places
// and routes it with nextpnr-ice40, packs the bitstream and records Fmax and
// latency in the row.
func (f *flow) placeRoute(d string, row *Row) error {
	// A design that needs more 6-input LUTs on xc7 than the UP5K has 4-input
	// LUTs will not fit; skip the iCE40 synthesis, which takes many minutes
	// for large designs (every memory bit becomes a flip-flop there).
	if row.LUTTotal > up5k.LC {
		row.ICE40 = fmt.Sprintf("does not fit (%s xc7 LUTs > %s LCs)", group(int64(row.LUTTotal)), group(int64(up5k.LC)))
		return nil
	}
	rep, _, err := f.synthesize(d, qor.ICE40, true)
	if err != nil {
		return err
	}
	t := rep.Total
	if t.LUT > up5k.LC || t.FF > up5k.LC || t.BRAM > float64(up5k.EBR) || t.DSP > up5k.DSP {
		row.ICE40 = fmt.Sprintf("does not fit (%s LUT4, %s FF of %s)", group(int64(t.LUT)), group(int64(t.FF)), group(int64(up5k.LC)))
		return nil
	}
	if _, err := f.command(d, "nextpnr-ice40", "-q", "-l", "nextpnr.log", "--up5k", "--package", "sg48",
		"--seed", strconv.Itoa(f.seed), "--freq", f.freq, "--timing-allow-fail", "--threads", "1", "--pcf-allow-unconstrained",
		"--json", "ice40_netlist.json", "--asc", "ice40.asc", "--report", "nextpnr.json"); err != nil {
		log, _ := os.ReadFile(filepath.Join(d, "nextpnr.log"))
		row.ICE40 = placeFailure(firstError(log))
		return nil
	}
	if _, err := f.command(d, "icepack", "ice40.asc", "ice40.bin"); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(d, "nextpnr.json"))
	if err != nil {
		return err
	}
	pnr, err := qor.ParseNextpnrReport(filepath.Join(d, "nextpnr.json"), data)
	if err != nil {
		return err
	}
	rep.PnR = pnr
	if err := rep.SetLatency(row.Cycles); err != nil {
		return err
	}
	row.ICE40, row.FmaxMHz, row.LatencyUS = "placed", pnr.FmaxMHz, rep.LatencyUS
	for _, u := range pnr.Utilization {
		if u.Bel == "ICESTORM_LC" {
			row.ICE40LC = u.Used
		}
	}
	return nil
}

// plot runs plot.py on the JSON rows.
func (f *flow) plot(python, jsonPath, png string) error {
	script := filepath.Join("tools", "bench", "qor", "plot.py")
	if _, err := os.Stat(script); err != nil {
		return fmt.Errorf("run qor from the repository root (%s not found)", script)
	}
	out, err := exec.Command(python, script, jsonPath, png).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", python, script, err, out)
	}
	return nil
}

var noBelsRE = regexp.MustCompile(`no BELs remaining to implement cell type '(\w+)'`)

// placeFailure says why nextpnr could not place the design, short enough for a table cell.
func placeFailure(err string) string {
	if m := noBelsRE.FindStringSubmatch(err); m != nil {
		return fmt.Sprintf("does not fit (more %s than the UP5K's)", m[1])
	}
	if strings.Contains(err, "Failed to expand region") {
		return "does not fit (placer: " + err + ")"
	}
	return "nextpnr failed: " + err
}

func firstError(log []byte) string {
	for _, l := range strings.Split(string(log), "\n") {
		if strings.HasPrefix(l, "ERROR:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "ERROR:"))
		}
	}
	return "nextpnr failed (see nextpnr.log)"
}

func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
