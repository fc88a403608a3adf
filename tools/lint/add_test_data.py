#!/usr/bin/env python3
"""Gives every go_test whose package uses compiler/internal/testenv the data it reads.

Gazelle does not know that testenv reads models/ and ../shared/onnx-node, so
after `bazel run //:gazelle` this rewrites `data` (marked `# keep`, so Gazelle
leaves it alone) and `env` of those go_test rules. Extra labels a package
needs beyond these are listed in EXTRA. Idempotent.
Usage (from the repository root):
  bazel run //:gazelle && python3 tools/lint/add_test_data.py && bazel run //:gazelle
"""
import pathlib
import re

COMMON = ["//:go.mod", "//models:zoo", "@onnx_node//:ROOT", "@onnx_node//:files"]
EXTRA = {
    "compiler/air/exact": ["//compiler/air:testdata"],
    "compiler/partition": ["//compiler/air:testdata"],
    "compiler/lower": ["//compiler/air:testdata"],
    "compiler/sv": ["//tests/calyx:programs"],
}
ENV = '    env = {"ONNX_NODE_DIR": "$(rootpath @onnx_node//:ROOT)"},\n'

for build in sorted(pathlib.Path("compiler").rglob("BUILD.bazel")):
    text = build.read_text()
    pkg = str(build.parent)
    if '"//compiler/internal/testenv"' not in text and build.parent.name != "testenv":
        continue
    m = re.search(r'go_test\(\n    name = "[^"]+",\n', text)
    if not m:
        continue
    start = m.start()
    end = text.index("\n)\n", start) + 3
    rule = text[start:end]
    labels = sorted(COMMON + EXTRA.get(pkg, []))
    prefix = 'glob(["testdata/**"]) + ' if (build.parent / "testdata").is_dir() else ""
    data = "    data = " + prefix + "[\n" + "".join('        "%s",\n' % l for l in labels) + "    ],  # keep\n"
    if data in rule and ENV in rule:
        continue  # already right (Gazelle may have moved the attributes)
    rule = re.sub(r'    data = [^\n]*\[\n(?:        [^\n]*\n)*    \],[^\n]*\n', "", rule)
    rule = re.sub(r'    data = glob\(\["testdata/\*\*"\]\),\n', "", rule)
    rule = rule.replace(ENV, "")
    rule = re.sub(r'(go_test\(\n    name = "[^"]+",\n)', lambda m: m.group(1) + data + ENV, rule)
    new = text[:start] + rule + text[end:]
    if new != text:
        build.write_text(new)
        print("updated", build)
