// Package calyx holds the Calyx hardware IR as written in the upstream
// `.futil` text language (https://github.com/calyxir/calyx): the data
// structures, a parser for hand-written and generated programs, a canonical
// printer whose output the upstream tools accept, a table of the core
// primitives' signatures and a checker for the mistakes a lowering pass makes.
//
// The grammar followed is calyx/frontend/src/syntax.pest of upstream Calyx at
// commit 5bba923d2cc3920fae0ce72085907759821d0050 (June 2026). Everything in
// that grammar is read except `fsm` blocks; the trailing `metadata #{...}#`
// and `sourceinfo #{...}#` sections are kept verbatim.
//
// # Reading and writing
//
//	p, err := calyx.ParseFile("model.futil") // errors are "file:line:col: what"
//	err = calyx.Check(p)                     // what upstream rejects: nil or an ErrorList
//	warns := calyx.Lint(p)                   // papercut-class mistakes upstream only warns about
//	err = calyx.CheckStrict(p)               // both; what generated code should pass
//	text := calyx.Print(p)                   // canonical; Print(Parse(Print(p))) == Print(p)
//
// The printer follows the layout of upstream's own printer (2-space indent,
// one statement per line, invoke arguments one per line), so its output is
// accepted by upstream Calyx and diffs well.
//
// # The data structures
//
// A Program has Imports, Externs (extern blocks of Primitives), inline Prims
// and Components. A Component has a name, `<"attr"=v>` Attrs, Comb and
// Latency (static<n>) flags, Inputs and Outputs (PortDef: Name, Width, Attrs
// such as @go/@done/@clk/@reset/@data), Cells (Name, Proto, Params, Ref,
// Attrs), Groups (Kind plain/comb/static, Latency, Assigns), continuous
// assignments Wires and a Control tree (nil when empty).
//
// An Assign is Dst PortRef = Guard ? Src Atom, with Guard nil for true. A
// PortRef is `cell.port` (Parent set), `port` of this component (Parent
// empty) or a hole `group[go|done]` (Hole set). An Atom is a PortRef or a
// Const (Width, Value, Base). Guards are *GuardAtom, *GuardNot, *GuardAnd,
// *GuardOr, *GuardCmp (==, !=, <, >, <=, >=) and *GuardTime (%n, %[a:b] in
// static groups).
//
// Control is *Empty, *Enable, *Seq, *Par, *If, *While, *Repeat or *Invoke;
// Seq, Par, If, Repeat and Invoke carry Static (and Latency) for their static
// forms. A block of several statements `{ a; b; }` parses as a Seq.
//
// # Primitives
//
// LookupPrim and Prims give the signatures of the upstream library (core,
// binary_operators, comb and seq memories, std_float_const and the float
// units of primitives/float/*.futil: std_addFN, ...) with the file to import;
// LookupPrim also knows the project's own primitives declared in
// AccelLibrary (primitives/accel.futil: the pipelined multiplier
// accel_smul_pipe, the nonlinear units accel_exp, accel_reciprocal, ... and
// the binary32 units accel_fadd_pipe, ...). PrimSig.Instantiate and
// CellPorts resolve a cell's port widths; Component.Signature adds the
// implicit go/clk/reset/done ports.
// IsReserved tells the names upstream rejects for cells (Calyx and Verilog
// keywords). build.go has small constructors (PortOf, ConstOf, Wire, And, ...)
// for building programs in code.
package calyx
