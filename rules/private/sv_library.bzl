"""sv_library: SystemVerilog sources with a top module, from files or from Calyx."""

load(":providers.bzl", "CalyxInfo", "VerilogInfo")

def _sv_library_impl(ctx):
    srcs = list(ctx.files.srcs)
    top = ctx.attr.top
    data = None
    expect = None
    tb = None
    reference = None
    if ctx.attr.src:
        calyx = ctx.attr.src[CalyxInfo]
        out = ctx.actions.declare_file(ctx.label.name + ".sv")
        tb = ctx.actions.declare_file(ctx.label.name + "_tb.sv")
        ctx.actions.run(
            executable = ctx.executable._sv_library,
            arguments = ["-o", out.path, "-tb", tb.path, calyx.futil.path],
            inputs = [calyx.futil],
            outputs = [out, tb],
            mnemonic = "SvLibrary",
            progress_message = "Compiling Calyx %s to SystemVerilog" % calyx.futil.short_path,
        )
        srcs.append(out)
        top = top or calyx.top
        data = calyx.data
        expect = calyx.expect
        reference = calyx.reference
    if not srcs:
        fail("sv_library %s: give `srcs` or `src`" % ctx.label)
    if not top:
        fail("sv_library %s: `top` is required for plain sources" % ctx.label)
    transitive = [d[VerilogInfo].srcs for d in ctx.attr.deps]
    all_srcs = depset(srcs, transitive = transitive, order = "postorder")
    return [
        VerilogInfo(srcs = all_srcs, top = top, data = data, expect = expect, tb = tb, reference = reference),
        DefaultInfo(files = depset(srcs), runfiles = ctx.runfiles(files = srcs)),
    ]

sv_library = rule(
    implementation = _sv_library_impl,
    doc = "A SystemVerilog library: plain .sv/.v sources, or a Calyx program compiled by the sv_library stage.",
    attrs = {
        "srcs": attr.label_list(allow_files = [".sv", ".v", ".svh", ".vh"], doc = "Plain SystemVerilog/Verilog sources."),
        "src": attr.label(providers = [CalyxInfo], doc = "A calyx_lower target to compile to SystemVerilog."),
        "deps": attr.label_list(providers = [VerilogInfo], doc = "Other sv_library targets this one instantiates."),
        "top": attr.string(doc = "Top module; defaults to the Calyx program's top component."),
        "_sv_library": attr.label(
            default = "//compiler/cmd/sv_library",
            executable = True,
            cfg = "exec",
        ),
    },
)
