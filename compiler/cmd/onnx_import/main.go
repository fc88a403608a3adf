// Command onnx_import is the import stage alone: ONNX model in, graph text form out.
package main

import (
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/stage/importer"
)

func main() { os.Exit(cli.Main(importer.Command, os.Args[1:], os.Stdout, os.Stderr)) }
