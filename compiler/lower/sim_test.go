package lower

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/simdata"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

// simSlots bounds concurrent Verilator builds (they are CPU heavy).
var simSlots = make(chan struct{}, 2)

var cyclesRE = regexp.MustCompile(`cycles: (\d+)`)

// simulate lowers p, compiles it with package sv, runs it in Verilator on
// inputs and compares the output banks with the air interpreter; it returns
// the cycle count.
func simulate(t *testing.T, p *air.Program, inputs map[string][]int64) string {
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
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "design.sv"), res.SV, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "tb.sv"), sv.Testbench(res), 0o644); err != nil {
		t.Fatal(err)
	}
	mems, err := simdata.ParseData(dataJSON)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(work, "data")
	if err := simdata.WriteHex(dataDir, mems); err != nil {
		t.Fatal(err)
	}
	simSlots <- struct{}{}
	start := time.Now()
	cmd := exec.Command("verilator", "--binary", "--timing", "--build-jobs", "1", "-Wno-fatal", "-CFLAGS", "-O0",
		"--top-module", sv.TestbenchModule, "-Mdir", "obj", "design.sv", "tb.sv")
	cmd.Dir = work
	var vout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &vout, &vout
	err = cmd.Run()
	build := time.Since(start)
	if err != nil {
		<-simSlots
		t.Fatalf("verilator: %v\n%s", err, vout.String())
	}
	start = time.Now()
	out, err := exec.Command(filepath.Join(work, "obj", "V"+sv.TestbenchModule), "+DATA="+dataDir).CombinedOutput()
	<-simSlots
	if err != nil {
		t.Fatalf("simulation: %v\n%s", err, out)
	}
	m := cyclesRE.FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("simulation printed no cycle count:\n%s", out)
	}
	exp, err := simdata.ParseExpect(expJSON, mems)
	if err != nil {
		t.Fatal(err)
	}
	got, err := simdata.ReadResults(dataDir, exp)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := simdata.Compare(got, exp); len(diffs) > 0 {
		t.Errorf("outputs differ from the air interpreter:\n%s", simdata.Report(diffs, 20))
	}
	t.Logf("cycles %s (verilator build %v, run %v)", m[1], build.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	return m[1]
}

func needVerilator(t *testing.T) {
	if _, err := exec.LookPath("verilator"); err != nil {
		t.Skip("verilator not on PATH")
	}
}

// TestSimTestdata simulates the air test programs, plain and unrolled.
func TestSimTestdata(t *testing.T) {
	needVerilator(t)
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
	needVerilator(t)
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
