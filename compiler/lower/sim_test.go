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
	return simulateWith(t, p, inputs, DefaultOptions)
}

// simulateWith is simulate with lowering options.
func simulateWith(t *testing.T, p *air.Program, inputs map[string][]int64, opt Options) uint64 {
	t.Helper()
	prog, _, err := LowerWith(p, opt)
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
		Design: res.SV, Testbench: sv.Testbench(res), TB: sv.TestbenchModule, LintTop: res.Top,
		Data: dataJSON, Expect: expJSON, Want: "the air interpreter",
	})
	return r.Cycles
}

func TestMain(m *testing.M) { simtest.Main(m) }

// TestSimTestdata simulates the air test programs, plain and unrolled,
// with dynamic control and software-pipelined (every kernel pipeline(1)),
// with combinational memories and with every bank a seq_mem.
func TestSimTestdata(t *testing.T) {
	simtest.NeedVerilator(t)
	for name, p := range testdataPrograms(t) {
		for _, sched := range []string{"", "*=2"} {
			for _, pipe := range []bool{false, true} {
				for _, seq := range []bool{false, true} {
					label := name + "/" + sched
					if pipe {
						label += "/pipelined"
					}
					opt := Options{}
					if seq {
						label += "/seq_mem"
						opt.SeqMemBits = 1
					}
					t.Run(label, func(t *testing.T) {
						t.Parallel()
						if testing.Short() && (sched != "" || seq) {
							t.Skip("short")
						}
						q := air.Clone(p)
						if sched != "" {
							s, _ := partitionSchedule(sched)
							if err := applySchedule(q, s); err != nil {
								t.Fatal(err)
							}
						}
						if pipe {
							// Pipelined programs also get their padding fused
							// into padded loads where it can be.
							if _, err := air.FusePadding(q); err != nil {
								t.Fatal(err)
							}
							for _, k := range q.Kernels {
								k.II = 1
							}
						}
						simulateWith(t, q, randomInputs(q, 3), opt)
					})
				}
			}
		}
	}
}

// simModels are the zoo models simulated end to end. lenet5 (about 2M cycles)
// and resnet8 take minutes, the attention models (dynamic control: 1.4 to
// 2.4M cycles) about a minute each; they run only with
// RULES_ACCEL_SIM_LARGE=1 and are otherwise left to the Bazel
// verilator_test targets.
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
	{"seed_ffnn", "", false},
	{"seed_ffnn", "gemm*=4", false},
	{"seed_cnn", "conv*=4,gemm*=2", true},
	{"mlp_tanh", "", false},
	{"mlp_tanh", "gemm*=2", false},
	{"seed_mha", "", true},
	{"seed_mha", "matmul*=2", true},
	{"transformer_layer", "", true},
	{"transformer_layer", "matmul*=2", true},
	{"transformer_layer_gelu", "", true},
	{"transformer_layer_gelu", "matmul*=2", true},
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
		t.Run(strings.ReplaceAll(sm.name, "/", "_")+"/"+sm.schedule, func(t *testing.T) {
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

// TestPipelineCycles checks the cycle count of one small pipelined kernel
// exactly. y[j] = rq(b[j] + sum_k w[j, k] * x[k]) for j < 2, k < 3 is one
// nest of 2*3 = 6 slots: the bias load (PRE, first slot) and the weight and
// input loads in stage 0, the product mulLatency = 2 stages later, so the
// accumulator is read and written in stage 2; the requantize of the
// accumulated value (fixed<34,16> to fixed<16,8>: it rounds) starts a
// stage (stageRequantizes), so it and the store (POST, last slot) happen
// in stage 3: depth 3, II 1, and the static group lasts (6-1)*1 + 3 + 1 =
// 9 cycles. Around it (package sv's timing, counting from cycle 0, when
// the testbench raises go): the group is active in cycles 0..8 and,
// enabled from the kernel's dynamic control, reports done in cycle 9; the
// kernel's done register is high in cycle 10, when main's invoke
// finishes; main's done register is high in cycle 11, and the testbench
// counts the 11 clock edges before it.
func TestPipelineCycles(t *testing.T) {
	simtest.NeedVerilator(t)
	src := `program tiny
numeric fixed<16,8>

mem x: fixed<16,8>[3] input
mem w: fixed<16,8>[2,3] const
mem b: fixed<16,8>[2] const
mem y: fixed<16,8>[2] output

kernel dot pipeline(1) {
  for j in 0..2 {
    reg acc: fixed<34,16> = rq(b[j], fixed<34,16>)
    for k in 0..3 {
      acc = add(acc, mul(w[j, k], x[k]))
    }
    y[j] = rq(acc, fixed<16,8>)
  }
}

main {
  dot
}
`
	p, err := air.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p.Data = randomData(p, air.MemConst, 7)
	_, rep, err := LowerReport(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pipes) != 1 || len(rep.Fallbacks) != 0 {
		t.Fatalf("report:\n%s", rep)
	}
	if got := rep.Pipes[0]; got.Slots != 6 || got.II != 1 || got.Depth != 3 || got.Cycles != 9 {
		t.Errorf("nest %+v; want 6 slots, II 1, depth 3, 9 cycles", got)
	}
	if cycles := simulate(t, p, randomInputs(p, 3)); cycles != 11 {
		t.Errorf("simulation took %d cycles, want 11", cycles)
	}
}

// TestSimPipelineForms simulates the kernels of TestPipelineReport (II
// above 1 for ports and recurrences, fused loops, padded loads, a fallback)
// and compares with the air interpreter.
func TestSimPipelineForms(t *testing.T) {
	simtest.NeedVerilator(t)
	for _, f := range pipelineForms {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			p := f.program(t)
			simulate(t, p, randomInputs(p, 11))
		})
	}
}
