// Command synth_report writes a quality-of-results report (resources from
// Yosys, Fmax from nextpnr) as JSON and Markdown.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/synthreport"
)

func main() { os.Exit(cli.Main(synthreport.Command, os.Args[1:], os.Stdout, os.Stderr)) }
