// File: models/cli/run_outputs.cpp
#include "models/cli/run_outputs.h"

#include <charconv>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/io/csv.h"
#include "models/io/file_text.h"
#include "models/io/sha256.h"
#include "models/results/json_writer.h"
#include "models/results/report.h"

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
    out.push_back(axes[k].parameter + "=" + models::format_number(values[k]));
  }
  return out;
}

void write_sweep_outputs(const CommonOptions& o, const std::vector<models::SweepAxis>& axes,
                         const std::vector<SweepPoint>& points, std::uint64_t replications,
                         const std::string& base_resolved_toml, const RunIdentity& identity) {
  const bool grid = axes.size() == 2;
  std::string curves = grid ? "parameter,value,parameter2,value2,policy,metric,mean,sd,ci95_low,"
                              "ci95_high,p05,p50,p95,n\n"
                            : "parameter,value,policy,metric,mean,sd,ci95_low,ci95_high,p05,p50,"
                              "p95,n\n";
  nlohmann::ordered_json sweep = nlohmann::ordered_json::array();
  std::string table;
  for (std::size_t pi = 0; pi < points.size(); ++pi) {
    const SweepPoint& point = points[pi];
    std::string label, key_prefix;
    nlohmann::ordered_json json_point = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < axes.size(); ++k) {
      const std::string v = models::format_number(point.values[k]);
      label += (k ? ", " : "") + axes[k].parameter + " = " + v;
      key_prefix += fmt::format("{},{},", models::csv_field(axes[k].parameter), v);
      json_point[axes[k].parameter] = point.values[k];
    }
    std::string line = label + ":";
    for (const models::PolicyReport& p : point.report.policies) {
      for (std::size_t m = 0; m < models::kMetricCount; ++m) {
        const sim::Summary& s = p.metrics[m];
        curves +=
            fmt::format("{}{},{},{},{},{},{},{},{},{},{}\n", key_prefix, models::csv_field(p.name),
                        models::metric_info()[m].name, models::format_number(s.mean),
                        models::format_number(s.sd), models::format_number(s.ci95_low),
                        models::format_number(s.ci95_high), models::format_number(s.p05),
                        models::format_number(s.p50), models::format_number(s.p95), s.n);
      }
      const auto& cost = p.metrics[static_cast<std::size_t>(models::Metric::total_cost)];
      const auto& fill = p.metrics[static_cast<std::size_t>(models::Metric::fill_rate)];
      line += fmt::format("  {} {:.0f} ({:.3f})", p.name, cost.mean, fill.mean);
    }
    table += line + "\n";
    sweep.push_back(
        {{"point", std::move(json_point)}, {"run", models::run_document(point.report)}});
  }
  const std::string json = models::write_json({{"sweep", std::move(sweep)}});
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("curves.csv", curves);
    out.add("sweep.json", json);
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
  }
}

void write_sweep_shard_manifest(const std::string& dir, const LoadedScenario& base,
                                const std::vector<models::SweepAxis>& axes, std::size_t points,
                                std::uint64_t index, std::uint64_t count) {
  toml::array axis_list;
  for (const models::SweepAxis& axis : axes) {
    toml::array values;
    for (const double v : axis.values) values.push_back(v);
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
