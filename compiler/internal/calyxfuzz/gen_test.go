package calyxfuzz

import (
	"bytes"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/calyx"
	"github.com/rules-accel/rules_accel/compiler/sv"
)

// compile prints the spec's Calyx, parses it back, checks it and compiles it
// to SystemVerilog, as the simulation fuzz target does.
func compile(t testing.TB, sp *Spec) (string, *sv.Result) {
	t.Helper()
	text := calyx.Print(Emit(sp))
	prog, err := calyx.Parse("fuzz.futil", []byte(text))
	if err != nil {
		t.Fatalf("seed %d: parse: %v\n%s", sp.Seed, err, text)
	}
	if err := calyx.Check(prog); err != nil {
		t.Fatalf("seed %d: check: %v\n%s", sp.Seed, err, text)
	}
	res, err := sv.Compile(prog, sv.Options{})
	if err != nil {
		t.Fatalf("seed %d: compile: %v\n%s", sp.Seed, err, text)
	}
	return text, res
}

// TestGenerateValid checks that generated programs are valid Calyx that the
// backend compiles, for many seeds (no simulation).
func TestGenerateValid(t *testing.T) {
	n := uint64(300)
	if testing.Short() {
		n = 50
	}
	for seed := uint64(0); seed < n; seed++ {
		compile(t, Generate(seed))
	}
}

// TestDeterministic checks that a seed always gives the same program, data
// and expected memories.
func TestDeterministic(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		a, b := Generate(seed), Generate(seed)
		pa, pb := calyx.Print(Emit(a)), calyx.Print(Emit(b))
		if pa != pb || !bytes.Equal(Data(a), Data(b)) || !bytes.Equal(Expect(Eval(a)), Expect(Eval(b))) {
			t.Fatalf("seed %d: two generations differ", seed)
		}
	}
}

// TestSeedCoverage checks that the seeds TestSimulateSeeds runs use every
// kind of statement, expression, memory and component that the first 1000
// seeds use (re-pick simSeeds when the generator learns a new kind).
func TestSeedCoverage(t *testing.T) {
	have := map[string]bool{}
	for _, s := range simSeeds {
		for _, k := range Kinds(Generate(s)) {
			have[k] = true
		}
	}
	for s := uint64(0); s < 1000; s++ {
		for _, k := range Kinds(Generate(s)) {
			if !have[k] {
				t.Errorf("seed %d uses %q, which no seed of simSeeds does", s, k)
				have[k] = true
			}
		}
	}
}

// FuzzCompile checks, without simulating, that every seed's program is
// valid Calyx (it parses back from its printed text and passes calyx.Check)
// that the backend compiles, and that Eval runs it: the cheap half of
// FuzzSimulate, fast enough to fuzz for millions of seeds.
func FuzzCompile(f *testing.F) {
	for _, s := range simSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		sp := Generate(seed)
		compile(t, sp)
		Eval(sp)
	})
}
