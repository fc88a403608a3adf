"""calyx_lower: loop-nest IR to a Calyx program, or hand-written Calyx passed through."""

load(":providers.bzl", "AccelInfo", "CalyxInfo")

def _calyx_lower_impl(ctx):
    if ctx.attr.src and ctx.file.futil:
        fail("calyx_lower %s: give `src` (a torch_accel target) or `futil`, not both" % ctx.label)
    if ctx.file.futil:
        return [
            CalyxInfo(futil = ctx.file.futil, data = ctx.file.data, expect = ctx.file.expect, top = ctx.attr.top, reference = None),
            DefaultInfo(files = depset([ctx.file.futil]), runfiles = ctx.runfiles(files = [ctx.file.futil])),
        ]
    if not ctx.attr.src:
        fail("calyx_lower %s: give `src` (a torch_accel target) or `futil`" % ctx.label)
    accel = ctx.attr.src[AccelInfo]
    io = ctx.file.io or accel.io
    futil = ctx.actions.declare_file(ctx.label.name + ".futil")
    outputs = [futil]
    inputs = [accel.air, accel.data]
    args = ctx.actions.args()
    args.add("-weights", accel.data)
    args.add("-o", futil)
    data = None
    expect = None
    if io:
        data = ctx.actions.declare_file(ctx.label.name + ".data.json")
        expect = ctx.actions.declare_file(ctx.label.name + ".expect.json")
        outputs += [data, expect]
        inputs.append(io)
        args.add("-input", io)
        args.add("-sample", str(ctx.attr.sample))
        args.add("-data", data)
        args.add("-expect", expect)
    if ctx.attr.layer:
        args.add("-layer", ctx.attr.layer)
    if ctx.attr.seq_mem_bits >= 0:
        args.add("-seq_mem_bits", str(ctx.attr.seq_mem_bits))
    last_piece = True
    if ctx.attr.shard:
        i, _, n = ctx.attr.shard.partition("/")
        if not i.isdigit() or not n.isdigit() or int(i) >= int(n):
            fail("calyx_lower %s: shard %r: want \"I/N\" with 0 <= I < N" % (ctx.label, ctx.attr.shard))
        args.add("-shard", ctx.attr.shard)
        last_piece = int(i) == int(n) - 1
    args.add(accel.air)
    ctx.actions.run(
        executable = ctx.executable._calyx_lower,
        arguments = [args],
        inputs = inputs,
        outputs = outputs,
        mnemonic = "CalyxLower",
        progress_message = "Lowering %s to Calyx" % accel.air.short_path,
    )
    return [
        CalyxInfo(
            futil = futil,
            data = data,
            expect = expect,
            top = "main",
            # Only the piece that ends the model writes its outputs.
            reference = struct(air = accel.air, io = io, sample = ctx.attr.sample) if io and last_piece else None,
        ),
        # Bazel 4 gives `data` dependents only runfiles: list the outputs there too.
        DefaultInfo(files = depset(outputs), runfiles = ctx.runfiles(files = outputs)),
    ]

calyx_lower = rule(
    implementation = _calyx_lower_impl,
    doc = """Runs the calyx_lower stage on a torch_accel target, or wraps a hand-written .futil.

From a model, it also writes the Calyx JSON data of the external memories for
one sample input and the expected outputs computed by the bit-exact loop-nest
interpreter.""",
    attrs = {
        "src": attr.label(providers = [AccelInfo], doc = "A torch_accel target."),
        "futil": attr.label(allow_single_file = [".futil"], doc = "A hand-written Calyx program instead of `src`."),
        "data": attr.label(allow_single_file = [".json"], doc = "With `futil`: initial memory contents (Calyx JSON data)."),
        "expect": attr.label(allow_single_file = [".json"], doc = "With `futil`: expected output memories."),
        "top": attr.string(default = "main", doc = "With `futil`: the top-level component."),
        "io": attr.label(allow_single_file = [".json"], doc = "Sample inputs (models/README.md format); default: the torch_accel target's `io`."),
        "sample": attr.int(default = 0, doc = "Which sample of `io` to simulate."),
        "layer": attr.string(doc = "Emit only this layer's component (for inspection)."),
        "seq_mem_bits": attr.int(default = -1, doc = "Memory banks of at least this many bits (words × width) become seq_mem cells with a registered read, which synthesis maps to block RAM; smaller ones comb_mem. 0: none; -1: the stage's default (1024)."),
        "shard": attr.string(doc = "\"I/N\": lower only piece I (from 0) of N contiguous pieces of the model's kernel calls, of about equal work; data and expected memories are the interpreter's state before and after the piece. For simulating a long model in pieces."),
        "_calyx_lower": attr.label(default = "//compiler/cmd/calyx_lower", executable = True, cfg = "exec"),
    },
)
