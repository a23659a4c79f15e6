// -----------------------------------------------------------------------------
// File: sim/statistics.h
// -----------------------------------------------------------------------------
// Output analysis: accumulators used inside a replication (counts, time averages) and summaries
// across replications (mean, sd, Student-t interval, exact quantiles, paired differences).
// Summaries take per-replication values in replication order and fold them in that order, so
// any split of the replications over threads or processes gives bit-identical results.
// An undefined value (sd of one value, a ratio over zero) is NaN here; writers print it as null.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace jitsim::sim {

inline constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

/// Count, mean and variance by Welford's update (numerically stable, one pass, O(1) memory).
class RunningStats {
 public:
  /// Everything the accumulator holds, e.g. to save it and continue later bit for bit.
  struct State {
    std::size_t n = 0;
    double mean = 0;
    double m2 = 0;
  };
  RunningStats() = default;
  explicit RunningStats(const State& s) : n_(s.n), mean_(s.mean), m2_(s.m2) {}
  State state() const { return {n_, mean_, m2_}; }

  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
  }
  std::size_t count() const { return n_; }
  /// Mean; NaN when empty.
  double mean() const { return n_ ? mean_ : kUndefined; }
  /// Sample variance (n - 1 denominator); NaN with fewer than two values.
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : kUndefined; }
  double sd() const;

 private:
  std::size_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
};

/// Integral over time of a piecewise-constant signal, e.g. units on hand. O(1) per change.
class TimeIntegral {
 public:
  /// Starts a fresh integral at time `t` with the current `value`.
  void restart(double t, double value) {
    last_ = t;
    value_ = value;
    area_ = 0;
  }
  /// The signal changes to `value` at time `t` (t never decreases).
  void set(double t, double value) {
    area_ += value_ * (t - last_);
    last_ = t;
    value_ = value;
  }
  /// Integral from the last restart up to time `t` >= the last change.
  double integral(double t) const { return area_ + value_ * (t - last_); }
  double value() const { return value_; }

 private:
  double last_ = 0;
  double value_ = 0;
  double area_ = 0;
};

/// Two-sided 97.5 % quantile of Student's t with `df` degrees of freedom.
double student_t_975(double df);

/// Where quantile p of n ascending values lies (linear interpolation between order statistics,
/// h = (n - 1) p; Hyndman and Fan type 7): `fraction` of the way from order statistic `lo`
/// (0-based) to the next. Requires n > 0.
struct QuantileRank {
  std::size_t lo = 0;
  double fraction = 0;
  /// The quantile, given order statistics lo and lo + 1.
  double between(double below, double above) const { return below + fraction * (above - below); }
};
QuantileRank quantile_rank(std::size_t n, double p);

/// Quantile p of ascending `sorted` values (see QuantileRank). NaN when empty.
double quantile_sorted(std::span<const double> sorted, double p);

/// The k-th and (k+1)-th smallest of `values` (0-based; the k-th twice when k is the last
/// index), exact, in expected O(n). `scratch` is working memory, kept by the caller so that
/// repeated calls allocate nothing. Requires k < size() and no NaN.
std::pair<double, double> adjacent_order_statistics(std::span<const double> values, std::size_t k,
                                                    std::vector<double>& scratch);

/// Summary of one metric across replications.
struct Summary {
  std::size_t n = 0;  // defined (non-NaN) values
  double mean = kUndefined;
  double sd = kUndefined;
  double ci95_low = kUndefined;
  double ci95_high = kUndefined;
  double p05 = kUndefined;
  double p50 = kUndefined;
  double p95 = kUndefined;
};

/// Summarises per-replication `values` (replication order); NaN entries are skipped.
Summary summarize(std::span<const double> values);

/// The sd and Student-t 95 % interval of the mean of `stats` (NaN below two values).
void student_interval(const RunningStats& stats, double& sd, double& low, double& high);

/// Summary of the paired differences a - b across replications.
struct PairedSummary {
  std::size_t n = 0;
  double mean_diff = kUndefined;
  double sd = kUndefined;
  double ci95_low = kUndefined;
  double ci95_high = kUndefined;
  double share_better = kUndefined;  // share of replications where a is better, ties count half
};

/// Compares `a` with `b` replication by replication (pairs with a NaN are skipped).
/// `lower_is_better` says which direction "better" means for share_better.
PairedSummary summarize_paired(std::span<const double> a, std::span<const double> b,
                               bool lower_is_better);

}  // namespace jitsim::sim
