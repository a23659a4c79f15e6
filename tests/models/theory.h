// -----------------------------------------------------------------------------
// File: tests/models/theory.h
// -----------------------------------------------------------------------------
// Closed-form inventory and queueing results (Zipkin; Axsäter; Hadley & Whitin), computed
// independently of the model with plain loops, for the validation tests.
#pragma once

#include <cmath>
#include <vector>

namespace jitsim::testing {

/// P(X = k) for X ~ Poisson(m), k = 0..kmax.
inline std::vector<double> poisson_pmf(double m, int kmax) {
  std::vector<double> p(static_cast<std::size_t>(kmax) + 1);
  p[0] = std::exp(-m);
  for (int k = 1; k <= kmax; ++k) p[k] = p[k - 1] * m / k;
  return p;
}

struct Poisson {
  explicit Poisson(double mean)
      : m(mean), pmf(poisson_pmf(mean, static_cast<int>(mean * 4 + 60))) {}
  double m;
  std::vector<double> pmf;
  /// P(X <= y)
  double cdf(int y) const {
    double s = 0;
    for (int k = 0; k <= y && k < static_cast<int>(pmf.size()); ++k) s += pmf[k];
    return s;
  }
  /// E[(y - X)+]
  double expected_left(int y) const {
    double s = 0;
    for (int k = 0; k < y && k < static_cast<int>(pmf.size()); ++k) s += (y - k) * pmf[k];
    return s;
  }
  /// E[(X - y)+] = E[X] - y + E[(y - X)+]
  double expected_right(int y) const { return m - y + expected_left(y); }
};

/// Erlang B blocking probability B(servers, load) by the stable recursion.
inline double erlang_b(int servers, double load) {
  double b = 1;
  for (int j = 1; j <= servers; ++j) b = load * b / (j + load * b);
  return b;
}

/// M/M/c: mean time in system W for arrival rate lam, service rate mu per server, c servers.
inline double mmc_time_in_system(double lam, double mu, int c) {
  const double a = lam / mu, rho = a / c;
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const double last = term * a / c / (1 - rho);  // a^c / (c! (1 - rho))
  const double p_wait = last / (sum + last);
  return p_wait / (c * mu - lam) + 1 / mu;
}

}  // namespace jitsim::testing
