// File: models/results/sweep_risk.cpp
#include "models/results/sweep_risk.h"

#include <algorithm>
#include <cmath>

namespace jitsim::models {

double tail_mean(std::span<const double> values, double p) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (const double v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  if (sorted.empty()) return sim::kUndefined;
  std::sort(sorted.begin(), sorted.end());
  const double q = sim::quantile_sorted(sorted, p);
  // The tail starts at the first value >= q; summed in ascending order (deterministic).
  // (An interpolated q rounded above the largest value still leaves that value.)
  const auto first = std::min(std::lower_bound(sorted.begin(), sorted.end(), q), sorted.end() - 1);
  double sum = 0;
  for (auto it = first; it != sorted.end(); ++it) sum += *it;
  return sum / static_cast<double>(sorted.end() - first);
}

SweepArgMin sweep_arg_min(const std::vector<std::vector<double>>& costs) {
  SweepArgMin out;
  double best_mean = sim::kUndefined;
  for (std::size_t k = 0; k < costs.size(); ++k) {
    const double m = sim::summarize(costs[k]).mean;
    if (!std::isnan(m) && (std::isnan(best_mean) || m < best_mean)) best_mean = m, out.best = k;
  }
  for (const std::vector<double>& c : costs) {
    const sim::PairedSummary d = sim::summarize_paired(c, costs[out.best], true);
    const bool undefined = std::isnan(d.ci95_low) || std::isnan(d.ci95_high);
    out.within_noise.push_back(undefined || (d.ci95_low <= 0 && d.ci95_high >= 0));
    out.vs_best.push_back(d);
  }
  return out;
}

}  // namespace jitsim::models
