"""Repository rules of rules_accel, for WORKSPACE files.

go_module_repository and go_module_binary bring Go modules (rules_go, Gazelle,
buildifier) through the Go module proxy; host_hdl_tools records the host's
Verilator, Yosys, nextpnr-ice40 and icepack; optional_local_directory exposes a directory beside the
checkout.
"""

load("//rules/private:go_module_repository.bzl", _go_module_binary = "go_module_binary", _go_module_repository = "go_module_repository")
load("//rules/private:host_tools.bzl", _host_hdl_tools = "host_hdl_tools")
load("//rules/private:local_data.bzl", _optional_local_directory = "optional_local_directory")

go_module_binary = _go_module_binary
go_module_repository = _go_module_repository
host_hdl_tools = _host_hdl_tools
optional_local_directory = _optional_local_directory
