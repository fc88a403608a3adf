package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/cli"
	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
)

func TestCommand(t *testing.T) {
	model := filepath.Join(testenv.OnnxNodeDir(t), "test_basic_conv_with_padding", "model.onnx")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.onnx")
	if err := os.WriteFile(bad, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.graph")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr string
	}{
		{"stdout", []string{"-model", model}, 0, []string{"graph test_basic_conv_with_padding", "= Conv(x, W)", "output y: f32[1,1,5,5]"}, ""},
		{"summary", []string{"-model", model, "-o", out, "-summary"}, 0, []string{"total", "225"}, ""},
		{"no model", nil, 2, nil, "-model is required"},
		{"extra args", []string{"-model", model, "x"}, 2, nil, "unexpected arguments"},
		{"bad flag", []string{"-nope"}, 2, nil, "flag provided but not defined"},
		{"bad file", []string{"-model", bad}, 1, nil, bad},
		{"help", []string{"-h"}, 0, nil, "usage: import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cli.Main(Command, tt.args, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("code %d stderr %q, want %d and %q", code, stderr.String(), tt.wantCode, tt.wantStderr)
			}
			for _, s := range tt.wantStdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
		})
	}
	text, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(text), "graph test_basic_conv_with_padding\n") {
		t.Errorf("-o file: %q, %v", text, err)
	}
}
