// -----------------------------------------------------------------------------
// File: models/cli/checkpoint.h
// -----------------------------------------------------------------------------
// DIR/checkpoint/: what an interrupted `jitsim run --out DIR` had completed, so that
// `jitsim run ... --out DIR --resume` continues from there and writes the very bytes an
// uninterrupted run would have. It holds the finished replications' metric rows
// (replications.csv), the breakdown's accumulators exactly as folded so far
// (breakdown_state.csv: policy, part, name, value, n, mean, m2) and checkpoint.toml (counts), one
// verifiable set (manifest.toml, file_set.h) so that a torn, edited or mixed checkpoint is refused.
#pragma once

#include <string>
#include <vector>

#include "models/agents/experiment.h"
#include "models/cli/common.h"

namespace jitsim::cli {

inline constexpr const char* kCheckpointFolder = "checkpoint";

/// Saves `result` (a clean prefix of replications) as DIR/checkpoint.
void write_checkpoint(const std::string& out_dir, const LoadedScenario& loaded,
                      const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                      const models::ExperimentResult& result);

/// Restores DIR/checkpoint into `into` (which must be empty). Returns false when there is no
/// checkpoint; throws UsageError when it is not an intact set or belongs to another run (other
/// resolved scenario, input file contents or policy selection).
bool read_checkpoint(const std::string& out_dir, const LoadedScenario& loaded,
                     const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                     models::ExperimentResult& into);

/// Removes DIR/checkpoint (after the run it belongs to completed).
void remove_checkpoint(const std::string& out_dir);

}  // namespace jitsim::cli
