// Package graph is the compiler's typed dataflow IR for a model: named
// tensors with static shapes and a topologically ordered list of operator
// nodes, built from a decoded ONNX model (package onnx), normalised by a
// few passes, and executed by a float32 reference interpreter that is the
// oracle for every later stage.
//
// # Structure
//
// A Graph holds Tensors (by name) and Nodes (in execution order). A Tensor
// is one of:
//
//   - a runtime input (listed in Graph.Inputs; Const is false),
//   - a constant (Const is true; Floats or Ints holds the value, row-major):
//     weights from ONNX initializers, Constant nodes and folded subgraphs,
//   - an activation: an output of exactly one node.
//
// Activations and inputs are always Float32; constants are Float32, Int64
// or Bool (Int64 and Bool only as shape operands and indices, which
// normalisation consumes; Bool is held in Ints as 0/1). Every shape is
// static and known after Normalize: Shape lists dimensions outermost first
// (NCHW for images, NCW for 1-D signals), and data is row-major.
//
// A Node applies Op to its Inputs (tensor names; "" marks an omitted
// optional input) and defines its Outputs. Its attributes are parsed into
// the typed Attrs struct; only the fields documented for the op are used.
// Node.Module records the PyTorch module the node came from, for error
// messages. After Normalize, a graph contains only the ops in
// NormalizedOps: Identity, Dropout and same-type Casts are gone,
// Flatten/Squeeze/Unsqueeze and Reshape have become a Reshape whose target
// is Attrs.Shape (no shape operand), Constant nodes and every node whose
// operands are all constant (shape arithmetic: Shape, Size, Gather, Slice,
// Concat, Mod, Div, Mul, Cast, Range, Equal, Where, Expand,
// ConstantOfShape, ...) are folded into constant tensors by running the
// interpreter on them, BatchNormalization after a Conv is folded into the
// Conv's weights and bias, and the operands newer opsets use for what were
// attributes (Clip's bounds, the axes of ReduceX, Slice's bounds, Split's
// sizes, Pad's pads and value) are in Attrs.
//
// # Operators after Normalize
//
// Operands are listed in order; "?" marks an optional one. X is the data
// input, Y the output; S is the number of spatial dims (1: W; 2: H then W;
// 3: D, H, W).
//
//   - Conv(X[N,C,*S], W[M,C/Group,*K], B[M]?) -> Y[N,M,*O]: Kernel (K),
//     Strides, Pads [begin per spatial dim..., end per spatial dim...]
//     (zero padding), Dilations, Group. O = (I+begin+end-((K-1)*dil+1))/stride + 1.
//     Folded BatchNorms leave a Conv with a bias.
//   - MaxPool, AveragePool(X[N,C,*S]): Kernel, Strides, Pads, Dilations,
//     CeilMode (O rounds up; a window may not start in the end padding).
//     Padding never wins a max; AveragePool divides by the number of
//     in-bounds cells, or with CountIncludePad by the window clipped to the
//     padded input (as PyTorch).
//   - GlobalAveragePool, GlobalMaxPool(X[N,C,*S]) -> Y[N,C,1...].
//   - ReduceMean, ReduceSum, ReduceMax, ReduceMin(X): Axes (sorted; all
//     when empty, or none with NoopEmptyAxes), KeepDims.
//   - Gemm(A, B, C?) -> Y[M,N] = Alpha*A'*B' + Beta*C, A' = A^T if TransA,
//     B' = B^T if TransB; C broadcasts to [M,N] (numpy rules).
//   - MatMul(A, B): numpy matmul (batch dims broadcast; rank-1 operands are
//     promoted and the added dim dropped).
//   - Add, Sub, Mul, Div(A, B); Max, Min(X0, X1, ...): element-wise with
//     numpy broadcasting.
//   - Relu(X); LeakyRelu(X): Alpha; PRelu(X, slope) (slope broadcasts to
//     X); HardSigmoid(X) = max(0, min(1, Alpha*X+Beta)); HardSwish(X) =
//     X*max(0, min(1, X/6+1/2)); Neg(X); Abs(X); Clip(X): Min, Max. Clip
//     keeps min/max operands only where they are runtime graph inputs (as in
//     ONNX's own operator tests).
//   - Reshape(X): Attrs.Shape; the row-major data is unchanged.
//   - Concat(X0, X1, ...): Axis (>= 0).
//   - Split(X) -> Y0, Y1, ...: Axis, Split (the size of each output).
//   - Slice(X): per entry of Axes, Y takes Counts elements starting at
//     Starts with step Steps (negative steps go backwards).
//   - Pad(X): Pads [begin per dim..., end per dim...] (negative crops), Mode
//     ("constant" with PadValue, "reflect", "edge", "wrap").
//   - Gather(X, indices): Axis; indices is a constant int64 tensor.
//   - Transpose(X): output dim i is input dim Perm[i].
//   - Softmax(X): Axis (>= 0); with Softmax2D over all dims from Axis on.
//   - BatchNormalization(X, scale, B, mean, var): Epsilon; per channel
//     (dim 1): Y = (X-mean)/sqrt(var+Epsilon)*scale + B. Present only when
//     it does not follow a Conv.
//   - Identity(X): only where a graph output is a copy of a graph input or
//     constant.
//
// Import errors list every node the importer cannot take at once
// (NodeErrors), each with its op, name, PyTorch module when known and a
// suggested fix where there is one.
//
// # Text form
//
// Print writes a graph in a line-oriented text form meant for reading and
// diffing (it is not parsed back). Lines, in this order:
//
//	graph NAME
//	input NAME: f32[D0,D1,...]                     one per runtime input, in order
//	const NAME: f32[D0,...] = sum S                float constants of more than 4 elements
//	const NAME: f32[N] = [V0, V1, ...]             float constants of up to 4 elements
//	const NAME: i64[N] = [V0, V1, ...]             integer constants, in full
//	NODE = OP(IN0, IN1, ...) ATTR=VALUE ... -> OUT0: f32[...], ...
//	output NAME: f32[...]                          one per graph output, in order
//
// Constants are sorted by name, nodes are in execution order. An omitted
// optional operand prints as _. S is the float64 sum of the elements with 8
// significant digits (a checksum, not the data). A scalar's shape prints as
// []. For example:
//
//	graph lenet
//	input input: f32[1,1,28,28]
//	const conv1.bias: f32[6] = sum -0.13811715
//	const conv1.weight: f32[6,1,5,5] = sum 0.30296232
//	/conv1/Conv = Conv(input, conv1.weight, conv1.bias) kernel=[5,5] strides=[1,1] pads=[2,2,2,2] dilations=[1,1] group=1 -> c1: f32[1,6,28,28]
//	/flatten/Flatten = Reshape(c1) shape=[1,4704] -> f: f32[1,4704]
//	output f: f32[1,4704]
//
// Names that are not plain identifiers ([A-Za-z0-9_.:/-]) are quoted with
// Go syntax; attributes are printed only when the op uses them, in a fixed
// order; floats use the shortest representation that round-trips. The text
// is deterministic: equal graphs print equal bytes.
//
// Summary writes a table with one row per node (name, op, output shape,
// parameter count, multiply-accumulates) and the totals.
package graph
