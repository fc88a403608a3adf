#!/usr/bin/env python3
"""Check the committed model zoo without PyTorch.

For every models/**/model.onnx (TorchScript export, io.json) and
model.dynamo.onnx (default exporter, external data beside it, io.dynamo.json):
onnx.checker passes, the graph uses only the allowed ops, its inputs/outputs
match the io file (names and static shapes), and ONNX Runtime reproduces the
recorded PyTorch outputs within a small tolerance.

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
    "Abs", "Add", "AveragePool", "BatchNormalization", "Cast", "Clip",
    "Concat", "Constant", "ConstantOfShape", "Conv", "Div", "Dropout",
    "Equal", "Expand", "Flatten", "Gather", "Gemm", "GlobalAveragePool",
    "GlobalMaxPool", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu",
    "MatMul", "Max", "MaxPool", "Min", "Mod", "Mul", "Neg", "PRelu", "Pad",
    "Range", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceSum", "Relu",
    "Reshape", "Shape", "Slice", "Softmax", "Split", "Squeeze", "Sub",
    "Transpose", "Unsqueeze", "Where",
}
TOL = 1e-4


def dims(v):
    return [d.dim_value for d in v.type.tensor_type.shape.dim]


def check(d, model="model.onnx", io_json="io.json"):
    path = os.path.join(d, model)
    onnx.checker.check_model(path, full_check=True)
    mp = onnx.load(path)  # with its external data
    with open(os.path.join(d, io_json)) as fh:
        doc = json.load(fh)
    bad = {n.op_type for n in mp.graph.node} - ALLOWED_OPS
    assert not bad, "ops outside the allowed set: %s" % sorted(bad)
    assert [v.name for v in mp.graph.input] == [i["name"] for i in doc["inputs"]]
    assert [v.name for v in mp.graph.output] == [o["name"] for o in doc["outputs"]]
    assert [dims(v) for v in mp.graph.input] == [i["shape"] for i in doc["inputs"]]
    # The TorchScript exporter may leave an output dimension symbolic (Pad
    # with computed pads): compare the static ones.
    for v, o in zip(mp.graph.output, doc["outputs"]):
        got = dims(v)
        assert len(got) == len(o["shape"]) and all(
            g in (0, w) for g, w in zip(got, o["shape"])), (v.name, got, o["shape"])
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
    checked = 0
    for d in dirs:
        for model, io_json in (("model.onnx", "io.json"),
                               ("model.dynamo.onnx", "io.dynamo.json")):
            if not os.path.exists(os.path.join(d, model)):
                continue
            checked += 1
            name = "%s %s" % (os.path.relpath(d, root), model)
            try:
                worst, n = check(d, model, io_json)
                print("ok   %-40s %d samples, max abs diff %.3g" % (name, n, worst))
            except Exception as e:  # report every model, then fail
                failed += 1
                print("FAIL %-40s %s" % (name, e))
    print("%d models, %d failed" % (checked, failed))
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
