package calyx

import "fmt"

// Pos is a 1-based line and column in the source text; the zero Pos is unknown.
type Pos struct {
	Line, Col int
}

// String formats the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Attr is one attribute: `@name`, `@name(v)`, `@name{a, b}` or `"name"=v` in a `<...>` list.
type Attr struct {
	Name  string   // attribute name without `@` or quotes
	Value uint64   // numeric value; 1 for a bare `@name`
	Set   []uint64 // values of a set attribute `@name{a, b}`
	IsSet bool     // the attribute is a set attribute
	Pos   Pos      // where the attribute was written
}

// Attrs is an ordered list of attributes.
type Attrs []Attr

// Program is one parsed `.futil` file.
type Program struct {
	File       string       // file name used in error messages
	Imports    []string     // paths of `import "...";` statements, in order
	Externs    []*Extern    // `extern "file.sv" { primitive ...; }` blocks
	Prims      []*Primitive // inline primitives `primitive p[W](...) -> (...) { body }` at top level
	Components []*Component // components in source order
	Metadata   string       // trailing `metadata #{...}#` / `sourceinfo #{...}#` text, kept verbatim
}

// Extern is an `extern "path" { ... }` block declaring Verilog-backed primitives.
type Extern struct {
	Path  string       // the quoted path
	Prims []*Primitive // declared primitives
	Pos   Pos          // position of the `extern` keyword
}

// Primitive is a primitive declaration, either in an extern block or inline.
type Primitive struct {
	Name    string     // primitive name
	Attrs   Attrs      // `<"name"=v>` attributes
	Comb    bool       // declared `comb primitive`
	Latency uint64     // n of `static<n> primitive`; 0 when not static
	Params  []string   // parameter names `[WIDTH, ...]`
	Inputs  []*PortDef // input ports
	Outputs []*PortDef // output ports
	Body    *string    // inline Verilog body between braces; nil for a declaration
	Pos     Pos        // position of the declaration
}

// PortDef is a port of a component or primitive signature.
type PortDef struct {
	Name       string // port name
	Width      uint64 // width when constant
	WidthParam string // parameter name when the width is a parameter (primitives only)
	Attrs      Attrs  // `@go`, `@done`, `@clk`, `@reset`, `@data`, `@interval(n)`, ...
	Pos        Pos    // position of the port name
}

// Component is a Calyx component.
type Component struct {
	Name    string     // component name
	Attrs   Attrs      // `<"name"=v>` attributes after the name
	Comb    bool       // `comb component`
	Latency uint64     // n of `static<n> component`; 0 when not static
	Inputs  []*PortDef // input ports, as written (go/clk/reset are implicit unless written)
	Outputs []*PortDef // output ports, as written (done is implicit unless written)
	Cells   []*Cell    // the `cells { ... }` section
	Groups  []*Group   // groups, comb groups and static groups, in source order
	Wires   []*Assign  // continuous assignments in `wires { ... }`
	Control Control    // the control program; nil for `control {}` or none
	Pos     Pos        // position of the `component` keyword
	File    string     // file the component was parsed from (for messages); "" if built in code
}

// Cell is an instance in the `cells` section.
type Cell struct {
	Name   string   // instance name
	Proto  string   // primitive or component name
	Params []uint64 // integer parameters, e.g. [32] for std_reg(32)
	Float  string   // the float literal of std_float_const(rep, width, value); Params holds rep and width
	Ref    bool     // `ref` cell, bound by the invoker
	Attrs  Attrs    // `@external`, `@data`, ...
	Pos    Pos      // position of the cell name
}

// GroupKind distinguishes plain, combinational and static groups.
type GroupKind int

// Group kinds.
const (
	GroupPlain  GroupKind = iota // `group g { ... }`
	GroupComb                    // `comb group g { ... }`
	GroupStatic                  // `static<n> group g { ... }`
)

// Group is a named set of assignments enabled by control.
type Group struct {
	Name    string    // group name
	Kind    GroupKind // plain, comb or static
	Latency uint64    // n of `static<n> group`; 0 otherwise
	Attrs   Attrs     // `<"name"=v>` attributes after the name
	Assigns []*Assign // the group's assignments
	Pos     Pos       // position of the group name
}

// Assign is a (possibly guarded) assignment `dst = guard ? src;`.
type Assign struct {
	Dst   PortRef // destination port or hole
	Src   Atom    // source port or constant
	Guard Guard   // nil means unconditionally true
	Attrs Attrs   // `@name` attributes before the assignment
	Pos   Pos     // position of the destination
}

// PortRef names a port: `cell.port`, a port `name` of this component, or a hole `group[go]`.
type PortRef struct {
	Parent string // cell name, group name for a hole, or "" for this component's port
	Name   string // port name, or `go`/`done` of a hole
	Hole   bool   // a group hole `Parent[Name]`
	Pos    Pos    // position in the source
}

// Const is a sized literal `W'dN`, `W'bN`, `W'xN` or `W'oN`.
type Const struct {
	Width uint64 // bit width
	Value uint64 // value
	Base  byte   // 'd', 'b', 'x' or 'o'; printed in the same base
}

// Atom is an operand: a port reference or a constant.
type Atom struct {
	IsConst bool    // Const is meaningful instead of Port
	Port    PortRef // the port when !IsConst
	Const   Const   // the constant when IsConst
	Pos     Pos     // position in the source
}

// Guard is a guard expression: *GuardAtom, *GuardNot, *GuardAnd, *GuardOr, *GuardCmp, *GuardTime.
type Guard interface {
	// GuardPos returns the position of the guard in the source.
	GuardPos() Pos
	guard()
}

// GuardAtom is a port (or constant) used as a 1-bit condition.
type GuardAtom struct {
	Atom Atom // the condition
}

// GuardNot is `!g`.
type GuardNot struct {
	X   Guard // negated guard
	Pos Pos   // position of `!`
}

// GuardAnd is `l & r`.
type GuardAnd struct {
	L, R Guard // operands
	Pos  Pos   // position of the left operand
}

// GuardOr is `l | r`.
type GuardOr struct {
	L, R Guard // operands
	Pos  Pos   // position of the left operand
}

// CmpOp is a comparison operator in a guard.
type CmpOp int

// Comparison operators.
const (
	CmpEq  CmpOp = iota // ==
	CmpNeq              // !=
	CmpLt               // <
	CmpGt               // >
	CmpLe               // <=
	CmpGe               // >=
)

// String returns the operator's spelling.
func (o CmpOp) String() string {
	switch o {
	case CmpEq:
		return "=="
	case CmpNeq:
		return "!="
	case CmpLt:
		return "<"
	case CmpGt:
		return ">"
	case CmpLe:
		return "<="
	case CmpGe:
		return ">="
	}
	return "?"
}

// GuardCmp is a comparison `l op r` of two ports or constants.
type GuardCmp struct {
	Op   CmpOp // comparison
	L, R Atom  // operands
	Pos  Pos   // position of the left operand
}

// GuardTime is a static timing guard `%n` (Start=n, End=n+1) or `%[a:b]`, only in static groups.
type GuardTime struct {
	Start, End uint64 // cycle interval [Start, End)
	Pos        Pos    // position of `%`
}

// GuardPos implements Guard.
func (g *GuardAtom) GuardPos() Pos { return g.Atom.Pos }

// GuardPos implements Guard.
func (g *GuardNot) GuardPos() Pos { return g.Pos }

// GuardPos implements Guard.
func (g *GuardAnd) GuardPos() Pos { return g.Pos }

// GuardPos implements Guard.
func (g *GuardOr) GuardPos() Pos { return g.Pos }

// GuardPos implements Guard.
func (g *GuardCmp) GuardPos() Pos { return g.Pos }

// GuardPos implements Guard.
func (g *GuardTime) GuardPos() Pos { return g.Pos }

func (*GuardAtom) guard() {}
func (*GuardNot) guard()  {}
func (*GuardAnd) guard()  {}
func (*GuardOr) guard()   {}
func (*GuardCmp) guard()  {}
func (*GuardTime) guard() {}

// Control is a control statement: *Empty, *Enable, *Seq, *Par, *If, *While, *Repeat, *Invoke.
type Control interface {
	// ControlPos returns the position of the statement in the source.
	ControlPos() Pos
	// ControlAttrs returns the statement's `@` attributes.
	ControlAttrs() Attrs
	control()
}

// Empty is the empty statement `;`.
type Empty struct {
	Attrs Attrs // attributes
	Pos   Pos   // position
}

// Enable runs one group: `g;`.
type Enable struct {
	Group string // group name
	Attrs Attrs  // attributes
	Pos   Pos    // position of the group name
}

// Seq runs statements one after another: `seq { ... }` or `static<n> seq { ... }`.
type Seq struct {
	Stmts   []Control // body
	Static  bool      // `static seq`
	Latency uint64    // n of `static<n> seq`; 0 if not written
	Attrs   Attrs     // attributes
	Pos     Pos       // position of the keyword
}

// Par runs statements in parallel: `par { ... }` or `static<n> par { ... }`.
type Par struct {
	Stmts   []Control // body
	Static  bool      // `static par`
	Latency uint64    // n of `static<n> par`; 0 if not written
	Attrs   Attrs     // attributes
	Pos     Pos       // position of the keyword
}

// If branches on a 1-bit port: `if p with cg { ... } else { ... }`.
type If struct {
	Cond    PortRef // condition port
	With    string  // combinational group computing Cond; "" if none
	Then    Control // true branch
	Else    Control // false branch; nil if absent
	Static  bool    // `static if`
	Latency uint64  // n of `static<n> if`; 0 if not written
	Attrs   Attrs   // attributes
	Pos     Pos     // position of the keyword
}

// While loops while a 1-bit port is high: `while p with cg { ... }`.
type While struct {
	Cond  PortRef // condition port
	With  string  // combinational group computing Cond; "" if none
	Body  Control // loop body
	Attrs Attrs   // attributes, e.g. @bound(10)
	Pos   Pos     // position of the keyword
}

// Repeat runs its body a fixed number of times: `repeat n { ... }`.
type Repeat struct {
	Count  uint64  // number of iterations
	Body   Control // loop body
	Static bool    // `static repeat`
	Attrs  Attrs   // attributes
	Pos    Pos     // position of the keyword
}

// Binding is one `name = value` pair of an invoke's ref-cell list.
type Binding struct {
	Param string // ref cell name inside the invoked component
	Arg   string // cell passed in
	Pos   Pos    // position of Param
}

// PortArg is one `port = atom` pair of an invoke's inputs or outputs.
type PortArg struct {
	Port string // port of the invoked cell
	Arg  Atom   // port (or, for inputs, constant) of the caller
	Pos  Pos    // position of Port
}

// Invoke runs a cell with arguments: `invoke c[m=mem](in=x.out)(out=y.in) with cg;`.
type Invoke struct {
	Cell     string    // invoked cell
	RefCells []Binding // `[param=cell, ...]`
	Inputs   []PortArg // input bindings
	Outputs  []PortArg // output bindings
	With     string    // combinational group; "" if none
	Static   bool      // `static invoke`
	Latency  uint64    // n of `static<n> invoke`; 0 if not written
	Attrs    Attrs     // attributes
	Pos      Pos       // position of the keyword
}

// ControlPos implements Control.
func (c *Empty) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *Enable) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *Seq) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *Par) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *If) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *While) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *Repeat) ControlPos() Pos { return c.Pos }

// ControlPos implements Control.
func (c *Invoke) ControlPos() Pos { return c.Pos }

// ControlAttrs implements Control.
func (c *Empty) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *Enable) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *Seq) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *Par) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *If) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *While) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *Repeat) ControlAttrs() Attrs { return c.Attrs }

// ControlAttrs implements Control.
func (c *Invoke) ControlAttrs() Attrs { return c.Attrs }

func (*Empty) control()  {}
func (*Enable) control() {}
func (*Seq) control()    {}
func (*Par) control()    {}
func (*If) control()     {}
func (*While) control()  {}
func (*Repeat) control() {}
func (*Invoke) control() {}

// Error is a diagnostic tied to a source position, formatted "file:line:col: msg".
type Error struct {
	File string // file name; may be empty
	Pos  Pos    // position; may be zero
	Msg  string // what went wrong
}

// Error implements error.
func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Pos.IsValid():
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
	case e.Pos.IsValid():
		return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	}
	return e.Msg
}
