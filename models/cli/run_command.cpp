// File: models/cli/run_command.cpp
// `jitsim run`: Monte Carlo of every policy side by side (alone, under mpirun, or as one shard
// of a batch that `jitsim merge` puts back together). This file holds the options and the
// order of the steps; each step is in a file of its own: run_options.* (checks of the options),
// run_shard.* (--shard), run_resume.* (--resume), run_batches.* (the replication loop).
#include <memory>

#include "models/agents/experiment.h"
#include "models/cli/checkpoint.h"
#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/run_batches.h"
#include "models/cli/run_options.h"
#include "models/cli/run_outputs.h"
#include "models/cli/run_resume.h"
#include "models/cli/run_shard.h"

namespace jitsim::cli {

namespace {

int run(const RunOptions& ro, const Cluster& cluster) {
  const CommonOptions& o = ro.common;
  const auto loaded = load(o);
  if (!loaded) return kBadInput;
  const models::Scenario& sc = loaded->scenario;
  const std::vector<std::size_t> policies = select_policies(sc, o.policies);
  const models::ModelSetup setup(sc);
  const ShardIndex shard = check_run_options(ro, cluster);

  models::ExperimentOptions eo;
  eo.policies = policies;
  eo.threads = thread_count(o);
  eo.check_invariants = o.check_invariants;
  eo.breakdown = !o.out_dir.empty();
  eo.timeseries = !ro.timeseries.empty();
  eo.cancel = &interrupted();
  Progress progress("run", !o.quiet && cluster.rank == 0);
  const double start = now_seconds();

  // One contiguous block; merge puts the blocks together.
  if (shard.given()) return run_shard(o, *loaded, setup, policies, eo, shard, progress);

  models::ExperimentResult result;
  const RunStart from =
      ro.resume ? resume_run(o, *loaded, setup, policies, result) : RunStart::fresh;
  if (from == RunStart::already_complete) return kSuccess;
  if (from == RunStart::fresh) {
    result.policies.resize(policies.size());
    if (eo.breakdown) {
      const std::size_t size = models::BreakdownLayout(setup).size();
      for (auto& p : result.policies) p.breakdown.assign(size, {});
    }
  }
  if (const auto code = run_batches(ro, cluster, *loaded, setup, policies, eo, progress, result)) {
    return *code;
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
      ->check(CLI::Range(std::uint64_t{1}, kMaxReplications));
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
