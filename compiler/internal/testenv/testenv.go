// Package testenv finds test inputs that live outside a package's own
// testdata/: the repository's models/ and the ONNX operator cases in
// ../shared/onnx-node, both under `go test` and under `bazel test`.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the repository root: $RULES_ACCEL_ROOT if set, the
// runfiles root under `bazel test`, else the nearest parent of the working
// directory that holds go.mod or WORKSPACE.
func RepoRoot(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("RULES_ACCEL_ROOT"); d != "" {
		return d
	}
	if src, ws := os.Getenv("TEST_SRCDIR"), os.Getenv("TEST_WORKSPACE"); src != "" && ws != "" {
		return filepath.Join(src, ws)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, marker := range []string{"go.mod", "WORKSPACE"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if filepath.Dir(d) == d {
			t.Fatalf("testenv: no go.mod or WORKSPACE above %s; set RULES_ACCEL_ROOT", wd)
		}
	}
}

// OnnxNodeDir returns ONNX's per-operator test cases: $ONNX_NODE_DIR if set,
// else shared/onnx-node beside the repository root. Under `bazel test`,
// ONNX_NODE_DIR names a file in that directory relative to the runfiles root.
func OnnxNodeDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("ONNX_NODE_DIR"); d != "" {
		if !filepath.IsAbs(d) && os.Getenv("TEST_SRCDIR") != "" {
			d = filepath.Join(os.Getenv("TEST_SRCDIR"), os.Getenv("TEST_WORKSPACE"), d)
		}
		if fi, err := os.Stat(d); err == nil && !fi.IsDir() {
			d = filepath.Dir(d)
		}
		if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
			t.Fatalf("testenv: ONNX operator cases not found in %s (is ../shared/onnx-node beside the checkout?)", d)
		}
		return d
	}
	d := filepath.Join(filepath.Dir(RepoRoot(t)), "shared", "onnx-node")
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("testenv: ONNX operator cases not found at %s (set ONNX_NODE_DIR): %v", d, err)
	}
	return d
}
