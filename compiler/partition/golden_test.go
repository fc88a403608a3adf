package partition

import (
	"flag"
	"os"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenOutput pins the printed result of unrolling and partitioning small programs.
func TestGoldenOutput(t *testing.T) {
	tests := []struct {
		in, sched, golden string
	}{
		{"../air/testdata/conv_relu.air", "conv=2", "testdata/conv_relu.conv2.air"},
		{"../air/testdata/gemm.air", "gemm0=4", "testdata/gemm.gemm0_4.air"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			p, _ := load(t, tt.in, 1)
			s, err := ParseSchedule(tt.sched)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Apply(p, s, nil); err != nil {
				t.Fatal(err)
			}
			got := air.Format(p)
			if *update {
				if err := os.WriteFile(tt.golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(tt.golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("got:\n%s", got)
			}
		})
	}
}
