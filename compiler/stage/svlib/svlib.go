// Package svlib is the driver of the sv_library stage (Calyx to
// SystemVerilog) and of the sim_data utility that converts simulation data.
package svlib

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	prims := fs.String("write_primitives", "", "write the project's own primitives here as accel.futil and accel.sv (for upstream Calyx); without a .futil argument, only that")
	var libs []string
	fs.Func("L", "directory to search for imported .futil files (repeatable); imported components are compiled too", func(d string) error {
		libs = append(libs, d)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sv_library [-o out.sv] [-tb out_tb.sv] [-top name] [-L libdir]... [-write_primitives dir] prog.futil")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *prims != "" {
		if err := writePrimitives(*prims); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			return nil
		}
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

// writePrimitives writes primitives/accel.futil's declarations and their
// SystemVerilog into dir.
func writePrimitives(dir string) error {
	src, err := sv.AccelLibrarySV()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "accel.futil"), []byte(calyx.AccelLibrary), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "accel.sv"), []byte(src), 0o644)
}
