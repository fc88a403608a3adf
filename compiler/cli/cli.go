// Package cli is the command-line front end shared by the `accelc` CLI and
// the per-stage binaries: each stage's driver package (compiler/stage/...)
// exports one Command, which its own binary runs alone and accelc dispatches to.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Command is one compiler stage or utility run from the command line.
type Command struct {
	Name    string // subcommand name, e.g. "torch_accel"
	Summary string // one line for the usage listing
	// Run executes the command with its arguments (without the name).
	// Errors are printed by Main as "NAME: error" and exit with status 1.
	Run func(args []string, stdout, stderr io.Writer) error
}

// ErrUsage marks an error caused by bad command-line use; Main exits with status 2 for it.
var ErrUsage = errors.New("usage")

// Usagef returns an error wrapping ErrUsage.
func Usagef(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(format, a...))
}

// Main runs one command and returns the process exit status.
func Main(c Command, args []string, stdout, stderr io.Writer) int {
	if err := c.Run(args, stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "%s: %v\n", c.Name, err)
		if errors.Is(err, ErrUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// Dispatch runs `accelc COMMAND ARGS...`: the first argument picks one of cmds.
func Dispatch(cmds []Command, args []string, stdout, stderr io.Writer) int {
	sorted := append([]Command(nil), cmds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, "usage: accelc COMMAND [flags] ...\n\ncommands:")
		for _, c := range sorted {
			fmt.Fprintf(stderr, "  %-14s %s\n", c.Name, c.Summary)
		}
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	names := make([]string, 0, len(sorted))
	for _, c := range sorted {
		if c.Name == args[0] {
			return Main(c, args[1:], stdout, stderr)
		}
		names = append(names, c.Name)
	}
	fmt.Fprintf(stderr, "accelc: unknown command %q; commands: %s\n", args[0], strings.Join(names, ", "))
	return 2
}

// NewFlagSet returns a flag set that reports errors instead of exiting and prints usage to stderr.
func NewFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// StringList is a repeatable string flag: each use appends one value.
type StringList []string

// String returns the values joined by commas.
func (l *StringList) String() string { return strings.Join(*l, ",") }

// Set appends one value.
func (l *StringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// Values returns the values given, or nil when the flag was not used.
func (l *StringList) Values() []string {
	if len(*l) == 0 {
		return nil
	}
	return *l
}
