// -----------------------------------------------------------------------------
// File: models/decisions/stress.h
// -----------------------------------------------------------------------------
// `jitsim stress`: takes out one node of the chain at a time (a supplier, a carrier or a
// site) for a fixed window and measures, under every policy and the undisturbed run's random
// futures (common random numbers), how long the chain survives on what it holds (time to
// survive, after Simchi-Levi, Schmidt and Wei (2014)), how long it takes to recover, what is
// lost or backordered and what the outage costs, paired replication by replication. The weak
// links are the nodes whose outage costs most.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "models/agents/world.h"
#include "models/decisions/candidate.h"
#include "models/model/network.h"
#include "models/model/scenario.h"
#include "sim/statistics.h"

namespace jitsim::models {

enum class NodeKind { supplier, carrier, site };
/// "supplier", "carrier", "site".
std::string_view node_kind_name(NodeKind kind);

/// A node that can be taken out. `index`: into Scenario::suppliers / carriers / sites (a
/// scenario without sites has one site, its warehouse, with index 0 and id "warehouse").
struct StressNode {
  std::string id;
  NodeKind kind = NodeKind::supplier;
  std::size_t index = 0;
};

/// Every supplier, carrier and site of the scenario, in that order (file order within each).
std::vector<StressNode> stress_nodes(const Scenario& scenario);

/// The shock that takes `node` out from `start_day` for `duration_days` ([[shocks]] TOML, with
/// an id no shock of the scenario has): supplier_shutdown, port_closure or site_outage.
std::string outage_shock_toml(const Scenario& scenario, const StressNode& node, double start_day,
                              double duration_days);

/// By item-location: non-zero where the node's outage reaches it: its lane's supplier or
/// carrier (any of its sources or expedite lanes) is the node, or its site is; and, transitively,
/// the item-locations that order from an affected one and the kits made of one.
std::vector<char> affected_items(const Network& network, const StressNode& node);

/// The value of one stress metric (scenarios/README.md, "`jitsim stress`").
enum class StressMetric : std::size_t {
  time_to_survive_days,
  time_to_survive_censored_share,
  time_to_recover_days,
  lost_sales_units,
  backordered_units,
  cost_impact,
  count
};
inline constexpr std::size_t kStressMetricCount = static_cast<std::size_t>(StressMetric::count);
std::string_view stress_metric_name(StressMetric metric);

/// One node under one policy: every replication's values, and their summaries.
struct NodePolicyStress {
  /// [metric][replication]. time_to_survive_days is censored at the horizon (horizon - start
  /// when no short order came); its censored_share entry is 1 for a censored replication, else
  /// 0; cost_impact is the disturbed total_cost minus the undisturbed one.
  std::vector<std::vector<double>> values;
  /// By metric: mean and 95 % interval (cost_impact: sim::summarize_paired's).
  std::vector<sim::Summary> summaries;
};

struct NodeStress {
  StressNode node;
  std::vector<NodePolicyStress> policies;  // in the order of the policies given
  double rank_key = 0;                     // the largest mean cost impact over the policies
};

struct StressSettings {
  double start_day = 0;
  double duration_days = 30;
  std::uint64_t replications = 0;
  RunSettings run;  // its progress: over all candidates, (nodes + 1) x replications in total
};

struct StressResult {
  std::vector<NodeStress> nodes;         // ranked: largest cost impact first (ties: node order)
  std::uint64_t replications_spent = 0;  // per policy, undisturbed run included
  bool cancelled = false;                // nothing else is meaningful then
};

/// Runs the undisturbed scenario and, for each node, the scenario with its outage, every
/// policy in `policies` with replications [0, settings.replications). `resolved_toml` is the
/// scenario as written by to_toml and `base_dir` where its relative paths resolve. Throws
/// std::runtime_error when a disturbed scenario does not load (it names the problem).
StressResult run_stress(const Scenario& scenario, std::string_view resolved_toml,
                        const std::filesystem::path& base_dir,
                        const std::vector<std::size_t>& policies,
                        const std::vector<StressNode>& nodes, const StressSettings& settings);

/// The stress values of one disturbed candidate against the undisturbed one (both run with
/// the same replications; `disturbed` with the watch of `node`), for policy slot `slot`.
NodePolicyStress node_policy_stress(const Candidate& undisturbed, const Candidate& disturbed,
                                    std::size_t slot, double start_day);

}  // namespace jitsim::models
