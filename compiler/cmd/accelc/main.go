// Command accelc is the rules_accel compiler CLI: one subcommand per stage.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/simcheck"
	"github.com/rules-accel/rules_accel/compiler/stage/calyxlower"
	"github.com/rules-accel/rules_accel/compiler/stage/floatrun"
	"github.com/rules-accel/rules_accel/compiler/stage/importer"
	"github.com/rules-accel/rules_accel/compiler/stage/svlib"
	"github.com/rules-accel/rules_accel/compiler/stage/synthreport"
	"github.com/rules-accel/rules_accel/compiler/stage/torchaccel"
)

// commands lists every stage; each stage's driver package adds its Command here.
var commands = []cli.Command{importer.Command, floatrun.Command, svlib.Command, svlib.SimData, torchaccel.Command, calyxlower.Command, simcheck.Command, synthreport.Script, synthreport.Command}

func main() { os.Exit(cli.Dispatch(commands, os.Args[1:], os.Stdout, os.Stderr)) }
