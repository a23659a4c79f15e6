// File: models/cli/run_batches.cpp
#include "models/cli/run_batches.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "models/cli/checkpoint.h"
#include "sim/log_summary.h"

namespace jitsim::cli {

namespace {

// Whether every policy's total_cost interval is within `rel` of its mean.
bool precise_enough(const models::ExperimentResult& r, double rel) {
  for (const models::PolicyResults& p : r.policies) {
    const sim::RunningStats stats =
        sim::column_stats(p.runs.log(), static_cast<std::size_t>(models::Metric::total_cost));
    sim::Summary s;
    s.mean = stats.mean();
    sim::student_interval(stats, s.sd, s.ci95_low, s.ci95_high);
    if (!(0.5 * (s.ci95_high - s.ci95_low) <= rel * std::abs(s.mean))) return false;
  }
  return true;
}

}  // namespace

std::optional<int> run_batches(const RunOptions& ro, const Cluster& cluster,
                               const LoadedScenario& loaded, const models::ModelSetup& setup,
                               const std::vector<std::size_t>& policies,
                               models::ExperimentOptions eo, Progress& progress,
                               models::ExperimentResult& result) {
  const CommonOptions& o = ro.common;
  const auto total = static_cast<std::uint64_t>(loaded.scenario.scenario.replications);
  // With --target-ci, batches of the file's replications until every policy's total_cost
  // interval is within the target (or the maximum is reached).
  // The default cap (100 batches) never passes the replication limit.
  const std::uint64_t limit =
      ro.target_ci > 0
          ? std::max(total, ro.max_replications ? ro.max_replications
                                                : std::min(100 * total, kMaxReplications))
          : total;
  // While replications run, a signal stops them within a second and what finished is saved.
  // Outside this scope (summaries) it ends the process at once, as nothing is written yet;
  // OutputDir defers it again while it writes, to remove what it began.
  std::optional<DeferInterrupts> defer(std::in_place);
  while (result.replications_done < limit) {
    eo.first_replication = result.replications_done;
    eo.replications = std::min(total, limit - result.replications_done);
    const std::uint64_t before = result.replications_done;
    eo.progress = [&](double d, std::uint64_t) {
      progress.update(static_cast<double>(before) + d, limit);
    };
    extend_on_cluster(setup, eo, cluster, result);
    if (result.cancelled) {
      if (cluster.rank != 0) return interrupted_exit_code();
      if (!o.out_dir.empty() && cluster.size == 1 && ro.target_ci <= 0) {
        {
          const SavingProgress saving;  // written despite the signal (a second one ends it)
          write_checkpoint(o.out_dir, loaded, setup, policies, result);
        }
        fmt::print(stderr,
                   "jitsim: interrupted after {} of {} replications; no results written; "
                   "progress saved in {}/{}: run the same command with --resume to continue\n",
                   result.replications_done, limit, o.out_dir, kCheckpointFolder);
      } else {
        fmt::print(stderr, "jitsim: interrupted after {} of {} replications; nothing written\n",
                   result.replications_done, limit);
      }
      return interrupted_exit_code();
    }
    if (ro.target_ci <= 0) break;
    // Only rank 0 holds the results: it decides, and every rank follows.
    if (!root_decides(cluster, cluster.rank == 0 && !precise_enough(result, ro.target_ci))) break;
  }
  defer.reset();
  if (interrupted()) return interrupted_exit_code();  // just after the last replication
  if (cluster.rank != 0) return kSuccess;
  if (ro.target_ci > 0 && !o.quiet) {
    fmt::print(stderr, "target-ci {}: {} with {} replications per policy\n", ro.target_ci,
               precise_enough(result, ro.target_ci) ? "reached" : "NOT reached (maximum)",
               result.replications_done);
  }
  return std::nullopt;
}

}  // namespace jitsim::cli
