"""accel_model: the whole flow for one model, as the four rules in a row."""

load(":calyx_lower.bzl", "calyx_lower")
load(":ice40_bitstream.bzl", "ice40_bitstream")
load(":sv_library.bzl", "sv_library")
load(":synth_report.bzl", "synth_report")
load(":torch_accel.bzl", "torch_accel")
load(":verilator_lint_test.bzl", "verilator_lint_test")
load(":verilator_test.bzl", "verilator_test")

def accel_model(
        name,
        model,
        io,
        model_data = [],
        sv_name = None,
        numeric = "fixed<16,8>",
        unroll = {},
        pipeline = {},
        partition = {},
        sample = 0,
        max_cycles = 100000000,
        sim = True,
        sim_shards = 1,
        sim_whole = True,
        rtol = None,
        size = None,
        tags = [],
        synth = True,
        ice40 = False,
        **kwargs):
    """Declares <name> (torch_accel), <name>_calyx, <sv_name>, <name>_lint_test, <name>_sim_test, <name>_synth and <name>_ice40.

    Args:
      name: base name; the torch_accel target.
      model: the .onnx file.
      model_data: the model's external data files, beside it.
      io: sample inputs and PyTorch's outputs (models/README.md format).
      sv_name: name of the sv_library target; default <name>_sv.
      numeric: fixed<W,F> number format, or float32 (IEEE-754 binary32 throughout).
      unroll: unroll factors by kernel-name glob.
      pipeline: software pipelining by kernel-name glob (torch_accel's
        `pipeline`; default: every kernel pipelined).
      partition: partitioning overrides by memory name.
      sample: which sample of `io` the simulation runs.
      max_cycles: simulation watchdog.
      sim: whether to declare the simulation test.
      sim_shards: if more than 1, also simulate the model in this many
        pieces of about equal work, each its own test <name>_sim_<i>_test
        fed the interpreter's state before its piece (calyx_lower's
        `shard`), besides the whole-model <name>_sim_test.
      sim_whole: with sim_shards > 1, False tags the whole-model
        <name>_sim_test manual (run only when named) where the pieces
        together are the regression test.
      rtol: the simulation's bound against PyTorch relative to each
        output's largest magnitude (verilator_test's rtol); default 1e-4
        for numeric = "float32", none for fixed point.
      size: test size of the simulation test (default: Bazel's, medium).
      tags: tags for the tests.
      synth: whether to declare <name>_synth, a synth_report (Yosys synth_xilinx, xc7).
      ice40: whether to declare <name>_ice40, an ice40_bitstream for the iCE40 UP5K
        (only for designs that fit it).
      **kwargs: common attributes (visibility, ...) for every target.
    """
    sv_name = sv_name or name + "_sv"
    torch_accel(name = name, model = model, model_data = model_data, io = io, numeric = numeric, unroll = unroll, pipeline = pipeline, partition = partition, **kwargs)
    calyx_lower(name = name + "_calyx", src = ":" + name, sample = sample, **kwargs)
    sv_library(name = sv_name, src = ":" + name + "_calyx", **kwargs)
    verilator_lint_test(name = name + "_lint_test", lib = ":" + sv_name, tags = tags, **kwargs)
    if synth:
        synth_report(name = name + "_synth", lib = ":" + sv_name, **kwargs)
    if ice40:
        ice40_bitstream(name = name + "_ice40", lib = ":" + sv_name, **kwargs)
    if not sim:
        return
    if rtol == None:
        rtol = "1e-4" if numeric == "float32" else ""
    whole_tags = tags
    if sim_shards > 1 and not sim_whole:
        whole_tags = tags + ["manual"]
    verilator_test(name = name + "_sim_test", lib = ":" + sv_name, max_cycles = max_cycles, size = size, tags = whole_tags, rtol = rtol, **kwargs)
    if sim_shards > 1:
        for i in range(sim_shards):
            piece = "%s_sim_%d" % (name, i)
            calyx_lower(name = piece + "_calyx", src = ":" + name, sample = sample, shard = "%d/%d" % (i, sim_shards), **kwargs)
            sv_library(name = piece + "_sv", src = ":" + piece + "_calyx", **kwargs)
            verilator_test(name = piece + "_test", lib = ":" + piece + "_sv", max_cycles = max_cycles, size = size, tags = tags, rtol = rtol, **kwargs)
