package qor

import (
	"os"
	"path/filepath"
	"testing"
)

func addTestdata(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files %s: %v", pattern, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzParseStat: any input either fails to parse or summarizes without a
// panic, and then its rows add up to the total.
func FuzzParseStat(f *testing.F) {
	addTestdata(f, "*.stat.json")
	f.Add([]byte(`{"modules": {"\\main": {"num_cells_by_type": {"main": 1}}}}`))
	f.Add([]byte(`{"modules": {"\\main": {"num_cells_by_type": {"a": 2, "LUT4": 1}}, "a": {"num_cells_by_type": {"$paramod\\x": 1}}, "$paramod\\x": {"num_cells_by_type": {"FDRE": 3}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseStat("fuzz.json", data)
		if err != nil {
			return
		}
		for _, fam := range []Family{XC7, ICE40, Generic} {
			r, err := Summarize(s, fam, "main")
			if err != nil {
				continue
			}
			if _, err := r.JSON(); err != nil {
				t.Fatal(err)
			}
			r.Markdown()
		}
	})
}

// FuzzParseNextpnrReport: any input either fails or gives a positive Fmax
// for every clock.
func FuzzParseNextpnrReport(f *testing.F) {
	addTestdata(f, "*.nextpnr.json")
	f.Add([]byte(`{"fmax": {"a": {"achieved": 1e308, "constraint": 1}}, "utilization": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseNextpnrReport("fuzz.json", data)
		if err != nil {
			return
		}
		for _, c := range p.Clocks {
			if !(c.AchievedMHz > 0) {
				t.Fatalf("clock %+v has no positive Fmax", c)
			}
		}
	})
}
