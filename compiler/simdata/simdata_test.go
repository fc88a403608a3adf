package simdata

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEncodeDecode(t *testing.T) {
	tests := []struct {
		f    Format
		in   string
		word uint64
		out  string
	}{
		{Format{NumericType: Bitnum, Width: 8}, "200", 200, "200"},
		{Format{NumericType: Bitnum, Width: 8, IsSigned: true}, "-1", 0xff, "-1"},
		{Format{NumericType: FixedPoint, Width: 16, FracWidth: 8, IsSigned: true}, "-1.5", 0xfe80, "-1.5"},
		{Format{NumericType: FixedPoint, Width: 8, FracWidth: 4}, "2.0625", 0x21, "2.0625"},
		{Format{NumericType: FixedPoint, Width: 8, FracWidth: 4}, "3", 0x30, "3.0"},
		// float32(-4.2) + 1.5, the shortest decimal of the float32 result (upstream's addFN.expect).
		{Format{NumericType: Float, Width: 32}, "-2.6999998", 0xc02ccccc, "-2.6999998"},
		{Format{NumericType: Float, Width: 32}, "0.56", 0x3f0f5c29, "0.56"},
		{Format{NumericType: Float, Width: 32}, "-2", 0xc0000000, "-2.0"},
		{Format{NumericType: Float, Width: 32}, "1e-45", 0x00000001, "1e-45"},
		{Format{NumericType: Float, Width: 32}, "1e-46", 0x00000000, "0.0"},
		{Format{NumericType: Float, Width: 32}, "NaN", 0x7fc00000, "NaN"},
		{Format{NumericType: Float, Width: 32}, "-Infinity", 0xff800000, "-Infinity"},
		{Format{NumericType: Float, Width: 64}, "0.1", 0x3fb999999999999a, "0.1"},
	}
	for _, tc := range tests {
		w, err := tc.f.Encode(json.Number(tc.in))
		if err != nil {
			t.Fatalf("%v Encode(%s): %v", tc.f, tc.in, err)
		}
		if w != tc.word {
			t.Errorf("%v Encode(%s) = %#x, want %#x", tc.f, tc.in, w, tc.word)
		}
		if got := tc.f.Decode(w); got != tc.out {
			t.Errorf("%v Decode(%#x) = %s, want %s", tc.f, w, got, tc.out)
		}
	}
}

func TestEncodeRound(t *testing.T) {
	f := Format{NumericType: FixedPoint, Width: 32, FracWidth: 8, IsSigned: true}
	for in, want := range map[string]string{"127.46": "127.4609375", "-127.46": "-127.4609375", "7.2": "7.19921875"} {
		w, err := f.EncodeRound(json.Number(in))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Decode(w); got != want {
			t.Errorf("EncodeRound(%s) decodes to %s, want %s", in, got, want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		f  Format
		in string
	}{
		{Format{NumericType: Bitnum, Width: 4}, "16"},
		{Format{NumericType: Bitnum, Width: 4}, "-1"},
		{Format{NumericType: FixedPoint, Width: 8, FracWidth: 2}, "0.1"},
		{Format{NumericType: Float, Width: 32}, "1e39"},
		{Format{NumericType: Float, Width: 32}, "one"},
	}
	for _, tc := range tests {
		if _, err := tc.f.Encode(json.Number(tc.in)); err == nil {
			t.Errorf("%v Encode(%s): no error", tc.f, tc.in)
		}
	}
}

const data = `{
  "a": {"data": [[1, 2, 3], [4, 5, 6]], "format": {"numeric_type": "bitnum", "is_signed": false, "width": 8}},
  "f": {"data": [0.5, -0.25], "format": {"numeric_type": "fixed_point", "is_signed": true, "width": 8, "frac_width": 4}}
}`

func TestRoundTrip(t *testing.T) {
	mems, err := ParseData([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(mems) != 2 || mems[0].Name != "a" || len(mems[0].Shape) != 2 {
		t.Fatalf("parsed %+v", mems)
	}
	if got := string(mems[0].Hex()); got != "01\n02\n03\n04\n05\n06\n" {
		t.Errorf("hex = %q", got)
	}
	dir := t.TempDir()
	if err := WriteHex(dir, mems); err != nil {
		t.Fatal(err)
	}
	// Pretend the simulation dumped a with one changed word and the usual header.
	if err := os.WriteFile(filepath.Join(dir, "a.out"), []byte("// dump\n01\n02\n03\n04\n@5\n07\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "f.out"), mems[1].Hex(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadResults(dir, mems)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseExpect([]byte(`{"a": [[1,2,3],[4,5,6]], "f": [0.5, -0.25], "cycles": 3}`), mems)
	if err != nil {
		t.Fatal(err)
	}
	diffs := Compare(got, want)
	rep := Report(diffs, 10)
	for _, line := range []string{"a[1][1]: got 0, want 5", "a[1][2]: got 7, want 6"} {
		if !strings.Contains(rep, line) {
			t.Errorf("report lacks %q:\n%s", line, rep)
		}
	}
	if len(diffs) != 2 {
		t.Errorf("diffs = %v", diffs)
	}
	out, err := MarshalResult(got[1:])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "-0.25") {
		t.Errorf("result JSON = %s", out)
	}
}

// TestFloatMemory reads an ieee754_float memory with special values and
// renders it back: NaN and infinities become JSON strings, which parse again.
func TestFloatMemory(t *testing.T) {
	data := `{"f": {"data": [1.5, "NaN", "-Infinity", -0.0], "format": {"numeric_type": "ieee754_float", "is_signed": true, "width": 32}}}`
	mems, err := ParseData([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []uint64{0x3fc00000, 0x7fc00000, 0xff800000, 0x80000000}
	for i, w := range want {
		if mems[0].Words[i] != w {
			t.Errorf("word %d = %#x, want %#x", i, mems[0].Words[i], w)
		}
	}
	out, err := MarshalResult(mems)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseExpect(out, mems)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d := Compare(back, mems); len(d) > 0 {
		t.Errorf("round trip differs: %s", Report(d, 5))
	}
	if _, err := ParseData([]byte(`{"f": {"data": [1], "format": {"numeric_type": "ieee754_float", "width": 16}}}`)); err == nil {
		t.Error("width 16 accepted")
	}
}
