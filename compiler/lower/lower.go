package lower

import (
	"fmt"
	"math/bits"

	"github.com/rules-accel/rules_accel/compiler/air"
	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// Imports are the primitive libraries every lowered program imports.
var Imports = []string{
	"primitives/core.futil",
	"primitives/binary_operators.futil",
	"primitives/memories/comb.futil",
}

// Bank is one memory bank as a cell of main.
type Bank struct {
	Cell string      // Calyx cell name in main (and ref cell name in kernels)
	Mem  *air.Memory // the air memory
	Bank int         // bank number (0 when unpartitioned)
}

// Layout names every bank and kernel of a program and fixes the index width.
type Layout struct {
	Banks      []Bank            // all banks, memories in declaration order
	IndexWidth int               // width of loop indices and memory addresses
	Components map[string]string // kernel name -> component name
	byBank     map[string]map[int]string
}

// NewLayout names p's banks and kernels and computes the index width.
func NewLayout(p *air.Program) (*Layout, error) {
	l := &Layout{Components: map[string]string{}, byBank: map[string]map[int]string{}}
	seen := map[string]string{}
	maxv := int64(1)
	for _, m := range p.Mems {
		if len(m.Shape) > 4 {
			return nil, fmt.Errorf("lower: memory %s has rank %d; at most 4 is supported", m.Name, len(m.Shape))
		}
		l.byBank[m.Name] = map[int]string{}
		for b := 0; b < m.NumBanks(); b++ {
			name := Ident(m.BankName(b))
			if prev, dup := seen[name]; dup {
				return nil, fmt.Errorf("lower: memory bank %s and %s both map to Calyx name %s", prev, m.BankName(b), name)
			}
			seen[name] = m.BankName(b)
			l.Banks = append(l.Banks, Bank{Cell: name, Mem: m, Bank: b})
			l.byBank[m.Name][b] = name
		}
		for _, d := range m.BankShape() {
			maxv = max(maxv, int64(d))
		}
	}
	for _, k := range p.Kernels {
		name := Ident(k.Name)
		if name == "main" || calyx.IsReserved(name) {
			name += "_k"
		}
		if _, prim := calyx.LookupPrim(name); prim {
			name += "_k"
		}
		if prev, dup := seen[name]; dup {
			return nil, fmt.Errorf("lower: kernel %s and %s both map to Calyx name %s", prev, k.Name, name)
		}
		seen[name] = k.Name
		l.Components[k.Name] = name
		var walk func([]air.Stmt) error
		walk = func(ss []air.Stmt) error {
			for _, s := range ss {
				switch s := s.(type) {
				case *air.For:
					if s.Lo < 0 {
						return fmt.Errorf("lower: kernel %s: loop %s starts at %d; negative bounds are not supported", k.Name, s.Var, s.Lo)
					}
					maxv = max(maxv, int64(s.Hi)+int64(s.Step), int64(s.Lo))
					if err := walk(s.Body); err != nil {
						return err
					}
				case *air.Par:
					for _, a := range s.Arms {
						if err := walk(a); err != nil {
							return err
						}
					}
				}
			}
			return nil
		}
		if err := walk(k.Body); err != nil {
			return nil, err
		}
	}
	l.IndexWidth = bits.Len64(uint64(maxv))
	if l.IndexWidth > 31 {
		return nil, fmt.Errorf("lower: index width %d too large", l.IndexWidth)
	}
	return l, nil
}

// BankCell returns the cell name of bank b of memory mem (b = -1 for an unpartitioned access).
func (l *Layout) BankCell(mem string, b int) string {
	if b < 0 {
		b = 0
	}
	return l.byBank[mem][b]
}

// memCell returns the cell declaring a bank (a comb_mem_dN).
func (l *Layout) memCell(b Bank, ref bool) *calyx.Cell {
	shape := b.Mem.BankShape()
	params := []uint64{uint64(b.Mem.Elem.Width)}
	for _, d := range shape {
		params = append(params, uint64(d))
	}
	for range shape {
		params = append(params, uint64(l.IndexWidth))
	}
	c := &calyx.Cell{Name: b.Cell, Proto: fmt.Sprintf("comb_mem_d%d", len(shape)), Params: params, Ref: ref}
	if !ref && b.Mem.Kind != air.MemInternal {
		c.Attrs = c.Attrs.With(calyx.AttrExternal, 1)
	}
	return c
}

// Lower translates p (verified, possibly partitioned) to a Calyx program:
// one component per kernel and a main that invokes them in order.
func Lower(p *air.Program) (*calyx.Program, error) {
	if err := air.Verify(p); err != nil {
		return nil, fmt.Errorf("lower: %w", err)
	}
	l, err := NewLayout(p)
	if err != nil {
		return nil, err
	}
	prog := &calyx.Program{Imports: append([]string(nil), Imports...)}
	for _, k := range p.Kernels {
		c, err := lowerKernel(p, l, k)
		if err != nil {
			return nil, fmt.Errorf("lower: kernel %s: %w", k.Name, err)
		}
		prog.Components = append(prog.Components, c)
	}
	prog.Components = append(prog.Components, l.mainComponent(p))
	return prog, nil
}

// mainComponent declares every bank and runs the kernels in order.
func (l *Layout) mainComponent(p *air.Program) *calyx.Component {
	main := &calyx.Component{Name: "main"}
	main.Attrs = main.Attrs.With(calyx.AttrToplevel, 1)
	names := newNamer()
	for _, b := range l.Banks {
		names.reserve(b.Cell)
		main.Cells = append(main.Cells, l.memCell(b, false))
	}
	inst := map[string]string{}
	for _, k := range p.Kernels {
		n := names.fresh(l.Components[k.Name] + "_inst")
		inst[k.Name] = n
		main.Cells = append(main.Cells, &calyx.Cell{Name: n, Proto: l.Components[k.Name]})
	}
	seq := &calyx.Seq{}
	for _, call := range p.Main {
		k := p.Kernel(call.Kernel)
		inv := &calyx.Invoke{Cell: inst[call.Kernel]}
		for _, bank := range l.usedBanks(k) {
			inv.RefCells = append(inv.RefCells, calyx.Binding{Param: bank, Arg: bank})
		}
		seq.Stmts = append(seq.Stmts, inv)
	}
	main.Control = seq
	return main
}

// usedBanks lists the cells of the banks kernel k accesses, in layout order.
func (l *Layout) usedBanks(k *air.Kernel) []string {
	used := map[string]bool{}
	var expr func(air.Expr)
	expr = func(e air.Expr) {
		switch e := e.(type) {
		case *air.Load:
			used[l.BankCell(e.Mem, e.Bank)] = true
		case *air.Op:
			for _, a := range e.Args {
				expr(a)
			}
		}
	}
	var walk func([]air.Stmt)
	walk = func(ss []air.Stmt) {
		for _, s := range ss {
			switch s := s.(type) {
			case *air.For:
				walk(s.Body)
			case *air.Par:
				for _, a := range s.Arms {
					walk(a)
				}
			case *air.Reg:
				expr(s.Init)
			case *air.Assign:
				expr(s.Val)
			case *air.Store:
				used[l.BankCell(s.Mem, s.Bank)] = true
				expr(s.Val)
			}
		}
	}
	walk(k.Body)
	var out []string
	for _, b := range l.Banks {
		if used[b.Cell] {
			out = append(out, b.Cell)
		}
	}
	return out
}
