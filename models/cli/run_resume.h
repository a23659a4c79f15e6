// -----------------------------------------------------------------------------
// File: models/cli/run_resume.h
// -----------------------------------------------------------------------------
// `jitsim run --out DIR --resume`: where the run starts, from what DIR holds. Its checkpoint
// (checkpoint.h) continues an interrupted run; this very run completed there is nothing to do;
// a torn set or another run's results there are refused.
#pragma once

#include <cstddef>
#include <vector>

#include "models/agents/experiment.h"
#include "models/cli/common.h"

namespace jitsim::cli {

enum class RunStart {
  fresh,             // nothing to resume: start from replication 0
  resumed,           // `result` holds the checkpoint's replications
  already_complete,  // DIR holds this very run, completed: nothing to do
};

/// Looks at o.out_dir for this run (loaded scenario and policies) and, from a checkpoint,
/// restores `result` (which must be empty). Throws UsageError for a checkpoint or result set
/// that is torn, edited or of another run.
RunStart resume_run(const CommonOptions& o, const LoadedScenario& loaded,
                    const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                    models::ExperimentResult& result);

}  // namespace jitsim::cli
