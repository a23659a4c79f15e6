// File: models/cli/run_command.cpp
// `jitsim run`: Monte Carlo of every policy side by side (alone, under mpirun, or as one shard
// of a batch that `jitsim merge` puts back together).
#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "models/cli/checkpoint.h"
#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/output_dir.h"
#include "models/cli/run_outputs.h"
#include "models/csv.h"
#include "models/experiment.h"
#include "models/report.h"

namespace jitsim::cli {

namespace {

struct RunOptions {
  CommonOptions common;
  std::string shard;  // "i/n", 1-based
  double target_ci = 0;
  std::uint64_t max_replications = 0;
  std::string timeseries;  // "" or "daily"
  bool resume = false;
};

// What DIR holds already: no completed run, this very run completed, or another run. A completed
// run is known by its outputs: the resolved scenario (which fixes -n, --seed and every --set) and
// the policies summary.csv reports, in their order.
enum class Completed { none, this_run, other_run };
Completed completed_here(const std::string& out_dir, const LoadedScenario& loaded,
                         const std::vector<std::size_t>& policies) {
  namespace fs = std::filesystem;
  const std::string scenario = out_dir + "/scenario.resolved.toml",
                    summary = out_dir + "/summary.csv";
  if (!fs::exists(out_dir + "/run.json")) return Completed::none;
  if (!fs::exists(scenario) || !fs::exists(summary) ||
      read_text(scenario) != loaded.resolved_toml) {
    return Completed::other_run;
  }
  const models::CsvTable table = models::parse_csv(read_text(summary));
  const std::ptrdiff_t column = table.column_index("policy");
  if (!table.ok() || column < 0) return Completed::other_run;
  std::vector<std::string> reported;
  for (const auto& row : table.rows) {
    const std::string& name = row[static_cast<std::size_t>(column)].text;
    if (reported.empty() || reported.back() != name) reported.push_back(name);
  }
  return reported == policy_names(loaded.scenario, policies) ? Completed::this_run
                                                             : Completed::other_run;
}

// Whether every policy's total_cost interval is within `rel` of its mean.
bool precise_enough(const models::ExperimentResult& r, double rel) {
  for (const models::PolicyResults& p : r.policies) {
    std::vector<double> cost;
    for (const auto& v : p.runs)
      cost.push_back(v[static_cast<std::size_t>(models::Metric::total_cost)]);
    const sim::Summary s = sim::summarize(cost);
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
    const models::ExperimentResult result = models::run_experiment(setup, eo);
    if (result.cancelled) {
      fmt::print(stderr, "jitsim: interrupted after {} of {} replications; nothing written\n",
                 result.replications_done, eo.replications);
      return kInterrupted;
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
  const std::uint64_t limit =
      ro.target_ci > 0 ? std::max(total, ro.max_replications ? ro.max_replications : 100 * total)
                       : total;
  models::ExperimentResult result;
  if (ro.resume && read_checkpoint(o.out_dir, *loaded, policies, result)) {
    if (!o.quiet) {
      fmt::print(stderr, "resuming after {} of {} replications from {}/{}\n",
                 result.replications_done, total, o.out_dir, kCheckpointFolder);
    }
  } else if (const Completed done =
                 ro.resume ? completed_here(o.out_dir, *loaded, policies) : Completed::none;
             done == Completed::this_run) {
    fmt::print(stderr, "{} already holds this completed run; nothing to do\n", o.out_dir);
    return kSuccess;
  } else if (done == Completed::other_run) {
    throw UsageError(
        fmt::format("--resume: {} holds the results of another run (other "
                    "scenario, --set, -n, --seed or --policy); nothing to resume there",
                    o.out_dir));
  } else {
    result.policies.resize(policies.size());
    if (eo.per_sku) {
      for (auto& p : result.policies) p.per_sku.assign(sc.skus.size(), models::SkuStats{});
    }
  }
  while (result.replications_done < limit) {
    eo.first_replication = result.replications_done;
    eo.replications = std::min(total, limit - result.replications_done);
    const std::uint64_t before = result.replications_done;
    eo.progress = [&](std::uint64_t d, std::uint64_t) { progress.update(before + d, limit); };
    extend_on_cluster(setup, eo, cluster, result);
    if (result.cancelled) {
      if (cluster.rank != 0) return kInterrupted;
      if (!o.out_dir.empty() && cluster.size == 1 && ro.target_ci <= 0) {
        write_checkpoint(o.out_dir, *loaded, policies, result);
        fmt::print(stderr,
                   "jitsim: interrupted after {} of {} replications; no results written; "
                   "progress saved in {}/{}: run the same command with --resume to continue\n",
                   result.replications_done, limit, o.out_dir, kCheckpointFolder);
      } else {
        fmt::print(stderr, "jitsim: interrupted after {} of {} replications; nothing written\n",
                   result.replications_done, limit);
      }
      return kInterrupted;
    }
    if (ro.target_ci <= 0) break;
    if (cluster.rank == 0 && precise_enough(result, ro.target_ci)) break;
    if (cluster.rank != 0) break;  // only rank 0 holds the results; it decides alone
  }
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
                  "Upper bound for --target-ci (default 100 x the batch)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
  cmd->footer(
      "Examples:\n"
      "  jitsim run scenarios/baseline.toml\n"
      "  jitsim run scenarios/baseline.toml -n 200 --policy jit --policy jic --out results/\n"
      "  jitsim run scenarios/baseline.toml --set costs.order_cost=80 --format json\n"
      "  jitsim run scenarios/baseline.toml --target-ci 0.01\n"
      "  mpirun -np 8 jitsim run scenarios/baseline.toml -n 100000 --out results/\n"
      "  jitsim run scenarios/baseline.toml -n 10000 --shard 3/8 --out shard3/\n"
      "Interrupted with Ctrl-C, a run with --out keeps what it finished in DIR/checkpoint/;\n"
      "the same command with --resume continues and writes the bytes of an uninterrupted run.\n"
      "The table's cost rows add up to total_cost (overflow_cost, spoilage_cost and\n"
      "spoiled_units appear where some policy has any); purchase_cost is not part of it.");
  return {cmd, [o, &cluster] { return run(*o, cluster); }};
}

}  // namespace jitsim::cli
