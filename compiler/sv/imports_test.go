package sv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadProgram(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib")
	if err := os.MkdirAll(filepath.Join(lib, "mylib"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		filepath.Join(lib, "mylib", "inc.futil"): `import "primitives/core.futil";
component inc(x: 8) -> (y: 8) {
  cells { a = std_add(8); }
  wires { a.left = x; a.right = 8'd1; y = a.out; }
  control {}
}
component unused() -> () { cells {} wires {} control {} }
`,
		filepath.Join(dir, "main.futil"): `import "primitives/core.futil";
import "mylib/inc.futil";
component main() -> () {
  cells { i = inc(); r = std_reg(8); }
  wires { i.x = r.out; group g { r.in = i.y; r.write_en = 1'd1; g[done] = r.done; } }
  control { g; }
}
`,
	}
	for p, text := range files {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadProgram(filepath.Join(dir, "main.futil"), nil); err != nil {
		t.Fatalf("LoadProgram without -L: %v", err)
	}
	prog, err := LoadProgram(filepath.Join(dir, "main.futil"), []string{lib})
	if err != nil {
		t.Fatal(err)
	}
	if prog.Component("inc") == nil {
		t.Fatal("imported component inc missing")
	}
	res, err := Compile(prog, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sv := string(res.SV)
	if !strings.Contains(sv, "module inc (") || strings.Contains(sv, "module unused") {
		t.Errorf("want module inc and no module unused in:\n%s", sv)
	}
}
