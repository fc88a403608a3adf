package onnx

import "testing"

// FuzzDecode checks that Decode never panics and that whatever it accepts
// survives a round trip through Encode. Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Add(Encode(sampleModel()))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			if m != nil {
				t.Fatal("model and error both returned")
			}
			return
		}
		if m.Graph == nil {
			t.Fatal("accepted a model without a graph")
		}
		if _, err := Decode(Encode(m)); err != nil {
			t.Fatalf("re-encoded model does not decode: %v", err)
		}
		_, _ = DecodeTensor(b)
	})
}
