// File: models/cli/optimize_command.cpp
// `jitsim optimize`: the best setting of one policy's parameters (a grid of --param values) for
// an objective metric under constraints on others, by ranking and selection with common random
// numbers (models/decisions/optimize.h, ranking_selection.h). Prints the candidates; --out
// writes optimize.csv, run.json and scenario.resolved.toml, which `jitsim report` draws.
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/cli/run_outputs.h"
#include "models/cli/sweep_axes.h"
#include "models/decisions/optimize.h"
#include "models/io/limits.h"
#include "models/io/sha256.h"
#include "models/results/json_writer.h"

namespace jitsim::cli {

namespace {

using nlohmann::ordered_json;

struct OptimizeOptions {
  CommonOptions common;
  std::vector<std::string> params, values, ranges, constraints;
  std::string objective = "total_cost";
  double tolerance = 0.005;
  std::optional<std::int64_t> budget;
  CLI::App* cmd = nullptr;
};

// The --param axes, with sweep_axes' messages naming this command.
std::vector<models::SweepAxis> optimize_axes(const OptimizeOptions& oo) {
  std::vector<models::SweepAxis> axes;
  try {
    axes = axes_from_command_line(*oo.cmd, oo.params, oo.values, oo.ranges);
  } catch (const UsageError& e) {
    std::string message = e.what();
    if (message.starts_with("sweep: ")) message = "optimize: " + message.substr(7);
    throw UsageError(message);
  }
  if (axes.empty())
    throw UsageError("optimize: give at least one --param with --values or --range");
  std::set<std::string> seen;
  for (const models::SweepAxis& a : axes) {
    // The indifference zone, the candidates' table and optimize.csv are of numbers; text
    // choices are compared by `jitsim sweep` (with the same random futures).
    if (a.categorical()) {
      throw UsageError(fmt::format(
          "optimize: --param {}: text values ({}, ...) are not searched; optimize takes numbers "
          "(compare text values with: jitsim sweep SCENARIO --param {} --values ...)",
          a.parameter, a.labels.front(), a.parameter));
    }
    if (!seen.insert(a.parameter).second) {
      throw UsageError(fmt::format("optimize: --param {} is given twice", a.parameter));
    }
  }
  const double grid = models::grid_size(axes);
  if (grid > static_cast<double>(models::limits::max_grid_points)) {
    throw UsageError(
        fmt::format("optimize: a grid of {} candidates; the limit is {} (the product "
                    "of the parameters' value counts)",
                    grid, models::limits::max_grid_points));
  }
  return axes;
}

models::OptimizeProblem problem_from(const OptimizeOptions& oo,
                                     std::vector<models::SweepAxis> axes) {
  models::OptimizeProblem p;
  p.params = std::move(axes);
  const models::Metric* objective = models::find_metric(oo.objective);
  if (objective == nullptr) {
    throw UsageError(fmt::format(
        "--objective {}: no such metric (total_cost, profit, fill_rate, ...: scenarios/README.md "
        "lists them)",
        oo.objective));
  }
  p.objective = *objective;
  for (const std::string& text : oo.constraints) {
    std::string error;
    p.constraints.push_back(models::parse_constraint(text, error));
    if (!error.empty()) throw UsageError(error);
  }
  if (!(oo.tolerance > 0) || !std::isfinite(oo.tolerance) || oo.tolerance >= 1) {
    throw UsageError(
        fmt::format("--tolerance {}: give a fraction in (0, 1), e.g. 0.005", oo.tolerance));
  }
  p.tolerance = oo.tolerance;
  const std::int64_t n0 = oo.common.replications.value_or(10);
  if (n0 < 2) throw UsageError(fmt::format("-n {}: the first stage needs at least 2", n0));
  p.first_stage = static_cast<std::uint64_t>(n0);
  const auto candidates = static_cast<std::uint64_t>(models::grid_size(p.params));
  if (oo.budget) {
    if (*oo.budget < 1 || static_cast<std::uint64_t>(*oo.budget) < p.first_stage * candidates) {
      throw UsageError(fmt::format(
          "--budget {}: at least {} candidates x {} first-stage replications = {} are needed",
          *oo.budget, candidates, p.first_stage, p.first_stage * candidates));
    }
    p.budget = static_cast<std::uint64_t>(*oo.budget);
  } else {
    p.budget = std::max(models::default_budget(candidates), p.first_stage * candidates);
  }
  return p;
}

ordered_json interval(const sim::Summary& s) {
  return {{"mean", s.mean}, {"ci95_low", s.ci95_low}, {"ci95_high", s.ci95_high}};
}

ordered_json params_json(const models::OptimizeProblem& p, const std::vector<double>& values) {
  ordered_json out = ordered_json::object();
  for (std::size_t k = 0; k < p.params.size(); ++k) out[p.params[k].parameter] = values[k];
  return out;
}

ordered_json objective_json(const models::OptimizeProblem& p, const sim::Summary& s) {
  ordered_json o = {{"metric", models::info(p.objective).name}};
  o.update(interval(s));
  return o;
}

std::string optimize_json(const models::OptimizeProblem& p, const models::OptimizeResult& r,
                          const LoadedScenario& base, const std::string& policy, double wall) {
  ordered_json best = nullptr;
  if (r.best >= 0) {
    const models::CandidateReport& b = r.candidates[static_cast<std::size_t>(r.best)];
    ordered_json metrics = ordered_json::object();
    for (std::size_t m = 0; m < models::kMetricCount; ++m) {
      metrics[std::string(models::metric_info()[m].name)] = interval(b.metrics[m]);
    }
    best = {{"params", params_json(p, b.params)},
            {"n", b.replications},
            {"objective", objective_json(p, b.objective)},
            {"metrics", std::move(metrics)}};
  }
  ordered_json candidates = ordered_json::array();
  for (const models::CandidateReport& c : r.candidates) {
    ordered_json constraints = ordered_json::array();
    for (std::size_t j = 0; j < p.constraints.size(); ++j) {
      ordered_json x = {{"constraint", p.constraints[j].text()},
                        {"metric", models::info(p.constraints[j].metric).name}};
      x.update(interval(c.constraints[j]));
      x["decision"] = models::feasibility_name(c.feasibility[j]);
      constraints.push_back(std::move(x));
    }
    candidates.push_back(
        {{"params", params_json(p, c.params)},
         {"n", c.replications},
         {"objective", objective_json(p, c.objective)},
         {"fill_rate", c.metrics[static_cast<std::size_t>(models::Metric::fill_rate)].mean},
         {"constraints", std::move(constraints)},
         {"status", models::status_name(c.status)}});
  }
  ordered_json constraint_texts = ordered_json::array();
  for (const models::MetricConstraint& c : p.constraints) constraint_texts.push_back(c.text());
  const models::Scenario& sc = base.scenario;
  ordered_json procedure = {
      {"jitsim_version", models::kVersion},
      {"scenario", sc.scenario.name},
      {"scenario_sha256", models::sha256_hex(base.resolved_toml)},
      {"seed", sc.scenario.seed},
      {"horizon_days", sc.scenario.horizon_days},
      {"warmup_days", sc.scenario.warmup_days},
      {"policy", policy},
      {"method", "KN (Kim and Nelson 2001) with feasibility checks, common random numbers"},
      {"objective", models::info(p.objective).name},
      {"lower_is_better", models::info(p.objective).lower_is_better},
      {"constraints", std::move(constraint_texts)},
      {"tolerance", p.tolerance},
      {"delta", r.delta},
      {"alpha", 0.05},
      {"first_stage", p.first_stage},
      {"budget", r.budget},
      {"replications_spent", r.spent},
      {"separated", r.separated},
      {"wall_seconds", wall}};
  return models::write_json({{"best", std::move(best)},
                             {"candidates", std::move(candidates)},
                             {"optimize", std::move(procedure)}});
}

int optimize(OptimizeOptions& oo) {
  const CommonOptions& o = oo.common;
  const models::OptimizeProblem problem = problem_from(oo, optimize_axes(oo));
  const auto base = load(o);
  if (!base) return kBadInput;
  const std::vector<std::size_t> selected = select_policies(base->scenario, o.policies);
  if (selected.size() != 1) {
    throw UsageError("optimize: name the one policy to tune with --policy P");
  }
  const std::string policy = base->scenario.policies[selected[0]].name;
  const std::vector<std::vector<double>> points = models::grid_points(problem.params);

  std::vector<models::Candidate> candidates;
  candidates.reserve(points.size());
  for (const std::vector<double>& point : points) {
    auto loaded = load(o, point_overrides(problem.params, point));
    if (!loaded) return kBadInput;
    const std::vector<std::size_t> slot = select_policies(loaded->scenario, {policy});
    candidates.emplace_back(std::move(loaded->scenario), slot);
  }
  if (interrupted()) return interrupted_exit_code();

  Progress progress("optimize", !o.quiet);
  models::RunSettings settings;
  settings.threads = thread_count(o);
  settings.check_invariants = o.check_invariants;
  settings.cancel = &interrupted();
  settings.progress = [&](double done, std::uint64_t total) { progress.update(done, total); };
  const double start = now_seconds();
  models::OptimizeResult result;
  {
    const DeferInterrupts defer;  // stop between events, not at once
    result = models::optimize(candidates, points, problem, settings);
  }
  if (result.cancelled || interrupted()) {
    fmt::print(stderr, "jitsim optimize: interrupted; nothing written\n");
    return interrupted_exit_code();
  }
  const double wall = now_seconds() - start;
  const std::string json = optimize_json(problem, result, *base, policy, wall);
  const std::string csv = models::optimize_csv(problem, result);
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("optimize.csv", csv);
    out.add("run.json", json);
    out.add("scenario.resolved.toml", base->resolved_toml);
    out.set_manifest(manifest_header("optimize", run_identity(*base, {policy})));
    out.commit();
  }
  if (o.format == "json") {
    fmt::print("{}", json);
  } else if (o.format == "csv") {
    fmt::print("{}", csv);
  } else {
    fmt::print("{}", models::optimize_table(problem, result));
  }
  if (result.best < 0 && !o.quiet) {
    fmt::print(stderr, "jitsim optimize: no candidate was shown to meet every constraint\n");
  }
  return kSuccess;
}

}  // namespace

Subcommand add_optimize_command(CLI::App& app) {
  auto o = std::make_shared<OptimizeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "optimize",
      "Best setting of a policy's parameters: ranking and selection over a --param grid");
  o->cmd = cmd;
  add_common_options(*cmd, o->common);
  cmd->add_option("--param", o->params,
                  "A key path to tune, as --set takes it (several: every combination)");
  cmd->add_option("--values", o->values, "Comma-separated values of the preceding --param");
  cmd->add_option("--range", o->ranges, "FROM:TO:STEP values of the preceding --param");
  cmd->add_option("--objective", o->objective,
                  "Metric whose mean is optimised (default total_cost; minimised, or maximised "
                  "for profit, fill rates and service levels)");
  cmd->add_option("--constraint", o->constraints,
                  "METRIC>=BOUND or METRIC<=BOUND on another metric's mean (repeatable)");
  cmd->add_option("--tolerance", o->tolerance,
                  "Indifference zone as a fraction of |objective| (default 0.005)");
  cmd->add_option("--budget", o->budget, "Total candidate-replications (default 50 x candidates)");
  cmd->footer(
      "-n is the first-stage replications of every candidate (default 10). Procedure: Kim and "
      "Nelson's (2001) KN with common random numbers; candidates that cannot be told apart "
      "within --tolerance get more replications, until one is left or the budget ends.\n"
      "Examples:\n"
      "  jitsim optimize scenarios/validation/base_stock_poisson.toml --policy base-stock "
      "--param policies.base-stock.level --range 15:35:1 --constraint 'fill_rate>=0.95'\n"
      "  jitsim optimize scenarios/baseline.toml --policy hybrid --param "
      "policies.hybrid.critical_policy.service_level --values 0.95,0.98,0.995 --param "
      "policies.hybrid.other_policy.safety_factor --values 0,0.1,0.2 --format json");
  return {cmd, [o] { return optimize(*o); }};
}

}  // namespace jitsim::cli
