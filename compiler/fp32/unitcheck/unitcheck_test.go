package unitcheck

import (
	"flag"
	"os/exec"
	"testing"
)

var random = flag.Int("random", 100000, "random operands per operation")

// One test per unit, so that Bazel's test sharding (shard_count in BUILD)
// runs each in its own shard. Each verilates its unit and runs every
// operation with the special cases, the sweeps and -random random operands;
// any mismatch fails.

func TestFadd(t *testing.T)     { checkUnit(t, "fadd") }
func TestFmul(t *testing.T)     { checkUnit(t, "fmul") }
func TestFcmp(t *testing.T)     { checkUnit(t, "fcmp") }
func TestFminmax(t *testing.T)  { checkUnit(t, "fminmax") }
func TestF2i(t *testing.T)      { checkUnit(t, "f2i") }
func TestI2f(t *testing.T)      { checkUnit(t, "i2f") }
func TestFdivsqrt(t *testing.T) { checkUnit(t, "fdivsqrt") }
func TestFexp(t *testing.T)     { checkUnit(t, "fexp") }

func checkUnit(t *testing.T, name string) {
	if _, err := exec.LookPath("verilator"); err != nil {
		t.Skip("verilator not on PATH")
	}
	var u *Unit
	for _, x := range Units(1) { // one divider: quick to build, and 30 cycles per operation are cheap
		if x.Name == name {
			u = x
		}
	}
	if u == nil {
		t.Fatalf("no unit %s", name)
	}
	sim, err := Build(t.TempDir(), u, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	results, err := Run(sim, u, Config{Random: *random, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The comparison itself: with every expected result's lowest bit
	// flipped, every record must be reported as a mismatch.
	for _, op := range u.Ops {
		mutant := *op
		mutant.Expect = func(r Record) Output { o := op.Expect(r); o.Out ^= 1; return o }
		res, err := Run(sim, &Unit{Name: u.Name, Ops: []*Op{&mutant}, gap: u.gap}, Config{Random: 1000, Seed: 2, NoFixed: true})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Mismatches != 1000 {
			t.Errorf("%s with wrong expectations: %d mismatches of 1000, want all", op.Name, res[0].Mismatches)
		}
	}
	for _, r := range results {
		t.Logf("%s: %d special/sweep + %d random, %d mismatches, %v", r.Op, r.Fixed, r.Random, r.Mismatches, r.Elapsed.Round(1e6))
		if r.Mismatches > 0 {
			t.Errorf("%s: %d mismatches of %d:", r.Op, r.Mismatches, r.Fixed+r.Random)
			for _, e := range r.Examples {
				t.Errorf("  %s", e)
			}
		}
	}
}

// TestUnitsCovered checks that every unit has its test above.
func TestUnitsCovered(t *testing.T) {
	tested := map[string]bool{"fadd": true, "fmul": true, "fcmp": true, "fminmax": true, "f2i": true, "i2f": true, "fdivsqrt": true, "fexp": true}
	for _, u := range Units(1) {
		if !tested[u.Name] {
			t.Errorf("unit %s has no test", u.Name)
		}
	}
}
