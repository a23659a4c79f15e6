// File: models/cli/run_shard.cpp
#include "models/cli/run_shard.h"

#include <cstdint>

#include <fmt/format.h>

#include "models/cli/run_outputs.h"

namespace jitsim::cli {

int run_shard(const CommonOptions& o, const LoadedScenario& loaded, const models::ModelSetup& setup,
              const std::vector<std::size_t>& policies, models::ExperimentOptions eo,
              const ShardIndex& shard, Progress& progress) {
  const auto total = static_cast<std::uint64_t>(loaded.scenario.scenario.replications);
  restrict_to_shard(eo, total, shard);
  const std::uint64_t begin = eo.first_replication;
  const std::uint64_t end = begin + eo.replications;
  eo.keep_breakdown_runs = true;  // merge folds the breakdowns of all shards in order
  eo.progress = [&](double d, std::uint64_t t) { progress.update(d, t); };
  const models::ExperimentResult result = [&] {
    const DeferInterrupts defer;  // a signal stops the replications between events
    return models::run_experiment(setup, eo);
  }();
  if (result.cancelled) {
    fmt::print(stderr, "jitsim: interrupted after {} of {} replications; nothing written\n",
               result.replications_done, eo.replications);
    return interrupted_exit_code();
  }
  write_shard(o.out_dir, loaded, setup, policies, result, shard.index, shard.count, total);
  if (!o.quiet) {
    fmt::print(stderr, "shard {}/{}: replications {}..{} written to {}\n", shard.index, shard.count,
               begin, end == 0 ? 0 : end - 1, o.out_dir);
  }
  return kSuccess;
}

}  // namespace jitsim::cli
