// -----------------------------------------------------------------------------
// File: models/cli/run_options.h
// -----------------------------------------------------------------------------
// The options of `jitsim run` and the checks of how they combine, made before any replication
// runs (a refused combination exits 2 with nothing written).
#pragma once

#include <cstdint>
#include <string>

#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/shard.h"

namespace jitsim::cli {

/// The contract's limit on replications per policy (--max-replications, --target-ci).
inline constexpr std::uint64_t kMaxReplications = 10'000'000;

struct RunOptions {
  CommonOptions common;
  std::string shard;  // "i/n", 1-based
  double target_ci = 0;
  std::uint64_t max_replications = 0;
  std::string timeseries;  // "" or "daily"
  bool resume = false;
};

/// Throws UsageError for options that exclude each other or need --out DIR; returns the parsed
/// --shard (none given: count 0).
ShardIndex check_run_options(const RunOptions& ro, const Cluster& cluster);

}  // namespace jitsim::cli
