// -----------------------------------------------------------------------------
// File: models/cli/shard.h
// -----------------------------------------------------------------------------
// `--shard I/N` of `run` and `sweep`: which contiguous block of the replications this process
// runs into --out, for `jitsim merge` to put the blocks back together in replication order.
#pragma once

#include <cstdint>
#include <string>

#include "models/agents/experiment.h"

namespace jitsim::cli {

/// Block `index` of `count` (both 1-based); count 0 when no --shard was given.
struct ShardIndex {
  std::uint64_t index = 0;
  std::uint64_t count = 0;
  [[nodiscard]] bool given() const { return count != 0; }
};

/// "I/N" with 1 <= I <= N -> {I, N}; throws UsageError otherwise.
ShardIndex parse_shard(const std::string& text);

/// Throws UsageError when --shard is given without --out DIR: a shard exists only as files.
void check_shard_has_out_dir(const std::string& shard, const std::string& out_dir);

/// Narrows `eo` to the shard's block of `total` replications.
void restrict_to_shard(models::ExperimentOptions& eo, std::uint64_t total, const ShardIndex& shard);

}  // namespace jitsim::cli
