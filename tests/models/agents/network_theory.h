// -----------------------------------------------------------------------------
// File: tests/models/agents/network_theory.h
// -----------------------------------------------------------------------------
// Steady-state theory of two-echelon one-for-one (S-1, S) base-stock networks with Poisson
// demand, continuous review, fixed lead times and full backordering, for the network
// validation tests. Plain exact arithmetic on truncated Poisson tables, no simulation:
//  - the serial system supplier -> DC -> store, exact (Axsäter, Inventory Control, chapter on
//    serial systems): IN2 = S2 - B1 - D2 with B1 = (D1 - S1)^+, D1 ~ Poisson(lambda L1) and
//    D2 ~ Poisson(lambda L2) independent;
//  - one warehouse and N identical retailers by METRIC (Sherbrooke 1968): exact warehouse,
//    retailer lead-time demand approximated as Poisson(lambda_i (Lt + W)), W = E[B0] / lambda0.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace jitsim::models::theory {

/// Upper-tail mass left out of every truncated Poisson table.
inline constexpr double kTailCut = 1e-15;

namespace detail {

// Neumaier's compensated sum: the tables hold ~1e3 terms of very different sizes.
class Sum {
 public:
  void add(double x) {
    const double t = total_ + x;
    carry_ += std::abs(total_) >= std::abs(x) ? (total_ - t) + x : (x - t) + total_;
    total_ = t;
  }
  double value() const { return total_ + carry_; }

 private:
  double total_ = 0;
  double carry_ = 0;
};

inline void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("network theory: " + what);
}

inline bool non_negative(double x) {
  return std::isfinite(x) && x >= 0;
}

inline std::size_t index(int k) {
  return static_cast<std::size_t>(k);
}

}  // namespace detail

/// A distribution on the integers first, first + 1, ..., last(); zero elsewhere.
struct IntegerPmf {
  int first = 0;
  std::vector<double> p;

  int last() const { return first + static_cast<int>(p.size()) - 1; }
  /// P(X = k)
  double at(int k) const { return k < first || k > last() ? 0.0 : p[detail::index(k - first)]; }
  /// P(X <= k)
  double cdf(int k) const {
    detail::Sum s;
    for (int j = first; j <= k && j <= last(); ++j) s.add(at(j));
    return s.value();
  }
  /// P(X > k), summed from the top so that small tails keep their precision.
  double survival(int k) const {
    detail::Sum s;
    for (int j = last(); j > k && j >= first; --j) s.add(at(j));
    return s.value();
  }
  double mean() const {
    detail::Sum s;
    for (int j = first; j <= last(); ++j) s.add(j * at(j));
    return s.value();
  }
  /// E[(X - s)^+], summed directly (not through E[X] - s + E[(s - X)^+]).
  double excess(int s) const {
    detail::Sum sum;
    for (int j = std::max(first, s + 1); j <= last(); ++j) sum.add((j - s) * at(j));
    return sum.value();
  }
  /// E[(s - X)^+]
  double shortfall(int s) const {
    detail::Sum sum;
    for (int j = first; j < s && j <= last(); ++j) sum.add((s - j) * at(j));
    return sum.value();
  }
  /// E[X^+] and E[X^-]: on hand and backorders when X is net inventory.
  double positive_part() const { return excess(0); }
  double negative_part() const { return shortfall(0); }
};

/// P(X = k), k = 0..kmax, X ~ Poisson(mean), with P(X > kmax) < kTailCut (kmax at most a few
/// points past the smallest such, the tail being bounded geometrically). Relative weights are built
/// by the ratio recurrence outward from the mode and then normalised, so that nothing overflows for
/// large means (no e^-mean, no mean^k, no k!); probabilities below ~1e-308 (far left tail of a
/// large mean) underflow to 0.
inline std::vector<double> poisson_pmf(double mean) {
  detail::require(detail::non_negative(mean), "Poisson mean must be finite and >= 0");
  if (mean == 0) return {1.0};
  const int mode = static_cast<int>(std::floor(mean));
  std::vector<double> w(detail::index(mode) + 1);
  w[detail::index(mode)] = 1;
  for (int k = mode; k > 0; --k) w[detail::index(k - 1)] = w[detail::index(k)] * k / mean;
  detail::Sum total;
  for (double x : w) total.add(x);  // smallest first
  // Upward: past the mode w(j + 1) / w(j) = mean / (j + 1) shrinks, so the tail beyond k is at
  // most w(k + 1) / (1 - mean / (k + 2)); stop once that bound is below the cut.
  for (int k = mode;; ++k) {
    const double next = w[detail::index(k)] * mean / (k + 1);
    const double ratio = mean / (k + 2);
    if (ratio < 1 && next / (1 - ratio) < kTailCut * total.value()) break;
    w.push_back(next);
    total.add(next);
  }
  const double norm = total.value();
  for (double& x : w) x /= norm;
  return w;
}

/// Poisson(mean) as an IntegerPmf, cut at both ends where the tail mass drops below kTailCut
/// (the left cut keeps convolutions of large means short: ~16 standard deviations, not mean).
inline IntegerPmf poisson(double mean) {
  std::vector<double> p = poisson_pmf(mean);
  std::size_t cut = 0;
  for (double below = 0; cut + 1 < p.size() && below + p[cut] < kTailCut; ++cut) below += p[cut];
  p.erase(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(cut));
  return IntegerPmf{static_cast<int>(cut), std::move(p)};
}

/// P(X <= s), E[(X - s)^+], E[(s - X)^+] for X ~ Poisson(mean).
inline double poisson_cdf(double mean, int s) {
  return poisson(mean).cdf(s);
}
inline double poisson_excess(double mean, int s) {
  return poisson(mean).excess(s);
}
inline double poisson_shortfall(double mean, int s) {
  return poisson(mean).shortfall(s);
}

/// Distribution of X + Y for independent X and Y, by the exact finite convolution.
inline IntegerPmf convolve(const IntegerPmf& x, const IntegerPmf& y) {
  IntegerPmf out{x.first + y.first, std::vector<double>(x.p.size() + y.p.size() - 1, 0.0)};
  for (std::size_t i = 0; i < x.p.size(); ++i) {
    if (x.p[i] == 0) continue;
    for (std::size_t j = 0; j < y.p.size(); ++j) out.p[i + j] += x.p[i] * y.p[j];
  }
  return out;
}

/// Distribution of (X - s)^+.
inline IntegerPmf excess_over(const IntegerPmf& x, int s) {
  if (x.last() <= s) return IntegerPmf{0, {1.0}};
  if (x.first >= s) return IntegerPmf{x.first - s, x.p};
  IntegerPmf out{0, std::vector<double>(detail::index(x.last() - s) + 1, 0.0)};
  out.p[0] = x.cdf(s);
  for (int k = s + 1; k <= x.last(); ++k) out.p[detail::index(k - s)] = x.at(k);
  return out;
}

/// Distribution of c - X.
inline IntegerPmf subtracted_from(int c, const IntegerPmf& x) {
  return IntegerPmf{c - x.last(), std::vector<double>(x.p.rbegin(), x.p.rend())};
}

// ---------------------------------------------------------------------------------------------
// Serial two-stage system: supplier (unlimited stock) -> DC -> store.

struct SerialParams {
  double lambda = 0;  ///< Poisson rate of unit customer orders at the store (per day)
  double l1 = 0;      ///< supplier -> DC lead time (days)
  double l2 = 0;      ///< DC -> store transit time (days)
  int s1 = 0;         ///< DC base-stock level (installation stock)
  int s2 = 0;         ///< store base-stock level
};

struct SerialTwoStage {
  double store_fill_rate = 0;   ///< units served from stock on arrival / units = P(IN2 >= 1)
  double store_ready_rate = 0;  ///< P(IN2 > 0), time-average; equals the fill rate (PASTA)
  double store_on_hand = 0;     ///< E[IN2^+]
  double store_backorders = 0;  ///< E[IN2^-]
  double store_on_order = 0;    ///< E[B1] + lambda L2: store orders backordered or in transit
  double dc_on_hand = 0;        ///< E[(S1 - D1)^+]
  double dc_backorders = 0;     ///< E[B1] = E[(D1 - S1)^+], in units owed to the store
  double dc_fill_rate = 0;      ///< store orders shipped at once = P(D1 <= S1 - 1)
  double dc_mean_delay = 0;     ///< E[B1] / lambda: mean wait of a store order at the DC
};

namespace detail {
inline void check(const SerialParams& q) {
  require(std::isfinite(q.lambda) && q.lambda > 0, "lambda must be finite and > 0");
  require(non_negative(q.l1) && non_negative(q.l2), "lead times must be finite and >= 0");
  require(q.s1 >= 0 && q.s2 >= 0, "base-stock levels must be >= 0");
}
}  // namespace detail

/// B1, the DC's backorders (units owed to the store) in steady state.
inline IntegerPmf serial_dc_backorders(const SerialParams& q) {
  detail::check(q);
  return excess_over(poisson(q.lambda * q.l1), q.s1);
}

namespace detail {
// The store's lead-time demand D2 falls after the moment its order meets B1, so by independent
// Poisson increments it is independent of B1.
inline IntegerPmf store_net_inventory(const SerialParams& q, const IntegerPmf& b1) {
  return subtracted_from(q.s2, convolve(b1, poisson(q.lambda * q.l2)));
}
}  // namespace detail

/// IN2 = S2 - B1 - D2, the store's net inventory in steady state (exact).
inline IntegerPmf serial_store_net_inventory(const SerialParams& q) {
  return detail::store_net_inventory(q, serial_dc_backorders(q));
}

inline SerialTwoStage serial_two_stage(const SerialParams& q) {
  detail::check(q);
  const IntegerPmf d1 = poisson(q.lambda * q.l1);
  const IntegerPmf b1 = excess_over(d1, q.s1);
  const IntegerPmf in2 = detail::store_net_inventory(q, b1);
  SerialTwoStage r;
  r.store_fill_rate = in2.survival(0);
  r.store_ready_rate = in2.survival(0);
  r.store_on_hand = in2.positive_part();
  r.store_backorders = in2.negative_part();
  r.dc_on_hand = d1.shortfall(q.s1);
  r.dc_backorders = b1.mean();
  r.store_on_order = r.dc_backorders + q.lambda * q.l2;
  r.dc_fill_rate = d1.cdf(q.s1 - 1);
  r.dc_mean_delay = r.dc_backorders / q.lambda;
  return r;
}

// ---------------------------------------------------------------------------------------------
// One warehouse, N identical retailers: METRIC.

struct MetricParams {
  int retailers = 1;           ///< N
  double lambda_retailer = 0;  ///< Poisson rate of unit customer orders at each retailer
  double l0 = 0;               ///< supplier -> warehouse lead time (supplier unlimited)
  double lt = 0;               ///< warehouse -> retailer transit time
  int s0 = 0;                  ///< warehouse base-stock level
  int si = 0;                  ///< base-stock level of each retailer
};

struct MetricResult {
  // Warehouse, exact: D0 ~ Poisson(lambda0 L0).
  double warehouse_demand_rate = 0;  ///< lambda0 = N lambda_i
  double warehouse_backorders = 0;   ///< E[B0] = E[(D0 - S0)^+]
  double warehouse_on_hand = 0;      ///< E[(S0 - D0)^+]
  double warehouse_fill_rate = 0;    ///< P(D0 <= S0 - 1)
  double mean_delay = 0;             ///< W = E[B0] / lambda0 (Little)
  // Each retailer, METRIC: lead-time demand ~ Poisson(lambda_i (Lt + W)).
  double retailer_lead_time_demand = 0;  ///< lambda_i (Lt + W)
  double retailer_fill_rate = 0;         ///< P(X <= Si - 1)
  double retailer_on_hand = 0;           ///< E[(Si - X)^+]
  double retailer_backorders = 0;        ///< E[(X - Si)^+]
};

inline MetricResult metric(const MetricParams& q) {
  detail::require(q.retailers >= 1, "at least one retailer");
  detail::require(std::isfinite(q.lambda_retailer) && q.lambda_retailer > 0,
                  "lambda_retailer must be finite and > 0");
  detail::require(detail::non_negative(q.l0) && detail::non_negative(q.lt),
                  "lead times must be finite and >= 0");
  detail::require(q.s0 >= 0 && q.si >= 0, "base-stock levels must be >= 0");
  MetricResult r;
  r.warehouse_demand_rate = q.retailers * q.lambda_retailer;
  const IntegerPmf d0 = poisson(r.warehouse_demand_rate * q.l0);
  r.warehouse_backorders = d0.excess(q.s0);
  r.warehouse_on_hand = d0.shortfall(q.s0);
  r.warehouse_fill_rate = d0.cdf(q.s0 - 1);
  r.mean_delay = r.warehouse_backorders / r.warehouse_demand_rate;
  r.retailer_lead_time_demand = q.lambda_retailer * (q.lt + r.mean_delay);
  const IntegerPmf x = poisson(r.retailer_lead_time_demand);
  r.retailer_fill_rate = x.cdf(q.si - 1);
  r.retailer_on_hand = x.shortfall(q.si);
  r.retailer_backorders = x.excess(q.si);
  return r;
}

}  // namespace jitsim::models::theory
