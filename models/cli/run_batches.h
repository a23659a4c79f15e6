// -----------------------------------------------------------------------------
// File: models/cli/run_batches.h
// -----------------------------------------------------------------------------
// The replication loop of `jitsim run` (alone or under mpirun): the scenario's replications,
// or with --target-ci batches of them until every policy is precise enough; the progress bar;
// an interrupt, which saves a checkpoint (checkpoint.h) where --resume can continue.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "models/agents/experiment.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/run_options.h"

namespace jitsim::cli {

/// Extends `result` (empty, or a resumed prefix) with the run's replications under `eo`
/// (policies, threads, ...). Returns the exit code when the command ends here (interrupted, or
/// a rank other than 0 done); nullopt when rank 0 holds the complete result to write.
std::optional<int> run_batches(const RunOptions& ro, const Cluster& cluster,
                               const LoadedScenario& loaded, const models::ModelSetup& setup,
                               const std::vector<std::size_t>& policies,
                               models::ExperimentOptions eo, Progress& progress,
                               models::ExperimentResult& result);

}  // namespace jitsim::cli
