package lower

import (
	"os"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// TestRejectFloat32 checks that a float32 program gets a clear error
// instead of a fixed-point design.
func TestRejectFloat32(t *testing.T) {
	src, err := os.ReadFile("../air/testdata/gemm_float32.air")
	if err != nil {
		t.Fatal(err)
	}
	p, err := air.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lower(p)
	if err == nil || !strings.Contains(err.Error(), "memory x is float32: lowering float32 programs to Calyx is not implemented") {
		t.Errorf("Lower: %v, want the float32 error", err)
	}
}
