// File: sim/statistics.cpp
#include "sim/statistics.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

namespace jitsim::sim {

double RunningStats::sd() const {
  return std::sqrt(variance());
}

double student_t_975(double df) {
  if (!(df > 0)) return kUndefined;
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.975);
}

double quantile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return kUndefined;
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double quantile_unsorted(std::span<double> values, double p) {
  if (values.empty()) return kUndefined;
  const double h = static_cast<double>(values.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double below = values[lo];
  if (lo + 1 >= values.size()) return below;
  // The next order statistic is the smallest of what selection left above position lo.
  const double above =
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return below + (h - static_cast<double>(lo)) * (above - below);
}

namespace {
void fill_interval(const RunningStats& stats, double& sd, double& low, double& high) {
  sd = stats.sd();
  const double half = student_t_975(static_cast<double>(stats.count()) - 1) * sd /
                      std::sqrt(static_cast<double>(stats.count()));
  low = stats.mean() - half;
  high = stats.mean() + half;
}
}  // namespace

Summary summarize(std::span<const double> values) {
  RunningStats stats;
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (const double v : values) {
    if (std::isnan(v)) continue;
    stats.add(v);
    sorted.push_back(v);
  }
  Summary s;
  s.n = stats.count();
  if (s.n == 0) return s;
  s.mean = stats.mean();
  fill_interval(stats, s.sd, s.ci95_low, s.ci95_high);
  std::sort(sorted.begin(), sorted.end());
  s.p05 = quantile_sorted(sorted, 0.05);
  s.p50 = quantile_sorted(sorted, 0.50);
  s.p95 = quantile_sorted(sorted, 0.95);
  return s;
}

PairedSummary summarize_paired(std::span<const double> a, std::span<const double> b,
                               bool lower_is_better) {
  RunningStats stats;
  double better = 0;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    stats.add(a[i] - b[i]);
    if (a[i] == b[i]) {
      better += 0.5;
    } else if ((a[i] < b[i]) == lower_is_better) {
      better += 1;
    }
  }
  PairedSummary s;
  s.n = stats.count();
  if (s.n == 0) return s;
  s.mean_diff = stats.mean();
  fill_interval(stats, s.sd, s.ci95_low, s.ci95_high);
  s.share_better = better / static_cast<double>(s.n);
  return s;
}

}  // namespace jitsim::sim
