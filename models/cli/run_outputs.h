// -----------------------------------------------------------------------------
// File: models/cli/run_outputs.h
// -----------------------------------------------------------------------------
// What `run` and `merge` write: the standard output set of a run (stdout in the chosen format,
// and the --out files), and a shard's files, which merge reads back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/cli/common.h"
#include "models/experiment.h"

namespace jitsim::cli {

/// Prints the run in o.format and, with --out, writes the six result files (and the two
/// time-series files when the result has daily values).
void write_run_outputs(const CommonOptions& o, const LoadedScenario& loaded,
                       const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                       const models::ExperimentResult& result, double wall_seconds);

/// Writes shard `index` of `count` (1-based) into `dir`: shard.json, replications.csv,
/// per_sku_replications.csv and scenario.resolved.toml.
void write_shard(const std::string& dir, const LoadedScenario& loaded,
                 const std::vector<std::size_t>& policies, const models::ExperimentResult& result,
                 std::uint64_t index, std::uint64_t count, std::uint64_t total);

}  // namespace jitsim::cli
