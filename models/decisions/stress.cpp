// File: models/decisions/stress.cpp
#include "models/decisions/stress.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "models/io/scenario_loader.h"
#include "models/io/text_format.h"

namespace jitsim::models {

std::string_view node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::supplier:
      return "supplier";
    case NodeKind::carrier:
      return "carrier";
    case NodeKind::site:
      return "site";
  }
  return "site";
}

std::string_view stress_metric_name(StressMetric metric) {
  static constexpr std::array<std::string_view, kStressMetricCount> names{
      "time_to_survive_days", "time_to_survive_censored_share",
      "time_to_recover_days", "lost_sales_units",
      "backordered_units",    "cost_impact"};
  return names[static_cast<std::size_t>(metric)];
}

std::vector<StressNode> stress_nodes(const Scenario& scenario) {
  std::vector<StressNode> nodes;
  for (std::size_t i = 0; i < scenario.suppliers.size(); ++i) {
    nodes.push_back({scenario.suppliers[i].id, NodeKind::supplier, i});
  }
  for (std::size_t i = 0; i < scenario.carriers.size(); ++i) {
    nodes.push_back({scenario.carriers[i].id, NodeKind::carrier, i});
  }
  if (scenario.sites.empty()) {
    nodes.push_back({"warehouse", NodeKind::site, 0});
  } else {
    for (std::size_t i = 0; i < scenario.sites.size(); ++i) {
      nodes.push_back({scenario.sites[i].id, NodeKind::site, i});
    }
  }
  return nodes;
}

std::string outage_shock_toml(const Scenario& scenario, const StressNode& node, double start_day,
                              double duration_days) {
  std::set<std::string> taken;
  for (const Shock& s : scenario.shocks) taken.insert(s.id);
  std::string id = "stress-outage";
  for (int k = 2; taken.count(id) != 0; ++k) id = fmt::format("stress-outage-{}", k);
  std::string target;
  std::string_view kind;
  switch (node.kind) {
    case NodeKind::supplier:
      kind = "supplier_shutdown";
      target = fmt::format("supplier = \"{}\"\n", node.id);
      break;
    case NodeKind::carrier:
      kind = "port_closure";
      target = fmt::format("carrier = \"{}\"\n", node.id);
      break;
    case NodeKind::site:
      kind = "site_outage";
      // Without [[sites]] the shock's site is the warehouse when the key is left out.
      if (!scenario.sites.empty()) target = fmt::format("site = \"{}\"\n", node.id);
      break;
  }
  // Ids of the scenario's entities are plain ids (no quotes or backslashes to escape).
  return fmt::format(
      "\n[[shocks]]\nid = \"{}\"\nkind = \"{}\"\n{}start_day = {}\nduration_days = {}\n", id, kind,
      target, format_number(start_day), format_number(duration_days));
}

std::vector<char> affected_items(const Network& network, const StressNode& node) {
  const std::size_t n = network.items.size();
  std::vector<char> hit(n, 0);
  auto lane_hit = [&](std::uint32_t lane_index) {
    const Lane& lane = network.lanes[lane_index];
    if (node.kind == NodeKind::supplier) return !lane.from_site && lane.supplier == node.index;
    if (node.kind == NodeKind::carrier) return lane.carrier == node.index;
    return false;
  };
  std::vector<std::uint32_t> todo;
  for (std::size_t i = 0; i < n; ++i) {
    const ItemLocation& item = network.items[i];
    bool h = node.kind == NodeKind::site && item.site == node.index;
    for (const Source& s : item.sources) h = h || lane_hit(s.lane);
    for (const Source& s : item.expedites) h = h || lane_hit(s.lane);
    if (h) {
      hit[i] = 1;
      todo.push_back(static_cast<std::uint32_t>(i));
    }
  }
  // What flows out of an affected item-location: transfers downstream and kits made of it.
  while (!todo.empty()) {
    const std::uint32_t i = todo.back();
    todo.pop_back();
    auto reach = [&](std::uint32_t j) {
      if (hit[j] == 0) {
        hit[j] = 1;
        todo.push_back(j);
      }
    };
    for (const std::uint32_t d : network.items[i].downstream) reach(d);
    for (const std::uint32_t k : network.items[i].kits) reach(k);
  }
  return hit;
}

NodePolicyStress node_policy_stress(const Candidate& undisturbed, const Candidate& disturbed,
                                    std::size_t slot, double start_day) {
  NodePolicyStress out;
  out.values.assign(kStressMetricCount, {});
  auto column = [&](StressMetric m) -> std::vector<double>& {
    return out.values[static_cast<std::size_t>(m)];
  };
  const double horizon = disturbed.scenario().scenario.horizon_days;
  for (const auto& [first_short, backordered] : disturbed.results(slot).watched) {
    const bool censored = std::isnan(first_short);
    column(StressMetric::time_to_survive_days)
        .push_back(censored ? horizon - start_day : first_short - start_day);
    column(StressMetric::time_to_survive_censored_share).push_back(censored ? 1.0 : 0.0);
    column(StressMetric::backordered_units).push_back(backordered);
  }
  column(StressMetric::time_to_recover_days) = disturbed.values(slot, Metric::time_to_recover_days);
  column(StressMetric::lost_sales_units) = disturbed.values(slot, Metric::lost_sales_units);
  const std::vector<double> with = disturbed.values(slot, Metric::total_cost);
  const std::vector<double> without = undisturbed.values(slot, Metric::total_cost);
  std::vector<double>& impact = column(StressMetric::cost_impact);
  const std::size_t n = std::min(with.size(), without.size());
  for (std::size_t r = 0; r < n; ++r) impact.push_back(with[r] - without[r]);

  out.summaries.resize(kStressMetricCount);
  for (std::size_t m = 0; m < kStressMetricCount; ++m) {
    out.summaries[m] = sim::summarize(out.values[m]);
  }
  // The impact's interval is the paired one (the same as a summary of the differences).
  const sim::PairedSummary paired = sim::summarize_paired(
      std::span<const double>(with.data(), n), std::span<const double>(without.data(), n), true);
  sim::Summary& s = out.summaries[static_cast<std::size_t>(StressMetric::cost_impact)];
  s.mean = paired.mean_diff;
  s.sd = paired.sd;
  s.ci95_low = paired.ci95_low;
  s.ci95_high = paired.ci95_high;
  return out;
}

namespace {

Scenario load_disturbed(std::string_view resolved_toml, const std::filesystem::path& base_dir,
                        const std::string& shock, const StressNode& node) {
  const std::string text = std::string(resolved_toml) + shock;
  LoadResult r = load_scenario_text(text, "<stress outage>", base_dir);
  if (!r.ok()) {
    std::string why;
    for (const Diagnostic& d : r.diagnostics) {
      why += '\n';
      why += format(d);
    }
    throw std::runtime_error(fmt::format("the scenario with {} {} taken out does not load:{}",
                                         node_kind_name(node.kind), node.id, why));
  }
  return std::move(*r.scenario);
}

}  // namespace

StressResult run_stress(const Scenario& scenario, std::string_view resolved_toml,
                        const std::filesystem::path& base_dir,
                        const std::vector<std::size_t>& policies,
                        const std::vector<StressNode>& nodes, const StressSettings& settings) {
  StressResult result;
  const Network network = build_network(scenario);
  const std::uint64_t reps = settings.replications;
  const std::uint64_t total = reps * (nodes.size() + 1);
  std::uint64_t done_before = 0;
  RunSettings run = settings.run;
  if (settings.run.progress) {
    run.progress = [&](double done, std::uint64_t) {
      settings.run.progress(static_cast<double>(done_before) + done, total);
    };
  }
  Candidate undisturbed(scenario, policies);
  if (!undisturbed.run_more(reps, run)) {
    result.cancelled = true;
    return result;
  }
  done_before += reps;
  result.replications_spent = reps;
  for (const StressNode& node : nodes) {
    const std::string shock =
        outage_shock_toml(scenario, node, settings.start_day, settings.duration_days);
    Candidate disturbed(load_disturbed(resolved_toml, base_dir, shock, node), policies);
    StockoutWatch watch{settings.start_day, affected_items(network, node)};
    RunSettings watched = run;
    watched.watch = &watch;
    if (!disturbed.run_more(reps, watched)) {
      result.cancelled = true;
      return result;
    }
    done_before += reps;
    result.replications_spent += reps;
    NodeStress ns{node, {}, 0};
    double key = -std::numeric_limits<double>::infinity();
    for (std::size_t slot = 0; slot < policies.size(); ++slot) {
      ns.policies.push_back(node_policy_stress(undisturbed, disturbed, slot, settings.start_day));
      const double mean =
          ns.policies.back().summaries[static_cast<std::size_t>(StressMetric::cost_impact)].mean;
      if (!std::isnan(mean)) key = std::max(key, mean);
    }
    ns.rank_key = key;
    result.nodes.push_back(std::move(ns));
  }
  std::stable_sort(
      result.nodes.begin(), result.nodes.end(),
      [](const NodeStress& a, const NodeStress& b) { return a.rank_key > b.rank_key; });
  return result;
}

}  // namespace jitsim::models
