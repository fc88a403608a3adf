package graph

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rules-accel/rules_accel/compiler/internal/testenv"
	"github.com/rules-accel/rules_accel/compiler/onnx"
)

// FuzzImport checks that Import never panics on any decodable model and
// that the interpreter runs whatever Import accepts (when small enough).
// Seeds: the ONNX operator cases plus testdata/fuzz/FuzzImport.
func FuzzImport(f *testing.F) {
	f.Add(onnx.Encode(printModel()))
	if dirs, err := filepath.Glob(filepath.Join(testenv.OnnxNodeDir(f), "test_*", "model.onnx")); err == nil {
		for _, d := range dirs {
			if b, err := os.ReadFile(d); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := onnx.Decode(b)
		if err != nil {
			return
		}
		g, err := Import(m)
		if err != nil {
			return
		}
		if cost(g) > 1<<20 {
			return
		}
		_ = g.String()
		if _, err := g.Run(sampleInputs(g)); err != nil {
			// Clip bounds given as runtime inputs must be scalars; other
			// errors mean Import accepted a graph the interpreter cannot run.
			for _, n := range g.Nodes {
				if n.Op == OpClip && len(n.Inputs) > 1 {
					return
				}
			}
			t.Fatalf("Run after successful Import: %v\n%s", err, g)
		}
	})
}

// cost estimates the interpreter's work for g.
func cost(g *Graph) int {
	c := 0
	for _, t := range g.Tensors {
		c += t.Size()
	}
	for _, s := range NodeStats(g) {
		c += s.MACs
		if s.Node.Op == OpMaxPool || s.Node.Op == OpAveragePool {
			c += g.Tensors[s.Node.Outputs[0]].Size() * numElements(s.Node.Attrs.Kernel)
		}
	}
	return c
}
