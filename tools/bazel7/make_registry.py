#!/usr/bin/env python3
"""Builds an offline Bazel registry (file://) holding rules_go and Gazelle.

Usage: make_registry.py REGISTRY_DIR URL_ROOT
       make_registry.py --modules      (prints GO_MODULE@VERSION of each)

REGISTRY_DIR is where the registry is written; URL_ROOT is the same directory
as Bazel will see it (inside the chroot), used in the file:// archive URLs.

Bazel modules rules_go and Gazelle are also published as Go modules, so both
come from the Go module proxy through the ordinary `go` client (`go mod
download -json`), checked against the pinned h1: sums below. The registry is
laid out as the Bazel Central Registry is: bazel_registry.json,
modules/NAME/metadata.json, modules/NAME/VERSION/{MODULE.bazel, source.json,
patches/}, with the archives under archives/ and sha256 integrity in
source.json. Every file is written deterministically, so re-running it changes
nothing.

Gazelle's source is two Go modules: github.com/bazelbuild/bazel-gazelle and,
in its v2/ directory, github.com/bazel-contrib/bazel-gazelle/v2 (joined by a
go.work). A Go module zip leaves nested modules out, so the registry archive
of Gazelle is the two proxy zips joined again (a deterministic .tar.gz), at
the v2 version Gazelle's go.mod requires.

One adjustment, as a registry patch of Gazelle's MODULE.bazel (as the Bazel
Central Registry patches modules), and one of rules_go's, each commented in
the patch:
  * rules_go: go_sdk.from_file(name = "go_default_sdk") removed: its
    evaluation fetches the Go download index, which offline Bazel cannot
    reach; the root module uses go_sdk.host() instead.
  * Gazelle asks for rules_go 0.59.0: raised to the one version the registry
    holds, which minimal version selection picks anyway (Bazel reads the
    MODULE.bazel of every version asked for, selected or not).
"""

import base64
import difflib
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

# (Bazel module, Go module path, version, h1: sum as `go mod download` reports it)
RULES_GO = ("rules_go", "github.com/bazelbuild/rules_go", "v0.63.0", "h1:G/hGy2pBLxlrxbpQBJKdHSLhu3KFIkFsuNg8m59mn3c=")
GAZELLE = ("gazelle", "github.com/bazelbuild/bazel-gazelle", "v0.51.3", "h1:WtLCDPJTj06AWZizuN0SpkX8njjH1meOFgYbia6mD64=")
# Gazelle's nested module (its v2/ directory), at the version Gazelle's go.mod requires.
GAZELLE_V2 = ("github.com/bazel-contrib/bazel-gazelle/v2", "v2.0.0-2", "h1:lSINS7DK4xjm0Z4CBd7onO63uIe6WUsEZ/0voExa+JY=")


def integrity(data):
    """Subresource-integrity string (sha256) of bytes, as source.json wants it."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def go_download(module, version, want_sum):
    """Runs `go mod download -json` and returns its JSON after checking the h1: sum."""
    res = subprocess.run(["go", "mod", "download", "-json", module + "@" + version],
                         capture_output=True, text=True, check=False)
    try:
        info = json.loads(res.stdout)
    except json.JSONDecodeError:
        sys.exit("go mod download %s@%s failed: %s" % (module, version, res.stderr.strip()))
    if info.get("Error"):
        sys.exit("go mod download %s@%s: %s" % (module, version, info["Error"]))
    if info.get("Sum") != want_sum:
        sys.exit("go mod download %s@%s: sum %s, pinned %s" % (module, version, info.get("Sum"), want_sum))
    return info


def with_version(module_bazel, version):
    """Returns MODULE.bazel text whose module() carries `version` (upstream leaves it empty or absent)."""
    text, n = re.subn(r'(^module\([^)]*?\bversion\s*=\s*)"[^"]*"', r'\g<1>"%s"' % version,
                      module_bazel, count=1, flags=re.S | re.M)
    if n == 0:
        text, n = re.subn(r'(^module\(\s*name\s*=\s*"[^"]*",)', r'\g<1>\n    version = "%s",' % version,
                          module_bazel, count=1, flags=re.M)
    if n == 0:
        sys.exit("cannot set the version in MODULE.bazel: no module(name = ...) found")
    return text


def write(path, data):
    """Writes bytes or text to path, creating its directory."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def add_version(reg, name, version):
    """Adds version to modules/NAME/metadata.json."""
    path = os.path.join(reg, "modules", name, "metadata.json")
    meta = {"homepage": "", "maintainers": [], "versions": [], "yanked_versions": {}}
    if os.path.exists(path):
        with open(path) as f:
            meta = json.load(f)
    if version not in meta["versions"]:
        meta["versions"].append(version)
    write(path, json.dumps(meta, indent=2, sort_keys=True) + "\n")


def source_json(url, data, strip_prefix, patches=None):
    """source.json of an archive module."""
    src = {"url": url, "integrity": integrity(data), "strip_prefix": strip_prefix}
    if patches:
        src["patches"] = {n: integrity(p.encode()) for n, p in sorted(patches.items())}
        src["patch_strip"] = 1
    return json.dumps(src, indent=2, sort_keys=True) + "\n"


def patch_rules_go(text):
    """The registry patch of rules_go's MODULE.bazel (see the module docstring)."""
    note = ("# rules_accel offline registry: the default downloaded SDK is removed (its\n"
            "# extension fetches the Go download index); the root module uses go_sdk.host().\n")
    out, n = re.subn(r'go_sdk\.from_file\(\s*name = "go_default_sdk",\s*go_mod = "//:go.mod",\s*\)\n', note, text)
    if n != 1:
        sys.exit("rules_go MODULE.bazel: go_sdk.from_file(go_default_sdk) not found")
    out, n = re.subn(r'\n\s*"go_default_sdk",', "", out)
    if n != 1:
        sys.exit("rules_go MODULE.bazel: use_repo of go_default_sdk not found")
    return out


def patch_gazelle(text):
    """The registry patch of Gazelle's MODULE.bazel (see the module docstring)."""
    note = ("# rules_accel offline registry: the one rules_go version it holds\n"
            "# (minimal version selection picks it anyway).\n")
    out, n = re.subn(r'bazel_dep\(name = "rules_go", version = "[^"]*"',
                     note + 'bazel_dep(name = "rules_go", version = "%s"' % RULES_GO[2][1:], text)
    if n != 1:
        sys.exit("gazelle MODULE.bazel: bazel_dep on rules_go not found")
    return out


def unified_diff(old, new, path):
    """A `patch -p1` diff of one file."""
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        "a/" + path, "b/" + path))


def deterministic_tgz(src_dir, top):
    """A .tar.gz of src_dir under the directory name `top`: sorted, mtime 0, owner 0."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for root, dirs, files in os.walk(src_dir):
                dirs.sort()
                for name in sorted(dirs) + sorted(files):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, src_dir)
                    info = tar.gettarinfo(full, os.path.join(top, rel))
                    info.mtime = 0
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    info.mode = 0o755 if info.isdir() or (info.mode & 0o100) else 0o644
                    if info.isfile():
                        with open(full, "rb") as f:
                            tar.addfile(info, f)
                    else:
                        tar.addfile(info)
    return buf.getvalue()


def main():
    if sys.argv[1:] == ["--modules"]:
        for _, gomod, tag, _ in (RULES_GO, GAZELLE):
            print("%s@%s" % (gomod, tag))
        print("%s@%s" % GAZELLE_V2[:2])
        return
    if len(sys.argv) != 3:
        sys.exit("usage: make_registry.py REGISTRY_DIR URL_ROOT")
    reg, url_root = os.path.abspath(sys.argv[1]), sys.argv[2].rstrip("/")
    os.makedirs(os.path.join(reg, "archives"), exist_ok=True)
    write(os.path.join(reg, "bazel_registry.json"), json.dumps({"mirrors": []}, indent=2) + "\n")

    # rules_go: the proxy's zip as is, plus the registry patch.
    name, gomod, tag, want = RULES_GO
    ver = tag[1:]
    info = go_download(gomod, tag, want)
    with open(info["Zip"], "rb") as f:
        data = f.read()
    archive = "rules_go-%s.zip" % tag
    write(os.path.join(reg, "archives", archive), data)
    with open(os.path.join(info["Dir"], "MODULE.bazel")) as f:
        orig = f.read()
    patched = patch_rules_go(orig)
    patch = unified_diff(orig, patched, "MODULE.bazel")
    d = os.path.join(reg, "modules", name, ver)
    write(os.path.join(d, "patches", "offline.patch"), patch)
    write(os.path.join(d, "MODULE.bazel"), with_version(patched, ver))
    write(os.path.join(d, "source.json"),
          source_json("file://%s/archives/%s" % (url_root, archive), data, "%s@%s" % (gomod, tag),
                      {"offline.patch": patch}))
    add_version(reg, name, ver)
    print("registry: %s %s (%s)" % (name, ver, info["Sum"]))

    # Gazelle: its two Go modules joined again.
    name, gomod, tag, want = GAZELLE
    ver = tag[1:]
    info = go_download(gomod, tag, want)
    v2 = go_download(*GAZELLE_V2)
    with tempfile.TemporaryDirectory() as tmp:
        top = "gazelle-" + ver
        work = os.path.join(tmp, top)
        shutil.copytree(info["Dir"], work)
        shutil.copytree(v2["Dir"], os.path.join(work, "v2"))
        for root, dirs, files in os.walk(work):
            for n in dirs + files:
                os.chmod(os.path.join(root, n), 0o755 if n in dirs else 0o644)
        os.chmod(work, 0o755)
        data = deterministic_tgz(work, top)
        with open(os.path.join(work, "MODULE.bazel")) as f:
            module_bazel = f.read()
    archive = "gazelle-%s.tar.gz" % tag
    write(os.path.join(reg, "archives", archive), data)
    patched = patch_gazelle(module_bazel)
    patch = unified_diff(module_bazel, patched, "MODULE.bazel")
    d = os.path.join(reg, "modules", name, ver)
    write(os.path.join(d, "patches", "offline.patch"), patch)
    write(os.path.join(d, "MODULE.bazel"), with_version(patched, ver))
    write(os.path.join(d, "source.json"),
          source_json("file://%s/archives/%s" % (url_root, archive), data, top,
                      {"offline.patch": patch}))
    add_version(reg, name, ver)
    print("registry: %s %s (%s, with %s@%s)" % (name, ver, info["Sum"], GAZELLE_V2[0], GAZELLE_V2[1]))


if __name__ == "__main__":
    main()
