package fixed

import (
	"math"
	"math/big"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"fixed<16,8>", Format{16, 8}, false},
		{" fixed< 32 , 16 > ", Format{}, true}, // width 32 exceeds MaxWidth
		{"fixed<8,0>", Format{8, 0}, false},
		{"fixed<8,8>", Format{}, true},
		{"fixed<1,0>", Format{}, true},
		{"fixed<16>", Format{}, true},
		{"float32", Format{}, true},
		{"fixed<a,b>", Format{}, true},
		{"fixed<24, 12>", Format{24, 12}, false},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("Parse(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && got != tt.want {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if !tt.wantErr && got.String() != "fixed<"+itoa(got.Width)+","+itoa(got.Frac)+">" {
			t.Errorf("String() = %q", got.String())
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestRange(t *testing.T) {
	tests := []struct {
		f        Format
		min, max int64
	}{
		{Format{16, 8}, -32768, 32767},
		{Format{8, 4}, -128, 127},
		{Format{2, 0}, -2, 1},
	}
	for _, tt := range tests {
		if tt.f.Min() != tt.min || tt.f.Max() != tt.max {
			t.Errorf("%v: range [%d,%d], want [%d,%d]", tt.f, tt.f.Min(), tt.f.Max(), tt.min, tt.max)
		}
	}
}

// Expected values below are derived by hand from the definition in the
// package comment: round half up is floor(v/2^s + 1/2).
func TestRoundShift(t *testing.T) {
	tests := []struct {
		v    int64
		s    int
		want int64
	}{
		{5, 1, 3},   // 2.5 -> 3
		{-5, 1, -2}, // -2.5 -> -2 (half up)
		{7, 2, 2},   // 1.75 -> 2
		{-7, 2, -2}, // -1.75 -> -2
		{6, 2, 2},   // 1.5 -> 2
		{-6, 2, -1}, // -1.5 -> -1
		{4, 2, 1},   // exact
		{3, 0, 3},   // no shift
		{3, -2, 12}, // left shift
		{-1, 70, 0}, // tiny negative rounds to 0
		{1 << 40, 70, 0},
	}
	for _, tt := range tests {
		if got := RoundShift(tt.v, tt.s); got != tt.want {
			t.Errorf("RoundShift(%d,%d) = %d, want %d", tt.v, tt.s, got, tt.want)
		}
	}
}

func TestMul(t *testing.T) {
	q := Format{16, 8}
	tests := []struct {
		a, b, want int64
	}{
		{256, 256, 256},         // 1.0*1.0 = 1.0
		{384, 384, 576},         // 1.5*1.5 = 2.25 = 576/256
		{-384, 384, -576},       // sign
		{1, 1, 0},               // 2^-16 rounds to 0 (1/256 of an lsb + half -> floor(0.0039+0.5)=0)
		{1, 128, 1},             // 2^-8 * 0.5 = half an lsb -> rounds up to 1
		{-1, 128, 0},            // -half an lsb rounds up to 0
		{32767, 32767, 32767},   // ~128*128 saturates
		{-32768, 32767, -32768}, // saturates low
		{-32768, -32768, 32767}, // +16384 saturates high
	}
	for _, tt := range tests {
		if got := q.Mul(tt.a, tt.b); got != tt.want {
			t.Errorf("Mul(%d,%d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRequantize(t *testing.T) {
	tests := []struct {
		f       Format
		v       int64
		accFrac int
		want    int64
	}{
		{Format{16, 8}, 3 << 16, 16, 3 << 8},   // 3.0 from 16 frac bits
		{Format{16, 8}, 3, 4, 48},              // 3/16 -> 48/256, exact left shift
		{Format{8, 4}, 1 << 40, 4, 127},        // saturate
		{Format{8, 4}, -(1 << 40), 0, -128},    // left shift would overflow: saturate low
		{Format{8, 4}, int64(1) << 61, 0, 127}, // huge, left shift guarded
		{Format{16, 8}, 0x180, 9, 0xC0},        // 0x180/2 = 0xC0 exactly
	}
	for _, tt := range tests {
		if got := tt.f.Requantize(tt.v, tt.accFrac); got != tt.want {
			t.Errorf("%v.Requantize(%d,%d) = %d, want %d", tt.f, tt.v, tt.accFrac, got, tt.want)
		}
	}
}

func TestFloatRoundTrip(t *testing.T) {
	q := Format{16, 8}
	tests := []struct {
		x    float64
		want int64
	}{
		{1.0, 256},
		{-1.0, -256},
		{0.5 / 256, 1},   // tie away from zero
		{-0.5 / 256, -1}, // tie away from zero
		{1000, 32767},    // saturate
		{-1000, -32768},  // saturate
		{math.NaN(), 0},
		{math.Inf(1), 32767},
		{0.1, 26}, // 25.6 -> 26
	}
	for _, tt := range tests {
		got := q.FromFloat(tt.x)
		if got != tt.want {
			t.Errorf("FromFloat(%v) = %d, want %d", tt.x, got, tt.want)
		}
	}
	for v := q.Min(); v <= q.Max(); v += 97 {
		if back := q.FromFloat(q.ToFloat(v)); back != v {
			t.Fatalf("round trip %d -> %v -> %d", v, q.ToFloat(v), back)
		}
	}
	if q.Resolution() != 1.0/256 {
		t.Errorf("Resolution = %v", q.Resolution())
	}
}

func TestBits(t *testing.T) {
	q := Format{16, 8}
	tests := []struct {
		v    int64
		bits uint64
	}{
		{0, 0},
		{1, 1},
		{-1, 0xFFFF},
		{-32768, 0x8000},
		{32767, 0x7FFF},
	}
	for _, tt := range tests {
		if got := q.Bits(tt.v); got != tt.bits {
			t.Errorf("Bits(%d) = %#x, want %#x", tt.v, got, tt.bits)
		}
		if got := q.FromBits(tt.bits); got != tt.v {
			t.Errorf("FromBits(%#x) = %d, want %d", tt.bits, got, tt.v)
		}
	}
}

func TestNew(t *testing.T) {
	if _, err := New(MaxWidth+1, 0); err == nil {
		t.Error("New accepted a width above MaxWidth")
	}
	if _, err := New(16, -1); err == nil {
		t.Error("New accepted negative fractional bits")
	}
	if f, err := New(16, 8); err != nil || f != Default {
		t.Errorf("New(16,8) = %v, %v", f, err)
	}
}

// Formats wider than MaxWidth are not built by New, but the loop-nest IR's
// accumulators use Requantize and Saturate on them.
func TestWideFormats(t *testing.T) {
	w64 := Format{Width: 64, Frac: 0}
	if w64.Max() != math.MaxInt64 || w64.Min() != math.MinInt64 {
		t.Errorf("64-bit range [%d,%d]", w64.Min(), w64.Max())
	}
	if got := w64.Saturate(-5); got != -5 {
		t.Errorf("Saturate(-5) = %d", got)
	}
	w40 := Format{Width: 40, Frac: 0}
	// accFrac -100 means a left shift by 100 bits: anything non-zero saturates.
	if got := w40.Requantize(3, -100); got != w40.Max() {
		t.Errorf("Requantize(3, -100) = %d, want %d", got, w40.Max())
	}
	if got := w40.Requantize(-3, -100); got != w40.Min() {
		t.Errorf("Requantize(-3, -100) = %d, want %d", got, w40.Min())
	}
	if got := w40.Requantize(0, -100); got != 0 {
		t.Errorf("Requantize(0, -100) = %d", got)
	}
}

// Edge cases near the ends of int64, derived by hand from floor(v/2^s + 1/2).
func TestRoundShiftExtremes(t *testing.T) {
	tests := []struct {
		v    int64
		s    int
		want int64
	}{
		{math.MaxInt64, 1, 1 << 62},           // (2^63-1)/2 = 2^62 - 1/2 -> 2^62 (adding 2^0 first would overflow)
		{math.MaxInt64, 62, 2},                // 1.99999... -> 2
		{math.MaxInt64, 63, 1},                // 0.99999... -> 1
		{math.MinInt64, 63, -1},               // -1 exactly
		{math.MinInt64, 64, 0},                // -1/2 rounds up to 0
		{math.MinInt64 + 1, 64, 0},            // just above -1/2
		{math.MinInt64, 100, 0},               // tiny
		{-(1 << 62), 63, 0},                   // -1/2 -> 0
		{-(1 << 62) - 1, 63, -1},              // just below -1/2 -> -1
		{math.MinInt64, 1, math.MinInt64 / 2}, // exact
	}
	for _, tt := range tests {
		if got := RoundShift(tt.v, tt.s); got != tt.want {
			t.Errorf("RoundShift(%d,%d) = %d, want %d", tt.v, tt.s, got, tt.want)
		}
	}
}

// TestRoundShiftBig compares RoundShift with floor((v + 2^(s-1)) / 2^s)
// computed in arbitrary precision, on values near the ends of int64.
func TestRoundShiftBig(t *testing.T) {
	vals := []int64{math.MinInt64, math.MinInt64 + 1, -1, 0, 1, math.MaxInt64, math.MaxInt64 - 1, 12345, -12345}
	for i := 0; i < 63; i++ {
		vals = append(vals, int64(1)<<i, -(int64(1) << i), int64(1)<<i-1, -(int64(1)<<i)-1)
	}
	for _, v := range vals {
		for s := 1; s <= 70; s++ {
			num := new(big.Int).Add(big.NewInt(v), new(big.Int).Lsh(big.NewInt(1), uint(s-1)))
			want := new(big.Int).Rsh(num, uint(s)) // Rsh of a big.Int is floor division by 2^s
			if got := RoundShift(v, s); !want.IsInt64() || got != want.Int64() {
				t.Fatalf("RoundShift(%d,%d) = %d, want %s", v, s, got, want)
			}
		}
	}
}

// Left shifts into 64-bit formats saturate exactly when the true value leaves the range.
func TestRequantizeLeftShift64(t *testing.T) {
	w64 := Format{Width: 64, Frac: 100}
	tests := []struct {
		v       int64
		accFrac int
		want    int64
	}{
		{-1, 0, math.MinInt64},              // -2^100 saturates
		{-1, 37, math.MinInt64},             // -2^63 exactly
		{-1, 38, -(1 << 62)},                // -2^62 fits
		{1, 37, math.MaxInt64},              // 2^63 saturates
		{1, 38, 1 << 62},                    // fits
		{3, 39, 3 << 61},                    // fits
		{-3, 39, -(3 << 61)},                // fits
		{1 << 40, 77, math.MaxInt64},        // 2^63 saturates
		{-(1 << 40), 77, math.MinInt64},     // -2^63 fits exactly
		{-(1 << 40) - 1, 77, math.MinInt64}, // below: saturates
	}
	for _, tt := range tests {
		if got := w64.Requantize(tt.v, tt.accFrac); got != tt.want {
			t.Errorf("%v.Requantize(%d,%d) = %d, want %d", w64, tt.v, tt.accFrac, got, tt.want)
		}
	}
}
