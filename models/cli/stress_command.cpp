// File: models/cli/stress_command.cpp
// `jitsim stress`: takes out one node at a time (every supplier, carrier and site, or the
// --target ones) and ranks the nodes by what their outage costs (models/decisions/stress.h).
#include <cmath>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/decisions/stress.h"
#include "models/io/sha256.h"
#include "models/io/text_format.h"
#include "models/results/json_writer.h"
#include "models/version.h"

namespace jitsim::cli {

namespace {

struct StressOptions {
  CommonOptions common;
  double duration_days = 30;
  std::optional<double> start_day;
  std::vector<std::string> targets;
};

constexpr std::array<std::string_view, 3> kSummaryFields{"mean", "ci95_low", "ci95_high"};

double field(const sim::Summary& s, std::size_t k) {
  return k == 0 ? s.mean : k == 1 ? s.ci95_low : s.ci95_high;
}

nlohmann::ordered_json nodes_json(const models::StressResult& r,
                                  const std::vector<std::string>& policies) {
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (const models::NodeStress& n : r.nodes) {
    nlohmann::ordered_json by_policy = nlohmann::ordered_json::object();
    for (std::size_t p = 0; p < policies.size(); ++p) {
      nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
      for (std::size_t m = 0; m < models::kStressMetricCount; ++m) {
        nlohmann::ordered_json s = nlohmann::ordered_json::object();
        for (std::size_t k = 0; k < kSummaryFields.size(); ++k) {
          s[std::string(kSummaryFields[k])] = field(n.policies[p].summaries[m], k);
        }
        metrics[std::string(models::stress_metric_name(static_cast<models::StressMetric>(m)))] =
            std::move(s);
      }
      by_policy[policies[p]] = std::move(metrics);
    }
    nodes.push_back({{"id", n.node.id},
                     {"kind", std::string(models::node_kind_name(n.node.kind))},
                     {"policies", std::move(by_policy)}});
  }
  return nodes;
}

std::string stress_csv(const models::StressResult& r, const std::vector<std::string>& policies) {
  std::string out = "rank,node,kind,policy";
  for (std::size_t m = 0; m < models::kStressMetricCount; ++m) {
    for (const std::string_view f : kSummaryFields) {
      out += fmt::format(",{}_{}", models::stress_metric_name(static_cast<models::StressMetric>(m)),
                         f);
    }
  }
  out += "\n";
  for (std::size_t rank = 0; rank < r.nodes.size(); ++rank) {
    const models::NodeStress& n = r.nodes[rank];
    for (std::size_t p = 0; p < policies.size(); ++p) {
      out += fmt::format("{},{},{},{}", rank + 1, n.node.id, models::node_kind_name(n.node.kind),
                         policies[p]);
      for (std::size_t m = 0; m < models::kStressMetricCount; ++m) {
        for (std::size_t k = 0; k < kSummaryFields.size(); ++k) {
          const double v = field(n.policies[p].summaries[m], k);
          out += ',';
          if (std::isfinite(v)) out += models::format_number(v);
        }
      }
      out += "\n";
    }
  }
  return out;
}

std::string cell(double v, int precision = 1) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : std::string("-");
}

std::string stress_table(const models::StressResult& r, const std::vector<std::string>& policies,
                         const models::StressSettings& settings, const std::string& title) {
  std::string out = fmt::format(
      "{}\nEach node out for {} days from day {}; {} replications per policy and node (same "
      "random futures).\nWeak links first (largest mean cost impact). TTS: time to survive "
      "(censored %: no short order before the horizon); TTR: time to recover.\n\n",
      title, models::format_number(settings.duration_days),
      models::format_number(settings.start_day), settings.replications);
  out += fmt::format("{:>4}  {:<20} {:<8} {:<12} {:>10} {:>9} {:>9} {:>11} {:>12}  {}\n", "rank",
                     "node", "kind", "policy", "TTS days", "censored", "TTR days", "lost units",
                     "backordered", "cost impact [95 % interval]");
  using M = models::StressMetric;
  for (std::size_t rank = 0; rank < r.nodes.size(); ++rank) {
    const models::NodeStress& n = r.nodes[rank];
    for (std::size_t p = 0; p < policies.size(); ++p) {
      const auto& s = n.policies[p].summaries;
      auto at = [&](M m) -> const sim::Summary& { return s[static_cast<std::size_t>(m)]; };
      const sim::Summary& impact = at(M::cost_impact);
      out +=
          fmt::format("{:>4}  {:<20} {:<8} {:<12} {:>10} {:>8}% {:>9} {:>11} {:>12}  {} [{}, {}]\n",
                      p == 0 ? std::to_string(rank + 1) : "", p == 0 ? n.node.id : "",
                      p == 0 ? std::string(models::node_kind_name(n.node.kind)) : "", policies[p],
                      cell(at(M::time_to_survive_days).mean),
                      cell(100 * at(M::time_to_survive_censored_share).mean, 0),
                      cell(at(M::time_to_recover_days).mean), cell(at(M::lost_sales_units).mean, 0),
                      cell(at(M::backordered_units).mean, 0), cell(impact.mean, 0),
                      cell(impact.ci95_low, 0), cell(impact.ci95_high, 0));
    }
  }
  return out;
}

int stress(const StressOptions& so) {
  const CommonOptions& o = so.common;
  if (!(so.duration_days > 0) || !std::isfinite(so.duration_days)) {
    throw UsageError(fmt::format("--duration-days {}: give a number of days > 0",
                                 models::format_number(so.duration_days)));
  }
  const auto loaded = load(o);
  if (!loaded) return kBadInput;
  const models::Scenario& sc = loaded->scenario;
  const std::vector<std::size_t> policies = select_policies(sc, o.policies);
  const double horizon = sc.scenario.horizon_days;
  models::StressSettings settings;
  settings.start_day = so.start_day ? *so.start_day : horizon / 2;
  if (!(settings.start_day >= 0 && settings.start_day < horizon)) {
    throw UsageError(fmt::format(
        "--start-day {}: give a day in the measured period [0, {}) (default: its middle)",
        models::format_number(settings.start_day), models::format_number(horizon)));
  }
  settings.duration_days = so.duration_days;
  const double window_limit = sc.scenario.warmup_days + horizon;
  if (so.duration_days > window_limit) {
    throw UsageError(fmt::format("--duration-days {}: at most warmup + horizon ({} days)",
                                 models::format_number(so.duration_days),
                                 models::format_number(window_limit)));
  }
  const std::vector<models::StressNode> all = models::stress_nodes(sc);
  std::vector<models::StressNode> nodes;
  if (so.targets.empty()) {
    nodes = all;
  } else {
    std::set<std::string> chosen;
    for (const std::string& t : so.targets) {
      bool found = false;
      for (const models::StressNode& n : all) found = found || n.id == t;
      if (!found) {
        std::string ids;
        for (const models::StressNode& n : all) {
          ids += ids.empty() ? "" : ", ";
          ids += n.id;
        }
        throw UsageError(fmt::format(
            "--target {}: no supplier, carrier or site has this id (the nodes: {})", t, ids));
      }
      chosen.insert(t);
    }
    for (const models::StressNode& n : all) {
      if (chosen.count(n.id) != 0) nodes.push_back(n);  // an id shared by kinds: all of them
    }
  }
  settings.replications = static_cast<std::uint64_t>(sc.scenario.replications);
  settings.run.threads = thread_count(o);
  settings.run.check_invariants = o.check_invariants;
  settings.run.cancel = &interrupted();
  Progress progress("stress", !o.quiet);
  settings.run.progress = [&](double done, std::uint64_t total) { progress.update(done, total); };

  const double start = now_seconds();
  models::StressResult result;
  {
    const DeferInterrupts defer;
    result = models::run_stress(sc, loaded->resolved_toml, loaded->scenario_dir, policies, nodes,
                                settings);
  }
  if (result.cancelled || interrupted()) throw Interrupted();
  const double wall = now_seconds() - start;
  const std::vector<std::string> names = policy_names(sc, policies);

  if (!o.out_dir.empty()) {
    nlohmann::ordered_json run;
    run["command"] = "stress";
    run["jitsim_version"] = std::string(models::kVersion);
    run["scenario"] = sc.scenario.name;
    run["scenario_sha256"] = models::sha256_hex(loaded->resolved_toml);
    run["seed"] = sc.scenario.seed;
    run["horizon_days"] = horizon;
    run["start_day"] = settings.start_day;
    run["duration_days"] = settings.duration_days;
    run["replications"] = settings.replications;
    run["replications_spent"] = result.replications_spent * policies.size();
    run["policies"] = names;
    run["wall_seconds"] = wall;
    run["nodes"] = nodes_json(result, names);
    OutputDir out(o.out_dir);
    out.add("stress.csv", stress_csv(result, names));
    out.add("run.json", models::write_json(run));
    out.add("scenario.resolved.toml", loaded->resolved_toml);
    out.set_manifest(manifest_header("stress", run_identity(*loaded, names)));
    out.commit();
  }
  if (o.format == "json") {
    nlohmann::ordered_json doc;
    doc["nodes"] = nodes_json(result, names);
    fmt::print("{}", models::write_json(doc));
  } else if (o.format == "csv") {
    fmt::print("{}", stress_csv(result, names));
  } else {
    fmt::print("{}", stress_table(result, names, settings, sc.scenario.name));
  }
  if (!o.quiet) {
    fmt::print(stderr, "stress: {} nodes, {} replications in {:.1f} s\n", nodes.size(),
               result.replications_spent * policies.size(), wall);
  }
  return kSuccess;
}

}  // namespace

Subcommand add_stress_command(CLI::App& app) {
  auto o = std::make_shared<StressOptions>();
  CLI::App* cmd = app.add_subcommand(
      "stress",
      "Take out each supplier, carrier and site in turn: time to survive, to recover, "
      "and the cost of the outage (weak links first)");
  add_common_options(*cmd, o->common);
  cmd->add_option("--duration-days", o->duration_days, "Days each node is out (default 30)");
  cmd->add_option("--start-day", o->start_day,
                  "Day the outage starts (default: the middle of the measured period)");
  cmd->add_option("--target", o->targets, "Only these nodes (supplier, carrier or site ids)");
  cmd->footer(
      "Every node's outage runs the undisturbed run's random futures (same seed and "
      "replications), so its cost impact is paired replication by replication.\n"
      "Examples:\n"
      "  jitsim stress scenarios/baseline.toml --duration-days 45 --out out/stress\n"
      "  jitsim report out/stress\n"
      "  jitsim stress bench/scenarios/dc_fba.toml --target us-dc --format json");
  return {cmd, [o] { return stress(*o); }};
}

}  // namespace jitsim::cli
