// Command torch_check compares simulated output memories with PyTorch's outputs.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/simcheck"
)

func main() { os.Exit(cli.Main(simcheck.Command, os.Args[1:], os.Stdout, os.Stderr)) }
