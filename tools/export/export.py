#!/usr/bin/env python3
"""Export the rules_accel model zoo from PyTorch to ONNX.

Run from the repository root:

    python tools/export/export.py            # writes models/...
    python tools/export/export.py --out DIR  # writes DIR/... instead

For every model this defines the network in torch.nn, initialises it from a
fixed seed, exports it with the TorchScript-based exporter
(torch.onnx.export(..., dynamo=False)) at opset 17 with constant folding and
static shapes, checks it with onnx.checker and ONNX Runtime, and writes

    <out>/<name>/model.onnx   the graph, all weights inline as initializers
    <out>/<name>/io.json      graph inputs/outputs and sample inputs with
                              PyTorch's own outputs (see models/README.md)

The single-op models go to <out>/ops/<op>/. The output is byte-for-byte
deterministic: running the script twice gives identical files.
"""

import argparse
import collections
import io
import json
import os
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn

OPSET = 17
TORCH_VERSION = torch.__version__.split("+")[0]

# The only ops the compiler's importer is asked to handle.
ALLOWED_OPS = {
    "Gemm", "MatMul", "Conv", "MaxPool", "AveragePool", "GlobalAveragePool",
    "Add", "Mul", "Relu", "Clip", "Flatten", "Reshape", "Concat",
    "BatchNormalization", "Identity", "Constant",
}


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class FFNN(nn.Module):
    """784-128-64-10 multilayer perceptron."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


class LeNet5(nn.Module):
    """LeNet-5 for 28x28 single-channel images (MNIST)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(torch.relu(self.conv1(x)))
        x = self.pool2(torch.relu(self.conv2(x)))
        x = self.flatten(x)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


class ResNet8(nn.Module):
    """The MLPerf Tiny image-classification ResNet-8 (CIFAR-10, 32x32x3).

    Convolutions carry a bias, as in the Keras reference. "same" padding is
    the symmetric padding=1 here (Keras pads stride-2 convs bottom/right only).
    """

    def __init__(self):
        super().__init__()
        self.conv0 = nn.Conv2d(3, 16, 3, padding=1)
        self.bn0 = nn.BatchNorm2d(16)
        # stack 1: identity shortcut
        self.s1_conv1 = nn.Conv2d(16, 16, 3, padding=1)
        self.s1_bn1 = nn.BatchNorm2d(16)
        self.s1_conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.s1_bn2 = nn.BatchNorm2d(16)
        # stack 2: 1x1 stride-2 projection shortcut
        self.s2_conv1 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.s2_bn1 = nn.BatchNorm2d(32)
        self.s2_conv2 = nn.Conv2d(32, 32, 3, padding=1)
        self.s2_bn2 = nn.BatchNorm2d(32)
        self.s2_short = nn.Conv2d(16, 32, 1, stride=2)
        # stack 3
        self.s3_conv1 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.s3_bn1 = nn.BatchNorm2d(64)
        self.s3_conv2 = nn.Conv2d(64, 64, 3, padding=1)
        self.s3_bn2 = nn.BatchNorm2d(64)
        self.s3_short = nn.Conv2d(32, 64, 1, stride=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.bn0(self.conv0(x)))
        # stack 1
        y = torch.relu(self.s1_bn1(self.s1_conv1(x)))
        y = self.s1_bn2(self.s1_conv2(y))
        x = torch.relu(x + y)
        # stack 2
        y = torch.relu(self.s2_bn1(self.s2_conv1(x)))
        y = self.s2_bn2(self.s2_conv2(y))
        x = torch.relu(self.s2_short(x) + y)
        # stack 3
        y = torch.relu(self.s3_bn1(self.s3_conv1(x)))
        y = self.s3_bn2(self.s3_conv2(y))
        x = torch.relu(self.s3_short(x) + y)
        x = self.flatten(self.pool(x))
        return self.fc(x)


# Single-op models -----------------------------------------------------------

class Gemm(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 8)

    def forward(self, x):
        return self.fc(x)


class MatMul(nn.Module):
    def forward(self, a, b):
        return torch.matmul(a, b)


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class MaxPool(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        return self.pool(x)


class AvgPool(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.AvgPool2d(2)

    def forward(self, x):
        return self.pool(x)


class GlobalAvgPool(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        return self.pool(x)


class AddOp(nn.Module):
    def forward(self, a, b):
        return a + b


class MulOp(nn.Module):
    def forward(self, a, b):
        return a * b


class ReluOp(nn.Module):
    def forward(self, x):
        return torch.relu(x)


class ClipOp(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.ReLU6()

    def forward(self, x):
        return self.act(x)


class FlattenOp(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()

    def forward(self, x):
        return self.flatten(x)


class ReshapeOp(nn.Module):
    def forward(self, x):
        return torch.reshape(x, (1, 4, 6))


class ConcatOp(nn.Module):
    def forward(self, a, b):
        return torch.cat([a, b], dim=1)


class BatchNormOp(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2d(4)

    def forward(self, x):
        return self.bn(x)


# --------------------------------------------------------------------------
# Zoo table
# --------------------------------------------------------------------------

Spec = collections.namedtuple(
    "Spec", "name path cls inputs scale samples seed")
# inputs: list of (graph input name, shape). Sample inputs are N(0,1)*scale.

SPECS = [
    Spec("ffnn", "ffnn", FFNN, [("input", [1, 784])], 1.0, 3, 1),
    Spec("lenet5", "lenet5", LeNet5, [("input", [1, 1, 28, 28])], 1.0, 3, 2),
    Spec("resnet8", "resnet8", ResNet8, [("input", [1, 3, 32, 32])], 1.0, 2, 3),
    Spec("gemm", "ops/gemm", Gemm, [("input", [1, 16])], 1.0, 3, 101),
    Spec("matmul", "ops/matmul", MatMul,
         [("a", [3, 8]), ("b", [8, 4])], 1.0, 3, 102),
    Spec("conv", "ops/conv", Conv, [("input", [1, 3, 8, 8])], 1.0, 3, 103),
    Spec("maxpool", "ops/maxpool", MaxPool,
         [("input", [1, 2, 8, 8])], 1.0, 3, 104),
    Spec("avgpool", "ops/avgpool", AvgPool,
         [("input", [1, 2, 8, 8])], 1.0, 3, 105),
    Spec("globalavgpool", "ops/globalavgpool", GlobalAvgPool,
         [("input", [1, 4, 5, 5])], 1.0, 3, 106),
    Spec("add", "ops/add", AddOp,
         [("a", [1, 4, 4, 4]), ("b", [1, 4, 4, 4])], 1.0, 3, 107),
    Spec("mul", "ops/mul", MulOp,
         [("a", [1, 4, 4, 4]), ("b", [1, 4, 4, 4])], 1.0, 3, 108),
    Spec("relu", "ops/relu", ReluOp, [("input", [1, 4, 4, 4])], 1.0, 3, 109),
    # ReLU6: scaled so that both clipping bounds are hit.
    Spec("clip", "ops/clip", ClipOp, [("input", [1, 4, 4, 4])], 4.0, 3, 110),
    Spec("flatten", "ops/flatten", FlattenOp,
         [("input", [1, 2, 3, 4])], 1.0, 3, 111),
    Spec("reshape", "ops/reshape", ReshapeOp,
         [("input", [1, 2, 3, 4])], 1.0, 3, 112),
    Spec("concat", "ops/concat", ConcatOp,
         [("a", [1, 2, 4, 4]), ("b", [1, 3, 4, 4])], 1.0, 3, 113),
    Spec("batchnorm", "ops/batchnorm", BatchNormOp,
         [("input", [1, 4, 5, 5])], 1.0, 3, 114),
]


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------

def init_weights(model, gen):
    """Kaiming-normal weights (fan_in, ReLU gain), small uniform biases.

    PyTorch's default init (uniform +-1/sqrt(fan_in)) shrinks activations
    layer by layer (outputs ~0.1-0.3), which would waste most of a
    fixed<16,8> format. This init keeps activations of unit scale.
    """
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            std = (2.0 / fan_in) ** 0.5
            with torch.no_grad():
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * std)
                if m.bias is not None:
                    m.bias.copy_((torch.rand(m.bias.shape, generator=gen)
                                  - 0.5) * 0.2)


def randomize_batchnorm(model, gen):
    """Give every BatchNorm non-trivial, seeded eval-mode statistics."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.rand(c, generator=gen) - 0.5)
                m.running_var.copy_(torch.rand(c, generator=gen) + 0.5)
                m.weight.copy_(torch.rand(c, generator=gen) + 0.5)
                m.bias.copy_(torch.rand(c, generator=gen) - 0.5)


def build(spec):
    torch.manual_seed(spec.seed)
    model = spec.cls()
    gen = torch.Generator().manual_seed(spec.seed + 1000)
    init_weights(model, gen)
    randomize_batchnorm(model, gen)
    model.eval()
    return model


def sample_inputs(spec):
    gen = torch.Generator().manual_seed(spec.seed + 2000)
    samples = []
    for _ in range(spec.samples):
        samples.append(tuple(
            torch.randn(shape, generator=gen) * spec.scale
            for _, shape in spec.inputs))
    return samples


def export_onnx(model, spec, example):
    f = io.BytesIO()
    torch.onnx.export(
        model, example, f,
        dynamo=False,
        opset_version=OPSET,
        input_names=[n for n, _ in spec.inputs],
        output_names=["output"],
        do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL,
        export_params=True,
        keep_initializers_as_inputs=False,
    )
    mp = onnx.load_from_string(f.getvalue())
    rename_folded_initializers(mp)
    return normalize(mp)


def rename_folded_initializers(mp):
    """Give initializers made by constant folding readable names.

    The exporter folds BatchNorm into the preceding Conv and names the new
    weights "onnx::Conv_86" and so on; call them "<module>.weight_bnfold" /
    "<module>.bias_bnfold" after the node that uses them instead.
    """
    names = {t.name for t in mp.graph.initializer}
    rename = {}
    for n in mp.graph.node:
        module = n.name.strip("/").rsplit("/", 1)[0].replace("/", ".")
        for i, x in enumerate(n.input):
            if x in names and x.startswith("onnx::") and x not in rename:
                role = {1: "weight", 2: "bias"}.get(i, "input%d" % i)
                new = "%s.%s_bnfold" % (module, role)
                if new in names or new in rename.values():
                    raise SystemExit("initializer name clash: " + new)
                rename[x] = new
    for t in mp.graph.initializer:
        t.name = rename.get(t.name, t.name)
    for n in mp.graph.node:
        for i, x in enumerate(n.input):
            if x in rename:
                n.input[i] = rename[x]


def normalize(mp):
    """Strip anything that could vary between runs or machines."""
    mp.doc_string = ""
    mp.graph.doc_string = ""
    for n in mp.graph.node:
        n.doc_string = ""
    for t in mp.graph.initializer:
        t.doc_string = ""
    del mp.metadata_props[:]
    for v in list(mp.graph.input) + list(mp.graph.output) + list(mp.graph.value_info):
        v.doc_string = ""
    return mp


def max_intermediate(data, feeds_list):
    """Largest |value| of any tensor in the graph over the samples (ORT)."""
    mp = onnx.load_from_string(data)
    known = {v.name for v in mp.graph.output}
    for n in mp.graph.node:
        for o in n.output:
            if o not in known:
                mp.graph.output.append(onnx.ValueInfoProto(name=o))
                known.add(o)
    sess = ort.InferenceSession(mp.SerializeToString(),
                                providers=["CPUExecutionProvider"])
    m = 0.0
    for feeds in feeds_list:
        for v in sess.run(None, feeds):
            if v.size and v.dtype == np.float32:
                m = max(m, float(np.max(np.abs(v))))
        for v in feeds.values():
            m = max(m, float(np.max(np.abs(v))))
    return m


def op_histogram(mp):
    return collections.Counter(n.op_type for n in mp.graph.node)


def f32_list(t):
    """Flat row-major list of Python floats that round-trip to float32."""
    a = np.ascontiguousarray(t.detach().numpy().astype(np.float32)).ravel()
    return [float(v) for v in a]


def check_roundtrip(spec, text, samples, ref):
    """The JSON numbers must parse back to the very same float32 bits."""
    doc = json.loads(text)
    for smp, s, r in zip(doc["samples"], samples, ref):
        for got, want in list(zip(smp["inputs"], s)) + list(zip(smp["outputs"], r)):
            g = np.asarray(got, dtype=np.float32)
            w = want.detach().numpy().astype(np.float32).ravel()
            if g.tobytes() != w.tobytes():
                raise SystemExit("%s: io.json does not round-trip" % spec.name)


def check_bn_visible(spec, hist):
    if spec.name == "batchnorm" and hist.get("BatchNormalization", 0) != 1:
        raise SystemExit("batchnorm: BatchNormalization not in the graph: %s"
                         % dict(hist))


def run(out_dir):
    torch.set_num_threads(1)
    # The TorchScript exporter is deprecated in favour of the dynamo one;
    # it is still the one that gives the simple, folded graphs wanted here.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    summary = []
    for spec in SPECS:
        model = build(spec)
        samples = sample_inputs(spec)
        with torch.no_grad():
            ref = [model(*s) for s in samples]
            ref = [r if isinstance(r, tuple) else (r,) for r in ref]

        mp = export_onnx(model, spec, samples[0])
        onnx.checker.check_model(mp, full_check=True)
        hist = op_histogram(mp)
        bad = set(hist) - ALLOWED_OPS
        if bad:
            raise SystemExit("%s: ops outside the allowed set: %s"
                             % (spec.name, sorted(bad)))
        check_bn_visible(spec, hist)

        in_names = [v.name for v in mp.graph.input]
        out_names = [v.name for v in mp.graph.output]
        if in_names != [n for n, _ in spec.inputs] or out_names != ["output"]:
            raise SystemExit("%s: unexpected graph inputs/outputs %s -> %s"
                             % (spec.name, in_names, out_names))

        data = mp.SerializeToString(deterministic=True)

        # ONNX Runtime as a second float oracle.
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        sess = ort.InferenceSession(data, so,
                                    providers=["CPUExecutionProvider"])
        max_diff = 0.0
        feeds_list = []
        for s, r in zip(samples, ref):
            feeds = {n: x.numpy() for n, x in zip(in_names, s)}
            feeds_list.append(feeds)
            got = sess.run(out_names, feeds)
            for g, want in zip(got, r):
                if list(g.shape) != list(want.shape):
                    raise SystemExit("%s: ORT shape %s vs torch %s"
                                     % (spec.name, g.shape, tuple(want.shape)))
                max_diff = max(max_diff,
                               float(np.max(np.abs(g - want.numpy()))))

        out_shapes = [list(x.shape) for x in ref[0]]
        io_doc = {
            "model": spec.name,
            "opset": OPSET,
            "torch": TORCH_VERSION,
            "inputs": [{"name": n, "shape": list(shape)}
                       for n, shape in spec.inputs],
            "outputs": [{"name": n, "shape": sh}
                        for n, sh in zip(out_names, out_shapes)],
            "samples": [{"inputs": [f32_list(x) for x in s],
                         "outputs": [f32_list(y) for y in r]}
                        for s, r in zip(samples, ref)],
        }

        text = json.dumps(io_doc, sort_keys=True, indent=None,
                          separators=(",", ":")) + "\n"
        check_roundtrip(spec, text, samples, ref)

        d = os.path.join(out_dir, spec.path)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "model.onnx"), "wb") as fh:
            fh.write(data)
        with open(os.path.join(d, "io.json"), "w", newline="\n") as fh:
            fh.write(text)

        n_params = sum(p.numel() for p in model.parameters())
        n_buffers = sum(b.numel() for name, b in model.named_buffers()
                        if not name.endswith("num_batches_tracked"))
        n_init = sum(int(np.prod(t.dims)) for t in mp.graph.initializer)
        max_act = max(float(y.abs().max()) for r in ref for y in r)
        max_in = max(float(x.abs().max()) for s in samples for x in s)
        max_any = max_intermediate(data, feeds_list)
        hist_s = ", ".join("%s:%d" % kv for kv in sorted(hist.items()))
        print("%-14s ops {%s}" % (spec.name, hist_s))
        print("%-14s params %d (+%d BN running stats), onnx initializer "
              "elements %d, model.onnx %d bytes" %
              ("", n_params, n_buffers, n_init, len(data)))
        print("%-14s max|in| %.3f max|out| %.3f max|any tensor| %.3f" %
              ("", max_in, max_act, max_any))
        print("%-14s ORT vs PyTorch max abs diff %.3g" % ("", max_diff))
        summary.append((spec, hist, n_params, len(data), max_diff))
    return summary


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(root, "models"),
                    help="output directory (default: <repo>/models)")
    args = ap.parse_args(argv)
    print("torch %s, onnx %s, onnxruntime %s, opset %d, TorchScript exporter"
          % (torch.__version__, onnx.__version__, ort.__version__, OPSET))
    run(args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
