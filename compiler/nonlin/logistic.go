package nonlin

import "github.com/rules-accel/rules_accel/compiler/fixed"

// logisticArgMax bounds |x| of sigmoid and tanh to [0, 16): beyond it both
// are within 2^-22 of +-1 and round to the same output.
const logisticArgMax = int64(16)<<argFrac - 1

// logistic returns 1/(1+e^-z) for z = |x| (sigmoid) or z = 2|x| (tanh), with
// 23 fractional bits, in [1/2, 1]: e = 2^(-z*log2(e)) as in exp, then 1/(1+e)
// from the reciprocal table (1+e is in [1, 2): e is clamped below 1).
func logistic(q int64, in fixed.Format, double bool) int64 {
	t := arg(q, in, -logisticArgMax, logisticArgMax)
	z := max(t, -t)
	if double {
		z *= 2
	}
	m, n := exp2(-timesLog2e(z))
	e := min(fixed.RoundShift(m, -n), 1<<recipTable.Frac-1)
	return recipTable.Eval(e)
}

// evalSigmoid computes sigmoid(x) = logistic(|x|) for x >= 0 and 1 - logistic(|x|) for x < 0.
func evalSigmoid(q int64, in, out fixed.Format) int64 {
	v := logistic(q, in, false)
	if q < 0 {
		v = max(1<<recipTable.Frac-v, 0)
	}
	return scale(v, recipTable.Frac-out.Frac, false, out)
}

// evalTanh computes tanh(|x|) = 2*logistic(2|x|) - 1 and puts the sign back.
func evalTanh(q int64, in, out fixed.Format) int64 {
	v := max(2*logistic(q, in, true)-1<<recipTable.Frac, 0)
	return scale(v, recipTable.Frac-out.Frac, q < 0, out)
}
