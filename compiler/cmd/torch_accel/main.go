// Command torch_accel is the torch_accel stage alone: ONNX model in, loop-nest IR and weight data out.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/torchaccel"
)

func main() { os.Exit(cli.Main(torchaccel.Command, os.Args[1:], os.Stdout, os.Stderr)) }
