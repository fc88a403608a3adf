// Package lower translates the (partitioned) loop-nest IR of package air into
// a Calyx program (package calyx) whose simulation reproduces the air
// interpreter bit for bit.
//
// # Structure
//
// Every memory bank becomes a comb_mem_dN cell of main (N = rank, at most 4),
// named after the bank (air.Memory.BankName, made a legal Calyx name); the
// banks of input, output and const memories are @external so a testbench
// loads and dumps them. Every kernel becomes a component of the same name
// whose memories are `ref` cells; main instantiates each kernel once
// (`<kernel>_inst`) and its control is a seq of invokes that bind the ref
// cells to main's banks, in the order of the air main block.
//
// # Control
//
//   - for v in lo..hi step s: an index register `<kernel>_<v>` of the
//     program's index width, an init group, a comb group comparing it with
//     std_lt, `while` (with @bound) over seq { body; increment }.
//   - a statement (reg, assignment or store) becomes a seq of groups: one per
//     multiplication (a std_smult_pipe as wide as the exact product, in
//     post-order), one per extra load of a bank already addressed differently
//     in the same group (staged into a register), and the final group that
//     evaluates the rest combinationally and writes the register or bank.
//   - par: one par arm per unrolled copy; arms touch their own banks. A par
//     whose arms would need one bank at two addresses at once (or store to
//     a bank another arm uses) runs its arms in a seq instead.
//
// # Arithmetic
//
// Each value has the width of its air type (air.OpType), so sums and products
// are exact. Operands are widened with std_signext; registers wrap with
// std_slice. Requantization (rq) is exactly fixed.Requantize: add 2^(s-1) in a
// width one bit wider than the operand, std_srsh by s (std_lsh for s < 0),
// then clamp with std_sgt/std_slt and std_mux when the result can exceed the
// target type, then slice to it. max/min are a signed comparison and a mux.
// Addresses are computed modulo 2^IW (IW bits cover every loop bound and
// dimension) with std_const_mult and std_add; IW is also every memory's
// index width.
//
// Data and Expect write the Calyx JSON data file for main's external memories
// and the expected contents of the output banks.
package lower
