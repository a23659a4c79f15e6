// File: models/cli/shard.cpp
#include "models/cli/shard.h"

#include <charconv>

#include <fmt/format.h>

#include "models/cli/common.h"
#include "models/cli/distributed.h"

namespace jitsim::cli {

ShardIndex parse_shard(const std::string& text) {
  std::uint64_t i = 0, n = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  const auto r1 = std::from_chars(p, end, i);
  if (r1.ec == std::errc() && r1.ptr < end && *r1.ptr == '/') {
    const auto r2 = std::from_chars(r1.ptr + 1, end, n);
    if (r2.ec == std::errc() && r2.ptr == end && n >= 1 && i >= 1 && i <= n) return {i, n};
  }
  throw UsageError(fmt::format("--shard {}: expected I/N with 1 <= I <= N", text));
}

void check_shard_has_out_dir(const std::string& shard, const std::string& out_dir) {
  if (!shard.empty() && out_dir.empty()) throw UsageError("--shard needs --out DIR");
}

void restrict_to_shard(models::ExperimentOptions& eo, std::uint64_t total,
                       const ShardIndex& shard) {
  const auto [begin, end] = block_of(total, shard.index - 1, shard.count);
  eo.first_replication = begin;
  eo.replications = end - begin;
}

}  // namespace jitsim::cli
