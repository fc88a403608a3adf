// Package air is the affine loop-nest IR between the graph and Calyx: kernels
// of loop nests over named memories, fixed-point arithmetic that maps one op
// to one hardware primitive, a text form with a printer and parser that
// round-trip, a verifier, and a bit-exact interpreter that is the oracle the
// hardware must match.
//
// # Model
//
// A Program has memories, kernels and a main sequence. A memory is a
// row-major array of fixed<W,F> values with a static shape and a kind:
// input (written by the host), output (read by the host), const (weights,
// contents in the data file) or internal (intermediate tensors, zero at
// start). A kernel is a list of statements over the global memories; main
// runs kernels in order. `kernel NAME pipeline(II) { ... }` asks for its
// loop nests to be software-pipelined at initiation interval II (package
// lower); without it they get dynamic control.
//
// Values are int64 raw integers of a Type fixed<W,F> (W <= 64): a W-bit two's
// complement q standing for q/2^F. Statements:
//
//	for i in LO..HI [step S] { ... }    // i = LO, LO+S, ... < HI; bounds are constants
//	reg r: fixed<W,F> = EXPR            // declare a register (visible to the rest of the block)
//	r = EXPR                            // EXPR's value must fit r's type (see Widths)
//	m[IDX, ...] = EXPR                  // store; EXPR must have m's F and at most its W
//	m{B}[OFF, ...] = EXPR               // store to bank B of a partitioned memory
//	par { arm { ... } arm { ... } }     // unrolled copies, run in parallel in lock step
//
// Registers declared in a par arm stay visible after the par; register names
// are unique within a kernel, so each becomes one hardware register.
// Indices IDX are affine: sums of INT*VAR, VAR and INT over enclosing loop
// variables (e.g. 2*oh+kh-1). Expressions:
//
//	123:fixed<16,8>    typed literal (raw value 123, i.e. 0.48046875)
//	r                  register
//	m[IDX, ...]        load (m{B}[...] from a bank)
//	m[IDX, ...]?P      padded load of an unpartitioned memory: the raw value P
//	                   where an index lies outside m's shape (FusePadding makes
//	                   these from padding kernels)
//	add(a, b) sub(a, b) max(a, b) min(a, b)
//	                   operands with equal F; add/sub widen by one bit
//	mul(a, b)          exact product: W and F add (std_mult_pipe)
//	rq(a, fixed<W,F>)  requantize: round half up, then saturate (fixed.Format.Requantize)
//	shr(a, k)          the same bits read with k more fractional bits: exact a/2^k, no hardware
//	exp(a, fixed<W,F>) reciprocal(a, T) rsqrt(a, T) sigmoid(a, T) tanh(a, T) erf(a, T)
//	                   a nonlinear function unit of package nonlin from a's type
//	                   to T (nonlin.New must accept both formats: a at most 16
//	                   bits, 31 for reciprocal and rsqrt, T at most 16, F < W);
//	                   the value is exactly nonlin.Unit.Eval's
//
// A value may instead be of type float32 (IEEE-754 binary32; its raw value
// is the bit pattern, e.g. 1065353216:float32 is 1.0): add, sub, mul, max
// and min of two float32 values round once to nearest even with package
// fp32's semantics (subnormals kept, NaN results the canonical quiet NaN,
// max/min IEEE 754-2019 maximum/minimum), so add(acc, mul(a, b)) rounds the
// product before the sum; rq(a, float32) of a float32 is a; exp(a,
// float32) of a float32 a is fp32.Exp (the hardware unit accel_fexp_pipe);
// float32 and fixed point do not mix, and shr and the other nonlinear
// functions are fixed point only. Two operations exist for float32 only:
//
//	div(a, b)          a/b rounded once to nearest even (fp32.Div)
//	sqrt(a)            square root rounded once (fp32.Sqrt; sqrt(-0) = -0,
//	                   NaN for a < 0)
//
// Package lower maps them to the binary32 units of the SystemVerilog
// library (div and sqrt to the iterative accel_fdivsqrt).
//
// # Widths
//
// Every type, literal, memory element, register and operation result has at
// most MaxWidth = 64 bits, and result widths are exact (add/sub one bit more
// than the wider operand, mul the sum of the widths): a result that would
// need more is a Verify error ("add of fixed<64,8> and fixed<16,8>: result
// needs 65 bits, limit 64"), never a silent cap. So every value an operation
// computes fits its type and the int64 interpreter never overflows. A
// register may be narrower than the expression written to it (acc =
// add(acc, ...)); the value must then still fit the register's type, and a
// value that does not is a run-time error of the interpreter naming the
// statement and iteration, because the hardware register would keep only the
// low bits. Likewise Machine.Set refuses input values outside the memory's
// type. Stores need no check: their values have at most the memory's width.
//
// Fixed point has no divider: averages multiply by a constant reciprocal,
// or use shr when the divisor is a power of two (see package fromgraph);
// division by a computed value multiplies by its reciprocal(...). float32
// divides with div.
//
// # Partitioned memories
//
// A memory may carry a partition, one entry per split dimension:
//
//	mem w: fixed<16,8>[8,3,3,3] const partition(0 cyclic 4)
//
// DIM cyclic F puts index i in bank i mod F at offset i div F; DIM block F
// puts it in bank i div S at offset i mod S with S = ceil(N/F); DIM complete
// gives each index its own bank. With several entries the bank number is
// row-major over the entries (Memory.BankOf). Every bank has the shape
// Memory.BankShape (padded when a factor does not divide the size) and is
// named Memory.BankName(b) = NAME_b<b> in hardware. Accesses to a partitioned
// memory name a constant bank and in-bank offsets: w{2}[co_t, ci, kh, kw].
//
// # Example
//
//	program tiny
//	numeric fixed<16,8>
//
//	mem x: fixed<16,8>[1,8] input
//	mem w: fixed<16,8>[4,8] const partition(0 cyclic 2)
//	mem y: fixed<16,8>[1,4] output partition(1 cyclic 2)
//
//	kernel gemm0 {
//	  for j_t in 0..2 {
//	    par {
//	      arm {
//	        reg acc_u0: fixed<36,16> = 0:fixed<36,16>
//	      }
//	      arm {
//	        reg acc_u1: fixed<36,16> = 0:fixed<36,16>
//	      }
//	    }
//	    for k in 0..8 {
//	      par {
//	        arm {
//	          acc_u0 = add(acc_u0, mul(x[0, k], w{0}[j_t, k]))
//	        }
//	        arm {
//	          acc_u1 = add(acc_u1, mul(x[0, k], w{1}[j_t, k]))
//	        }
//	      }
//	    }
//	    par {
//	      arm {
//	        y{0}[0, j_t] = rq(acc_u0, fixed<16,8>)
//	      }
//	      arm {
//	        y{1}[0, j_t] = rq(acc_u1, fixed<16,8>)
//	      }
//	    }
//	  }
//	}
//
//	main {
//	  gemm0
//	}
//
// Both arms read x[0, k]: identical loads in different arms of one par are a
// single read broadcast to both (the partition pass allows only that, or
// distinct banks). Comments run from // to the end of a line; whitespace and
// line breaks are free; Print writes the canonical form above.
//
// # Weight data
//
// Const memory contents live in a separate JSON file (MarshalData,
// UnmarshalData):
//
//	{"format": "air-data-v1", "memories": [
//	  {"name": "w", "type": "fixed<16,8>", "shape": [4,8], "data": [12,-7,...]}]}
//
// with raw integers in row-major order of the original, unpartitioned shape;
// Memory.BankData cuts out one bank's contents.
//
// # Interpreter
//
// Machine (or Interpret) runs a verified program on raw int64 values. It
// keeps every memory in its original layout and maps (bank, offset) back
// through the partition, so a wrong bank rewrite changes the results; par
// arms run one after another, which equals parallel execution because the
// partition pass proves the arms independent.
package air
