package calyx

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpstreamCorpus parses every .futil file under $CALYX_REPO/tests/correctness
// and $CALYX_REPO/primitives, prints it, and checks that printing is a fixed
// point. It is skipped unless CALYX_REPO points at an upstream Calyx checkout.
func TestUpstreamCorpus(t *testing.T) {
	root := os.Getenv("CALYX_REPO")
	if root == "" {
		t.Skip("CALYX_REPO not set")
	}
	for _, sub := range []string{"tests/correctness", "primitives", "tests", "examples"} {
		var files, parsed, fixed int
		var failures []string
		err := filepath.WalkDir(filepath.Join(root, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".futil") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return nil // e.g. a dangling symlink in a partial checkout
			}
			files++
			p, err := Parse(path, src)
			if err != nil {
				failures = append(failures, err.Error())
				return nil
			}
			parsed++
			out := Print(p)
			p2, err := Parse(path+".printed", []byte(out))
			if err != nil {
				failures = append(failures, "reparse: "+err.Error())
				return nil
			}
			if out2 := Print(p2); out2 != out {
				failures = append(failures, "not a fixed point: "+path)
				return nil
			}
			fixed++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range failures {
			t.Log(f)
		}
		t.Logf("%s: %d files, %d parse, %d round-trip", sub, files, parsed, fixed)
	}
}

// TestUpstreamCheck runs the checker over $CALYX_REPO/tests/correctness, which
// upstream Calyx accepts, so every diagnostic is a false positive.
func TestUpstreamCheck(t *testing.T) {
	root := os.Getenv("CALYX_REPO")
	if root == "" {
		t.Skip("CALYX_REPO not set")
	}
	var files, clean int
	err := filepath.WalkDir(filepath.Join(root, "tests/correctness"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".futil") {
			return err
		}
		files++
		p, err := ParseFile(path)
		if err != nil {
			t.Errorf("parse: %v", err)
			return nil
		}
		var libs []*Program
		for _, im := range p.Imports {
			for _, dir := range []string{filepath.Dir(path), root} {
				if lib, err := ParseFile(filepath.Join(dir, im)); err == nil {
					libs = append(libs, lib)
					break
				}
			}
		}
		if err := Check(p, libs...); err != nil {
			t.Logf("check: %v", err)
			return nil
		}
		clean++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tests/correctness: %d files, %d pass the checker", files, clean)
}

// TestUpstreamPrimTable compares the built-in primitive table with the
// declarations in $CALYX_REPO/primitives.
func TestUpstreamPrimTable(t *testing.T) {
	root := os.Getenv("CALYX_REPO")
	if root == "" {
		t.Skip("CALYX_REPO not set")
	}
	decl := map[string]*Primitive{}
	for _, f := range []string{"core.futil", "compile.futil", "binary_operators.futil", "memories/comb.futil", "memories/seq.futil", "float.futil",
		"float/addFN.futil", "float/mulFN.futil", "float/compareFN.futil", "float/divSqrtFN.futil", "float/fpToInt.futil", "float/intToFp.futil"} {
		p, err := ParseFile(filepath.Join(root, "primitives", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Externs {
			for _, pr := range e.Prims {
				decl[pr.Name] = pr
			}
		}
		for _, pr := range p.Prims {
			decl[pr.Name] = pr
		}
	}
	for _, s := range Prims() {
		pr, ok := decl[s.Name]
		if !ok {
			t.Errorf("%s: not declared upstream", s.Name)
			continue
		}
		u := SigOfPrimitive(pr, s.Import)
		if got, want := sigString(s), sigString(u); got != want {
			t.Errorf("%s:\n table    %s\n upstream %s", s.Name, got, want)
		}
	}
}

func sigString(s *PrimSig) string {
	var b strings.Builder
	b.WriteString(strings.Join(s.Params, ","))
	for _, l := range [][]PrimPort{s.Inputs, s.Outputs} {
		b.WriteString(" | ")
		for _, p := range l {
			b.WriteString(atAttrs(p.Attrs) + p.Name + ":" + p.Width + " ")
		}
	}
	return b.String()
}

// TestUpstreamErrors counts how many of upstream's rejected programs
// ($CALYX_REPO/tests/errors) the parser or strict checker rejects too.
func TestUpstreamErrors(t *testing.T) {
	root := os.Getenv("CALYX_REPO")
	if root == "" {
		t.Skip("CALYX_REPO not set")
	}
	var files, caught int
	_ = filepath.WalkDir(filepath.Join(root, "tests/errors"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".futil") {
			return err
		}
		files++
		p, err := ParseFile(path)
		if err == nil {
			err = CheckStrict(p)
		}
		if err != nil {
			caught++
		} else {
			t.Logf("accepted: %s", path)
		}
		return nil
	})
	t.Logf("tests/errors: %d files, %d rejected", files, caught)
}
