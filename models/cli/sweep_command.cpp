// File: models/cli/sweep_command.cpp
// `jitsim sweep`: cost curves. Every value (or grid point of two parameters) x every policy,
// with common random numbers across values too (the seed does not change with the value).
// The axes and their checks are in sweep_axes.*, --shard's block in shard.*.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "models/agents/experiment.h"
#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/run_outputs.h"
#include "models/cli/shard.h"
#include "models/cli/sweep_axes.h"
#include "models/io/sha256.h"
#include "models/io/sweep_values.h"
#include "models/results/report.h"

namespace jitsim::cli {

namespace {

// What decides one policy's results at a sweep point: the resolved scenario outside its
// [[policies]] entries, and that policy's entry (the writer puts each entry, with its
// [policies.*] sub-tables, under its own [[policies]] header). Two points with the same
// signature for a policy give it the same results (the random futures do not depend on the
// point), so it runs once.
std::vector<std::string> policy_signatures(const std::string& resolved, std::size_t count) {
  std::string rest;
  std::vector<std::string> entries;
  std::string* into = &rest;
  std::size_t begin = 0;
  while (begin < resolved.size()) {
    std::size_t end = resolved.find('\n', begin);
    end = end == std::string::npos ? resolved.size() : end + 1;
    const std::string_view line(resolved.data() + begin, end - begin);
    if (line.starts_with("[[policies]]")) {
      into = &entries.emplace_back();
    } else if (line.starts_with("[") && !line.starts_with("[policies.")) {
      into = &rest;
    }
    into->append(line);
    begin = end;
  }
  if (entries.size() != count) return {};  // not the writer's layout: share nothing
  // Kept as digests: a large catalogue's resolved text is megabytes per point.
  for (std::string& e : entries) e = models::sha256_hex(rest + '\0' + e);
  return entries;
}

struct SweepOptions {
  CommonOptions common;
  std::vector<std::string> params, values, ranges;
  std::string shard;        // "i/n", 1-based
  bool per_sku = false;     // also curves_per_sku.csv (runs with the breakdown folded)
  CLI::App* cmd = nullptr;  // to read the order of --param/--values/--range
};

int sweep(SweepOptions& so, const Cluster& cluster) {
  const CommonOptions& o = so.common;
  std::vector<models::SweepAxis> axes =
      axes_from_command_line(*so.cmd, so.params, so.values, so.ranges);
  const auto base = load(o);
  if (!base) return kBadInput;
  const bool from_table = axes.empty();
  if (from_table) axes = base->scenario.sweep;
  check_sweep_axes(axes);
  if (so.per_sku && o.out_dir.empty()) {
    throw UsageError("--per-sku writes curves_per_sku.csv: give --out DIR");
  }
  ShardIndex shard;
  if (!so.shard.empty()) {
    check_shard_has_out_dir(so.shard, o.out_dir);
    if (cluster.size > 1) throw UsageError("--shard and mpirun exclude each other");
    if (so.per_sku) {
      throw UsageError("--per-sku and --shard exclude each other: run the sweep without --shard");
    }
    shard = parse_shard(so.shard);
  }
  // A text value the key does not take (signal_batching = "weekly") stops the sweep before
  // any point runs or writes: each value loaded once, the other axes at their first value.
  for (std::size_t k = 0; k < axes.size(); ++k) {
    if (!axes[k].categorical()) continue;
    std::vector<double> at(axes.size());
    for (std::size_t j = 0; j < axes.size(); ++j) at[j] = axes[j].values.front();
    for (const double v : axes[k].values) {
      at[k] = v;
      if (!load(o, point_overrides(axes, at))) {
        if (from_table) {
          fmt::print(stderr, "jitsim sweep: the value {} of {} is the scenario's [sweep]\n",
                     models::sweep_value_toml(axes[k], v), axes[k].parameter);
        }
        return kBadInput;
      }
    }
  }

  std::vector<SweepPoint> points;
  for (const double a : axes[0].values) {
    if (axes.size() == 1) {
      points.push_back({{a}, {}, {}, {}, {}});
    } else {
      for (const double b : axes[1].values) points.push_back({{a, b}, {}, {}, {}, {}});
    }
  }
  Progress progress("sweep", !o.quiet && cluster.rank == 0);
  const auto reps = static_cast<std::uint64_t>(base->scenario.scenario.replications);
  std::uint64_t done_before = 0;
  const std::uint64_t total = reps * points.size();
  // Policies the swept keys do not touch run once: the signatures run so far (every process
  // decides alike), and on the reporting one their results.
  std::set<std::string> seen;
  std::map<std::string, models::PolicyResults> ran;
  for (std::size_t pi = 0; pi < points.size(); ++pi) {
    const auto loaded = load(o, point_overrides(axes, points[pi].values));
    if (!loaded) return kBadInput;
    if (interrupted()) return interrupted_exit_code();  // a signal came while saving nothing
    const models::Scenario& sc = loaded->scenario;
    const std::vector<std::size_t> policies = select_policies(sc, o.policies);
    const std::vector<std::string> signatures =
        policy_signatures(loaded->resolved_toml, sc.policies.size());
    const models::ModelSetup setup(sc);
    models::ExperimentOptions eo;
    for (const std::size_t p : policies) {
      if (signatures.empty() || seen.insert(signatures[p]).second) eo.policies.push_back(p);
    }
    eo.replications = static_cast<std::uint64_t>(sc.scenario.replications);
    if (shard.given()) restrict_to_shard(eo, eo.replications, shard);  // this point's block
    eo.threads = thread_count(o);
    eo.check_invariants = o.check_invariants;
    eo.breakdown = so.per_sku;  // per item-location only when asked: it costs memory and time
    eo.cancel = &interrupted();
    eo.progress = [&](double d, std::uint64_t) {
      progress.update(static_cast<double>(done_before) + d, total);
    };
    const double start = now_seconds();
    models::ExperimentResult result;
    result.first_replication = eo.first_replication;
    result.policies.resize(eo.policies.size());
    if (eo.breakdown) {  // extend folds into it: sized before the first replication
      const std::size_t size = models::BreakdownLayout(setup).size();
      for (auto& p : result.policies) p.breakdown.assign(size, {});
    }
    if (!eo.policies.empty()) {
      const DeferInterrupts defer;  // stop between events, not at once
      extend_on_cluster(setup, eo, cluster, result);
    } else {
      result.replications_done = eo.replications;
    }
    if (cluster.rank != 0) {
      if (result.cancelled) return interrupted_exit_code();
      continue;  // rank 0 alone reports
    }
    if (result.cancelled) {
      fmt::print(stderr, "jitsim: interrupted at sweep point {} of {}; nothing written\n", pi + 1,
                 points.size());
      return interrupted_exit_code();
    }
    done_before += eo.replications;
    // Every selected policy, in order: those just run, then kept for later points, or kept.
    std::vector<models::PolicyResults> all;
    for (std::size_t k = 0, fresh = 0; k < policies.size(); ++k) {
      if (fresh < eo.policies.size() && eo.policies[fresh] == policies[k]) {
        if (!signatures.empty()) ran[signatures[policies[k]]] = result.policies[fresh];
        all.push_back(std::move(result.policies[fresh++]));
      } else {
        all.push_back(ran.at(signatures[policies[k]]));
      }
    }
    result.policies = std::move(all);
    if (shard.given()) {
      write_shard(fmt::format("{}/point-{:04}", o.out_dir, pi), *loaded, setup, policies, result,
                  shard.index, shard.count, static_cast<std::uint64_t>(sc.scenario.replications));
      continue;
    }
    points[pi].report = models::make_report(sc, policies, result);
    points[pi].report.scenario_sha256 = models::sha256_hex(loaded->resolved_toml);
    points[pi].report.wall_seconds = now_seconds() - start;
    keep_sweep_tails(points[pi], result);
    if (so.per_sku) keep_sweep_per_sku(points[pi], setup, policies, result);
  }
  if (cluster.rank != 0) return kSuccess;
  if (shard.given()) {
    write_sweep_shard_manifest(o.out_dir, *base, axes, points.size(), shard.index, shard.count);
    if (!o.quiet) {
      fmt::print(stderr, "sweep shard {}/{}: {} points written to {}\n", shard.index, shard.count,
                 points.size(), o.out_dir);
    }
    return kSuccess;
  }
  write_sweep_outputs(
      o, axes, points, reps, base->resolved_toml,
      run_identity(*base,
                   policy_names(base->scenario, select_policies(base->scenario, o.policies))),
      so.per_sku);
  return kSuccess;
}

}  // namespace

Subcommand add_sweep_command(CLI::App& app, const Cluster& cluster) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Cost curves: run over a parameter's values (--param with --values or --range)");
  o->cmd = cmd;
  add_common_options(*cmd, o->common);
  cmd->add_option("--param", o->params, "A key path to sweep, as --set takes it (twice: a grid)");
  cmd->add_option("--values", o->values,
                  "Comma-separated values of the preceding --param: numbers, true/false, or words "
                  "(text, e.g. backorder,lost_sales)");
  cmd->add_option("--range", o->ranges, "FROM:TO:STEP values of the preceding --param");
  cmd->add_flag("--per-sku", o->per_sku,
                "Also write curves_per_sku.csv: total_cost and fill_rate per item-location at "
                "every point (needs --out)");
  cmd->add_option("--shard", o->shard,
                  "Run block I of N of every point's replications into --out; combine the "
                  "blocks with 'jitsim merge'");
  cmd->footer(
      "Without --param, the scenario's [sweep] table is used. Policies the swept keys do not "
      "touch run once and keep their results at every point.\n"
      "Examples:\n"
      "  jitsim sweep scenarios/shipping_delay_2022.toml --param "
      "shocks.port-congestion-2022.delay_factor --values 1,1.1,1.23,1.5,2 --out curves/\n"
      "  jitsim sweep scenarios/baseline.toml --param policies.jic.service_level --range "
      "0.9:0.99:0.03 --param costs.order_cost --values 25,50,100\n"
      "  jitsim sweep scenarios/baseline.toml --param warehouse.unmet_demand --values "
      "backorder,lost_sales");
  return {cmd, [o, &cluster] { return sweep(*o, cluster); }};
}

}  // namespace jitsim::cli
