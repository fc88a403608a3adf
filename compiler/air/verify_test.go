package air

import (
	"strings"
	"testing"
)

// TestVerifyRejects plants one defect per case and checks the error names it with its line.
func TestVerifyRejects(t *testing.T) {
	head := "program p\nnumeric fixed<16,8>\nmem a: fixed<16,8>[4,4] input\nmem o: fixed<16,8>[4] output\nmem c: fixed<16,8>[4] const\n"
	// Line 6 is the first line after head.
	tests := []struct {
		name, body, want string
	}{
		{"undefined memory", "kernel k {\n o[0] = z[0]\n}", "line 7: kernel k: undefined memory z"},
		{"undefined loop variable", "kernel k {\n o[i] = c[0]\n}", "line 7: kernel k: o[i]: undefined loop variable i"},
		{"undefined register", "kernel k {\n o[0] = r\n}", "line 7: kernel k: undefined register r"},
		{"assign undefined register", "kernel k {\n r = c[0]\n}", "line 7: kernel k: assignment to undefined register r"},
		{"rank mismatch", "kernel k {\n o[0] = a[0]\n}", "line 7: kernel k: a[0]: 1 indices for a memory of rank 2"},
		{"out of bounds high", "kernel k {\n for i in 0..4 {\n  o[i+1] = c[i]\n }\n}", "line 8: kernel k: o[i+1]: index 0 (i+1) ranges over [1,4], outside [0,4)"},
		{"out of bounds negative", "kernel k {\n for i in 0..4 step 2 {\n  o[i] = c[i-1]\n }\n}", "ranges over [-1,1]"},
		{"out of bounds 2d", "kernel k {\n for i in 0..4 {\n  for j in 0..3 {\n   o[j] = a[i, 2*j]\n  }\n }\n}", "line 9: kernel k: a[i, 2*j]: index 1 (2*j) ranges over [0,4]"},
		{"type mismatch store", "kernel k {\n o[0] = mul(c[0], c[1])\n}", "store of fixed<32,16> into o of fixed<16,8> (use rq)"},
		{"type mismatch add", "kernel k {\n o[0] = rq(add(c[0], mul(c[1], c[2])), fixed<16,8>)\n}", "add of fixed<16,8> and fixed<32,16>: fractional bits differ"},
		{"register frac", "kernel k {\n reg r: fixed<32,16> = c[0]\n}", "register r: fixed<32,16> initialised with fixed<16,8>"},
		{"store to const", "kernel k {\n c[0] = c[1]\n}", "store to const memory c"},
		{"store to input", "kernel k {\n a[0, 0] = c[1]\n}", "store to input memory a"},
		{"duplicate register", "kernel k {\n reg r: fixed<16,8> = c[0]\n reg r: fixed<16,8> = c[1]\n}", "line 8: kernel k: register r declared twice"},
		{"shadowed loop", "kernel k {\n for i in 0..2 {\n  for i in 0..2 {\n  }\n }\n}", "line 8: kernel k: loop variable i shadows"},
		{"literal range", "kernel k {\n o[0] = 40000:fixed<16,8>\n}", "literal 40000 out of range"},
		{"bank on plain memory", "kernel k {\n o{0}[0] = c[0]\n}", "memory o is not partitioned"},
		{"undefined kernel", "main {\n nope\n}", "line 7: main calls undefined kernel nope"},
		{"zero step", "kernel k {\n for i in 0..4 step 0 {\n }\n}", "step 0 must be positive"},
		{"register leaks from loop", "kernel k {\n for i in 0..4 {\n  reg r: fixed<16,8> = c[i]\n }\n o[0] = r\n}", "line 10: kernel k: undefined register r"},
		{"duplicate memory", "mem o: fixed<16,8>[2] internal\n", "line 6: memory o declared twice"},
		// No silent cap at 64 bits: results wider than MaxWidth are refused.
		{"add above 64 bits", "kernel k {\n reg r: fixed<64,8> = 0:fixed<64,8>\n r = add(r, c[0])\n}", "line 8: kernel k: add of fixed<64,8> and fixed<16,8>: result needs 65 bits, limit 64"},
		{"mul above 64 bits", "kernel k {\n reg r: fixed<40,8> = 0:fixed<40,8>\n o[0] = rq(mul(r, r), fixed<16,8>)\n}", "line 8: kernel k: mul of fixed<40,8> and fixed<40,8>: exact product needs 80 bits, limit 64"},
		{"shr frac above 128", "kernel k {\n reg r: fixed<40,100> = 0:fixed<40,100>\n o[0] = rq(shr(r, 40), fixed<16,8>)\n}", "shr of fixed<40,100> by 40: result type fixed<40,140> is invalid"},
		{"bad partition factor", "mem q: fixed<16,8>[4] internal partition(0 cyclic 8)\n", "partition factor 8 of dimension 0 (size 4) out of range"},
		{"padded load of partitioned memory", "mem q: fixed<16,8>[4] internal partition(0 cyclic 2)\nkernel k {\n o[0] = q{0}[1]?0\n}", "line 8: kernel k: q{0}[1]?0: a padded load needs an unpartitioned memory"},
		{"pad value range", "kernel k {\n o[0] = c[7]?40000\n}", "c[7]?40000: pad value 40000 out of range of fixed<16,8>"},
		{"padded load rank", "kernel k {\n o[0] = a[1]?0\n}", "a[1]?0: 1 indices for a memory of rank 2"},
		// Fuzz finding: an access to a memory whose declaration is invalid
		// (a zero dimension and a partition of a dimension it lacks) read
		// its bank shape and panicked.
		{"access to an invalid memory", "mem q: fixed<16,8>[0,2] internal partition(5 cyclic 2)\nkernel k {\n o[0] = q{0}[0, 0]\n}", "line 6: memory q: dimension 0 must be positive"},
		{"nonlin input too wide", "kernel k {\n o[0] = rq(exp(add(c[0], c[1]), fixed<16,14>), fixed<16,8>)\n}", "line 7: kernel k: exp of fixed<17,8> to fixed<16,14>: exp unit input fixed<17,8>: at most 16 bits"},
		{"nonlin output too wide", "kernel k {\n o[0] = rq(reciprocal(c[0], fixed<20,14>), fixed<16,8>)\n}", "line 7: kernel k: reciprocal of fixed<16,8> to fixed<20,14>: reciprocal unit output fixed<20,14>: at most 16 bits"},
		{"nonlin output frac", "kernel k {\n o[0] = rq(tanh(c[0], fixed<16,16>), fixed<16,8>)\n}", "line 7: kernel k: tanh of fixed<16,8> to fixed<16,16>: output: fixed<16,16>: fractional bits must be in 0..15"},
		{"nonlin store type", "kernel k {\n o[0] = sigmoid(c[0], fixed<16,15>)\n}", "store of fixed<16,15> into o of fixed<16,8> (use rq)"},
		{"float32 add of fixed", "mem f: float32[4] internal\nkernel k {\n f[0] = add(f[1], c[0])\n}", "add of float32 and fixed<16,8>: float32 and fixed point do not mix"},
		{"float32 store into fixed", "mem f: float32[4] internal\nkernel k {\n o[0] = f[1]\n}", "store of float32 into o of fixed<16,8>"},
		{"fixed store into float32", "mem f: float32[4] internal\nkernel k {\n f[0] = 3:fixed<8,0>\n}", "store of fixed<8,0> into f of float32"},
		{"float32 register from fixed", "kernel k {\n reg r: float32 = 0:fixed<8,0>\n}", "register r: float32 initialised with fixed<8,0>"},
		{"float32 sigmoid", "mem f: float32[4] internal\nkernel k {\n f[0] = sigmoid(f[1], float32)\n}", "sigmoid of float32: only exp has a float32 unit"},
		{"float32 exp to fixed", "mem f: float32[4] internal\nkernel k {\n o[0] = exp(f[1], fixed<16,8>)\n}", "exp of float32 to fixed<16,8>: conversions between float32 and fixed point are not supported"},
		{"fixed exp to float32", "kernel k {\n o[0] = exp(c[1], float32)\n}", "exp of fixed<16,8> to float32"},
		{"float32 shr", "mem f: float32[4] internal\nkernel k {\n f[0] = shr(f[1], 1)\n}", "shr of float32 is not defined"},
		{"rq to float32", "mem f: float32[4] internal\nkernel k {\n f[0] = rq(c[1], float32)\n}", "conversions between fixed point and float32 are not supported"},
		{"div of fixed", "kernel k {\n o[0] = div(c[0], c[1])\n}", "line 7: kernel k: div of fixed<16,8>: float32 only"},
		{"sqrt of fixed", "kernel k {\n o[0] = sqrt(c[0])\n}", "line 7: kernel k: sqrt of fixed<16,8>: float32 only"},
		{"div of float32 and fixed", "mem f: float32[4] internal\nkernel k {\n f[0] = div(f[1], c[0])\n}", "div of float32 and fixed<16,8>: float32 and fixed point do not mix"},
		{"rq of float32 to fixed", "mem f: float32[4] internal\nkernel k {\n o[0] = rq(f[1], fixed<16,8>)\n}", "conversions between float32 and fixed point are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(head + tt.body))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			err = Verify(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Verify error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestVerifyBanked(t *testing.T) {
	src := `program p
numeric fixed<8,0>
mem a: fixed<8,0>[5] input partition(0 cyclic 2)
mem o: fixed<8,0>[5] output
kernel k {
  for i in 0..3 {
    o[i] = a{0}[i]
  }
  o[4] = a{1}[2]
}
main {
  k
}
`
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// Bank shape is [3]; a{1}[2] is inside the bank but is padding (index 5),
	// which the verifier cannot see and the interpreter reports.
	if err := Verify(p); err != nil {
		t.Fatal(err)
	}
	_, err = Interpret(p, map[string][]int64{"a": {1, 2, 3, 4, 5}})
	if err == nil || !strings.Contains(err.Error(), "padding") {
		t.Errorf("Interpret error = %v, want a padding access", err)
	}
	p.Kernels[0].Body[1].(*Store).Val.(*Load).Index[0] = C(3)
	if err := Verify(p); err == nil || !strings.Contains(err.Error(), "a{1}[3]: index 0 (3) ranges over [3,3], outside [0,3)") {
		t.Errorf("Verify error = %v", err)
	}
}
