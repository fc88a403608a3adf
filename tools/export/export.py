#!/usr/bin/env python3
"""Export the rules_accel model zoo from PyTorch to ONNX.

Run from the repository root:

    python tools/export/export.py            # writes models/...
    python tools/export/export.py --out DIR  # writes DIR/... instead

For every model this defines the network in torch.nn, initialises it from a
fixed seed, exports it twice, checks each export with onnx.checker and ONNX
Runtime, and writes

    <out>/<name>/model.onnx             TorchScript exporter (dynamo=False),
                                        opset 17, all weights inline
    <out>/<name>/io.json                graph inputs/outputs and sample inputs
                                        with PyTorch's own outputs
    <out>/<name>/model.dynamo.onnx      the default exporter (torch.export
                                        based), its default opset, weights
                                        in external data as it writes them:
    <out>/<name>/model.dynamo.onnx.data   (only when some tensor is external)
    <out>/<name>/io.dynamo.json         as io.json, for the dynamo graph

The single-op models go to <out>/ops/<op>/. The output is byte-for-byte
deterministic: running the script twice gives identical files.

    python tools/export/export.py --only lenet5,ops/conv   # some models only
"""

import argparse
import collections
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import onnxscript
import torch
import torch.nn as nn
import torch.nn.functional as F

OPSET = 17  # TorchScript exporter; the dynamo exporter uses its own default
TORCH_VERSION = torch.__version__.split("+")[0]

# Ops the compiler's importer accepts (compiler/graph SupportedOps); the
# script refuses a graph with any other op.
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

# Node metadata the dynamo exporter writes that is kept: the module scope
# and class of each node (for error messages). Stack traces and FX node
# text hold absolute paths and are dropped.
KEPT_NODE_METADATA = {"pkg.torch.onnx.name_scopes",
                      "pkg.torch.onnx.class_hierarchy"}


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


# New networks (issue 14) ----------------------------------------------------

class AutoEncoder(nn.Module):
    """MLPerf Tiny anomaly-detection autoencoder, scaled down.

    The reference (ToyADMOS) is 640-128-128-128-128-8-128-128-128-128-640,
    every hidden Linear followed by BatchNorm1d and ReLU. This one keeps the
    structure at 128-64-64-8-64-64-128 so that it simulates in well under a
    minute.
    """

    def __init__(self):
        super().__init__()
        dims = [128, 64, 64, 8, 64, 64, 128]
        layers = []
        for i in range(len(dims) - 1):
            layers.append(nn.Linear(dims[i], dims[i + 1]))
            if i < len(dims) - 2:
                layers += [nn.BatchNorm1d(dims[i + 1]), nn.ReLU()]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class DSCNN(nn.Module):
    """Depthwise-separable CNN in the style of MLPerf Tiny keyword spotting.

    The reference takes 49x10 MFCC frames through a 10x4 stride-2 conv and
    four depthwise-separable blocks of 64 channels; this one takes 16x8
    through a 5x3 stride-2 conv (12 channels) and two blocks (16 channels),
    then AdaptiveAvgPool2d(1) and a Linear layer, so that it simulates in a
    few hundred thousand cycles.
    """

    def __init__(self):
        super().__init__()
        self.conv0 = nn.Conv2d(1, 12, (5, 3), stride=2, padding=(2, 1))
        self.bn0 = nn.BatchNorm2d(12)
        self.dw1 = nn.Conv2d(12, 12, 3, padding=1, groups=12)
        self.bn1 = nn.BatchNorm2d(12)
        self.pw1 = nn.Conv2d(12, 16, 1)
        self.bn2 = nn.BatchNorm2d(16)
        self.dw2 = nn.Conv2d(16, 16, 3, padding=1, groups=16)
        self.bn3 = nn.BatchNorm2d(16)
        self.pw2 = nn.Conv2d(16, 16, 1)
        self.bn4 = nn.BatchNorm2d(16)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 6)

    def forward(self, x):
        x = torch.relu(self.bn0(self.conv0(x)))
        x = torch.relu(self.bn1(self.dw1(x)))
        x = torch.relu(self.bn2(self.pw1(x)))
        x = torch.relu(self.bn3(self.dw2(x)))
        x = torch.relu(self.bn4(self.pw2(x)))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


class CNN1D(nn.Module):
    """1-D CNN over 4 channels of 32 samples (keyword spotting on raw features)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(4, 8, 5, padding=2)
        self.pool1 = nn.MaxPool1d(2)
        self.conv2 = nn.Conv1d(8, 16, 3)
        self.pool2 = nn.MaxPool1d(2)
        self.fc = nn.Linear(16 * 7, 5)

    def forward(self, x):
        x = self.pool1(torch.relu(self.conv1(x)))
        x = self.pool2(torch.relu(self.conv2(x)))
        return self.fc(torch.flatten(x, 1))


class MixedCNN(nn.Module):
    """The window-op corner cases in one CNN: stride 2 with asymmetric
    padding (ZeroPad2d, right and bottom only), LeakyReLU, dilation 2,
    MaxPool2d(ceil_mode=True) and AvgPool2d(count_include_pad=False)."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((0, 1, 0, 1))
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2)
        self.act1 = nn.LeakyReLU(0.1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=2, dilation=2)
        self.act2 = nn.LeakyReLU(0.2)
        self.pool1 = nn.MaxPool2d(2, ceil_mode=True)
        self.pool2 = nn.AvgPool2d(3, stride=2, padding=1,
                                  count_include_pad=False)
        self.fc = nn.Linear(8 * 2 * 2, 4)

    def forward(self, x):
        x = self.act1(self.conv1(self.pad(x)))
        x = self.act2(self.conv2(x))
        x = self.pool2(self.pool1(x))
        return self.fc(torch.flatten(x, 1))


# Op families (one model, several outputs, one simulation each) --------------

class Activations(nn.Module):
    """LeakyReLU, PReLU, Hardsigmoid, Hardswish, neg and abs of one input."""

    def __init__(self):
        super().__init__()
        self.leaky = nn.LeakyReLU(0.1)
        self.prelu = nn.PReLU(4)
        self.hsig = nn.Hardsigmoid()
        self.hswish = nn.Hardswish()

    def forward(self, x):
        return (self.leaky(x), self.prelu(x), self.hsig(x), self.hswish(x),
                -x, torch.abs(x))


class Arith(nn.Module):
    """Max, Min and Sub of two inputs; Sub, Div and Mul by constants."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, -0.25, 0.0, 1.0])
                             .reshape(1, 4, 1, 1))
        self.register_buffer("std", torch.tensor([2.0, 0.5, 3.0, 1.5])
                             .reshape(1, 4, 1, 1))
        self.scale = nn.Parameter(torch.tensor([0.75, -1.25, 0.3, 2.0])
                                  .reshape(1, 4, 1, 1))

    def forward(self, a, b):
        return (torch.maximum(a, b), torch.minimum(a, b), a - b,
                (a - self.mean) / self.std, b * self.scale, a / 3.0)


class Reduce(nn.Module):
    """ReduceMean over H and W, ReduceSum over channels, ReduceMax over W."""

    def forward(self, x):
        return (x.mean(dim=(2, 3)), x.sum(dim=1, keepdim=True),
                x.amax(dim=-1))


class ShapeOps(nn.Module):
    """Pad (constant), Slice with steps, Split, Transpose and Gather."""

    def forward(self, x):
        padded = F.pad(x, (1, 2, 0, 1), value=0.5)
        sliced = x[:, 1:3, ::2, 1:]
        first, rest = torch.split(x, [1, 3], dim=1)
        perm = x.permute(0, 2, 3, 1)
        picked = x[:, 2]
        return padded, sliced, first, rest, perm, picked


class Linear3D(nn.Module):
    """nn.Linear on a [1, seq, dim] input and a batched MatMul with a constant."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 6)
        self.w = nn.Parameter(torch.randn(6, 5))

    def forward(self, x):
        y = self.fc(x)
        return y, torch.matmul(torch.relu(y), self.w)


class Conv1DOps(nn.Module):
    """Grouped, strided and dilated Conv1d, AvgPool1d with padding excluded
    from the divisor, MaxPool1d with ceil_mode."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(4, 8, 3, stride=2, padding=1, groups=2)
        self.conv2 = nn.Conv1d(8, 8, 3, padding=2, dilation=2, groups=8)
        self.avg = nn.AvgPool1d(3, stride=2, padding=1,
                                count_include_pad=False)
        self.max = nn.MaxPool1d(2, ceil_mode=True)

    def forward(self, x):
        y = self.conv2(self.conv1(x))
        return self.avg(y), self.max(y)


class Pool2DOps(nn.Module):
    """The AveragePool and MaxPool forms with varying windows."""

    def __init__(self):
        super().__init__()
        self.avg_ex = nn.AvgPool2d(3, stride=2, padding=1,
                                   count_include_pad=False)
        self.avg_ceil = nn.AvgPool2d(2, stride=2, ceil_mode=True)
        self.avg_pad_ceil = nn.AvgPool2d(3, stride=2, padding=1,
                                         ceil_mode=True)
        self.max_ceil = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)

    def forward(self, x):
        return (self.avg_ex(x), self.avg_ceil(x), self.avg_pad_ceil(x),
                self.max_ceil(x))


class BatchNorm1dOp(nn.Module):
    """BatchNorm1d on [N, C] after a Linear layer and on [N, C, L]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 8)
        self.bn = nn.BatchNorm1d(8)
        self.bn3 = nn.BatchNorm1d(3)

    def forward(self, x, y):
        return self.bn(self.fc(x)), self.bn3(y)


# --------------------------------------------------------------------------
# Zoo table
# --------------------------------------------------------------------------

Spec = collections.namedtuple(
    "Spec", "name path cls inputs scale samples seed outputs",
    defaults=[("output",)])
# inputs: list of (graph input name, shape). Sample inputs are N(0,1)*scale.
# outputs: graph output names.

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
    # New networks.
    Spec("autoencoder", "autoencoder", AutoEncoder, [("input", [1, 128])],
         1.0, 3, 4),
    Spec("dscnn", "dscnn", DSCNN, [("input", [1, 1, 16, 8])], 1.0, 3, 5),
    Spec("cnn1d", "cnn1d", CNN1D, [("input", [1, 4, 32])], 1.0, 3, 6),
    Spec("mixedcnn", "mixedcnn", MixedCNN, [("input", [1, 3, 15, 15])],
         1.0, 3, 7),
    # Op families.
    Spec("activations", "ops/activations", Activations,
         [("input", [1, 4, 4, 4])], 4.0, 3, 115,
         ("leakyrelu", "prelu", "hardsigmoid", "hardswish", "neg", "abs")),
    Spec("arith", "ops/arith", Arith,
         [("a", [1, 4, 3, 3]), ("b", [1, 4, 3, 3])], 1.0, 3, 116,
         ("max", "min", "sub", "normalize", "mul_const", "div")),
    Spec("reduce", "ops/reduce", Reduce, [("input", [1, 4, 3, 5])], 1.0, 3,
         117, ("mean", "sum", "max")),
    Spec("shapeops", "ops/shapeops", ShapeOps, [("input", [1, 4, 4, 5])],
         1.0, 3, 118, ("pad", "slice", "first", "rest", "perm", "gather")),
    Spec("linear3d", "ops/linear3d", Linear3D, [("input", [1, 5, 8])], 1.0,
         3, 119, ("linear", "matmul")),
    Spec("conv1d", "ops/conv1d", Conv1DOps, [("input", [1, 4, 17])], 1.0, 3,
         120, ("avg", "max")),
    Spec("pool2d", "ops/pool2d", Pool2DOps, [("input", [1, 2, 7, 7])], 1.0,
         3, 121, ("avg_exclude_pad", "avg_ceil", "avg_pad_ceil", "max_ceil")),
    Spec("batchnorm1d", "ops/batchnorm1d", BatchNorm1dOp,
         [("x", [1, 6]), ("y", [1, 3, 5])], 1.0, 3, 122, ("bn2d", "bn3d")),
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
        if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            std = (2.0 / fan_in) ** 0.5
            with torch.no_grad():
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * std)
                if m.bias is not None:
                    m.bias.copy_((torch.rand(m.bias.shape, generator=gen)
                                  - 0.5) * 0.2)


def randomize_batchnorm(model, gen):
    """Give every BatchNorm non-trivial, seeded eval-mode statistics, and
    every PReLU seeded slopes in -0.5..0.5."""
    for m in model.modules():
        if isinstance(m, nn.PReLU):
            with torch.no_grad():
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) - 0.5)
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
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
    """TorchScript exporter, opset 17, everything in one file."""
    f = io.BytesIO()
    torch.onnx.export(
        model, example, f,
        dynamo=False,
        opset_version=OPSET,
        input_names=[n for n, _ in spec.inputs],
        output_names=list(spec.outputs),
        do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL,
        export_params=True,
        keep_initializers_as_inputs=False,
    )
    mp = onnx.load_from_string(f.getvalue())
    rename_folded_initializers(mp)
    return normalize(mp)


def export_dynamo(model, spec, example, tmp):
    """The default exporter, called as a user would (defaults for the
    opset, optimisation and external data), into tmp/model.dynamo.onnx.

    Returns the model proto (external tensors not loaded) and the bytes of
    its external data file, or None when no tensor is external."""
    path = os.path.join(tmp, "model.dynamo.onnx")
    torch.onnx.export(
        model, example, path,
        input_names=[n for n, _ in spec.inputs],
        output_names=list(spec.outputs),
    )
    mp = onnx.load(path, load_external_data=False)
    locations = {e.value for t in mp.graph.initializer
                 for e in t.external_data if e.key == "location"}
    data = None
    if locations:
        if locations != {"model.dynamo.onnx.data"}:
            raise SystemExit("%s: unexpected external data files %s"
                             % (spec.name, sorted(locations)))
        with open(path + ".data", "rb") as fh:
            data = fh.read()
    for n in mp.graph.node:
        kept = [(m.key, m.value) for m in n.metadata_props
                if m.key in KEPT_NODE_METADATA]
        del n.metadata_props[:]
        for k, v in kept:
            n.metadata_props.add(key=k, value=v)
    return normalize(mp), data


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


def max_intermediate(path, feeds_list):
    """Largest |value| of any tensor in the graph over the samples (ORT)."""
    mp = onnx.load(path)
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


def ort_session(path_or_bytes):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path_or_bytes, so,
                                providers=["CPUExecutionProvider"])


def write_export(spec, d, kind, mp, data, samples, ref):
    """Checks one export and writes it with its io.json into directory d.

    kind is "torchscript" (model.onnx, io.json) or "dynamo"
    (model.dynamo.onnx, model.dynamo.onnx.data, io.dynamo.json). Returns
    a summary line."""
    dynamo = kind == "dynamo"
    stem = "model.dynamo.onnx" if dynamo else "model.onnx"
    io_name = "io.dynamo.json" if dynamo else "io.json"
    hist = op_histogram(mp)
    bad = set(hist) - ALLOWED_OPS
    if bad:
        raise SystemExit("%s (%s): ops outside the allowed set: %s"
                         % (spec.name, kind, sorted(bad)))
    if not dynamo:
        check_bn_visible(spec, hist)
    in_names = [v.name for v in mp.graph.input]
    out_names = [v.name for v in mp.graph.output]
    if in_names != [n for n, _ in spec.inputs] or out_names != list(spec.outputs):
        raise SystemExit("%s (%s): unexpected graph inputs/outputs %s -> %s"
                         % (spec.name, kind, in_names, out_names))
    opset = [o.version for o in mp.opset_import if o.domain in ("", "ai.onnx")][0]
    onnx_bytes = mp.SerializeToString(deterministic=True)

    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, stem)
    with open(path, "wb") as fh:
        fh.write(onnx_bytes)
    data_path = path + ".data"
    if data is not None:
        with open(data_path, "wb") as fh:
            fh.write(data)
    elif os.path.exists(data_path):
        os.remove(data_path)
    # The checker and ONNX Runtime read external data beside the file.
    onnx.checker.check_model(path, full_check=True)

    sess = ort_session(path)
    max_diff = 0.0
    feeds_list = []
    for smp, r in zip(samples, ref):
        feeds = {n: x.numpy() for n, x in zip(in_names, smp)}
        feeds_list.append(feeds)
        got = sess.run(out_names, feeds)
        for g, want in zip(got, r):
            if list(g.shape) != list(want.shape):
                raise SystemExit("%s (%s): ORT shape %s vs torch %s"
                                 % (spec.name, kind, g.shape, tuple(want.shape)))
            max_diff = max(max_diff, float(np.max(np.abs(g - want.numpy()))))

    out_shapes = [list(x.shape) for x in ref[0]]
    io_doc = {
        "model": spec.name,
        "exporter": kind,
        "opset": opset,
        "torch": TORCH_VERSION,
        "inputs": [{"name": n, "shape": list(shape)}
                   for n, shape in spec.inputs],
        "outputs": [{"name": n, "shape": sh}
                    for n, sh in zip(out_names, out_shapes)],
        "samples": [{"inputs": [f32_list(x) for x in smp],
                     "outputs": [f32_list(y) for y in r]}
                    for smp, r in zip(samples, ref)],
    }
    text = json.dumps(io_doc, sort_keys=True, indent=None,
                      separators=(",", ":")) + "\n"
    check_roundtrip(spec, text, samples, ref)
    with open(os.path.join(d, io_name), "w", newline="\n") as fh:
        fh.write(text)

    n_init = sum(int(np.prod(t.dims)) for t in mp.graph.initializer)
    max_any = max_intermediate(path, feeds_list)
    hist_s = ", ".join("%s:%d" % kv for kv in sorted(hist.items()))
    size = len(onnx_bytes) + (len(data) if data is not None else 0)
    print("%-14s %-11s opset %d ops {%s}" % (spec.name, kind, opset, hist_s))
    print("%-14s %-11s initializer elements %d, %d bytes (%s), "
          "max|any tensor| %.3f, ORT vs PyTorch %.3g" %
          ("", "", n_init, size,
           "external data" if data is not None else "inline",
           max_any, max_diff))
    return max_diff


def run(out_dir, only=None):
    torch.set_num_threads(1)
    # The TorchScript exporter is deprecated in favour of the dynamo one;
    # it is still the one that gives the simple, folded graphs wanted here.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning)
    for name in ("torch.onnx", "torch.export", "torch._dynamo", "onnxscript"):
        logging.getLogger(name).setLevel(logging.ERROR)
    for spec in SPECS:
        if only and spec.name not in only and spec.path not in only:
            continue
        model = build(spec)
        samples = sample_inputs(spec)
        with torch.no_grad():
            ref = [model(*smp) for smp in samples]
            ref = [r if isinstance(r, tuple) else (r,) for r in ref]
        d = os.path.join(out_dir, spec.path)

        mp = export_onnx(model, spec, samples[0])
        write_export(spec, d, "torchscript", mp, None, samples, ref)

        tmp = tempfile.mkdtemp(prefix="export-")
        try:
            mp, data = export_dynamo(model, spec, samples[0], tmp)
        finally:
            shutil.rmtree(tmp)
        write_export(spec, d, "dynamo", mp, data, samples, ref)

        n_params = sum(p.numel() for p in model.parameters())
        n_buffers = sum(b.numel() for name, b in model.named_buffers()
                        if not name.endswith("num_batches_tracked"))
        max_act = max(float(y.abs().max()) for r in ref for y in r)
        max_in = max(float(x.abs().max()) for smp in samples for x in smp)
        print("%-14s params %d (+%d buffers), max|in| %.3f max|out| %.3f" %
              ("", n_params, n_buffers, max_in, max_act))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(root, "models"),
                    help="output directory (default: <repo>/models)")
    ap.add_argument("--only", default="",
                    help="comma-separated model names or paths to export")
    args = ap.parse_args(argv)
    print("torch %s, onnx %s, onnxruntime %s, onnxscript %s; TorchScript "
          "exporter at opset %d, dynamo exporter at its default" %
          (torch.__version__, onnx.__version__, ort.__version__,
           onnxscript.__version__, OPSET))
    only = set(x for x in args.only.split(",") if x)
    run(args.out, only)


if __name__ == "__main__":
    main(sys.argv[1:])
