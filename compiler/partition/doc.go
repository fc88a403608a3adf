// Package partition schedules loop-nest IR kernels and partitions their
// memories into banks so that unrolled copies can run in parallel.
//
// # Schedule and unrolling
//
// A Schedule gives an unroll factor per kernel, chosen by the first rule
// whose glob pattern (path.Match syntax) matches the kernel name, else
// Default. The text syntax, used by the torch_accel -unroll flag, is a comma
// separated list of PATTERN=FACTOR or PATTERN=FACTOR:LOOP, e.g.
// "conv*=4,gemm*=2:j,*=1". FACTOR auto takes the largest of 8, 4 and 2
// that divides the loop's trip count (1 if none does). Without :LOOP the loop is chosen automatically:
// the outermost loop whose iterations are independent (every store indexes a
// dimension by the loop variable and no inner loop variable, no memory is
// both loaded and stored in its body, no register declared outside is
// assigned). For conv and gemm kernels that is the output-channel loop.
//
// Unrolling by U is unroll-and-jam: the loop is strip-mined into a tile loop
// (VAR_t, step 1) and U copies of its body are jammed down to the innermost
// statements, so each run of simple statements becomes a `par` with U arms
// that execute in lock step; nested loops are shared by the arms. Registers
// declared in the body are renamed per arm (NAME_u0, NAME_u1, ...). A trip
// count not divisible by U leaves a remainder: one more jammed block whose
// copies use constant indices (registers NAME_r0, ...), so nothing is
// rejected. Names that would collide get a _2, _3, ... suffix.
//
// # Partitioning
//
// Every memory gets at most one partition per dimension (air.DimPart):
// cyclic, block or complete. Factors are derived from the unrolled pars: for
// each par and memory, the dimension in which the arms' indices differ by
// constants gets a cyclic factor equal to the smallest F >= #arms that maps
// those constants to distinct banks (complete if F reaches the dimension
// size); requirements from several pars on one dimension are combined by
// least common multiple. Overrides (syntax "MEM=SCHEME[:FACTOR][@DIM]" or
// "MEM=none", comma separated, e.g. "w=cyclic:4@0,x=complete@1") replace the
// derived choice for a memory.
//
// Every access is then rewritten to a static (bank, offset): loops whose
// variable would make a bank vary are strip-mined into sequential copies
// (VAR_s tile loop plus constant remainder copies, registers renamed
// NAME_sK) until each index term's coefficient is a multiple of the cyclic
// factor; block partitions need each access to stay within one block. The
// pass then proves, for every par, that accesses of different arms to the
// same memory hit different banks, or the same bank at the same address for
// loads only (a broadcast read), and fails naming the memory and the two
// accesses otherwise. Sizes that are not multiples of a factor are padded
// (air.Memory.BankShape).
package partition
