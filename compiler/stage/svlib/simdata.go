package svlib

import (
	"fmt"
	"io"
	"os"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/simdata"
)

// SimData converts Calyx JSON data to hex files and checks dumped results.
var SimData = cli.Command{
	Name:    "sim_data",
	Summary: "convert Calyx JSON memory data to simulation hex files and check results",
	Run:     runSimData,
}

func runSimData(args []string, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprintln(stderr, `usage:
  sim_data to-hex DATA.json DIR          write DIR/<memory>.dat for every memory
  sim_data to-json DATA.json DIR         print DIR/<memory>.out as expect-style JSON
  sim_data check DATA.json EXPECT.json DIR
                                         compare DIR/<memory>.out with EXPECT.json`)
	}
	if len(args) == 0 {
		usage()
		return cli.Usagef("missing mode")
	}
	want := map[string]int{"to-hex": 2, "to-json": 2, "check": 3}
	n, ok := want[args[0]]
	if !ok || len(args)-1 != n {
		usage()
		return cli.Usagef("bad arguments")
	}
	b, err := os.ReadFile(args[1])
	if err != nil {
		return err
	}
	mems, err := simdata.ParseData(b)
	if err != nil {
		return fmt.Errorf("%s: %w", args[1], err)
	}
	switch args[0] {
	case "to-hex":
		return simdata.WriteHex(args[2], mems)
	case "to-json":
		got, err := simdata.ReadResults(args[2], mems)
		if err != nil {
			return err
		}
		js, err := simdata.MarshalResult(got)
		if err != nil {
			return err
		}
		_, err = stdout.Write(js)
		return err
	}
	eb, err := os.ReadFile(args[2])
	if err != nil {
		return err
	}
	exp, err := simdata.ParseExpect(eb, mems)
	if err != nil {
		return fmt.Errorf("%s: %w", args[2], err)
	}
	got, err := simdata.ReadResults(args[3], exp)
	if err != nil {
		return err
	}
	if diffs := simdata.Compare(got, exp); len(diffs) > 0 {
		fmt.Fprintln(stdout, simdata.Report(diffs, 50))
		return fmt.Errorf("%d words differ from %s", len(diffs), args[2])
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
