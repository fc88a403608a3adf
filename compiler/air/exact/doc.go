// Package exact is an independent oracle for the number formats of the
// loop-nest IR (package air): it evaluates a program in arbitrary precision
// (math/big integers) straight from the definitions in air's package comment,
// and compares the result with air's int64 interpreter value by value.
//
// The bit-exact hardware check compares the simulation with air's
// interpreter; both follow the same format decisions, so a wrong width, a
// wrapped sum or a rounding slip in the shared code (compiler/fixed) would
// agree with itself. This package shares no arithmetic with them: it
// computes result types again from the rules (add/sub: one bit more than the
// wider operand, mul: widths and fractional bits add, shr: k more fractional
// bits), rounds half up as floor(a/2^s + 1/2) = floor((2a + 2^s) / 2^(s+1))
// with big.Int floor division, saturates by comparing with -2^(W-1) and
// 2^(W-1)-1, and maps partitioned accesses back to the original index from
// the partition definitions. On the way it checks what the interpreter only
// assumes:
//
//   - every operation's exact value fits the type the rules give it (so no
//     width was capped or chosen too narrow);
//   - every register write fits the register's type (else the hardware
//     register would wrap) and every store fits the memory's type;
//   - every access is inside its bank and maps to a real element (a padded
//     load, m[...]?PAD, reads PAD wherever an index leaves the shape).
//
// Check runs both evaluators kernel by kernel on the same inputs and reports
// the first memory element that differs after a kernel, with the statement
// (kernel, line, text) that wrote it, or an evaluation error that only one
// of them reports.
//
// Cost: one big.Int operation per IR operation, with results kept in
// per-node buffers (no allocation per step); about 20 times slower than the
// int64 interpreter.
package exact
