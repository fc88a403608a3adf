package lower

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

// simulate lowers p, compiles it with package sv, runs it in Verilator on
// inputs and compares the output banks with the air interpreter; it returns
// the cycle count.
func simulate(t *testing.T, p *air.Program, inputs map[string][]int64) uint64 {
	t.Helper()
	prog, err := Lower(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := calyx.Parse("lowered.futil", []byte(calyx.Print(prog)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := sv.Compile(back, sv.Options{})
	if err != nil {
		t.Fatalf("sv: %v", err)
	}
	dataJSON, err := Data(p, inputs)
	if err != nil {
		t.Fatal(err)
	}
	want, err := air.Interpret(p, inputs)
	if err != nil {
		t.Fatal(err)
	}
	expJSON, err := Expect(p, want)
	if err != nil {
		t.Fatal(err)
	}
	r := simtest.Run(t, simtest.Case{
		Design: res.SV, Testbench: sv.Testbench(res), TB: sv.TestbenchModule,
		Data: dataJSON, Expect: expJSON, Want: "the air interpreter",
	})
	return r.Cycles
}

func TestMain(m *testing.M) { simtest.Main(m) }

// TestSimTestdata simulates the air test programs, plain and unrolled.
func TestSimTestdata(t *testing.T) {
	simtest.NeedVerilator(t)
	for name, p := range testdataPrograms(t) {
		for _, sched := range []string{"", "*=2"} {
			t.Run(name+"/"+sched, func(t *testing.T) {
				t.Parallel()
				if testing.Short() && sched != "" {
					t.Skip("short")
				}
				q := air.Clone(p)
				if sched != "" {
					s, _ := partitionSchedule(sched)
					if err := applySchedule(q, s); err != nil {
						t.Fatal(err)
					}
				}
				simulate(t, q, randomInputs(q, 3))
			})
		}
	}
}

// simModels are the zoo models simulated end to end. lenet5 (about 2M cycles)
// and resnet8 take minutes; they run only with RULES_ACCEL_SIM_LARGE=1 and are
// otherwise left to the Bazel verilator_test targets.
var simModels = []struct {
	name     string
	schedule string
	large    bool
}{
	{"ffnn", "gemm*=4", false},
	{"lenet5", "conv*=2,gemm*=2", true},
	{"resnet8", "conv*=4,gemm*=2", true},
	{"ops/add", "", false},
	{"ops/avgpool", "", false},
	{"ops/batchnorm", "", false},
	{"ops/clip", "", false},
	{"ops/concat", "", false},
	{"ops/conv", "conv*=2", false},
	{"ops/flatten", "", false},
	{"ops/gemm", "gemm*=2", false},
	{"ops/globalavgpool", "", false},
	{"ops/matmul", "", false},
	{"ops/maxpool", "", false},
	{"ops/mul", "", false},
	{"ops/relu", "", false},
	{"ops/reshape", "", false},
}

// TestSimZoo runs the single-op models and the FFNN through Verilator on
// their first io.json sample and compares with the air interpreter bit for bit.
func TestSimZoo(t *testing.T) {
	simtest.NeedVerilator(t)
	models := map[string]zooModel{}
	for _, m := range zoo(t) {
		models[m.name] = m
	}
	for _, sm := range simModels {
		m, ok := models[sm.name]
		if !ok {
			t.Errorf("model %s not in the zoo", sm.name)
			continue
		}
		t.Run(strings.ReplaceAll(sm.name, "/", "_"), func(t *testing.T) {
			t.Parallel()
			if sm.large && os.Getenv("RULES_ACCEL_SIM_LARGE") == "" {
				t.Skip("large model: set RULES_ACCEL_SIM_LARGE=1")
			}
			if testing.Short() && sm.name == "ffnn" {
				t.Skip("short")
			}
			p := loadModel(t, m, sm.schedule)
			io, err := os.ReadFile(filepath.Join(m.dir, "io.json"))
			if err != nil {
				t.Fatal(err)
			}
			in, err := SampleInputs(p, io, 0)
			if err != nil {
				t.Fatal(err)
			}
			simulate(t, p, in)
		})
	}
}
