// -----------------------------------------------------------------------------
// File: models/decisions/optimize.h
// -----------------------------------------------------------------------------
// `jitsim optimize`: the grid of parameter settings (every combination of the --param values),
// one Candidate per setting, the ranking-and-selection procedure over them
// (models/decisions/ranking_selection.h), and the result as an analyst reads it: each
// candidate's setting, replications, objective interval, constraint means and status, as a
// text table and as optimize.csv. The command line (models/cli/optimize_command.cpp) loads the
// scenarios and writes the files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/decisions/candidate.h"
#include "models/decisions/ranking_selection.h"
#include "models/model/metrics.h"
#include "models/model/scenario.h"
#include "sim/statistics.h"

namespace jitsim::models {

/// "metric >= bound" or "metric <= bound".
struct MetricConstraint {
  Metric metric = Metric::fill_rate;
  ConstraintBound bound;
  std::string text() const;  // "fill_rate>=0.95"
};

/// Parses "METRIC>=BOUND" or "METRIC<=BOUND" (spaces allowed around the parts); returns an
/// explanation in `error` (and a default value) when malformed or the metric is unknown.
MetricConstraint parse_constraint(std::string_view text, std::string& error);

struct OptimizeProblem {
  std::vector<SweepAxis> params;  // key paths and their values; the grid is their product
  Metric objective = Metric::total_cost;
  std::vector<MetricConstraint> constraints;
  double tolerance = 0.005;
  std::uint64_t first_stage = 10;
  std::uint64_t budget = 0;  // 0: 50 x candidates
};

/// Every combination of the axes' values, the first axis varying slowest.
std::vector<std::vector<double>> grid_points(const std::vector<SweepAxis>& axes);

/// The number of grid points, as a double (no overflow before the limit is checked).
double grid_size(const std::vector<SweepAxis>& axes);

/// The default budget: 50 replications per candidate.
inline std::uint64_t default_budget(std::size_t candidates) {
  return 50 * candidates;
}

struct CandidateReport {
  std::vector<double> params;  // one per axis
  std::uint64_t replications = 0;
  sim::Summary objective;
  std::vector<sim::Summary> constraints;  // one per problem constraint
  std::vector<Feasibility> feasibility;
  SelectionStatus status = SelectionStatus::not_separated;
  std::array<sim::Summary, kMetricCount> metrics;  // every metric over its replications
};

struct OptimizeResult {
  std::vector<CandidateReport> candidates;  // grid order
  std::ptrdiff_t best = -1;
  bool separated = false;
  bool cancelled = false;
  double delta = 0;
  std::uint64_t budget = 0, spent = 0;
};

/// Runs the procedure over `candidates` (one per grid point, in grid order; each with one
/// policy). `settings.progress` sees the replications spent so far out of the budget.
OptimizeResult optimize(std::vector<Candidate>& candidates,
                        const std::vector<std::vector<double>>& points,
                        const OptimizeProblem& problem, const RunSettings& settings);

/// optimize.csv: one row per candidate, grid order (scenarios/README.md "jitsim optimize").
std::string optimize_csv(const OptimizeProblem& problem, const OptimizeResult& result);

/// The text table printed by --format table.
std::string optimize_table(const OptimizeProblem& problem, const OptimizeResult& result);

}  // namespace jitsim::models
