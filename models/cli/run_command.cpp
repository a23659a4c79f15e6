// File: models/cli/run_command.cpp
// `jitsim run`: Monte Carlo of every policy side by side (alone, under mpirun, or as one shard
// of a batch that `jitsim merge` puts back together).
#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "models/agents/experiment.h"
#include "models/cli/checkpoint.h"
#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/cli/run_outputs.h"
#include "models/io/csv.h"
#include "models/results/report.h"
#include "sim/log_summary.h"

namespace jitsim::cli {

namespace {

constexpr std::uint64_t kMaxReplications = 10'000'000;  // the contract's limit

struct RunOptions {
  CommonOptions common;
  std::string shard;  // "i/n", 1-based
  double target_ci = 0;
  std::uint64_t max_replications = 0;
  std::string timeseries;  // "" or "daily"
  bool resume = false;
};

// What DIR holds already: no completed run, this very run completed, or another run. A
// completed run is a verified set (a torn, edited or mixed one is refused) whose identity says
// which run made it: resolved scenario, input file contents and policies.
enum class Completed { none, this_run, other_run };
Completed completed_here(const std::string& out_dir, const LoadedScenario& loaded,
                         const std::vector<std::size_t>& policies, std::string& why) {
  namespace fs = std::filesystem;
  static const std::vector<std::string> kRunFiles{
      "summary.csv", "replications.csv",       "paired.csv",     "per_sku.csv",
      "run.json",    "scenario.resolved.toml", "timeseries.csv", "timeseries_summary.csv"};
  const bool any = has_manifest(out_dir) ||
                   std::any_of(kRunFiles.begin(), kRunFiles.end(),
                               [&](const std::string& f) { return fs::exists(out_dir + "/" + f); });
  if (!any) return Completed::none;
  const FileSet set = verify_file_set(
      out_dir, "run",
      fmt::format("run without --resume to write {} afresh, or use another --out", out_dir),
      kRunFiles);
  why = identity_difference(run_identity(loaded, policy_names(loaded.scenario, policies)),
                            set.identity);
  return why.empty() ? Completed::this_run : Completed::other_run;
}

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

int run(const RunOptions& ro, const Cluster& cluster) {
  const CommonOptions& o = ro.common;
  const auto loaded = load(o);
  if (!loaded) return kBadInput;
  const models::Scenario& sc = loaded->scenario;
  const std::vector<std::size_t> policies = select_policies(sc, o.policies);
  const models::ModelSetup setup(sc);
  const auto total = static_cast<std::uint64_t>(sc.scenario.replications);
  if (!ro.shard.empty() && o.out_dir.empty()) throw UsageError("--shard needs --out DIR");
  if (!ro.shard.empty() && ro.target_ci > 0) {
    throw UsageError("--shard and --target-ci exclude each other");
  }
  if (ro.resume && (o.out_dir.empty() || !ro.shard.empty() || cluster.size > 1 ||
                    ro.target_ci > 0 || !ro.timeseries.empty())) {
    throw UsageError(
        "--resume needs --out DIR and a plain single-process run (no --shard, "
        "mpirun, --target-ci or --timeseries)");
  }
  if (!ro.timeseries.empty() && (o.out_dir.empty() || !ro.shard.empty() || cluster.size > 1)) {
    throw UsageError("--timeseries needs --out DIR and a single process (no --shard, no mpirun)");
  }

  models::ExperimentOptions eo;
  eo.policies = policies;
  eo.threads = thread_count(o);
  eo.check_invariants = o.check_invariants;
  eo.per_sku = !o.out_dir.empty();
  eo.timeseries = !ro.timeseries.empty();
  eo.cancel = &interrupted();
  Progress progress("run", !o.quiet && cluster.rank == 0);
  const double start = now_seconds();

  if (!ro.shard.empty()) {  // one contiguous block; merge puts the blocks together
    const auto [i, n] = parse_shard(ro.shard);
    const auto [begin, end] = block_of(total, i - 1, n);
    eo.first_replication = begin;
    eo.replications = end - begin;
    eo.keep_sku_runs = true;
    eo.progress = [&](std::uint64_t d, std::uint64_t t) { progress.update(d, t); };
    const models::ExperimentResult result = [&] {
      const DeferInterrupts defer;  // a signal stops the replications between events
      return models::run_experiment(setup, eo);
    }();
    if (result.cancelled) {
      fmt::print(stderr, "jitsim: interrupted after {} of {} replications; nothing written\n",
                 result.replications_done, eo.replications);
      return interrupted_exit_code();
    }
    write_shard(o.out_dir, *loaded, policies, result, i, n, total);
    if (!o.quiet) {
      fmt::print(stderr, "shard {}/{}: replications {}..{} written to {}\n", i, n, begin,
                 end == 0 ? 0 : end - 1, o.out_dir);
    }
    return kSuccess;
  }

  // With --target-ci, batches of the file's replications until every policy's total_cost
  // interval is within the target (or the maximum is reached).
  // The default cap (100 batches) never passes the replication limit.
  const std::uint64_t limit =
      ro.target_ci > 0
          ? std::max(total, ro.max_replications ? ro.max_replications
                                                : std::min(100 * total, kMaxReplications))
          : total;
  models::ExperimentResult result;
  std::string why;  // how the run in --out differs from this one
  if (ro.resume && read_checkpoint(o.out_dir, *loaded, policies, result)) {
    if (!o.quiet) {
      fmt::print(stderr, "resuming after {} of {} replications from {}/{}\n",
                 result.replications_done, total, o.out_dir, kCheckpointFolder);
    }
  } else if (const Completed done =
                 ro.resume ? completed_here(o.out_dir, *loaded, policies, why) : Completed::none;
             done == Completed::this_run) {
    fmt::print(stderr, "{} already holds this completed run; nothing to do\n", o.out_dir);
    return kSuccess;
  } else if (done == Completed::other_run) {
    throw UsageError(
        fmt::format("--resume: {} holds the results of another run ({}); nothing to resume there",
                    o.out_dir, why));
  } else {
    result.policies.resize(policies.size());
    if (eo.per_sku) {
      for (auto& p : result.policies) p.per_sku.assign(sc.skus.size(), models::SkuStats{});
    }
  }
  // While replications run, a signal stops them within a second and what finished is saved.
  // Outside this scope (summaries) it ends the process at once, as nothing is written yet;
  // OutputDir defers it again while it writes, to remove what it began.
  std::optional<DeferInterrupts> defer(std::in_place);
  while (result.replications_done < limit) {
    eo.first_replication = result.replications_done;
    eo.replications = std::min(total, limit - result.replications_done);
    const std::uint64_t before = result.replications_done;
    eo.progress = [&](std::uint64_t d, std::uint64_t) { progress.update(before + d, limit); };
    extend_on_cluster(setup, eo, cluster, result);
    if (result.cancelled) {
      if (cluster.rank != 0) return interrupted_exit_code();
      if (!o.out_dir.empty() && cluster.size == 1 && ro.target_ci <= 0) {
        {
          const SavingProgress saving;  // written despite the signal (a second one ends it)
          write_checkpoint(o.out_dir, *loaded, policies, result);
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
  write_run_outputs(o, *loaded, setup, policies, result, now_seconds() - start);
  if (!o.out_dir.empty()) remove_checkpoint(o.out_dir);
  return kSuccess;
}

}  // namespace

Subcommand add_run_command(CLI::App& app, const Cluster& cluster) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd =
      app.add_subcommand("run", "Monte Carlo of every policy (or --policy P ...) side by side");
  add_common_options(*cmd, o->common);
  cmd->add_option("--shard", o->shard,
                  "Run block I of N of the replications (1-based, e.g. 2/8) into --out; "
                  "combine the blocks with 'jitsim merge'");
  cmd->add_option("--target-ci", o->target_ci,
                  "Add replications in batches until every policy's total_cost 95 % half-width "
                  "is below REL x its mean")
      ->check(CLI::Range(1e-9, 1.0));
  cmd->add_option("--timeseries", o->timeseries,
                  "Also write timeseries.csv and timeseries_summary.csv (daily stock, backlog, "
                  "on order, fill rate and cost) into --out")
      ->check(CLI::IsMember({"daily"}));
  cmd->add_flag("--resume", o->resume,
                "Continue an interrupted run from DIR/checkpoint (same command and --out); on a "
                "DIR holding this very run completed, do nothing (another run there is refused)");
  cmd->add_option("--max-replications", o->max_replications,
                  "Upper bound for --target-ci (default 100 x the batch, at most 10,000,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
  cmd->footer(
      "Examples:\n"
      "  jitsim run scenarios/baseline.toml\n"
      "  jitsim run scenarios/baseline.toml -n 200 --policy jit --policy jic --out results/\n"
      "  jitsim run scenarios/baseline.toml --set costs.order_cost=80 --format json\n"
      "  jitsim run scenarios/baseline.toml --target-ci 0.01\n"
      "  mpirun -np 8 jitsim run scenarios/baseline.toml -n 100000 --out results/\n"
      "  jitsim run scenarios/baseline.toml -n 10000 --shard 3/8 --out shard3/\n"
      "Interrupted (Ctrl-C, SIGTERM, SIGHUP), a run stops within a second, even inside one long\n"
      "replication, and exits 130, 143 or 129 (128 + the signal; a second signal ends at once);\n"
      "with --out it keeps what it finished in DIR/checkpoint/, and the same command with\n"
      "--resume continues and writes the bytes of an uninterrupted run.\n"
      "Memory does not grow with -n: per-replication values beyond 8 MiB go to a temporary file\n"
      "in $TMPDIR (256 bytes per policy and replication); quantiles stay exact.\n"
      "DIR (and DIR/checkpoint/, and a shard) gets manifest.toml last: each file's size and\n"
      "SHA-256 and the run's identity (resolved scenario, the SHA-256 of every input file:\n"
      "scenario, extends, skus_file, trace CSVs; policies). --resume refuses (exit 2) a folder\n"
      "without it (interrupted write), with a missing or edited file, or of another run,\n"
      "including one whose input files changed since.\n"
      "The table's cost rows add up to total_cost (overflow_cost, spoilage_cost and\n"
      "spoiled_units appear where some policy has any); purchase_cost is not part of it.");
  return {cmd, [o, &cluster] { return run(*o, cluster); }};
}

}  // namespace jitsim::cli
