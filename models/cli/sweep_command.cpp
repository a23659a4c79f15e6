// File: models/cli/sweep_command.cpp
// `jitsim sweep`: cost curves. Every value (or grid point of two parameters) x every policy,
// with common random numbers across values too (the seed does not change with the value).
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/distributed.h"
#include "models/cli/output_dir.h"
#include "models/experiment.h"
#include "models/report.h"
#include "models/sha256.h"

namespace jitsim::cli {

namespace {

struct SweepOptions {
  CommonOptions common;
  std::vector<std::string> params, values, ranges;
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
  if (count > 10000) throw UsageError(fmt::format("--range {}: more than 10000 values", text));
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

  struct Point {
    std::vector<double> values;
  };
  std::vector<Point> points;
  for (const double a : axes[0].values) {
    if (axes.size() == 1) {
      points.push_back({{a}});
    } else {
      for (const double b : axes[1].values) points.push_back({{a, b}});
    }
  }
  const bool grid = axes.size() == 2;
  std::string curves = grid ? "parameter,value,parameter2,value2,policy,metric,mean,sd,ci95_low,"
                              "ci95_high,p05,p50,p95,n\n"
                            : "parameter,value,policy,metric,mean,sd,ci95_low,ci95_high,p05,p50,"
                              "p95,n\n";
  std::string json = "{\"sweep\": [\n";
  std::vector<std::pair<std::string, models::RunReport>> reports;
  Progress progress("sweep", !o.quiet && cluster.rank == 0);
  const std::uint64_t reps = static_cast<std::uint64_t>(base->scenario.scenario.replications);
  std::uint64_t done_before = 0;
  const std::uint64_t total = reps * points.size();
  for (std::size_t pi = 0; pi < points.size(); ++pi) {
    std::vector<std::string> extra;
    std::string label, key_prefix;
    for (std::size_t k = 0; k < axes.size(); ++k) {
      const std::string v = models::format_number(points[pi].values[k]);
      extra.push_back(axes[k].parameter + "=" + v);
      label += (k ? ", " : "") + axes[k].parameter + " = " + v;
      key_prefix += fmt::format("{},{},", axes[k].parameter, v);
    }
    const auto loaded = load(o, extra);
    if (!loaded) return kBadInput;
    const models::Scenario& sc = loaded->scenario;
    const std::vector<std::size_t> policies = select_policies(sc, o.policies);
    const models::ModelSetup setup(sc);
    models::ExperimentOptions eo;
    eo.policies = policies;
    eo.replications = static_cast<std::uint64_t>(sc.scenario.replications);
    eo.threads = thread_count(o);
    eo.check_invariants = o.check_invariants;
    eo.per_sku = false;
    eo.cancel = &interrupted();
    eo.progress = [&](std::uint64_t d, std::uint64_t) { progress.update(done_before + d, total); };
    const double start = now_seconds();
    models::ExperimentResult result;
    result.policies.resize(policies.size());
    extend_on_cluster(setup, eo, cluster, result);
    if (cluster.rank != 0) {
      if (result.cancelled) return kInterrupted;
      continue;  // rank 0 alone reports
    }
    if (result.cancelled) {
      fmt::print(stderr, "jitsim: interrupted at sweep point {} of {}; nothing written\n", pi + 1,
                 points.size());
      return kInterrupted;
    }
    done_before += eo.replications;
    models::RunReport report = models::make_report(sc, policies, result);
    report.scenario_sha256 = models::sha256_hex(loaded->resolved_toml);
    report.wall_seconds = now_seconds() - start;
    for (const models::PolicyReport& p : report.policies) {
      for (std::size_t m = 0; m < models::kMetricCount; ++m) {
        const sim::Summary& s = p.metrics[m];
        curves += fmt::format("{}{},{},{},{},{},{},{},{},{},{}\n", key_prefix, p.name,
                              models::metric_info()[m].name, models::format_number(s.mean),
                              models::format_number(s.sd), models::format_number(s.ci95_low),
                              models::format_number(s.ci95_high), models::format_number(s.p05),
                              models::format_number(s.p50), models::format_number(s.p95), s.n);
      }
    }
    json += fmt::format("{}{{\"point\": {{", pi ? ",\n" : "");
    for (std::size_t k = 0; k < axes.size(); ++k) {
      json += fmt::format("{}\"{}\": {}", k ? ", " : "", axes[k].parameter,
                          models::format_number(points[pi].values[k]));
    }
    json += "}, \"run\": " + models::to_json(report) + "}";
    reports.emplace_back(label, std::move(report));
  }
  json += "\n]}\n";
  if (cluster.rank != 0) return kSuccess;

  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("curves.csv", curves);
    out.add("sweep.json", json);
    out.add("scenario.resolved.toml", base->resolved_toml);
    out.commit();
  }
  if (o.format == "csv") {
    fmt::print("{}", curves);
  } else if (o.format == "json") {
    fmt::print("{}", json);
  } else {
    fmt::print(
        "Sweep of {} over {} point(s), {} replications each. Cells: total_cost mean "
        "(fill_rate).\n\n",
        grid ? axes[0].parameter + " x " + axes[1].parameter : axes[0].parameter, points.size(),
        reps);
    for (const auto& [label, report] : reports) {
      std::string line = label + ":";
      for (const models::PolicyReport& p : report.policies) {
        const auto& cost = p.metrics[static_cast<std::size_t>(models::Metric::total_cost)];
        const auto& fill = p.metrics[static_cast<std::size_t>(models::Metric::fill_rate)];
        line += fmt::format("  {} {:.0f} ({:.3f})", p.name, cost.mean, fill.mean);
      }
      fmt::print("{}\n", line);
    }
  }
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
