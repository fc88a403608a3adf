// Command calyx_lower is the calyx_lower stage: loop-nest IR to Calyx.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/calyxlower"
)

func main() { os.Exit(cli.Main(calyxlower.Command, os.Args[1:], os.Stdout, os.Stderr)) }
