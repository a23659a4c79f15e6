// File: models/cli/sensitivity_command.cpp
// `jitsim sensitivity`: one-at-a-time swings of named parameters (a tornado) and a global Latin
// hypercube with a linear metamodel, every setting with common random numbers. The work is in
// models/decisions/sensitivity.*; here are the options, the checks and the outputs
// (the table, --format csv|json, --out DIR with sensitivity.csv, sensitivity_global.csv and
// run.json).
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/decisions/sensitivity.h"
#include "models/io/text_format.h"
#include "models/results/json_writer.h"

namespace jitsim::cli {

namespace {

using json = nlohmann::ordered_json;
constexpr std::size_t kPaired = static_cast<std::size_t>(-1);
constexpr std::size_t kMaxSamples = 100'000;

struct SensitivityCliOptions {
  CommonOptions common;
  std::vector<std::string> params;
  std::string compare;
  std::optional<std::int64_t> samples;
};

struct Names {
  std::vector<std::string> policies;  // selected, in report order
  std::string a, b;                   // the compared pair (empty with one policy)
  bool paired() const { return !a.empty(); }
  std::string pair() const { return a + "-vs-" + b; }
};

std::string num(double x) {
  return models::format_number(x);
}

// The slots (positions among `selected`) of --compare A,B, or of the first two policies;
// nullopt with one policy (nothing to compare).
std::optional<std::pair<std::size_t, std::size_t>> compare_slots(
    const std::string& text, const std::vector<std::string>& selected) {
  if (selected.size() < 2) {
    if (text.empty()) return std::nullopt;
    throw UsageError(fmt::format("--compare {}: only one policy is run (give --policy A,B)", text));
  }
  if (text.empty()) return std::pair<std::size_t, std::size_t>{0, 1};
  const std::size_t comma = text.find(',');
  if (comma == std::string::npos) throw UsageError(fmt::format("--compare {}: expected A,B", text));
  const std::string a = text.substr(0, comma), b = text.substr(comma + 1);
  auto slot = [&](const std::string& name) {
    for (std::size_t i = 0; i < selected.size(); ++i) {
      if (selected[i] == name) return i;
    }
    std::string known;
    for (const std::string& s : selected) known += (known.empty() ? "" : ", ") + s;
    throw UsageError(
        fmt::format("--compare {}: no policy '{}' among those run ({})", text, name, known));
  };
  const std::size_t sa = slot(a), sb = slot(b);
  if (sa == sb) throw UsageError(fmt::format("--compare {}: name two different policies", text));
  return std::pair{sa, sb};
}

json summary_json(const sim::Summary& s) {
  return {{"mean", s.mean}, {"ci95_low", s.ci95_low}, {"ci95_high", s.ci95_high}, {"n", s.n}};
}

json paired_json(const sim::PairedSummary& s) {
  return {{"mean_diff", s.mean_diff},
          {"ci95_low", s.ci95_low},
          {"ci95_high", s.ci95_high},
          {"share_better", s.share_better},
          {"n", s.n}};
}

json fit_json(const models::LinearFit& f, const std::vector<models::SensitivityParameter>& ps) {
  json terms = json::array();
  for (std::size_t j = 0; j < ps.size(); ++j) {
    terms.push_back({{"parameter", ps[j].key},
                     {"coefficient", f.coefficients[j]},
                     {"standardized", f.standardized[j]}});
  }
  return {{"intercept", f.intercept}, {"r_squared", f.r_squared}, {"terms", std::move(terms)}};
}

json document(const models::SensitivityResult& r, const Names& n, std::uint64_t reps,
              std::uint64_t seed, const std::string& scenario) {
  json oat = json::array();
  for (const models::SwingRow& row : r.swings) {
    json ends = json::object();
    for (const bool high : {false, true}) {
      const models::SwingEnd& e = high ? row.high : row.low;
      json costs = json::object();
      for (std::size_t p = 0; p < n.policies.size(); ++p) {
        costs[n.policies[p]] = summary_json(e.cost[p]);
      }
      ends[high ? "high" : "low"] = {{"value", e.value}, {"total_cost", std::move(costs)}};
      if (n.paired()) ends[high ? "high" : "low"]["paired"] = paired_json(e.difference);
    }
    json swings = json::object();
    for (std::size_t p = 0; p < n.policies.size(); ++p) {
      swings[n.policies[p]] = models::swing_width(row, p);
    }
    if (n.paired()) swings[n.pair()] = models::swing_width(row, kPaired);
    oat.push_back({{"parameter", row.parameter.key},
                   {"low", std::move(ends["low"])},
                   {"high", std::move(ends["high"])},
                   {"swing", std::move(swings)}});
  }
  json global = nullptr;
  if (r.global) {
    const models::GlobalView& g = *r.global;
    std::vector<models::SensitivityParameter> ps;
    for (const models::SwingRow& row : r.swings) ps.push_back(row.parameter);
    json fits = json::object();
    for (std::size_t p = 0; p < n.policies.size(); ++p) {
      fits[n.policies[p]] = fit_json(g.policy_fits[p], ps);
    }
    if (n.paired()) fits[n.pair()] = fit_json(g.difference_fit, ps);
    json points = json::array();
    for (std::size_t i = 0; i < g.points.size(); ++i) {
      json values = json::object(), costs = json::object();
      for (std::size_t j = 0; j < ps.size(); ++j) values[ps[j].key] = g.points[i][j];
      for (std::size_t p = 0; p < n.policies.size(); ++p) costs[n.policies[p]] = g.mean_cost[i][p];
      json point = {{"values", std::move(values)}, {"mean_total_cost", std::move(costs)}};
      if (n.paired()) point["mean_paired_difference"] = g.mean_difference[i];
      points.push_back(std::move(point));
    }
    global = {{"design", "latin_hypercube"},
              {"points", g.points.size()},
              {"metamodel", std::move(fits)},
              {"design_points", std::move(points)}};
  }
  return {{"command", "sensitivity"},
          {"scenario", scenario},
          {"metric", "total_cost"},
          {"seed", seed},
          {"replications", reps},
          {"policies", n.policies},
          {"compare", n.paired() ? json{n.a, n.b} : json::array()},
          {"one_at_a_time", std::move(oat)},
          {"global", std::move(global)}};
}

// sensitivity.csv: one row per parameter and series (each policy, then the paired difference).
std::string tornado_csv(const models::SensitivityResult& r, const Names& n) {
  std::string out =
      "parameter,low,high,series,kind,mean_at_low,ci95_low_at_low,ci95_high_at_low,mean_at_high,"
      "ci95_low_at_high,ci95_high_at_high,swing,n\n";
  for (const models::SwingRow& row : r.swings) {
    const std::string key = fmt::format("{},{},{}", models::csv_field(row.parameter.key),
                                        num(row.low.value), num(row.high.value));
    for (std::size_t p = 0; p < n.policies.size(); ++p) {
      const sim::Summary &lo = row.low.cost[p], &hi = row.high.cost[p];
      out += fmt::format("{},{},policy,{},{},{},{},{},{},{},{}\n", key,
                         models::csv_field(n.policies[p]), num(lo.mean), num(lo.ci95_low),
                         num(lo.ci95_high), num(hi.mean), num(hi.ci95_low), num(hi.ci95_high),
                         num(models::swing_width(row, p)), lo.n);
    }
    if (!n.paired()) continue;
    const sim::PairedSummary &lo = row.low.difference, &hi = row.high.difference;
    out += fmt::format("{},{},paired,{},{},{},{},{},{},{},{}\n", key, models::csv_field(n.pair()),
                       num(lo.mean_diff), num(lo.ci95_low), num(lo.ci95_high), num(hi.mean_diff),
                       num(hi.ci95_low), num(hi.ci95_high), num(models::swing_width(row, kPaired)),
                       lo.n);
  }
  return out;
}

// sensitivity_global.csv: the metamodel of each series, one row per term.
std::string global_csv(const models::SensitivityResult& r, const Names& n) {
  std::string out = "series,kind,term,coefficient,standardized,r_squared,points\n";
  if (!r.global) return out;
  const models::GlobalView& g = *r.global;
  auto rows = [&](const std::string& series, const char* kind, const models::LinearFit& f) {
    const std::string tail = fmt::format("{},{}", num(f.r_squared), g.points.size());
    out += fmt::format("{},{},(intercept),{},,{}\n", models::csv_field(series), kind,
                       num(f.intercept), tail);
    for (std::size_t j = 0; j < r.swings.size(); ++j) {
      out += fmt::format("{},{},{},{},{},{}\n", models::csv_field(series), kind,
                         models::csv_field(r.swings[j].parameter.key), num(f.coefficients[j]),
                         num(f.standardized[j]), tail);
    }
  };
  for (std::size_t p = 0; p < n.policies.size(); ++p)
    rows(n.policies[p], "policy", g.policy_fits[p]);
  if (n.paired()) rows(n.pair(), "paired", g.difference_fit);
  return out;
}

std::string plus_minus(double mean, double lo, double hi) {
  if (!std::isfinite(lo)) return fmt::format("{:.1f}", mean);
  return fmt::format("{:.1f} ± {:.1f}", mean, 0.5 * (hi - lo));
}

std::string table(const models::SensitivityResult& r, const Names& n, std::uint64_t reps) {
  std::size_t key_w = 9;
  for (const models::SwingRow& row : r.swings) key_w = std::max(key_w, row.parameter.key.size());
  std::vector<std::string> series = n.policies;
  if (n.paired()) series.push_back(n.a + " - " + n.b);
  std::string out = fmt::format(
      "One at a time: mean total_cost ± 95 % half-width, {} replications per setting, common "
      "random numbers\n{:<{}}  {:>12}",
      reps, "parameter", key_w, "value");
  for (const std::string& s : series) out += fmt::format("  {:>22}", s);
  out += "\n";
  for (const models::SwingRow& row : r.swings) {
    for (const bool high : {false, true}) {
      const models::SwingEnd& e = high ? row.high : row.low;
      out += fmt::format("{:<{}}  {:>12}", high ? "" : row.parameter.key, key_w, num(e.value));
      for (const sim::Summary& s : e.cost) {
        out += fmt::format("  {:>22}", plus_minus(s.mean, s.ci95_low, s.ci95_high));
      }
      const sim::PairedSummary& d = e.difference;
      if (n.paired())
        out += fmt::format("  {:>22}", plus_minus(d.mean_diff, d.ci95_low, d.ci95_high));
      out += "\n";
    }
    out += fmt::format("{:<{}}  {:>12}", "", key_w, "swing");
    for (std::size_t p = 0; p < n.policies.size(); ++p) {
      out += fmt::format("  {:>22.1f}", models::swing_width(row, p));
    }
    if (n.paired()) out += fmt::format("  {:>22.1f}", models::swing_width(row, kPaired));
    out += "\n";
  }
  if (!r.global) return out;
  const models::GlobalView& g = *r.global;
  out += fmt::format(
      "\nGlobal: Latin hypercube of {} points; linear metamodel of mean total_cost, "
      "standardised coefficients (coefficient x sd(x) / sd(y))\n{:<{}}",
      g.points.size(), "parameter", key_w);
  for (const std::string& s : series) out += fmt::format("  {:>22}", s);
  out += "\n";
  auto cell = [](double x) {
    if (!std::isfinite(x)) return std::string("-");
    return fmt::format("{:.3f}", std::abs(x) < 5e-4 ? 0.0 : x);  // no "-0.000"
  };
  for (std::size_t j = 0; j < r.swings.size(); ++j) {
    out += fmt::format("{:<{}}", r.swings[j].parameter.key, key_w);
    for (const models::LinearFit& f : g.policy_fits)
      out += fmt::format("  {:>22}", cell(f.standardized[j]));
    if (n.paired()) out += fmt::format("  {:>22}", cell(g.difference_fit.standardized[j]));
    out += "\n";
  }
  out += fmt::format("{:<{}}", "R^2", key_w);
  for (const models::LinearFit& f : g.policy_fits)
    out += fmt::format("  {:>22}", cell(f.r_squared));
  if (n.paired()) out += fmt::format("  {:>22}", cell(g.difference_fit.r_squared));
  out += "\n";
  return out;
}

int sensitivity(SensitivityCliOptions& so) {
  const CommonOptions& o = so.common;
  if (so.params.empty()) throw UsageError("sensitivity: give at least one --param KEY=LOW:HIGH");
  models::SensitivityOptions opts;
  for (const std::string& text : so.params) {
    try {
      opts.parameters.push_back(models::parse_sensitivity_parameter(text));
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  const std::size_t k = opts.parameters.size();
  const std::int64_t samples = so.samples.value_or(static_cast<std::int64_t>(4 * k + 10));
  if (samples < static_cast<std::int64_t>(k + 2) ||
      samples > static_cast<std::int64_t>(kMaxSamples)) {
    throw UsageError(fmt::format(
        "--samples {}: need at least parameters + 2 = {} points (the metamodel's degrees of "
        "freedom) and at most {}",
        samples, k + 2, kMaxSamples));
  }
  const auto base = load(o);
  if (!base) return kBadInput;
  // Every parameter must load at both ends before anything runs (a bad key fails fast, exit 2).
  for (const models::SensitivityParameter& p : opts.parameters) {
    for (const double v : {p.low, p.high}) {
      if (!load(o, {models::sensitivity_override(p, v)})) return kBadInput;
    }
  }
  const models::Scenario& sc = base->scenario;
  opts.policies = select_policies(sc, o.policies);
  Names names;
  names.policies = policy_names(sc, opts.policies);
  if (const auto slots = compare_slots(so.compare, names.policies)) {
    std::tie(opts.compare_a, opts.compare_b) = *slots;
    names.a = names.policies[opts.compare_a];
    names.b = names.policies[opts.compare_b];
  } else {
    opts.paired = false;
  }
  opts.samples = static_cast<std::size_t>(samples);
  opts.replications = static_cast<std::uint64_t>(sc.scenario.replications);
  opts.seed = sc.scenario.seed;
  opts.run.threads = thread_count(o);
  opts.run.check_invariants = o.check_invariants;
  opts.run.cancel = &interrupted();
  Progress progress("sensitivity", !o.quiet);
  opts.run.progress = [&](double done, std::uint64_t total) { progress.update(done, total); };

  const models::ScenarioLoader loader =
      [&](const std::vector<std::string>& extra) -> std::optional<models::Scenario> {
    auto loaded = load(o, extra);
    if (!loaded) return std::nullopt;
    return std::move(loaded->scenario);
  };
  std::optional<models::SensitivityResult> result;
  {
    const DeferInterrupts defer;  // stop between events, then write nothing
    try {
      result = models::run_sensitivity(loader, opts);
    } catch (const models::SensitivityInputError& e) {
      throw UsageError(e.what());
    }
  }
  if (!result || interrupted()) {
    fmt::print(stderr, "jitsim sensitivity: interrupted; nothing written\n");
    return interrupted_exit_code();
  }
  const std::string json_text =
      models::write_json(document(*result, names, opts.replications, opts.seed, sc.scenario.name));
  const std::string tornado = tornado_csv(*result, names);
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("sensitivity.csv", tornado);
    out.add("sensitivity_global.csv", global_csv(*result, names));
    out.add("run.json", json_text);
    out.add("scenario.resolved.toml", base->resolved_toml);
    out.set_manifest(manifest_header("sensitivity", run_identity(*base, names.policies)));
    out.commit();
  }
  if (o.format == "json") {
    fmt::print("{}", json_text);
  } else if (o.format == "csv") {
    fmt::print("{}", tornado);
  } else {
    fmt::print("{}", table(*result, names, opts.replications));
    if (!o.out_dir.empty()) fmt::print("Results written to {}\n", o.out_dir);
  }
  return kSuccess;
}

}  // namespace

Subcommand add_sensitivity_command(CLI::App& app) {
  auto o = std::make_shared<SensitivityCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "Which parameters move the costs: one-at-a-time swings (a tornado) and a Latin hypercube "
      "with a linear metamodel");
  add_common_options(*cmd, o->common);
  cmd->add_option("--param", o->params,
                  "KEY=LOW:HIGH: a key path as --set takes it and its range (repeatable)");
  cmd->add_option("--compare", o->compare,
                  "A,B: the policies whose paired difference A - B is analysed (default: the "
                  "first two)");
  cmd->add_option("--samples", o->samples,
                  "Latin hypercube points of the global view (default 4 x parameters + 10)");
  cmd->footer(
      "Every setting runs every policy on the same random futures (same seed, same "
      "replications).\n"
      "Examples:\n"
      "  jitsim sensitivity scenarios/baseline.toml --param costs.order_cost=25:100 "
      "--param policies.jic.service_level=0.9:0.99 --out sens/\n"
      "  jitsim report sens/");
  return {cmd, [o] { return sensitivity(*o); }};
}

}  // namespace jitsim::cli
