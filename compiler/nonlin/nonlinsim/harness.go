// Package nonlinsim checks the SystemVerilog nonlinear units of compiler/sv's
// primitive library against compiler/nonlin's Go model, bit for bit, on
// every 16-bit input: one Verilator simulation per unit instantiates it in
// several formats, feeds a new input every cycle (exercising the pipeline at
// full rate, as a pipelined loop would) and dumps every output.
package nonlinsim

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/fixed"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/nonlin"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

// Pass is the number of cycles of one pass over the 16-bit inputs.
const Pass = 1 << 16

// tbModule is the testbench's module name.
const tbModule = "nl_tb"

// Scramble is the odd multiplier that orders the inputs: c -> c*Scramble
// mod 2^16 is a bijection, so one pass still covers every 16-bit value, but
// consecutive inputs differ in sign and magnitude, so that a pipeline whose
// side signals (sign, exponent) are delayed by the wrong number of cycles
// fails on most inputs instead of a few.
const Scramble = 40503

// Input returns the raw input a unit gets in cycle c. A unit with at most 16
// input bits gets the low In.Width bits of c*Scramble, so that one pass
// covers every input value. A wider unit gets the 16-bit value c*Scramble
// sign-extended in the first pass (all small magnitudes) and
// c*Scramble*(2^(In.Width-16)+1) in the second (values over the whole range).
func Input(u nonlin.Unit, c int) int64 {
	w := u.In.Width
	s := uint64(c) * Scramble
	switch {
	case w <= 16:
		return u.In.FromBits(s)
	case c < Pass:
		return int64(int16(s))
	default:
		return u.In.FromBits(s * (uint64(1)<<(w-16) + 1))
	}
}

// Cycles returns the number of inputs the units get: one pass, or two if
// one has more than 16 input bits.
func Cycles(units []nonlin.Unit) int {
	for _, u := range units {
		if u.In.Width > 16 {
			return 2 * Pass
		}
	}
	return Pass
}

// Testbench returns the SystemVerilog testbench: one instance of each unit,
// a cycle counter driving their inputs (as Input says), and one line per
// cycle written to the file +OUT names, holding each unit's output in hex.
func Testbench(units []nonlin.Unit) []byte {
	n := Cycles(units)
	maxLat := 0
	for _, u := range units {
		maxLat = max(maxLat, u.Func.Latency())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// Feeds %d inputs to %d nonlinear units, one per cycle, and writes their outputs.\n", n, len(units))
	fmt.Fprintf(&b, "module %s;\n  logic clk = 1'b0;\n  logic [31:0] cycle = '0;\n  logic [31:0] s;\n  int fd;\n  string path;\n", tbModule)
	fmt.Fprintf(&b, "  assign s = cycle * 32'd%d;\n", Scramble)
	var outs, fmts []string
	for i, u := range units {
		wi, wo := u.In.Width, u.Out.Width
		fmt.Fprintf(&b, "  logic [%d:0] in%d;\n  logic [%d:0] out%d;\n", wi-1, i, wo-1, i)
		if wi <= 16 {
			fmt.Fprintf(&b, "  assign in%d = s[%d:0];\n", i, wi-1)
		} else {
			fmt.Fprintf(&b, "  assign in%d = cycle < 32'd%d ? %d'($signed(s[15:0])) : %d'(s * 32'd%d);\n",
				i, Pass, wi, wi, uint64(1)<<(wi-16)+1)
		}
		fmt.Fprintf(&b, "  %s #(\n      .IN_WIDTH(%d),\n      .IN_FRAC_WIDTH(%d),\n      .OUT_WIDTH(%d),\n      .OUT_FRAC_WIDTH(%d)\n",
			u.Func.Primitive(), wi, u.In.Frac, wo, u.Out.Frac)
		fmt.Fprintf(&b, "  ) u%d (\n      .clk(clk),\n      .reset(1'b0),\n      .in(in%d),\n      .out(out%d)\n  );\n", i, i, i)
		outs = append(outs, fmt.Sprintf("out%d", i))
		fmts = append(fmts, "%h")
	}
	b.WriteString("  initial begin\n")
	b.WriteString("    if (!$value$plusargs(\"OUT=%s\", path)) $fatal(1, \"nl_tb: no +OUT=<file>\");\n")
	b.WriteString("    fd = $fopen(path, \"w\");\n    if (fd == 0) $fatal(1, \"nl_tb: cannot write %s\", path);\n  end\n")
	b.WriteString("  always #1 clk = ~clk;\n")
	b.WriteString("  // At each rising edge, the outputs of the cycle that ends.\n")
	b.WriteString("  always @(posedge clk) begin\n")
	fmt.Fprintf(&b, "    $fwrite(fd, \"%s\\n\", %s);\n", strings.Join(fmts, " "), strings.Join(outs, ", "))
	b.WriteString("    cycle <= cycle + 1;\n")
	fmt.Fprintf(&b, "    if (cycle == 32'd%d) begin\n      $fclose(fd);\n      $display(\"cycles: %%0d\", cycle + 1);\n      $finish;\n    end\n  end\nendmodule\n", n+maxLat-1)
	return []byte(b.String())
}

// Exhaustive lints each unit at its formats with `verilator --lint-only
// -Wall`, simulates them all in one Verilator build (Testbench) and reports
// every output that differs from nonlin's Eval for the same input (the first
// 10 per unit) as a test error. It skips the test if verilator is missing.
func Exhaustive(t *testing.T, units ...nonlin.Unit) {
	t.Helper()
	simtest.NeedVerilator(t)
	var prims []string
	for _, u := range units {
		prims = append(prims, u.Func.Primitive())
	}
	design, err := sv.LibrarySource(prims...)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "design.sv"), []byte("/* verilator lint_off DECLFILENAME */\n"+design))
	write(t, filepath.Join(dir, "tb.sv"), Testbench(units))
	for _, u := range units {
		release := simtest.Acquire()
		simtest.Verilator(t, dir, "--lint-only", "-Wall", "--top-module", u.Func.Primitive(),
			fmt.Sprintf("-GIN_WIDTH=%d", u.In.Width), fmt.Sprintf("-GIN_FRAC_WIDTH=%d", u.In.Frac),
			fmt.Sprintf("-GOUT_WIDTH=%d", u.Out.Width), fmt.Sprintf("-GOUT_FRAC_WIDTH=%d", u.Out.Frac), "design.sv")
		release()
	}
	simtest.Build(t, dir, tbModule)
	outFile := filepath.Join(dir, "out.txt")
	release := simtest.Acquire()
	out, err := exec.Command(simtest.Binary(dir, tbModule), "+OUT="+outFile).CombinedOutput()
	release()
	if err != nil {
		t.Fatalf("simulation: %v\n%s", err, out)
	}
	lines, err := readOutputs(outFile, len(units))
	if err != nil {
		t.Fatal(err)
	}
	if err := Compare(units, lines); err != nil {
		t.Error(err)
	}
}

// Compare checks the dumped outputs (lines[c][k] is unit k's output bits in
// cycle c) against nonlin's Eval: unit k's output in cycle c+Latency must be
// Eval of its input in cycle c. The error lists the first 10 mismatches per unit.
func Compare(units []nonlin.Unit, lines [][]uint64) error {
	n := Cycles(units)
	var msgs []string
	for k, u := range units {
		lat, bad := u.Func.Latency(), 0
		if len(lines) < n+lat {
			return fmt.Errorf("%s: %d output lines, want %d", u, len(lines), n+lat)
		}
		for c := 0; c < n; c++ {
			q := Input(u, c)
			want := u.Out.Bits(u.Eval(q))
			if got := lines[c+lat][k]; got != want {
				if bad < 10 {
					msgs = append(msgs, fmt.Sprintf("%s: in %d (%g): SystemVerilog %d, Go %d", u, q, u.In.ToFloat(q),
						u.Out.FromBits(got), u.Out.FromBits(want)))
				}
				bad++
			}
		}
		if bad > 0 {
			msgs = append(msgs, fmt.Sprintf("%s: %d of %d outputs differ", u, bad, n))
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "\n"))
	}
	return nil
}

// readOutputs parses the testbench's output file: per line, k hex words.
func readOutputs(path string, k int) ([][]uint64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines [][]uint64
	sc := bufio.NewScanner(bytes.NewReader(b))
	for ln := 1; sc.Scan(); ln++ {
		fs := strings.Fields(sc.Text())
		if len(fs) != k {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, ln, len(fs), k)
		}
		row := make([]uint64, k)
		for i, f := range fs {
			if row[i], err = strconv.ParseUint(f, 16, 64); err != nil {
				return nil, fmt.Errorf("%s:%d: %v (x or z in an output?)", path, ln, err)
			}
		}
		lines = append(lines, row)
	}
	return lines, sc.Err()
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Format is fixed.Format{Width: w, Frac: f}, for tables of formats.
func Format(w, f int) fixed.Format { return fixed.Format{Width: w, Frac: f} }
