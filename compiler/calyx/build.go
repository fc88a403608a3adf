package calyx

// Constructors for building programs in code (the lowering pass).

// PortOf returns the reference `cell.port`.
func PortOf(cell, port string) PortRef { return PortRef{Parent: cell, Name: port} }

// ThisPort returns a reference to a port of the enclosing component.
func ThisPort(name string) PortRef { return PortRef{Name: name} }

// HoleOf returns the hole `group[hole]` (hole is "go" or "done").
func HoleOf(group, hole string) PortRef { return PortRef{Parent: group, Name: hole, Hole: true} }

// AtomOf wraps a port reference as an operand.
func AtomOf(r PortRef) Atom { return Atom{Port: r, Pos: r.Pos} }

// ConstOf returns the operand `width'dvalue`.
func ConstOf(width, value uint64) Atom {
	return Atom{IsConst: true, Const: Const{Width: width, Value: value, Base: 'd'}}
}

// Wire returns the unguarded assignment `dst = src;`.
func Wire(dst PortRef, src Atom) *Assign { return &Assign{Dst: dst, Src: src} }

// GuardedWire returns the assignment `dst = g ? src;` (nil g means unguarded).
func GuardedWire(dst PortRef, g Guard, src Atom) *Assign {
	return &Assign{Dst: dst, Src: src, Guard: g}
}

// GuardOf uses a 1-bit port as a guard.
func GuardOf(r PortRef) Guard { return &GuardAtom{Atom: AtomOf(r)} }

// Not returns `!g`.
func Not(g Guard) Guard { return &GuardNot{X: g} }

// And returns the left-associated conjunction of gs; nil entries are skipped and
// the result is nil (true) when none remain.
func And(gs ...Guard) Guard {
	var out Guard
	for _, g := range gs {
		switch {
		case g == nil:
		case out == nil:
			out = g
		default:
			out = &GuardAnd{L: out, R: g}
		}
	}
	return out
}

// Or returns the left-associated disjunction of gs; nil entries are skipped.
func Or(gs ...Guard) Guard {
	var out Guard
	for _, g := range gs {
		switch {
		case g == nil:
		case out == nil:
			out = g
		default:
			out = &GuardOr{L: out, R: g}
		}
	}
	return out
}

// Cmp returns the comparison `l op r`.
func Cmp(op CmpOp, l, r Atom) Guard { return &GuardCmp{Op: op, L: l, R: r} }

// NewCell returns the cell `name = proto(params...);`.
func NewCell(name, proto string, params ...uint64) *Cell {
	return &Cell{Name: name, Proto: proto, Params: params}
}

// Attr1 returns the attribute list holding the single attribute `@name(v)`.
func Attr1(name string, v uint64) Attrs { return Attrs{{Name: name, Value: v}} }
