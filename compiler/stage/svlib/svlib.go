// Package svlib is the driver of the sv_library stage (Calyx to
// SystemVerilog) and of the sim_data utility that converts simulation data.
package svlib

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

// Command compiles a Calyx program to SystemVerilog and its testbench.
var Command = cli.Command{
	Name:    "sv_library",
	Summary: "compile Calyx (.futil) to SystemVerilog and a simulation testbench",
	Run:     run,
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("sv_library", stderr)
	out := fs.String("o", "", "output SystemVerilog file (default: stdout)")
	tb := fs.String("tb", "", "also write the simulation testbench (module accel_tb) to this file")
	top := fs.String("top", "", "top component (default: @toplevel or main)")
	var libs []string
	fs.Func("L", "directory to search for imported .futil files (repeatable); imported components are compiled too", func(d string) error {
		libs = append(libs, d)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sv_library [-o out.sv] [-tb out_tb.sv] [-top name] [-L libdir]... prog.futil")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return cli.Usagef("want one input .futil file, got %d", fs.NArg())
	}
	prog, err := sv.LoadProgram(fs.Arg(0), libs)
	if err != nil {
		return err
	}
	res, err := sv.Compile(prog, sv.Options{Top: *top})
	if err != nil {
		var pe *calyx.Error
		if errors.As(err, &pe) && pe.File != "" {
			return err // already "file:line:col: ..."
		}
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *out == "" {
		if _, err := stdout.Write(res.SV); err != nil {
			return err
		}
	} else if err := os.WriteFile(*out, res.SV, 0o644); err != nil {
		return err
	}
	if *tb != "" {
		if err := os.WriteFile(*tb, sv.Testbench(res), 0o644); err != nil {
			return err
		}
	}
	return nil
}
