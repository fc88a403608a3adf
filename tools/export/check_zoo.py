#!/usr/bin/env python3
"""Check the committed model zoo without PyTorch.

For every models/**/model.onnx: onnx.checker passes, the graph uses only the
allowed ops, its inputs/outputs match io.json (names and static shapes), and
ONNX Runtime reproduces io.json's PyTorch outputs within a small tolerance.

    python tools/export/check_zoo.py [models-dir]

Needs only onnx, onnxruntime and numpy.
"""

import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort

ALLOWED_OPS = {
    "Gemm", "MatMul", "Conv", "MaxPool", "AveragePool", "GlobalAveragePool",
    "Add", "Mul", "Relu", "Clip", "Flatten", "Reshape", "Concat",
    "BatchNormalization", "Identity", "Constant",
}
TOL = 1e-4


def dims(v):
    return [d.dim_value for d in v.type.tensor_type.shape.dim]


def check(d):
    mp = onnx.load(os.path.join(d, "model.onnx"))
    onnx.checker.check_model(mp, full_check=True)
    with open(os.path.join(d, "io.json")) as fh:
        doc = json.load(fh)
    bad = {n.op_type for n in mp.graph.node} - ALLOWED_OPS
    assert not bad, "ops outside the allowed set: %s" % sorted(bad)
    assert [v.name for v in mp.graph.input] == [i["name"] for i in doc["inputs"]]
    assert [v.name for v in mp.graph.output] == [o["name"] for o in doc["outputs"]]
    assert [dims(v) for v in mp.graph.input] == [i["shape"] for i in doc["inputs"]]
    assert [dims(v) for v in mp.graph.output] == [o["shape"] for o in doc["outputs"]]
    assert doc["opset"] == [o.version for o in mp.opset_import if o.domain in ("", "ai.onnx")][0]
    sess = ort.InferenceSession(mp.SerializeToString(),
                                providers=["CPUExecutionProvider"])
    worst = 0.0
    for s in doc["samples"]:
        feeds = {i["name"]: np.asarray(x, np.float32).reshape(i["shape"])
                 for i, x in zip(doc["inputs"], s["inputs"])}
        got = sess.run(None, feeds)
        for g, want in zip(got, s["outputs"]):
            worst = max(worst, float(np.max(np.abs(g.ravel() - np.asarray(want, np.float32)))))
    assert worst <= TOL, "ORT vs io.json max abs diff %g" % worst
    return worst, len(doc["samples"])


def main(argv):
    root = argv[0] if argv else os.path.join(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "models")
    dirs = sorted(dp for dp, _, fs in os.walk(root) if "model.onnx" in fs)
    failed = 0
    for d in dirs:
        try:
            worst, n = check(d)
            print("ok   %-24s %d samples, max abs diff %.3g" % (os.path.relpath(d, root), n, worst))
        except Exception as e:  # report every model, then fail
            failed += 1
            print("FAIL %-24s %s" % (os.path.relpath(d, root), e))
    print("%d models, %d failed" % (len(dirs), failed))
    return 1 if failed or not dirs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
