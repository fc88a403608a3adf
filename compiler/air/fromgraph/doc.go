// Package fromgraph lowers a normalised graph (package graph) to loop-nest
// IR (package air): quantization to fixed point and one kernel per node.
//
// # Numbers
//
// Activations use one format E = fixed<W,F> chosen per model
// (Options.Numeric, default fixed<16,8>); inputs are quantized with
// fixed.Format.FromFloat's rule (round to nearest, ties away from zero,
// saturate) and outputs read back with ToFloat. Conv and Gemm weights (and a
// constant Gemm B, scaled by alpha) get a per-tensor format fixed<W,Fw> with
// the largest Fw <= W-1 that holds the tensor's largest magnitude, which
// keeps small weights precise (Options.UniformWeights stores them in E
// instead). Biases (and Gemm's C, scaled by beta) are stored at the
// accumulator's scale, fixed<max(2W, needed),F+Fw>, so they add without
// rounding. Sums of K products are accumulated in a register of type
// fixed<Wa+Wb+ceil(log2 K)+1, Fa+Fb> (at least one bit wider than the bias)
// so they cannot overflow, and requantized once on store (rq: round half up,
// saturate, as fixed.Format.Requantize). Element-wise Add, Sub and Mul
// compute exactly and requantize; Relu and Clip are max/min with constants.
// A constant operand of Mul (and of MatMul, either side) gets its own weight
// format; Div by a constant multiplies by its reciprocal, stored in a
// weight format (by a runtime tensor: see below). Max/Min compare in E. LeakyRelu is
// max(x, rq(alpha*x)) (min for alpha > 1); PRelu adds max(x,0), shifted up
// exactly, to slope*min(x,0) and rounds once; HardSigmoid rounds
// alpha*x+beta once and clamps to [0,1]; HardSwish computes that clamp with
// 8 more fractional bits than E and rounds x*h once; Neg and Abs saturate
// -min. Gemm's alpha scales a constant operand (B, else A) or, with both at
// run time, the sum; a runtime C is shifted (or multiplied by beta) to the
// accumulator's scale, and the accumulator is made wide enough to hold it.
//
// # Width limits
//
// Nothing is capped: every type has at most air.MaxWidth = 64 bits, so an
// accumulator has at most 63 (the update acc + product is one bit wider).
// A layer whose format needs more is refused, before any file is written,
// with an error naming the kernel, the width needed and the limit, and
// suggesting a narrower -numeric, e.g. for a Gemm with K=32 in fixed<31,8>:
//
//	gemm0: accumulator needs 68 bits (K=32 products of fixed<31,8> and
//	fixed<31,29>: 62-bit products, 5 bits for the sum and a sign bit of
//	headroom), limit 63 (acc + product must fit in 64 bits); use a narrower
//	-numeric such as fixed<28,8>
//
// With weights as wide as the activations, fixed<W,F> fits a K-term sum when
// 2W + ceil(log2 K) + 1 <= 63. The same check covers every accumulator and
// sum: Conv, Gemm (also onto a runtime C) and batched MatMul, the window
// sums of the pools, GlobalAveragePool and ReduceMean/ReduceSum. Biases,
// averages (constant reciprocals and <kernel>_recip tables), Gemm's alpha on
// a runtime sum, HardSwish and standalone BatchNormalization have their own
// limits (below); constants that do not fit their format (a weight,
// reciprocal, alpha or slope beyond fixed<W,0>, a bias beyond 62 bits) are
// errors too. Products of two activation-width values (at most 2*31 bits,
// fixed.MaxWidth) always fit.
//
// # Division-free averaging
//
// Average pools sum the window in fixed<W+ceil(log2 K)+1, F>. When the
// window size K is a power of two 2^k the sum is divided exactly by
// reinterpreting it with k more fractional bits (shr(sum, k)), then
// requantized: exactly round-half-up of sum/K. Otherwise the sum is
// multiplied by the constant r = round(2^R / K) of type fixed<R+2,R> with
// R = W+8, or less where the product would exceed 64 bits, as long as
// R >= W+ceil(log2 K)-1 (error below half an ulp; else the layer is
// refused); the relative error of r is below 2^-(R+1)*K. Where the divisor
// depends on the window (count_include_pad=0 with padding, or ceil-mode
// windows), a const table <kernel>_recip holds round(2^R / divisor) per
// output position in the same format, R chosen as above for the largest
// divisor, so every output is sum*r rounded once. ReduceMean divides the
// same way; ReduceSum rounds the exact sum; ReduceMax/Min and GlobalMaxPool
// compare in E. Standalone BatchNormalization becomes y = x*s[c] + t[c] with
// s = gamma/sqrt(var+eps) stored in W+8 bits with as many fractional bits Fs
// as its largest value allows and t at the scale of x*s,
// fixed<max(2W, needed),F+Fs>; x*s + t must fit in 64 bits. HardSwish's
// x*h needs W+F+10 bits, Gemm's alpha times a runtime sum the
// accumulator's width plus W.
//
// # Kernels and memories
//
// Kernels are named after their op and a per-op counter (conv0, gemm1,
// relu3, maxpool0, avgpool0, gavgpool0, gmaxpool0, add0, div0, max0,
// leakyrelu0, prelu0, hardsigmoid0, hardswish0, neg0, abs0, reducemean0,
// reducesum0, slice0, split0, pad0, gather0, ...); a padded copy made for
// a padded Conv or pool is its own kernel pad_<kernel> writing memory
// <input>_pad<n>. Conv and the pools take 1-D (NCW) and 2-D (NCHW) inputs;
// memories have at most 4 dims. Memory names are the tensor names with
// characters other than letters, digits and '_' replaced by '_'.
// Flatten/Reshape and Transpose are copies whose indices are affine when
// the two shapes have a common refinement; otherwise the copy is written
// element by element. Slice reads start+step*i (affine, also for negative
// steps), Split copies consecutive ranges, constant-mode Pad fills the
// output and copies the (possibly cropped) input into place, and Gather
// with constant indices is one copy loop nest per index.
//
// # float32
//
// With Options.Float32 every memory, register and constant is IEEE-754
// binary32 and every operation rounds once to nearest even (package air's
// float32 semantics), so no format is chosen and nothing saturates: Conv,
// Gemm and MatMul accumulate in a float32 register, a product rounded
// before each add, bias first; Add/Sub/Mul/Max/Min are one operation;
// Relu and Clip are max/min with constants (or with runtime bound
// scalars); LeakyRelu is max(x, alpha*x) (min for alpha > 1), PRelu
// max(x,0) + slope*min(x,0), HardSigmoid max(0, min(1, alpha*x + beta)),
// HardSwish x times that, Neg x*(-1) (so -(+0) = -0), Abs max(x, -x).
// MaxPool pads with -inf and starts its maximum at -inf (GlobalMaxPool and
// ReduceMax likewise; ReduceMin starts at +inf). Averages (AveragePool
// with every padding and ceil mode variant, GlobalAveragePool,
// ReduceMean) sum in window order, row-major, into a float32 register and
// then divide by the count once, as PyTorch's CPU kernels do (sum, then
// sum / count): a count 2^k multiplies by 2^-k instead, which gives the
// same bits (both round the same real number once) without a divider;
// other counts use air's div (the iterative accel_fdivsqrt in hardware,
// one result every 30 cycles, which a pipelined reduction hides behind
// its window: package lower). Where the count varies over the output
// (count_include_pad=0 with padding, ceil mode) a const float32 table
// <kernel>_count holds it. Div is div(x, d) for a constant or runtime
// divisor (division by zero gives ±inf or NaN, as in PyTorch); a constant
// divisor of powers of two multiplies by its reciprocals, bit for bit the
// same. Standalone BatchNormalization is x*s + t with s =
// gamma/sqrt(var+eps) and t = beta - mean*s computed in float64 and
// rounded to float32 once. Where with a constant condition and Trilu
// become copies: one loop nest per run of equal mask values along the
// mask's last varying dim (at most 1024), storing the selected operand (or
// 0 for Trilu), so -inf, inf and NaN operands select exactly (a product
// with a 0/1 mask would make -inf*0 = NaN). Gather and the data movement
// ops copy. The nonlinear functions, Softmax and LayerNormalization are
// compositions of float32 operations, exp on its own unit (fp32.Exp); the
// file comment of float_nonlin.go gives each formula and its measured
// error (Softplus is refused: no logarithm). Operators without a float32
// lowering are refused, naming each node, with "operator X has no float32
// lowering yet".
//
// # Nonlinear functions, Softmax, LayerNormalization
//
// Sigmoid, Tanh, Exp, Erf, Reciprocal, Sqrt and Gelu (both forms) use the
// units of package nonlin (air's exp(...), tanh(...), ...), Div by a
// runtime tensor one reciprocal per divisor element shared by the lanes it
// divides, Softmax over the last axis max-subtract, exp, sum, one
// reciprocal per row and a scale, LayerNormalization mean, variance and
// one rsqrt per row; nonlinear.go, softmax.go and layernorm.go state the
// formats of every intermediate value and where (and why harmlessly) it
// saturates. Every activation memory keeps E, except a Softmax output
// read only by MatMul/Gemm, which is fixed<16,14>. Masks: Where with a
// constant condition selects exactly through products with a const 0/1
// memory (a constant -inf operand saturates to E's minimum, whose exp is
// 0); Trilu multiplies by a const 0/1 triangle; Add of a constant mask is
// an ordinary Add.
//
// # Errors
//
// Lower reports every node it cannot lower in one graph.NodeErrors (op,
// node, PyTorch module, problem, suggested fix): Softmax over another axis
// than the last, Where with a condition known only at run time, Softplus (no logarithm unit), non-constant Pad modes,
// windows of 3 spatial dims and tensors of rank above 4.
package fromgraph
