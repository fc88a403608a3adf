// Command synth_script writes the Yosys script that synthesizes a design for
// a target family (xc7, ice40, generic).
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/synthreport"
)

func main() { os.Exit(cli.Main(synthreport.Script, os.Args[1:], os.Stdout, os.Stderr)) }
