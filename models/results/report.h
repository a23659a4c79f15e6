// -----------------------------------------------------------------------------
// File: models/results/report.h
// -----------------------------------------------------------------------------
// What a run reports (scenarios/README.md): every metric of every policy summarised over the
// replications, every pair of policies compared replication by replication, and the
// renderings of it all (comparison table, CSV files, JSON). Numbers are printed in shortest
// round-trip form in the C locale; undefined values are empty in CSV and null in JSON.
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/agents/experiment.h"
#include "models/agents/world.h"
#include "models/io/text_format.h"
#include "models/model/metrics.h"
#include "models/version.h"
#include "sim/statistics.h"

namespace jitsim::models {

struct PolicyReport {
  std::string name;
  std::array<sim::Summary, kMetricCount> metrics;
};

struct PairReport {
  std::string a, b;  // differences are a - b
  std::array<sim::PairedSummary, kPairedMetrics.size()> metrics;
};

/// A lane as run.json's "network" describes it: from a supplier or a site, to a site.
struct NetworkLane {
  std::string id, from, from_kind, to, carrier;  // from_kind: "supplier" or "site"
  bool expedite = false;
};

struct RunReport {
  std::string scenario_name;
  std::string scenario_sha256;  // of the resolved scenario text
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  double horizon_days = 0;
  double warmup_days = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0;
  std::vector<PolicyReport> policies;
  std::vector<PairReport> pairs;   // every pair in report order (a before b)
  std::vector<std::string> sites;  // run.json "network" (omitted when empty): site ids...
  std::vector<NetworkLane> lanes;  // ...and lanes, in network order
};

/// Fills report.sites and report.lanes from the network that was run.
void describe_network(const ModelSetup& setup, RunReport& report);

/// Summaries of `result` for the policies `policies` (indices into the scenario's).
RunReport make_report(const Scenario& scenario, const std::vector<std::size_t>& policies,
                      const ExperimentResult& result);

/// The run as one JSON object (the contract's shape).
std::string to_json(const RunReport& report);
/// summary.csv: policy, metric, mean, sd, ci95_low, ci95_high, p05, p50, p95, n.
std::string summary_csv(const RunReport& report);
/// paired.csv: pair, metric, mean_diff, sd, ci95_low, ci95_high, share_better, n.
std::string paired_csv(const RunReport& report);
/// replications.csv: policy, replication, one column per metric; streamed row by row.
void write_replications_csv(std::ostream& out, const Scenario& scenario,
                            const std::vector<std::size_t>& policies,
                            const ExperimentResult& result);
/// per_PART_replications.csv (shards only): policy, replication, the part's key (sku, site or
/// lane), one column per value of the part (part_values); from the kept breakdown runs.
void write_part_replications_csv(std::ostream& out, const ModelSetup& setup,
                                 const std::vector<std::size_t>& policies,
                                 const ExperimentResult& result, Part part);
/// per_sku.csv: policy, sku, site, critical, metric, mean, ci95_low, ci95_high.
std::string per_sku_csv(const ModelSetup& setup, const std::vector<std::size_t>& policies,
                        const ExperimentResult& result);
/// per_site.csv (part site: policy, site, metric, ...) and per_lane.csv (part lane: policy,
/// lane, metric, ...), with mean, ci95_low, ci95_high.
std::string part_csv(const ModelSetup& setup, const std::vector<std::size_t>& policies,
                     const ExperimentResult& result, Part part);
/// timeseries.csv: day, policy, replication, on_hand, backlog, on_order, fill_rate, cost,
/// working_capital.
void write_timeseries_csv(std::ostream& out, const Scenario& scenario,
                          const std::vector<std::size_t>& policies, const ExperimentResult& result);
/// timeseries_summary.csv: day, policy, metric, p05, p50, p95, mean (across replications).
void write_timeseries_summary_csv(std::ostream& out, const Scenario& scenario,
                                  const std::vector<std::size_t>& policies,
                                  const ExperimentResult& result);

/// The comparison table for a terminal: policies as columns, key metrics as rows.
std::string comparison_table(const RunReport& report);

}  // namespace jitsim::models
