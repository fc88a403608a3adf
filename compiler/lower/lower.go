package lower

import (
	"fmt"
	"math/bits"
	"strings"

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
	Seq  bool        // a seq_mem_dN (registered reads, block RAM) instead of a comb_mem_dN
}

// Options are the choices of the lowering.
type Options struct {
	// SeqMemBits: banks of at least this many bits (words times width)
	// become seq_mem_dN cells, whose registered read port lets synthesis
	// map them to block RAM; smaller ones stay comb_mem_dN (LUT RAM or
	// registers). 0 keeps every bank combinational.
	SeqMemBits int
}

// DefaultOptions are the options Lower uses: banks of 1024 bits and more
// (a quarter of an iCE40 block RAM, a sixteenth of a 7-series one) are
// seq_mem.
var DefaultOptions = Options{SeqMemBits: 1024}

// Layout names every bank and kernel of a program and fixes the index width.
type Layout struct {
	Banks      []Bank            // all banks, memories in declaration order
	IndexWidth int               // width of loop indices and memory addresses
	Components map[string]string // kernel name -> component name
	byBank     map[string]map[int]string
}

// NewLayout names p's banks and kernels and computes the index width.
func NewLayout(p *air.Program) (*Layout, error) { return newLayout(p, DefaultOptions) }

func newLayout(p *air.Program, opt Options) (*Layout, error) {
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
			bits := m.Elem.Width
			for _, d := range m.BankShape() {
				bits *= d
			}
			l.Banks = append(l.Banks, Bank{Cell: name, Mem: m, Bank: b, Seq: opt.SeqMemBits > 0 && bits >= opt.SeqMemBits})
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
		env := map[string]air.Range{}
		var walk func([]air.Stmt) error
		walk = func(ss []air.Stmt) error {
			for _, s := range ss {
				for _, e := range air.StmtExprs(s) {
					air.WalkExpr(e, func(e air.Expr) {
						if ld, ok := e.(*air.Load); ok && ld.Padded {
							maxv = max(maxv, padIndexMax(p.Mem(ld.Mem), ld, env))
						}
					})
				}
				switch s := s.(type) {
				case *air.For:
					if s.Lo < 0 {
						return fmt.Errorf("lower: kernel %s: loop %s starts at %d; negative bounds are not supported", k.Name, s.Var, s.Lo)
					}
					maxv = max(maxv, int64(s.Hi)+int64(s.Step), int64(s.Lo))
					env[s.Var] = s.Range()
					err := walk(s.Body)
					delete(env, s.Var)
					if err != nil {
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

// padIndexMax is the largest value the index width must hold for a padded
// load: its indices are computed modulo 2^IW and compared unsigned with the
// dimension's size, which is right when every index below 0 wraps to at
// least the size and every index above fits (2^IW > size - lo - 1 and
// 2^IW > hi).
func padIndexMax(m *air.Memory, ld *air.Load, env map[string]air.Range) int64 {
	var out int64
	for d, a := range ld.Index {
		lo, hi, ok := a.Bounds(env)
		if !ok {
			continue
		}
		out = max(out, hi, int64(m.Shape[d])-lo-1)
	}
	return out
}

// BankCell returns the cell name of bank b of memory mem (b = -1 for an unpartitioned access).
func (l *Layout) BankCell(mem string, b int) string {
	if b < 0 {
		b = 0
	}
	return l.byBank[mem][b]
}

// bank returns the bank of a cell name.
func (l *Layout) bank(cell string) Bank {
	for _, b := range l.Banks {
		if b.Cell == cell {
			return b
		}
	}
	return Bank{}
}

// memCell returns the cell declaring a bank (a comb_mem_dN or seq_mem_dN).
func (l *Layout) memCell(b Bank, ref bool) *calyx.Cell {
	shape := b.Mem.BankShape()
	params := []uint64{uint64(b.Mem.Elem.Width)}
	for _, d := range shape {
		params = append(params, uint64(d))
	}
	for range shape {
		params = append(params, uint64(l.IndexWidth))
	}
	kind := "comb"
	if b.Seq {
		kind = "seq"
	}
	c := &calyx.Cell{Name: b.Cell, Proto: fmt.Sprintf("%s_mem_d%d", kind, len(shape)), Params: params, Ref: ref}
	if !ref && b.Mem.Kind != air.MemInternal {
		c.Attrs = c.Attrs.With(calyx.AttrExternal, 1)
	}
	return c
}

// Report says how each kernel's loop nests were lowered.
type Report struct {
	Kernels   []KernelInfo // every kernel, in program order
	Pipes     []PipeInfo   // software-pipelined nests, in program order
	Fallbacks []Fallback   // nests of pipelined kernels that got the dynamic lowering
}

// KernelInfo sums up one kernel.
type KernelInfo struct {
	Kernel string // air kernel
	MACs   int64  // multiplications it executes (air.MACs)
	II     int    // largest II of its pipelines; 0 if none
	Cycles int64  // cycles of its pipelines' static groups; -1 if part of it has dynamic control
}

// Fallback is a nest of a kernel marked for pipelining that could not be
// pipelined, and why.
type Fallback struct {
	Kernel string // air kernel
	Line   int    // source line of the nest
	Reason string // why it was not pipelined
}

// Lower translates p (verified, possibly partitioned) to a Calyx program:
// one component per kernel and a main that invokes them in order.
func Lower(p *air.Program) (*calyx.Program, error) {
	prog, _, err := LowerReport(p)
	return prog, err
}

// LowerReport is Lower that also reports how the loop nests were lowered.
func LowerReport(p *air.Program) (*calyx.Program, *Report, error) {
	return LowerWith(p, DefaultOptions)
}

// LowerWith is LowerReport with options.
func LowerWith(p *air.Program, opt Options) (*calyx.Program, *Report, error) {
	if err := air.Verify(p); err != nil {
		return nil, nil, fmt.Errorf("lower: %w", err)
	}
	l, err := newLayout(p, opt)
	if err != nil {
		return nil, nil, err
	}
	prog := &calyx.Program{}
	rep := &Report{}
	for _, k := range p.Kernels {
		pipes, falls := len(rep.Pipes), len(rep.Fallbacks)
		c, err := lowerKernel(p, l, k, rep)
		if err != nil {
			return nil, nil, fmt.Errorf("lower: kernel %s: %w", k.Name, err)
		}
		ki := KernelInfo{Kernel: k.Name, MACs: air.MACs(k)}
		for _, pi := range rep.Pipes[pipes:] {
			ki.II = max(ki.II, pi.II)
			ki.Cycles += pi.Cycles
		}
		if k.II == 0 || len(rep.Fallbacks) > falls {
			ki.Cycles = -1
		}
		rep.Kernels = append(rep.Kernels, ki)
		prog.Components = append(prog.Components, c)
	}
	prog.Components = append(prog.Components, l.mainComponent(p))
	prog.Imports = imports(prog)
	return prog, rep, nil
}

// imports returns Imports plus the library files of any other primitive
// the program's cells use (such as the project's primitives/accel.futil).
func imports(prog *calyx.Program) []string {
	out := append([]string(nil), Imports...)
	have := map[string]bool{}
	for _, im := range out {
		have[im] = true
	}
	for _, c := range prog.Components {
		for _, cell := range c.Cells {
			if s, ok := calyx.LookupPrim(cell.Proto); ok && s.Import != "" && !have[s.Import] {
				have[s.Import] = true
				out = append(out, s.Import)
			}
		}
	}
	return out
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

// String formats the report as two text tables: one line per kernel
// (MACs, largest II, cycles of its pipelines or "dynamic"), then one per
// pipelined nest (kernel, source line, loops, slots, II, depth, cycles of
// its static group), then one per nest that kept the dynamic lowering, with
// the reason.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %10s %3s %10s\n", "kernel", "MACs", "II", "cycles")
	for _, k := range r.Kernels {
		cycles := "dynamic"
		if k.Cycles >= 0 {
			cycles = fmt.Sprint(k.Cycles)
		}
		fmt.Fprintf(&b, "%-16s %10d %3d %10s\n", k.Kernel, k.MACs, k.II, cycles)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-16s %5s %-24s %9s %3s %5s %9s\n", "kernel", "line", "loops", "slots", "II", "depth", "cycles")
	for _, p := range r.Pipes {
		fmt.Fprintf(&b, "%-16s %5d %-24s %9d %3d %5d %9d\n", p.Kernel, p.Line, p.Loops, p.Slots, p.II, p.Depth, p.Cycles)
	}
	for _, f := range r.Fallbacks {
		fmt.Fprintf(&b, "%-16s %5d not pipelined: %s\n", f.Kernel, f.Line, f.Reason)
	}
	return b.String()
}
