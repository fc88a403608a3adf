package sv

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/fp32"
	"github.com/rules-accel/rules_accel/compiler/internal/simtest"
)

// floatProgram runs, for each of n operand pairs (fa[i], fb[i], ia[i]),
// every float primitive once through Calyx control: upstream's std_*FN units
// in dynamic groups (two go styles: held until done, and dropped at done;
// each cell reused for two operations) and rules_accel's accel_*_pipe units
// in static groups that write their result exactly at the documented
// latency. Results and some exception flags go to memories.
const floatProgram = `import "primitives/core.futil";
import "primitives/memories/comb.futil";
import "primitives/float/addFN.futil";
import "primitives/float/mulFN.futil";
import "primitives/float/compareFN.futil";
import "primitives/float/divSqrtFN.futil";
import "primitives/float/fpToInt.futil";
import "primitives/float/intToFp.futil";
import "primitives/accel.futil";
component main() -> () {
  cells {
    @external fa = comb_mem_d1(32, {n}, 6);
    @external fb = comb_mem_d1(32, {n}, 6);
    @external ia = comb_mem_d1(32, {n}, 6);
MEMORIES
    i = std_reg(6);
    inc = std_add(6);
    lt = std_lt(6);
    addFN = std_addFN(8, 24, 32);
    mulFN = std_mulFN(8, 24, 32);
    cmpFN = std_compareFN(8, 24, 32);
    divFN = std_divSqrtFN(8, 24, 32);
    f2i = std_fpToInt(8, 24, 32, 32);
    i2f = std_intToFp(32, 8, 24, 32);
    padd = accel_fadd_pipe();
    pmul = accel_fmul_pipe();
    pmax = accel_fminmax_pipe();
    pcmp = accel_fcmp_pipe();
    pf2i = accel_fp_to_int_pipe(32);
    pi2f = accel_int_to_fp_pipe(32);
    pdiv = accel_fdivsqrt();
  }
  wires {
    comb group cond { lt.left = i.out; lt.right = 6'd{n}; }
    group incr { inc.left = i.out; inc.right = 6'd1; i.in = inc.out; i.write_en = 1'd1; incr[done] = i.done; }
GROUPS
  }
  control {
    while lt.out with cond {
      seq { SEQ incr; }
    }
  }
}
`

// floatOp is one group of floatProgram and the Go reference of what it stores.
type floatOp struct {
	group  string
	mems   map[string]int // memory -> width
	body   string         // the group's assignments; %s is no placeholder
	ref    func(a, b uint32, x uint64) map[string]uint64
	static int // latency of a static group, 0 for a dynamic one
}

func floatOps() []floatOp {
	in := "fa.addr0 = i.out; fb.addr0 = i.out; "
	store := func(mem, src, en string) string {
		return fmt.Sprintf("%s.addr0 = i.out; %s.write_data = %s; %s.write_en = %s; ", mem, mem, src, mem, en)
	}
	cmpOut := func(o fp32.Ordering, f fp32.Flags, pre string) map[string]uint64 {
		m := map[string]uint64{pre + "lt": 0, pre + "eq": 0, pre + "gt": 0, pre + "un": 0}
		m[pre+[]string{"lt", "eq", "gt", "un"}[o]] = 1
		if pre == "w_" {
			m["w_cmp_fl"] = uint64(f)
		}
		return m
	}
	return []floatOp{
		{group: "w_add", mems: map[string]int{"w_add": 32, "w_add_fl": 5},
			body: in + "addFN.left = fa.read_data; addFN.right = fb.read_data; addFN.subOp = 1'd0; addFN.control = 1'd0; addFN.roundingMode = 3'd0; " +
				"addFN.go = !addFN.done ? 1'd1; " + store("w_add", "addFN.out", "addFN.done") + store("w_add_fl", "addFN.exceptionFlags", "addFN.done") + "w_add_g[done] = w_add.done;",
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, f := fp32.AddBits(a, b, false)
				return map[string]uint64{"w_add": uint64(r), "w_add_fl": uint64(f)}
			}},
		{group: "w_sub", mems: map[string]int{"w_sub": 32},
			body: in + "addFN.left = fa.read_data; addFN.right = fb.read_data; addFN.subOp = 1'd1; addFN.control = 1'd0; addFN.roundingMode = 3'd0; " +
				"addFN.go = 1'd1; " + store("w_sub", "addFN.out", "addFN.done") + "w_sub_g[done] = w_sub.done;",
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, _ := fp32.AddBits(a, b, true)
				return map[string]uint64{"w_sub": uint64(r)}
			}},
		{group: "w_mul", mems: map[string]int{"w_mul": 32, "w_mul_fl": 5},
			body: in + "mulFN.left = fa.read_data; mulFN.right = fb.read_data; mulFN.control = 1'd1; mulFN.roundingMode = 3'd0; " +
				"mulFN.go = 1'd1; " + store("w_mul", "mulFN.out", "mulFN.done") + store("w_mul_fl", "mulFN.exceptionFlags", "mulFN.done") + "w_mul_g[done] = w_mul.done;",
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, f := fp32.MulBits(a, b, fp32.AfterRounding)
				return map[string]uint64{"w_mul": uint64(r), "w_mul_fl": uint64(f)}
			}},
		{group: "w_cmp", mems: map[string]int{"w_lt": 1, "w_eq": 1, "w_gt": 1, "w_un": 1, "w_cmp_fl": 5},
			body: in + "cmpFN.left = fa.read_data; cmpFN.right = fb.read_data; cmpFN.signaling = 1'd1; cmpFN.go = !cmpFN.done ? 1'd1; " +
				store("w_lt", "cmpFN.lt", "cmpFN.done") + store("w_eq", "cmpFN.eq", "cmpFN.done") + store("w_gt", "cmpFN.gt", "cmpFN.done") +
				store("w_un", "cmpFN.unordered", "cmpFN.done") + store("w_cmp_fl", "cmpFN.exceptionFlags", "cmpFN.done") + "w_cmp_g[done] = w_lt.done;",
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				o, f := fp32.CompareBits(a, b, true)
				return cmpOut(o, f, "w_")
			}},
		{group: "w_div", mems: map[string]int{"w_div": 32, "w_div_fl": 5},
			body: in + "divFN.left = fa.read_data; divFN.right = fb.read_data; divFN.sqrtOp = 1'd0; divFN.control = 1'd0; divFN.roundingMode = 3'd0; " +
				"divFN.go = 1'd1; " + store("w_div", "divFN.out", "divFN.done") + store("w_div_fl", "divFN.exceptionFlags", "divFN.done") + "w_div_g[done] = w_div.done;",
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, f := fp32.DivBits(a, b, fp32.BeforeRounding)
				return map[string]uint64{"w_div": uint64(r), "w_div_fl": uint64(f)}
			}},
		{group: "w_sqrt", mems: map[string]int{"w_sqrt": 32},
			body: in + "divFN.left = fa.read_data; divFN.right = fb.read_data; divFN.sqrtOp = 1'd1; divFN.control = 1'd0; divFN.roundingMode = 3'd0; " +
				"divFN.go = !divFN.done ? 1'd1; " + store("w_sqrt", "divFN.out", "divFN.done") + "w_sqrt_g[done] = w_sqrt.done;",
			ref: func(a, _ uint32, _ uint64) map[string]uint64 {
				r, _ := fp32.SqrtBits(a)
				return map[string]uint64{"w_sqrt": uint64(r)}
			}},
		{group: "w_f2i", mems: map[string]int{"w_f2i": 32},
			body: in + "f2i.in = fa.read_data; f2i.signedOut = 1'd1; f2i.go = 1'd1; " + store("w_f2i", "f2i.out", "f2i.done") + "w_f2i_g[done] = w_f2i.done;",
			ref: func(a, _ uint32, _ uint64) map[string]uint64 {
				return map[string]uint64{"w_f2i": fp32.ToInt(math.Float32frombits(a), 32, true)}
			}},
		{group: "w_f2u", mems: map[string]int{"w_f2u": 32},
			body: in + "f2i.in = fa.read_data; f2i.signedOut = 1'd0; f2i.go = !f2i.done ? 1'd1; " + store("w_f2u", "f2i.out", "f2i.done") + "w_f2u_g[done] = w_f2u.done;",
			ref: func(a, _ uint32, _ uint64) map[string]uint64 {
				return map[string]uint64{"w_f2u": fp32.ToInt(math.Float32frombits(a), 32, false)}
			}},
		{group: "w_i2f", mems: map[string]int{"w_i2f": 32},
			body: "ia.addr0 = i.out; i2f.in = ia.read_data; i2f.signedIn = 1'd1; i2f.go = 1'd1; " + store("w_i2f", "i2f.out", "i2f.done") + "w_i2f_g[done] = w_i2f.done;",
			ref: func(_, _ uint32, x uint64) map[string]uint64 {
				return map[string]uint64{"w_i2f": uint64(math.Float32bits(fp32.FromInt(x, 32, true)))}
			}},
		{group: "w_u2f", mems: map[string]int{"w_u2f": 32},
			body: "ia.addr0 = i.out; i2f.in = ia.read_data; i2f.signedIn = 1'd0; i2f.go = !i2f.done ? 1'd1; " + store("w_u2f", "i2f.out", "i2f.done") + "w_u2f_g[done] = w_u2f.done;",
			ref: func(_, _ uint32, x uint64) map[string]uint64 {
				return map[string]uint64{"w_u2f": uint64(math.Float32bits(fp32.FromInt(x, 32, false)))}
			}},
		{group: "p_add", static: 3, mems: map[string]int{"p_add": 32, "p_add_fl": 5},
			body: in + "padd.left = fa.read_data; padd.right = fb.read_data; padd.subOp = 1'd1; " +
				store("p_add", "padd.out", "%2 ? 1'd1") + store("p_add_fl", "padd.exceptionFlags", "%2 ? 1'd1"),
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, f := fp32.AddBits(a, b, true)
				return map[string]uint64{"p_add": uint64(r), "p_add_fl": uint64(f)}
			}},
		{group: "p_mul", static: 3, mems: map[string]int{"p_mul": 32},
			body: in + "pmul.left = fa.read_data; pmul.right = fb.read_data; pmul.control = 1'd0; " + store("p_mul", "pmul.out", "%2 ? 1'd1"),
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, _ := fp32.MulBits(a, b, fp32.BeforeRounding)
				return map[string]uint64{"p_mul": uint64(r)}
			}},
		{group: "p_max", static: 2, mems: map[string]int{"p_max": 32},
			body: in + "pmax.left = fa.read_data; pmax.right = fb.read_data; pmax.maxOp = 1'd1; " + store("p_max", "pmax.out", "%1 ? 1'd1"),
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, _ := fp32.MaxBits(a, b)
				return map[string]uint64{"p_max": uint64(r)}
			}},
		{group: "p_cmp", static: 2, mems: map[string]int{"p_lt": 1, "p_eq": 1, "p_gt": 1, "p_un": 1},
			body: in + "pcmp.left = fa.read_data; pcmp.right = fb.read_data; pcmp.signaling = 1'd0; " + store("p_lt", "pcmp.lt", "%1 ? 1'd1") +
				store("p_eq", "pcmp.eq", "%1 ? 1'd1") + store("p_gt", "pcmp.gt", "%1 ? 1'd1") + store("p_un", "pcmp.unordered", "%1 ? 1'd1"),
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				o, f := fp32.CompareBits(a, b, false)
				return cmpOut(o, f, "p_")
			}},
		{group: "p_f2i", static: 2, mems: map[string]int{"p_f2i": 32},
			body: in + "pf2i.in = fa.read_data; pf2i.signedOut = 1'd1; " + store("p_f2i", "pf2i.out", "%1 ? 1'd1"),
			ref: func(a, _ uint32, _ uint64) map[string]uint64 {
				return map[string]uint64{"p_f2i": fp32.ToInt(math.Float32frombits(a), 32, true)}
			}},
		{group: "p_i2f", static: 2, mems: map[string]int{"p_i2f": 32},
			body: "ia.addr0 = i.out; pi2f.in = ia.read_data; pi2f.signedIn = 1'd0; " + store("p_i2f", "pi2f.out", "%1 ? 1'd1"),
			ref: func(_, _ uint32, x uint64) map[string]uint64 {
				return map[string]uint64{"p_i2f": uint64(math.Float32bits(fp32.FromInt(x, 32, false)))}
			}},
		{group: "p_div", mems: map[string]int{"p_div": 32, "p_div_fl": 5},
			body: in + "pdiv.left = fa.read_data; pdiv.right = fb.read_data; pdiv.sqrtOp = 1'd0; pdiv.control = 1'd1; pdiv.go = 1'd1; " +
				store("p_div", "pdiv.out", "pdiv.done") + store("p_div_fl", "pdiv.exceptionFlags", "pdiv.done") + "p_div_g[done] = p_div.done;",
			ref: func(a, b uint32, _ uint64) map[string]uint64 {
				r, f := fp32.DivBits(a, b, fp32.AfterRounding)
				return map[string]uint64{"p_div": uint64(r), "p_div_fl": uint64(f)}
			}},
	}
}

// TestFloatPrimitivesInCalyx compiles floatProgram, simulates it and
// compares every result memory with package fp32's results.
func TestFloatPrimitivesInCalyx(t *testing.T) {
	simtest.NeedVerilator(t)
	const n = 48
	ops := floatOps()
	var mems, groups, seq strings.Builder
	for _, op := range ops {
		for _, m := range sortedKeys(op.mems) {
			fmt.Fprintf(&mems, "    @external %s = comb_mem_d1(%d, %d, 6);\n", m, op.mems[m], n)
		}
		if op.static > 0 {
			fmt.Fprintf(&groups, "    static<%d> group %s_g { %s }\n", op.static, op.group, op.body)
		} else {
			fmt.Fprintf(&groups, "    group %s_g { %s }\n", op.group, op.body)
		}
		fmt.Fprintf(&seq, "%s_g; ", op.group)
	}
	src := strings.NewReplacer("MEMORIES\n", mems.String(), "GROUPS\n", groups.String(), "SEQ ", seq.String(), "{n}", fmt.Sprint(n)).Replace(floatProgram)
	prog, err := calyx.Parse("float.futil", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	if err := calyx.Check(prog); err != nil {
		t.Fatalf("check: %v", err)
	}
	res, err := Compile(prog, Options{})
	if err != nil {
		t.Fatal(err)
	}

	// Operands: special pairs first, then random ones with ties and subnormals.
	r := rand.New(rand.NewSource(11))
	fa := []uint32{0x3f800000, 0x7f7fffff, 0x00000001, 0x7fc00000, 0x7f800001, 0xff800000, 0x80000000, 0x4b000001, 0x4f000000, 0xcf000001, 0x007fffff, 0x3fc00000}
	fb := []uint32{0x3f800000, 0x7f7fffff, 0x3f000000, 0x3f800000, 0x00000000, 0x7f800000, 0x00000000, 0x3f000000, 0x80000000, 0x3f800000, 0x00800000, 0x00000000}
	for len(fa) < n {
		a := r.Uint32()&0x80ffffff | uint32(r.Intn(256))<<23
		b := a + uint32(r.Intn(1<<uint(r.Intn(24))))
		if r.Intn(2) == 0 {
			b = r.Uint32()
		}
		fa, fb = append(fa, a), append(fb, b)
	}
	ia := make([]uint64, n)
	for i := range ia {
		ia[i] = uint64(r.Uint32() >> uint(r.Intn(32)))
		if i%2 == 1 {
			ia[i] = uint64(uint32(-int32(ia[i])))
		}
	}
	ia[0], ia[1], ia[2] = 0x80000000, 0xffffffff, 0x01000001 // -2^31, -1 / 2^32-1, a tie

	data := map[string]any{}
	expect := map[string][]uint64{}
	bitnum := func(w int) map[string]any {
		return map[string]any{"numeric_type": "bitnum", "is_signed": false, "width": w}
	}
	u32 := func(xs []uint32) []uint64 {
		out := make([]uint64, len(xs))
		for i, x := range xs {
			out[i] = uint64(x)
		}
		return out
	}
	data["fa"] = map[string]any{"data": u32(fa), "format": bitnum(32)}
	data["fb"] = map[string]any{"data": u32(fb), "format": bitnum(32)}
	data["ia"] = map[string]any{"data": ia, "format": bitnum(32)}
	for _, op := range ops {
		for m, w := range op.mems {
			data[m] = map[string]any{"data": make([]uint64, n), "format": bitnum(w)}
			expect[m] = make([]uint64, n)
		}
		for i := range n {
			for m, v := range op.ref(fa[i], fb[i], ia[i]) {
				expect[m][i] = v
			}
		}
	}
	db, _ := json.Marshal(data)
	eb, _ := json.Marshal(expect)
	simtest.Run(t, simtest.Case{
		Design: res.SV, Testbench: Testbench(res), TB: TestbenchModule, LintTop: res.Top,
		Data: db, Expect: eb, Want: "package fp32's results", Plusargs: []string{"+MAX_CYCLES=1000000"},
	})
}

func sortedKeys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
