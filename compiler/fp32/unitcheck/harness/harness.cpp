// Driver of unitcheck's test top fp32_unit_top: reads operand records from
// stdin, presents one per clock cycle (in_valid) followed by GAP idle cycles
// (argv[1], default 0), and writes a result record to stdout for every cycle
// where out_valid is high, in order. Records are
// little-endian: in {u64 a; u64 b; u32 ctrl; u32 pad}, out {u64 out;
// u32 flags; u32 pad}. Exits with status 2 if results stop coming.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "Vfp32_unit_top.h"
#include "verilated.h"

namespace {
struct InRecord {
  uint64_t a, b;
  uint32_t ctrl, pad;
};
struct OutRecord {
  uint64_t out;
  uint32_t flags, pad;
};
constexpr size_t kBatch = 4096;
constexpr int kMaxIdle = 1000;  // cycles to wait for results after the last input and gap
}  // namespace

int main(int argc, char** argv) {
  VerilatedContext context;
  context.commandArgs(argc, argv);
  Vfp32_unit_top top{&context};
  auto tick = [&top]() {
    top.clk = 0;
    top.eval();
    top.clk = 1;
    top.eval();
  };
  top.reset = 1;
  top.in_valid = 0;
  for (int i = 0; i < 4; i++) tick();
  top.reset = 0;
  const int gap = argc > 1 ? atoi(argv[1]) : 0;
  int wait = 0;  // idle cycles left before the next record

  std::vector<InRecord> in(kBatch);
  std::vector<OutRecord> out;
  out.reserve(kBatch);
  size_t have = 0, next = 0;
  uint64_t sent = 0, received = 0;
  bool eof = false;
  int idle = 0;
  for (;;) {
    if (next == have && !eof) {
      have = fread(in.data(), sizeof(InRecord), in.size(), stdin);
      next = 0;
      if (have == 0) eof = true;
    }
    if (wait > 0) {
      top.in_valid = 0;
      wait--;
    } else if (next < have) {
      wait = gap;
      top.in_valid = 1;
      top.a = in[next].a;
      top.b = in[next].b;
      top.ctrl = in[next].ctrl;
      next++;
      sent++;
    } else {
      top.in_valid = 0;
      if (received == sent) break;
      if (++idle > kMaxIdle) {
        fprintf(stderr, "harness: %llu results missing\n", (unsigned long long)(sent - received));
        return 2;
      }
    }
    tick();
    if (top.out_valid) {
      out.push_back(OutRecord{top.out, top.flags, 0});
      received++;
      if (out.size() == kBatch) {
        fwrite(out.data(), sizeof(OutRecord), out.size(), stdout);
        out.clear();
      }
    }
  }
  fwrite(out.data(), sizeof(OutRecord), out.size(), stdout);
  fflush(stdout);
  top.final();
  return 0;
}
