// -----------------------------------------------------------------------------
// File: models/cli/run_shard.h
// -----------------------------------------------------------------------------
// `jitsim run --shard I/N --out DIR`: one contiguous block of the replications, written as a
// shard (run_outputs.h) that `jitsim merge` puts back together with the others.
#pragma once

#include <cstddef>
#include <vector>

#include "models/agents/experiment.h"
#include "models/cli/common.h"
#include "models/cli/shard.h"

namespace jitsim::cli {

/// Runs the shard's block of the scenario's replications with `eo` (policies, threads, ...)
/// and writes it into o.out_dir; an interrupt writes nothing. Returns the exit code.
int run_shard(const CommonOptions& o, const LoadedScenario& loaded, const models::ModelSetup& setup,
              const std::vector<std::size_t>& policies, models::ExperimentOptions eo,
              const ShardIndex& shard, Progress& progress);

}  // namespace jitsim::cli
