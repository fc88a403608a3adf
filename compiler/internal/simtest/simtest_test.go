package simtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

func TestMain(m *testing.M) { simtest.Main(m) }

func TestParseCycles(t *testing.T) {
	n, err := simtest.ParseCycles([]byte("- tb.sv:1: done\ncycles: 1234\n"))
	if err != nil || n != 1234 {
		t.Errorf("ParseCycles = %d, %v; want 1234", n, err)
	}
	if _, err := simtest.ParseCycles([]byte("no count\n")); err == nil || !strings.Contains(err.Error(), "no cycle count") {
		t.Errorf("ParseCycles without a count: err = %v", err)
	}
}

// prog doubles in[0] into out[0].
const prog = `import "primitives/core.futil";
import "primitives/memories/comb.futil";
component main() -> () {
  cells {
    @external in = comb_mem_d1(8, 1, 1);
    @external out = comb_mem_d1(8, 1, 1);
    add = std_add(8);
  }
  wires {
    group g { in.addr0 = 1'd0; add.left = in.read_data; add.right = in.read_data;
      out.addr0 = 1'd0; out.write_data = add.out; out.write_en = 1'd1; g[done] = out.done; }
  }
  control { g; }
}
`

const data = `{"in": {"data": [21], "format": {"numeric_type": "bitnum", "is_signed": false, "width": 8}},
 "out": {"data": [0], "format": {"numeric_type": "bitnum", "is_signed": false, "width": 8}}}`

func TestRun(t *testing.T) {
	simtest.NeedVerilator(t)
	p, err := calyx.Parse("t.futil", []byte(prog))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sv.Compile(p, sv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := simtest.Run(t, simtest.Case{
		Design: res.SV, Testbench: sv.Testbench(res), TB: sv.TestbenchModule, LintTop: res.Top,
		Data: []byte(data), Expect: []byte(`{"in": [21], "out": [42]}`), Plusargs: []string{"+MAX_CYCLES=1000"},
	})
	if r.Cycles == 0 || r.Cycles > 10 {
		t.Errorf("cycles = %d, want a few", r.Cycles)
	}

	// A wrong expectation is reported as an error naming Want.
	rec := &recorder{TB: t}
	simtest.Run(rec, simtest.Case{
		Design: res.SV, Testbench: sv.Testbench(res), TB: sv.TestbenchModule,
		Data: []byte(data), Expect: []byte(`{"in": [21], "out": [43]}`), Want: "the oracle",
	})
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "memories differ from the oracle") {
		t.Errorf("mismatch reported as %q", rec.errs)
	}
}

// recorder collects Errorf calls instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
