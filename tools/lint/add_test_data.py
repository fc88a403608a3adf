#!/usr/bin/env python3
"""Gives every go_test whose package uses compiler/internal/testenv the data it reads.

Gazelle does not know that testenv reads models/ and ../shared/onnx-node, so
after `bazel run //:gazelle` this adds `data` and `env` to those go_test
rules (`# keep` stops Gazelle from resetting `data`; it leaves `env` alone).
Usage: python3 tools/lint/add_test_data.py  (from the repository root)
"""
import pathlib
import re

DATA = '''    data = TESTDATA[
        "//:go.mod",
        "//models:zoo",
        "@onnx_node//:ROOT",
        "@onnx_node//:files",
    ],  # keep
    env = {"ONNX_NODE_DIR": "$(rootpath @onnx_node//:ROOT)"},
'''

for build in sorted(pathlib.Path("compiler").rglob("BUILD.bazel")):
    text = build.read_text()
    if '"//compiler/internal/testenv"' not in text and build.parent.name != "testenv":
        continue
    if "@onnx_node//:files" in text:
        continue
    text = text.replace('    env = {"ONNX_NODE_DIR": "$(rootpath @onnx_node//:ROOT)"},\n', "")
    testdata = ""
    if '    data = glob(["testdata/**"]),\n' in text:
        text = text.replace('    data = glob(["testdata/**"]),\n', "")
        testdata = 'glob(["testdata/**"]) + '
    new = re.sub(r'(go_test\(\n    name = "[^"]+",\n)', lambda m: m.group(1) + DATA.replace("TESTDATA", testdata), text)
    if new != text:
        build.write_text(new)
        print("updated", build)
