// -----------------------------------------------------------------------------
// File: models/results/sweep_risk.h
// -----------------------------------------------------------------------------
// Tail risk and the arg-min of a sweep: what a mean hides (the cost of the bad replications)
// and which points the replications cannot tell apart from the cheapest one. Points of a sweep
// are paired by replication: replication r has the same random futures at every point.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/statistics.h"

namespace jitsim::models {

/// The level of the tail measures: p95 and CVaR(95 %).
inline constexpr double kTailLevel = 0.95;

/// CVaR at level p of `values` (NaN entries skipped): the mean of the values at or above their
/// type-7 quantile p (Hyndman and Fan, the quantile summarize() reports as p95). With fewer
/// than 1 / (1 - p) values that is the largest value (and any tied with it). NaN when empty.
double tail_mean(std::span<const double> values, double p);

/// The cheapest point of a sweep for one policy and the points not separable from it.
struct SweepArgMin {
  std::size_t best = 0;                     // lowest mean (the first of equal means)
  std::vector<sim::PairedSummary> vs_best;  // per point: point - best, paired by replication
  std::vector<bool> within_noise;           // per point: that interval contains 0
};

/// Arg-min over points of `costs[point][replication]` (each point's values in replication
/// order, the same replications at every point). A point is within noise when the Student-t
/// 95 % interval of its paired difference to the best contains 0, or is undefined (fewer than
/// two replications: nothing can be separated). Requires at least one point.
SweepArgMin sweep_arg_min(const std::vector<std::vector<double>>& costs);

}  // namespace jitsim::models
