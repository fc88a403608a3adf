package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepoRootFromEnv(t *testing.T) {
	t.Setenv("RULES_ACCEL_ROOT", "/some/where")
	if got := RepoRoot(t); got != "/some/where" {
		t.Errorf("RepoRoot = %q", got)
	}
}

func TestOnnxNodeDirFromEnv(t *testing.T) {
	d := t.TempDir()
	if err := os.WriteFile(filepath.Join(d, "README.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ONNX_NODE_DIR", d)
	if got := OnnxNodeDir(t); got != d {
		t.Errorf("OnnxNodeDir = %q, want %q", got, d)
	}
}

func TestRepoRootWalksUp(t *testing.T) {
	if os.Getenv("RULES_ACCEL_ROOT") != "" {
		t.Skip("RULES_ACCEL_ROOT set")
	}
	root := RepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("RepoRoot %q does not hold this package: %v", root, err)
	}
}
