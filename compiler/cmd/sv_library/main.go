// Command sv_library compiles a Calyx program to SystemVerilog (stage 5).
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/svlib"
)

func main() { os.Exit(cli.Main(svlib.Command, os.Args[1:], os.Stdout, os.Stderr)) }
