#!/usr/bin/env python3
"""Export the models of the consumer examples (examples/consumer_*) to ONNX.

Run from the repository root, with the packages of requirements.txt:

    python tools/export/export_consumers.py

Each consumer example is a separate workspace that uses rules_accel as an
external repository and compiles a small model of its own. The models are
made exactly as the zoo's (export.py: seeded init, TorchScript exporter,
opset 17, sample inputs with PyTorch's outputs in io.json), and written to

    examples/consumer_bzlmod/tiny_cnn/{model.onnx,io.json}
    examples/consumer_workspace/tiny_mlp/{model.onnx,io.json}

export.run also makes the dynamo export (model.dynamo.onnx and its external
data); the examples use only the TorchScript export, so the rest is left in a
temporary directory.
"""

import os
import shutil
import sys
import tempfile

import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402  (the zoo's exporter, reused as a library)


class TinyCNN(nn.Module):
    """Conv(1->4, 3x3, pad 1), ReLU, MaxPool 2, Flatten, Linear 64->5 on 1x1x8x8."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(64, 5)

    def forward(self, x):
        return self.fc(self.flatten(self.pool(self.conv(x).relu())))


class TinyMLP(nn.Module):
    """Linear 12->8, ReLU, Linear 8->3."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.fc1(x).relu())


SPECS = [
    export.Spec("tiny_cnn", "consumer_bzlmod/tiny_cnn", TinyCNN, [("input", [1, 1, 8, 8])], 1.0, 2, 201),
    export.Spec("tiny_mlp", "consumer_workspace/tiny_mlp", TinyMLP, [("input", [1, 12])], 1.0, 2, 202),
]


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    export.SPECS = SPECS
    with tempfile.TemporaryDirectory(prefix="export-consumers-") as tmp:
        export.run(tmp)
        for spec in SPECS:
            dst = os.path.join(root, "examples", spec.path)
            os.makedirs(dst, exist_ok=True)
            for f in ("model.onnx", "io.json"):
                shutil.copyfile(os.path.join(tmp, spec.path, f), os.path.join(dst, f))


if __name__ == "__main__":
    main()
