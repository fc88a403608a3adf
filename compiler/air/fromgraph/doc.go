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
// fixed<Wa+Wb+ceil(log2 K)+1, Fa+Fb> (capped at 64 bits) so they cannot
// overflow, and requantized once on store (rq: round half up, saturate, as
// fixed.Format.Requantize). Element-wise Add, Sub and Mul compute exactly
// and requantize; Relu and Clip are max/min with constants. A constant
// operand of Mul (and of MatMul, either side) gets its own weight format;
// Div needs a constant divisor and multiplies by its reciprocal, stored in
// a weight format. Max/Min compare in E. LeakyRelu is max(x, rq(alpha*x))
// (min for alpha > 1); PRelu adds max(x,0), shifted up exactly, to
// slope*min(x,0) and rounds once; HardSigmoid rounds alpha*x+beta once and
// clamps to [0,1]; HardSwish computes that clamp with 8 more fractional
// bits than E and rounds x*h once; Neg and Abs saturate -min. Gemm's alpha
// scales a constant operand (B, else A) or, with both at run time, the sum;
// a runtime C is shifted (or multiplied by beta) to the accumulator's scale.
//
// # Division-free averaging
//
// Average pools sum the window in fixed<W+ceil(log2 K)+1, F>. When the
// window size K is a power of two 2^k the sum is divided exactly by
// reinterpreting it with k more fractional bits (shr(sum, k)), then
// requantized: exactly round-half-up of sum/K. Otherwise the sum is
// multiplied by the constant r = round(2^R / K) of type fixed<R+2,R> with
// R = W+8 and the product requantized; the relative error of r is below
// 2^-(R+1)*K. Where the divisor depends on the window (count_include_pad=0
// with padding, or ceil-mode windows), a const table <kernel>_recip holds
// round(2^R / divisor) per output position in the same format, so every
// output is sum*r rounded once. ReduceMean divides the same way;
// ReduceSum rounds the exact sum; ReduceMax/Min and GlobalMaxPool compare
// in E. Standalone BatchNormalization becomes y = x*s[c] + t[c] with
// s = gamma/sqrt(var+eps) stored at fixed<W+8,F+8> and t at fixed<2W,2F+8>
// (the scale of x*s).
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
// # Errors
//
// Lower reports every node it cannot lower in one graph.NodeErrors (op,
// node, PyTorch module, problem, suggested fix): Softmax (not lowered yet),
// Div by a runtime tensor (no divider), non-constant Pad modes, windows of
// 3 spatial dims and tensors of rank above 4.
package fromgraph
