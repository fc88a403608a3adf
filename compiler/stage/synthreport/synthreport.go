// Package synthreport is the driver of the synth_script and synth_report
// commands: write the Yosys script that synthesizes a design for a target
// family, and turn Yosys's statistics (and nextpnr's report, for a placed
// and routed iCE40 design) into JSON and Markdown reports (package qor).
package synthreport

import (
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/qor"
)

// Script writes the Yosys synthesis script.
var Script = cli.Command{
	Name:    "synth_script",
	Summary: "write the Yosys script that synthesizes SystemVerilog for xc7, ice40 or generic cells",
	Run:     runScript,
}

// Command writes the quality-of-results report.
var Command = cli.Command{
	Name:    "synth_report",
	Summary: "report resources (LUT, FF, DSP, BRAM) from Yosys's stat -json, and Fmax from nextpnr",
	Run:     runReport,
}

func runScript(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("synth_script", stderr)
	family := fs.String("family", string(qor.XC7), "target family: xc7 (synth_xilinx), ice40 (synth_ice40) or generic (synth)")
	top := fs.String("top", "", "top module (required)")
	stat := fs.String("stat", "", "where Yosys writes `stat -json` (required)")
	netlist := fs.String("netlist", "", "where Yosys writes the synthesized netlist as JSON (for nextpnr)")
	out := fs.String("o", "", "output script (default: stdout)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: synth_script [-family xc7|ice40|generic] -top MODULE -stat stat.json [-netlist net.json] [-o synth.ys] SRC.sv...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := qor.ParseFamily(*family)
	if err != nil {
		return cli.Usagef("-family: %v", err)
	}
	if *top == "" || *stat == "" || fs.NArg() == 0 {
		fs.Usage()
		return cli.Usagef("need -top, -stat and at least one source file")
	}
	s, err := qor.Script(qor.ScriptOptions{Family: f, Top: *top, Srcs: fs.Args(), Stat: *stat, Netlist: *netlist})
	if err != nil {
		return err
	}
	return write(*out, []byte(s), stdout)
}

func runReport(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("synth_report", stderr)
	family := fs.String("family", string(qor.XC7), "family the design was synthesized for: xc7, ice40 or generic")
	top := fs.String("top", "", "top module (required)")
	out := fs.String("o", "", "output JSON report (default: stdout)")
	md := fs.String("md", "", "also write the report as Markdown to this file")
	pnr := fs.String("nextpnr", "", "nextpnr's --report JSON of the placed and routed design")
	pnrTool := fs.String("nextpnr_version", "", "nextpnr's version line, for the report")
	device := fs.String("device", "up5k", "device nextpnr placed the design on")
	pkg := fs.String("package", "sg48", "device package")
	seed := fs.Int("seed", 1, "nextpnr's placer seed")
	cycles := fs.Int64("cycles", 0, "latency in clock cycles (from simulation); with -nextpnr the report gives it in µs")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: synth_report [-family F] -top MODULE [-nextpnr report.json ...] [-cycles N] [-o report.json] [-md report.md] stat.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := qor.ParseFamily(*family)
	if err != nil {
		return cli.Usagef("-family: %v", err)
	}
	if *top == "" || fs.NArg() != 1 {
		fs.Usage()
		return cli.Usagef("need -top and one stat.json")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	stat, err := qor.ParseStat(fs.Arg(0), data)
	if err != nil {
		return err
	}
	rep, err := qor.Summarize(stat, f, *top)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *pnr != "" {
		data, err := os.ReadFile(*pnr)
		if err != nil {
			return err
		}
		p, err := qor.ParseNextpnrReport(*pnr, data)
		if err != nil {
			return err
		}
		p.Tool, p.Device, p.Package, p.Seed = *pnrTool, *device, *pkg, *seed
		rep.PnR = p
	}
	if err := rep.SetLatency(*cycles); err != nil {
		return cli.Usagef("-cycles: %v", err)
	}
	j, err := rep.JSON()
	if err != nil {
		return err
	}
	if err := write(*out, j, stdout); err != nil {
		return err
	}
	if *md != "" {
		return os.WriteFile(*md, rep.Markdown(), 0o644)
	}
	return nil
}

func write(path string, data []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
