package exact

import (
	"errors"
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// Mismatch is the first disagreement between air's interpreter and the exact
// evaluation: a memory element that differs after a kernel, or an error only
// one of them reports.
type Mismatch struct {
	Kernel string // the kernel after which they first disagree
	Mem    string // the memory holding the differing element ("" for an error)
	Index  []int  // its index in the original shape
	Interp int64  // the interpreter's raw value
	Exact  int64  // the exact raw value
	Type   air.Type
	Writer *Site  // the statement that stored the exact value, if any
	Err    string // for an error only one side reports: which side and what
}

func (m *Mismatch) Error() string {
	if m.Err != "" {
		return fmt.Sprintf("exact: kernel %s: %s", m.Kernel, m.Err)
	}
	s := fmt.Sprintf("exact: after kernel %s, %s%v: interpreter %d (%g), exact %d (%g) of %s",
		m.Kernel, m.Mem, m.Index, m.Interp, toReal(m.Interp, m.Type), m.Exact, toReal(m.Exact, m.Type), m.Type)
	if m.Writer != nil {
		s += "; written by " + m.Writer.String()
	}
	return s
}

// toReal is the number a raw value of type t stands for (for messages only).
func toReal(v int64, t air.Type) float64 {
	r := float64(v)
	for i := 0; i < t.Frac; i++ {
		r /= 2
	}
	return r
}

// BothFailed is returned by Check when the interpreter and the exact
// evaluation both stop with an error in the same kernel (for example a
// register that would wrap on these inputs): they agree, but the program is
// wrong for the inputs.
type BothFailed struct {
	Kernel        string
	Interp, Exact error
}

func (b *BothFailed) Error() string {
	return fmt.Sprintf("kernel %s fails in both evaluators: interpreter: %v; %v", b.Kernel, b.Interp, b.Exact)
}

// Check runs p on inputs (raw values by input memory name) with air's int64
// interpreter and with the exact evaluator, kernel by kernel, and compares
// every non-const memory after each kernel. It returns nil if they agree
// everywhere, a *Mismatch for the first disagreement, a *BothFailed if both
// stop with an error in the same kernel, or another error if the program
// cannot be set up.
func Check(p *air.Program, inputs map[string][]int64) error {
	im, err := air.NewMachine(p)
	if err != nil {
		return err
	}
	em, err := New(p)
	if err != nil {
		return err
	}
	for _, mem := range p.Mems {
		if mem.Kind != air.MemInput {
			continue
		}
		d, ok := inputs[mem.Name]
		if !ok {
			return fmt.Errorf("exact: no value for input %s", mem.Name)
		}
		e1, e2 := im.Set(mem.Name, d), em.Set(mem.Name, d)
		if e1 != nil || e2 != nil {
			return errors.Join(e1, e2)
		}
	}
	for _, call := range p.Main {
		e1 := im.RunKernel(call.Kernel)
		e2 := em.RunKernel(call.Kernel)
		switch {
		case e1 != nil && e2 != nil:
			return &BothFailed{Kernel: call.Kernel, Interp: e1, Exact: e2}
		case e1 != nil:
			return &Mismatch{Kernel: call.Kernel, Err: "the interpreter fails where the exact evaluation does not: " + e1.Error()}
		case e2 != nil:
			return &Mismatch{Kernel: call.Kernel, Err: "the interpreter runs on where the exact evaluation finds: " + e2.Error()}
		}
		if m := compareMems(p, im, em, call.Kernel); m != nil {
			return m
		}
	}
	return nil
}

// compareMems returns the first differing element of a non-const memory, in declaration and row-major order.
func compareMems(p *air.Program, im *air.Machine, em *Machine, kernel string) *Mismatch {
	for _, mem := range p.Mems {
		if mem.Kind == air.MemConst {
			continue
		}
		a, b := im.Mem(mem.Name), em.Mem(mem.Name)
		for i := range b {
			if a[i] == b[i] {
				continue
			}
			m := &Mismatch{Kernel: kernel, Mem: mem.Name, Index: unflatten(i, mem.Shape), Interp: a[i], Exact: b[i], Type: mem.Elem}
			if s, ok := em.Writer(mem.Name, i); ok {
				m.Writer = &s
			}
			return m
		}
	}
	return nil
}

func unflatten(i int, shape []int) []int {
	idx := make([]int, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		idx[d] = i % shape[d]
		i /= shape[d]
	}
	return idx
}
