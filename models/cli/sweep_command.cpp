// File: models/cli/sweep_command.cpp
// `jitsim sweep`: cost curves. Every value (or grid point of two parameters) x every policy,
// with common random numbers across values too (the seed does not change with the value).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "models/agents/experiment.h"
#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/output_dir.h"
#include "models/cli/run_outputs.h"
#include "models/io/limits.h"
#include "models/io/sha256.h"
#include "models/results/report.h"

namespace jitsim::cli {

namespace {

struct SweepOptions {
  CommonOptions common;
  std::vector<std::string> params, values, ranges;
  std::string shard;        // "i/n", 1-based
  CLI::App* cmd = nullptr;  // to read the order of --param/--values/--range
};

double parse_number(std::string_view text, std::string_view flag) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) {
    throw UsageError(fmt::format("{}: '{}' is not a number", flag, text));
  }
  return x;
}

std::vector<double> parse_values(std::string_view text) {
  // Counted before anything is allocated: a grid holds at most max_grid_points points.
  const auto count = static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1;
  if (count > models::limits::max_grid_points) {
    throw UsageError(fmt::format("--values: {} values; a sweep grid holds at most {} points", count,
                                 models::limits::max_grid_points));
  }
  std::vector<double> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    out.push_back(parse_number(text.substr(start, comma - start), "--values"));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<double> parse_range(std::string_view text) {
  const std::size_t a = text.find(':');
  const std::size_t b = a == std::string_view::npos ? a : text.find(':', a + 1);
  if (b == std::string_view::npos)
    throw UsageError(fmt::format("--range {}: expected FROM:TO:STEP", text));
  const double from = parse_number(text.substr(0, a), "--range");
  const double to = parse_number(text.substr(a + 1, b - a - 1), "--range");
  const double step = parse_number(text.substr(b + 1), "--range");
  if (!(step > 0) || to < from) {
    throw UsageError(fmt::format("--range {}: need FROM <= TO and STEP > 0", text));
  }
  const double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > static_cast<double>(models::limits::max_grid_points)) {
    throw UsageError(fmt::format("--range {}: {} values; a sweep grid holds at most {} points",
                                 text, count, models::limits::max_grid_points));
  }
  std::vector<double> out;
  for (int i = 0; i < static_cast<int>(count); ++i) {
    // 12 significant digits: 0.7 + 1 x 0.1 is 0.8 as typed, not 0.7999999999999999.
    const std::string rounded = fmt::format("{:.12g}", from + i * step);
    out.push_back(std::strtod(rounded.c_str(), nullptr));
  }
  return out;
}

// Pairs each --param with the --values or --range that follows it on the command line.
std::vector<models::SweepAxis> axes_from_command_line(const SweepOptions& so) {
  std::vector<models::SweepAxis> axes;
  std::size_t p = 0, v = 0, r = 0;
  for (const CLI::Option* opt : so.cmd->parse_order()) {  // one entry per occurrence
    const std::string name = opt->get_name();
    const bool values = name == "--values";
    if (name == "--param") {
      axes.push_back({so.params.at(p++), {}});
    } else if (values || name == "--range") {
      if (axes.empty() || !axes.back().values.empty()) {
        throw UsageError("sweep: give one --values or --range after each --param");
      }
      axes.back().values =
          values ? parse_values(so.values.at(v++)) : parse_range(so.ranges.at(r++));
    }
  }
  for (const models::SweepAxis& axis : axes) {
    if (axis.values.empty())
      throw UsageError("sweep: give one --values or --range after each --param");
  }
  return axes;
}

int sweep(SweepOptions& so, const Cluster& cluster) {
  const CommonOptions& o = so.common;
  std::vector<models::SweepAxis> axes = axes_from_command_line(so);
  const auto base = load(o);
  if (!base) return kBadInput;
  if (axes.empty()) axes = base->scenario.sweep;
  if (axes.empty()) throw UsageError("sweep: no --param given and the scenario has no [sweep]");
  if (axes.size() > 2) throw UsageError("sweep: at most two parameters (a grid)");
  double grid = 1;
  for (const models::SweepAxis& a : axes) grid *= static_cast<double>(a.values.size());
  if (grid > static_cast<double>(models::limits::max_grid_points)) {
    throw UsageError(
        fmt::format("sweep: a grid of {} points; the limit is {} (the product of "
                    "the parameters' value counts)",
                    grid, models::limits::max_grid_points));
  }
  std::pair<std::uint64_t, std::uint64_t> shard{0, 0};
  if (!so.shard.empty()) {
    if (o.out_dir.empty()) throw UsageError("--shard needs --out DIR");
    if (cluster.size > 1) throw UsageError("--shard and mpirun exclude each other");
    shard = parse_shard(so.shard);
  }

  std::vector<SweepPoint> points;
  for (const double a : axes[0].values) {
    if (axes.size() == 1) {
      points.push_back({{a}, {}});
    } else {
      for (const double b : axes[1].values) points.push_back({{a, b}, {}});
    }
  }
  Progress progress("sweep", !o.quiet && cluster.rank == 0);
  const auto reps = static_cast<std::uint64_t>(base->scenario.scenario.replications);
  std::uint64_t done_before = 0;
  const std::uint64_t total = reps * points.size();
  for (std::size_t pi = 0; pi < points.size(); ++pi) {
    const auto loaded = load(o, point_overrides(axes, points[pi].values));
    if (!loaded) return kBadInput;
    if (interrupted()) return interrupted_exit_code();  // a signal came while saving nothing
    const models::Scenario& sc = loaded->scenario;
    const std::vector<std::size_t> policies = select_policies(sc, o.policies);
    const models::ModelSetup setup(sc);
    models::ExperimentOptions eo;
    eo.policies = policies;
    eo.replications = static_cast<std::uint64_t>(sc.scenario.replications);
    if (shard.second) {  // block I of N of this point's replications
      const auto [begin, end] = block_of(eo.replications, shard.first - 1, shard.second);
      eo.first_replication = begin;
      eo.replications = end - begin;
    }
    eo.threads = thread_count(o);
    eo.check_invariants = o.check_invariants;
    eo.per_sku = false;
    eo.cancel = &interrupted();
    eo.progress = [&](std::uint64_t d, std::uint64_t) { progress.update(done_before + d, total); };
    const double start = now_seconds();
    models::ExperimentResult result;
    result.first_replication = eo.first_replication;
    result.policies.resize(policies.size());
    {
      const DeferInterrupts defer;  // stop between events, not at once
      extend_on_cluster(setup, eo, cluster, result);
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
    if (shard.second) {
      write_shard(fmt::format("{}/point-{:04}", o.out_dir, pi), *loaded, policies, result,
                  shard.first, shard.second, static_cast<std::uint64_t>(sc.scenario.replications));
      continue;
    }
    points[pi].report = models::make_report(sc, policies, result);
    points[pi].report.scenario_sha256 = models::sha256_hex(loaded->resolved_toml);
    points[pi].report.wall_seconds = now_seconds() - start;
  }
  if (cluster.rank != 0) return kSuccess;
  if (shard.second) {
    write_sweep_shard_manifest(o.out_dir, *base, axes, points.size(), shard.first, shard.second);
    if (!o.quiet) {
      fmt::print(stderr, "sweep shard {}/{}: {} points written to {}\n", shard.first, shard.second,
                 points.size(), o.out_dir);
    }
    return kSuccess;
  }
  write_sweep_outputs(
      o, axes, points, reps, base->resolved_toml,
      run_identity(*base,
                   policy_names(base->scenario, select_policies(base->scenario, o.policies))));
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
  cmd->add_option("--values", o->values, "Comma-separated values of the preceding --param");
  cmd->add_option("--range", o->ranges, "FROM:TO:STEP values of the preceding --param");
  cmd->add_option("--shard", o->shard,
                  "Run block I of N of every point's replications into --out; combine the "
                  "blocks with 'jitsim merge'");
  cmd->footer(
      "Without --param, the scenario's [sweep] table is used.\n"
      "Examples:\n"
      "  jitsim sweep scenarios/shipping_delay_2022.toml --param "
      "shocks.port-congestion-2022.delay_factor --values 1,1.1,1.23,1.5,2 --out curves/\n"
      "  jitsim sweep scenarios/baseline.toml --param policies.jic.service_level --range "
      "0.9:0.99:0.03 --param costs.order_cost --values 25,50,100");
  return {cmd, [o, &cluster] { return sweep(*o, cluster); }};
}

}  // namespace jitsim::cli
