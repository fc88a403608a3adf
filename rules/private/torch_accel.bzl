"""torch_accel: an ONNX model to the loop-nest IR, quantized, scheduled and partitioned."""

load(":providers.bzl", "AccelInfo")

def _spec(d):
    """Renders a dict as the stage's KEY=VALUE,... flag syntax, in sorted key order."""
    return ",".join(["%s=%s" % (k, d[k]) for k in sorted(d.keys())])

def _torch_accel_impl(ctx):
    air = ctx.actions.declare_file(ctx.label.name + ".air")
    data = ctx.actions.declare_file(ctx.label.name + ".weights.json")
    model_dir = ctx.file.model.dirname
    for f in ctx.files.model_data:
        if f.dirname != model_dir:
            fail("torch_accel %s: model_data file %s must sit beside the model %s (ONNX external data locations are relative to the model's directory)" % (ctx.label, f.short_path, ctx.file.model.short_path))
    args = ctx.actions.args()
    args.add("-model", ctx.file.model)
    args.add("-only_model_data")
    args.add_all(ctx.files.model_data, before_each = "-model_data")
    args.add("-numeric", ctx.attr.numeric)
    if ctx.attr.unroll:
        args.add("-unroll", _spec(ctx.attr.unroll))
    if ctx.attr.partition:
        args.add("-partition", _spec(ctx.attr.partition))
    if ctx.attr.pipeline:
        args.add("-pipeline", _spec(ctx.attr.pipeline))
    args.add("-o", air)
    args.add("-data", data)
    ctx.actions.run(
        executable = ctx.executable._torch_accel,
        arguments = [args],
        inputs = [ctx.file.model] + ctx.files.model_data,
        outputs = [air, data],
        mnemonic = "TorchAccel",
        progress_message = "Lowering %s to loop nests" % ctx.file.model.short_path,
    )
    return [
        AccelInfo(air = air, data = data, model = ctx.file.model, io = ctx.file.io, unroll = _spec(ctx.attr.unroll)),
        # Bazel 4 gives `data` dependents only runfiles: list the outputs there too.
        DefaultInfo(files = depset([air, data]), runfiles = ctx.runfiles(files = [air, data])),
    ]

torch_accel = rule(
    implementation = _torch_accel_impl,
    doc = "Runs the torch_accel stage: ONNX → graph IR → fixed point → loop nests → memory partitioning.",
    attrs = {
        "model": attr.label(mandatory = True, allow_single_file = [".onnx"], doc = "The ONNX model (exported by torch.onnx.export)."),
        "model_data": attr.label_list(allow_files = True, doc = "The model's external data files (e.g. model.onnx.data, as the default torch.onnx.export writes them); they must sit beside `model`. Only these files are read."),
        "io": attr.label(allow_single_file = [".json"], doc = "Sample inputs and PyTorch's outputs (models/README.md format), passed on to calyx_lower."),
        "numeric": attr.string(default = "fixed<16,8>", doc = "Number format of every tensor, fixed<W,F> or float32."),
        "unroll": attr.string_dict(doc = "Unroll factors by kernel-name glob, e.g. {\"conv*\": \"4\"}; a value may name the loop as FACTOR:LOOP."),
        "partition": attr.string_dict(doc = "Partitioning overrides by memory name: SCHEME[:FACTOR][@DIM], SCHEME one of cyclic, block, complete, none."),
        "pipeline": attr.string_dict(doc = "Software pipelining by kernel-name glob: {\"relu*\": \"off\"} keeps those kernels' dynamic control; \"1\" pipelines at initiation interval (II) 1, \"2\" at II 2 (a slower schedule). Kernels no glob matches are pipelined at II 1; calyx_lower raises the II where a recurrence or a memory port needs it."),
        "_torch_accel": attr.label(default = "//compiler/cmd/torch_accel", executable = True, cfg = "exec"),
    },
)
