package partition

import (
	"slices"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

func TestParsePipeline(t *testing.T) {
	tests := []struct {
		spec string
		want map[string]int // kernel -> II
		err  string
	}{
		{"", map[string]int{"conv0": 1, "relu0": 1}, ""},
		{"relu*=off", map[string]int{"conv0": 1, "relu0": 0}, ""},
		{"conv0=off, conv*=1", map[string]int{"conv0": 0, "conv1": 1}, ""},
		{"conv*=0", map[string]int{"conv0": 0}, ""},
		{"conv*=2", map[string]int{"conv0": 2}, ""},
		{"conv*=x", nil, "II must be an integer from 1 to 1024, or off"},
		{"conv*=2000", nil, "II must be an integer"},
		{"conv*", nil, "want PATTERN=II"},
		{"[=1", nil, "bad pattern"},
	}
	for _, tt := range tests {
		pl, err := ParsePipeline(tt.spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParsePipeline(%q) error %v, want %q", tt.spec, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePipeline(%q): %v", tt.spec, err)
			continue
		}
		for k, ii := range tt.want {
			if got := pl.For(k); got != ii {
				t.Errorf("ParsePipeline(%q).For(%s) = %d, want %d", tt.spec, k, got, ii)
			}
		}
		if again, err := ParsePipeline(pl.String()); err != nil || again.String() != pl.String() {
			t.Errorf("String() = %q does not parse back: %v", pl.String(), err)
		}
	}
}

func TestPipelineApply(t *testing.T) {
	p := &air.Program{Kernels: []*air.Kernel{{Name: "conv0"}, {Name: "relu0"}}}
	pl, err := ParsePipeline("relu*=off,gemm*=1")
	if err != nil {
		t.Fatal(err)
	}
	unmatched := pl.Apply(p)
	if p.Kernels[0].II != 1 || p.Kernels[1].II != 0 {
		t.Errorf("II = %d, %d; want 1, 0", p.Kernels[0].II, p.Kernels[1].II)
	}
	if !slices.Equal(unmatched, []string{"gemm*"}) {
		t.Errorf("unmatched = %v, want [gemm*]", unmatched)
	}
}
