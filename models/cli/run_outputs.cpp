// File: models/cli/run_outputs.cpp
#include "models/cli/run_outputs.h"

#include <array>
#include <charconv>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/io/csv.h"
#include "models/io/file_text.h"
#include "models/io/sha256.h"
#include "models/io/sweep_values.h"
#include "models/results/json_writer.h"
#include "models/results/report.h"
#include "models/results/sweep_risk.h"

namespace jitsim::cli {

void write_run_outputs(const CommonOptions& o, const LoadedScenario& loaded,
                       const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                       const models::ExperimentResult& result, double wall_seconds) {
  const models::Scenario& sc = loaded.scenario;
  models::RunReport report = models::make_report(sc, policies, result);
  report.scenario_sha256 = models::sha256_hex(loaded.resolved_toml);
  report.wall_seconds = wall_seconds;
  models::describe_network(setup, report);
  const std::string json = models::to_json(report);
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("summary.csv", models::summary_csv(report));
    out.add_stream("replications.csv", [&](std::ostream& s) {
      models::write_replications_csv(s, sc, policies, result);
    });
    out.add("paired.csv", models::paired_csv(report));
    out.add("per_sku.csv", models::per_sku_csv(setup, policies, result));
    out.add("per_site.csv", models::part_csv(setup, policies, result, models::Part::site));
    out.add("per_lane.csv", models::part_csv(setup, policies, result, models::Part::lane));
    out.add("scenario.resolved.toml", loaded.resolved_toml);
    out.add("run.json", json);
    out.set_manifest(manifest_header("run", run_identity(loaded, policy_names(sc, policies))));
    if (!result.policies.empty() && !result.policies.front().days.empty()) {
      out.add_stream("timeseries.csv", [&](std::ostream& s) {
        models::write_timeseries_csv(s, sc, policies, result);
      });
      out.add_stream("timeseries_summary.csv", [&](std::ostream& s) {
        models::write_timeseries_summary_csv(s, sc, policies, result);
      });
    }
    out.commit();
  }
  if (o.format == "json") {
    fmt::print("{}", json);
  } else if (o.format == "csv") {
    fmt::print("{}", models::summary_csv(report));
  } else {
    fmt::print("{}", models::comparison_table(report));
  }
}

void write_shard(const std::string& dir, const LoadedScenario& loaded,
                 const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                 const models::ExperimentResult& result, std::uint64_t index, std::uint64_t count,
                 std::uint64_t total) {
  const models::Scenario& sc = loaded.scenario;
  toml::array names;
  for (const std::string& name : policy_names(sc, policies)) names.push_back(name);
  const auto whole = [](std::uint64_t x) { return static_cast<std::int64_t>(x); };
  // scenario_dir: where relative trace paths of the resolved scenario resolve (for merge).
  const toml::table manifest{{"jitsim_version", std::string_view(models::kVersion)},
                             {"scenario_sha256", models::sha256_hex(loaded.resolved_toml)},
                             {"scenario_dir", loaded.scenario_dir.string()},
                             {"shard", whole(index)},
                             {"shards", whole(count)},
                             {"first_replication", whole(result.first_replication)},
                             {"replications", whole(result.replications_done)},
                             {"total_replications", whole(total)},
                             {"events_executed", whole(result.events)},
                             {"policies", std::move(names)}};
  std::ostringstream text;
  text << "# A shard of a jitsim run; combine the shards with: jitsim merge DIR1 DIR2 ...\n"
       << manifest << '\n';
  OutputDir out(dir);
  out.add("shard.toml", text.str());
  out.add_stream("replications.csv",
                 [&](std::ostream& s) { models::write_replications_csv(s, sc, policies, result); });
  for (const models::Part part : models::kParts) {
    out.add_stream(part_replications_file(part), [&, part](std::ostream& s) {
      models::write_part_replications_csv(s, setup, policies, result, part);
    });
  }
  out.add("scenario.resolved.toml", loaded.resolved_toml);
  out.set_manifest(manifest_header("shard", run_identity(loaded, policy_names(sc, policies))));
  out.commit();
}

std::string part_replications_file(models::Part part) {
  return fmt::format("per_{}_replications.csv", models::part_name(part));
}

std::string read_text(const std::string& path) {
  std::optional<std::string> text = models::read_file_text(path);
  if (!text) throw UsageError(fmt::format("{}: cannot read", path));
  return std::move(*text);
}

std::string toml_string_array(const std::vector<std::string>& names) {
  toml::array array;
  for (const std::string& name : names) array.push_back(name);
  std::ostringstream text;
  text << array;
  return text.str();
}

toml::table read_toml(const std::string& path) {
  try {
    return toml::parse(read_text(path), std::string_view{path});
  } catch (const toml::parse_error& e) {
    throw UsageError(fmt::format("{}:{}:{}: error: {}", path, e.source().begin.line,
                                 e.source().begin.column, e.description()));
  }
}

double csv_number(const models::CsvCell& cell, const std::string& path) {
  if (cell.text.empty()) return sim::kUndefined;
  double x = 0;
  const auto [end, ec] = std::from_chars(cell.text.data(), cell.text.data() + cell.text.size(), x);
  if (ec != std::errc() || end != cell.text.data() + cell.text.size()) {
    throw UsageError(fmt::format("{}:{}:{}: error: '{}' is not a number", path, cell.line,
                                 cell.column, cell.text));
  }
  return x;
}

void read_metric_rows(
    const std::string& path, std::size_t key_columns,
    const std::function<void(const std::string&, std::uint64_t, const std::string&,
                             const models::MetricValues&)>& row) {
  const models::CsvTable t = models::parse_csv(read_text(path));
  if (!t.ok()) {
    throw UsageError(fmt::format("{}:{}:{}: error: {}", path, t.errors[0].line, t.errors[0].column,
                                 t.errors[0].message));
  }
  std::vector<std::size_t> column(models::kMetricCount);
  for (std::size_t m = 0; m < models::kMetricCount; ++m) {
    const std::ptrdiff_t c = t.column_index(models::metric_info()[m].name);
    if (c < 0) {
      throw UsageError(fmt::format("{}: no column {}", path, models::metric_info()[m].name));
    }
    column[m] = static_cast<std::size_t>(c);
  }
  for (const auto& cells : t.rows) {
    models::MetricValues v;
    for (std::size_t m = 0; m < models::kMetricCount; ++m)
      v[m] = csv_number(cells[column[m]], path);
    row(cells[0].text, static_cast<std::uint64_t>(csv_number(cells[1], path)),
        key_columns > 2 ? cells[2].text : std::string(), v);
  }
}

std::vector<std::string> point_overrides(const std::vector<models::SweepAxis>& axes,
                                         const std::vector<double>& values) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < axes.size(); ++k) {
    out.push_back(axes[k].parameter + "=" + models::sweep_value_toml(axes[k], values[k]));
  }
  return out;
}

void keep_sweep_tails(SweepPoint& point, const models::ExperimentResult& result) {
  point.cvar95.clear();
  point.total_cost.clear();
  std::vector<models::MetricValues> rows;
  std::vector<double> column;
  for (const models::PolicyResults& p : result.policies) {
    rows.clear();
    p.runs.for_each([&](const models::MetricValues& v) { rows.push_back(v); });
    std::array<double, models::kMetricCount> tails{};
    for (std::size_t m = 0; m < models::kMetricCount; ++m) {
      column.clear();
      for (const models::MetricValues& v : rows) column.push_back(v[m]);
      tails[m] = models::tail_mean(column, models::kTailLevel);
      if (m == static_cast<std::size_t>(models::Metric::total_cost)) {
        point.total_cost.push_back(column);
      }
    }
    point.cvar95.push_back(tails);
  }
}

void keep_sweep_per_sku(SweepPoint& point, const models::ModelSetup& setup,
                        const std::vector<std::size_t>& policies,
                        const models::ExperimentResult& result) {
  // per_sku.csv's rows of the two metrics a per-SKU curve shows, fields re-quoted as written.
  const models::CsvTable t = models::parse_csv(models::per_sku_csv(setup, policies, result));
  const std::ptrdiff_t metric = t.column_index("metric");
  point.per_sku_rows.clear();
  for (const auto& cells : t.rows) {
    const std::string& m = cells[static_cast<std::size_t>(metric)].text;
    if (m != "total_cost" && m != "fill_rate") continue;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) point.per_sku_rows += ',';
      point.per_sku_rows += models::csv_field(cells[c].text);
    }
    point.per_sku_rows += '\n';
  }
}

namespace {

constexpr auto kTotalCost = static_cast<std::size_t>(models::Metric::total_cost);

// The swept values of a point as sweep.json writes them ({"parameter": value, ...}).
nlohmann::ordered_json point_json(const std::vector<models::SweepAxis>& axes,
                                  const SweepPoint& point) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < axes.size(); ++k) {
    const models::SweepAxis& a = axes[k];
    const double v = point.values[k];
    if (a.kind == models::SweepAxis::Kind::number) {
      out[a.parameter] = v;
    } else if (a.kind == models::SweepAxis::Kind::boolean) {
      out[a.parameter] = models::sweep_value_text(a, v) == "true";
    } else {
      out[a.parameter] = models::sweep_value_text(a, v);
    }
  }
  return out;
}

std::string point_label(const std::vector<models::SweepAxis>& axes, const SweepPoint& point) {
  if (axes.size() == 1) return models::sweep_value_text(axes[0], point.values[0]);
  std::string out = "(";
  for (std::size_t k = 0; k < axes.size(); ++k) {
    out += (k ? ", " : "") + models::sweep_value_text(axes[k], point.values[k]);
  }
  return out + ")";
}

// The points within noise of the best, as a reader reads them: "0.93-0.97" for a run of
// neighbouring values, else a list (at most twelve named).
std::string within_noise_text(const std::vector<models::SweepAxis>& axes,
                              const std::vector<SweepPoint>& points, const std::vector<bool>& in) {
  std::vector<std::size_t> at;
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (in[k]) at.push_back(k);
  }
  if (at.size() == 1) return "no other point";
  // Categories have no order between them: always a list.
  const bool run = at.back() - at.front() + 1 == at.size() && !axes[0].categorical();
  if (axes.size() == 1 && run) {
    return fmt::format("{}-{}", point_label(axes, points[at.front()]),
                       point_label(axes, points[at.back()]));
  }
  std::string out;
  for (std::size_t k = 0; k < at.size() && k < 12; ++k) {
    out += (k ? ", " : "") + point_label(axes, points[at[k]]);
  }
  if (at.size() > 12) out += fmt::format(" and {} more", at.size() - 12);
  return out;
}

// Arg-min of each policy (report order) over the points; empty when the points do not all
// report the same policies with their replications.
std::vector<models::SweepArgMin> sweep_arg_mins(const std::vector<SweepPoint>& points) {
  if (points.empty()) return {};
  const std::size_t policies = points.front().report.policies.size();
  for (const SweepPoint& p : points) {
    if (p.total_cost.size() != policies || p.report.policies.size() != policies) return {};
    for (std::size_t k = 0; k < policies; ++k) {
      if (p.report.policies[k].name != points.front().report.policies[k].name) return {};
    }
  }
  std::vector<models::SweepArgMin> out;
  std::vector<std::vector<double>> costs(points.size());
  for (std::size_t k = 0; k < policies; ++k) {
    for (std::size_t pi = 0; pi < points.size(); ++pi) costs[pi] = points[pi].total_cost[k];
    out.push_back(models::sweep_arg_min(costs));
  }
  return out;
}

}  // namespace

void write_sweep_outputs(const CommonOptions& o, const std::vector<models::SweepAxis>& axes,
                         const std::vector<SweepPoint>& points, std::uint64_t replications,
                         const std::string& base_resolved_toml, const RunIdentity& identity,
                         bool per_sku) {
  const bool grid = axes.size() == 2;
  // cvar95 and argmin come last: readers of the earlier columns read them unchanged.
  std::string curves = grid ? "parameter,value,parameter2,value2,policy,metric,mean,sd,ci95_low,"
                              "ci95_high,p05,p50,p95,n,cvar95,argmin\n"
                            : "parameter,value,policy,metric,mean,sd,ci95_low,ci95_high,p05,p50,"
                              "p95,n,cvar95,argmin\n";
  std::string sku_curves =
      grid ? "parameter,value,parameter2,value2,policy,sku,site,critical,metric,mean,ci95_low,"
             "ci95_high\n"
           : "parameter,value,policy,sku,site,critical,metric,mean,ci95_low,ci95_high\n";
  const std::vector<models::SweepArgMin> arg_mins = sweep_arg_mins(points);
  nlohmann::ordered_json sweep = nlohmann::ordered_json::array();
  std::string table;
  for (std::size_t pi = 0; pi < points.size(); ++pi) {
    const SweepPoint& point = points[pi];
    std::string label, key_prefix;
    for (std::size_t k = 0; k < axes.size(); ++k) {
      const std::string v = models::sweep_value_text(axes[k], point.values[k]);
      label += (k ? ", " : "") + axes[k].parameter + " = " + v;
      key_prefix +=
          fmt::format("{},{},", models::csv_field(axes[k].parameter), models::csv_field(v));
    }
    std::string line = label + ":";
    nlohmann::ordered_json tails = nlohmann::ordered_json::object();
    for (std::size_t pk = 0; pk < point.report.policies.size(); ++pk) {
      const models::PolicyReport& p = point.report.policies[pk];
      const bool have_tails = pk < point.cvar95.size();
      std::string argmin;
      if (pk < arg_mins.size()) {
        argmin = arg_mins[pk].best == pi            ? "best"
                 : arg_mins[pk].within_noise.at(pi) ? "within_noise"
                                                    : "separable";
      }
      for (std::size_t m = 0; m < models::kMetricCount; ++m) {
        const sim::Summary& s = p.metrics[m];
        curves += fmt::format(
            "{}{},{},{},{},{},{},{},{},{},{},{},{}\n", key_prefix, models::csv_field(p.name),
            models::metric_info()[m].name, models::format_number(s.mean),
            models::format_number(s.sd), models::format_number(s.ci95_low),
            models::format_number(s.ci95_high), models::format_number(s.p05),
            models::format_number(s.p50), models::format_number(s.p95), s.n,
            have_tails ? models::format_number(point.cvar95[pk][m]) : std::string(),
            m == kTotalCost ? argmin : std::string());
      }
      const auto& cost = p.metrics[kTotalCost];
      const auto& fill = p.metrics[static_cast<std::size_t>(models::Metric::fill_rate)];
      line += fmt::format("  {} {:.0f} ({:.3f})", p.name, cost.mean, fill.mean);
      tails[p.name] = {{"p95", cost.p95},
                       {"cvar95", have_tails ? point.cvar95[pk][kTotalCost] : sim::kUndefined}};
    }
    std::istringstream sku_rows(point.per_sku_rows);
    for (std::string row; std::getline(sku_rows, row);) sku_curves += key_prefix + row + '\n';
    table += line + "\n";
    sweep.push_back({{"point", point_json(axes, point)},
                     {"run", models::run_document(point.report)},
                     {"tail_risk", std::move(tails)}});
  }
  // Per policy: the cheapest point and the points its paired intervals cannot tell from it.
  nlohmann::ordered_json arg_min_json = nlohmann::ordered_json::object();
  std::string arg_min_text;
  for (std::size_t pk = 0; pk < arg_mins.size(); ++pk) {
    const models::SweepArgMin& a = arg_mins[pk];
    const std::string& name = points.front().report.policies[pk].name;
    const SweepPoint& best = points[a.best];
    nlohmann::ordered_json within = nlohmann::ordered_json::array();
    nlohmann::ordered_json vs_best = nlohmann::ordered_json::array();
    for (std::size_t pi = 0; pi < points.size(); ++pi) {
      if (a.within_noise[pi]) within.push_back(point_json(axes, points[pi]));
      const sim::PairedSummary& d = a.vs_best[pi];
      vs_best.push_back({{"point", point_json(axes, points[pi])},
                         {"mean_diff", d.mean_diff},
                         {"ci95_low", d.ci95_low},
                         {"ci95_high", d.ci95_high},
                         {"within_noise", static_cast<bool>(a.within_noise[pi])}});
    }
    const double best_mean = best.report.policies[pk].metrics[kTotalCost].mean;
    arg_min_json[name] = {{"best", point_json(axes, best)},
                          {"mean", best_mean},
                          {"within_noise", std::move(within)},
                          {"vs_best", std::move(vs_best)}};
    arg_min_text +=
        fmt::format("  {}: best {} ({:.0f}); within noise: {}\n", name, point_label(axes, best),
                    best_mean, within_noise_text(axes, points, a.within_noise));
  }
  const std::string json =
      models::write_json({{"sweep", std::move(sweep)}, {"argmin", std::move(arg_min_json)}});
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("curves.csv", curves);
    out.add("sweep.json", json);
    if (per_sku) out.add("curves_per_sku.csv", sku_curves);
    out.add("scenario.resolved.toml", base_resolved_toml);
    out.set_manifest(manifest_header("sweep", identity));
    out.commit();
  }
  if (o.format == "csv") {
    fmt::print("{}", curves);
  } else if (o.format == "json") {
    fmt::print("{}", json);
  } else {
    fmt::print(
        "Sweep of {} over {} point(s), {} replications each. Cells: total_cost mean "
        "(fill_rate).\n\n{}",
        grid ? axes[0].parameter + " x " + axes[1].parameter : axes[0].parameter, points.size(),
        replications, table);
    if (!arg_min_text.empty()) {
      fmt::print(
          "\nLowest mean total_cost per policy; within noise: the points whose paired 95 % "
          "interval of the difference to it holds 0.\n{}",
          arg_min_text);
    }
  }
}

void write_sweep_shard_manifest(const std::string& dir, const LoadedScenario& base,
                                const std::vector<models::SweepAxis>& axes, std::size_t points,
                                std::uint64_t index, std::uint64_t count) {
  toml::array axis_list;
  for (const models::SweepAxis& axis : axes) {
    // Values as they are typed: numbers, strings or booleans (merge rebuilds the axis).
    toml::array values;
    for (const double v : axis.values) {
      if (axis.kind == models::SweepAxis::Kind::number) {
        values.push_back(v);
      } else if (axis.kind == models::SweepAxis::Kind::boolean) {
        values.push_back(models::sweep_value_text(axis, v) == "true");
      } else {
        values.push_back(models::sweep_value_text(axis, v));
      }
    }
    axis_list.push_back(toml::table{{"parameter", axis.parameter}, {"values", std::move(values)}});
  }
  const auto whole = [](std::uint64_t x) { return static_cast<std::int64_t>(x); };
  const toml::table t{{"jitsim_version", std::string_view(models::kVersion)},
                      {"scenario_sha256", models::sha256_hex(base.resolved_toml)},
                      {"shard", whole(index)},
                      {"shards", whole(count)},
                      {"points", whole(points)},
                      {"axes", std::move(axis_list)}};
  std::ostringstream text;
  text << "# A shard of a jitsim sweep (points in point-NNNN/); combine with: jitsim merge DIR...\n"
       << t << '\n';
  OutputDir out(dir);
  out.add("sweep_shard.toml", text.str());
  out.add("scenario.resolved.toml", base.resolved_toml);
  out.set_manifest(manifest_header("sweep_shard", run_identity(base, {})));
  // The points' sets are part of this one: a point folder of another sweep is refused.
  for (std::size_t pi = 0; pi < points; ++pi) {
    out.include_existing(fmt::format("point-{:04}/{}", pi, kManifestFile));
  }
  out.commit();
}

}  // namespace jitsim::cli
