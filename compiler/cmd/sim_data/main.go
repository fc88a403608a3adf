// Command sim_data converts Calyx JSON memory data to and from simulation hex files.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/svlib"
)

func main() { os.Exit(cli.Main(svlib.SimData, os.Args[1:], os.Stdout, os.Stderr)) }
