"""accel_model: the whole flow for one model, as the four rules in a row."""

load(":calyx_lower.bzl", "calyx_lower")
load(":sv_library.bzl", "sv_library")
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
        partition = {},
        sample = 0,
        max_cycles = 100000000,
        sim = True,
        size = None,
        tags = [],
        **kwargs):
    """Declares <name> (torch_accel), <name>_calyx, <sv_name>, <name>_lint_test and <name>_sim_test.

    Args:
      name: base name; the torch_accel target.
      model: the .onnx file.
      model_data: the model's external data files, beside it.
      io: sample inputs and PyTorch's outputs (models/README.md format).
      sv_name: name of the sv_library target; default <name>_sv.
      numeric: fixed<W,F> number format.
      unroll: unroll factors by kernel-name glob.
      partition: partitioning overrides by memory name.
      sample: which sample of `io` the simulation runs.
      max_cycles: simulation watchdog.
      sim: whether to declare the simulation test.
      size: test size of the simulation test (default: Bazel's, medium).
      tags: tags for the tests.
      **kwargs: common attributes (visibility, ...) for every target.
    """
    sv_name = sv_name or name + "_sv"
    torch_accel(name = name, model = model, model_data = model_data, io = io, numeric = numeric, unroll = unroll, partition = partition, **kwargs)
    calyx_lower(name = name + "_calyx", src = ":" + name, sample = sample, **kwargs)
    sv_library(name = sv_name, src = ":" + name + "_calyx", **kwargs)
    verilator_lint_test(name = name + "_lint_test", lib = ":" + sv_name, tags = tags, **kwargs)
    if sim:
        verilator_test(name = name + "_sim_test", lib = ":" + sv_name, max_cycles = max_cycles, size = size, tags = tags, **kwargs)
