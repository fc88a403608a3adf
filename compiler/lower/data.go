package lower

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Data returns the Calyx JSON data file for p's external banks: inputs from
// inputs (row-major raw values per input memory), const memories from p.Data,
// outputs from inputs when it has them (a slice of a program starts from the
// state before it, see air.SliceProgram), else zero. Keys are the bank cells
// of main; bytes are deterministic.
func Data(p *air.Program, inputs map[string][]int64) ([]byte, error) {
	l, err := NewLayout(p)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	for _, bank := range l.Banks {
		m := bank.Mem
		var src []int64
		switch m.Kind {
		case air.MemInternal:
			continue
		case air.MemInput:
			d, ok := inputs[m.Name]
			if !ok {
				return nil, fmt.Errorf("lower: no data for input memory %s", m.Name)
			}
			src = d
		case air.MemOutput:
			src = inputs[m.Name]
		case air.MemConst:
			d, ok := p.Data[m.Name]
			if !ok {
				return nil, fmt.Errorf("lower: no data for const memory %s", m.Name)
			}
			src = d
		}
		if src != nil && len(src) != m.Size() {
			return nil, fmt.Errorf("lower: memory %s: %d values, want %d", m.Name, len(src), m.Size())
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, "\n  %q: {\"data\": ", bank.Cell)
		nested(&b, m.BankShape(), m.BankData(src, bank.Bank))
		// float32 values are their bit patterns, written unsigned.
		fmt.Fprintf(&b, ", \"format\": {\"numeric_type\": \"bitnum\", \"is_signed\": %t, \"width\": %d}}", !m.Elem.Float, m.Elem.Width)
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// Expect returns the expect JSON (bank cell -> nested values) for p's output
// banks, cut from outputs (row-major raw values per output memory, e.g. from
// air.Interpret).
func Expect(p *air.Program, outputs map[string][]int64) ([]byte, error) {
	l, err := NewLayout(p)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	for _, bank := range l.Banks {
		m := bank.Mem
		if m.Kind != air.MemOutput {
			continue
		}
		d, ok := outputs[m.Name]
		if !ok || len(d) != m.Size() {
			return nil, fmt.Errorf("lower: no or wrongly sized result for output memory %s", m.Name)
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, "\n  %q: ", bank.Cell)
		nested(&b, m.BankShape(), m.BankData(d, bank.Bank))
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// nested writes row-major data as nested JSON lists of the given shape.
func nested(b *bytes.Buffer, shape []int, data []int64) {
	i := 0
	var rec func(d int)
	rec = func(d int) {
		b.WriteByte('[')
		for k := 0; k < shape[d]; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			if d == len(shape)-1 {
				b.WriteString(strconv.FormatInt(data[i], 10))
				i++
			} else {
				rec(d + 1)
			}
		}
		b.WriteByte(']')
	}
	rec(0)
}
