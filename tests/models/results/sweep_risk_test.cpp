// File: tests/models/results/sweep_risk_test.cpp
// CVaR and the sweep arg-min on values whose answers are known by hand.
#include "models/results/sweep_risk.h"

#include <cmath>
#include <vector>

#include <doctest/doctest.h>

namespace jitsim::models {

TEST_CASE("tail_mean: the mean of the values at or above the type-7 quantile") {
  // 1..100: p95 = 1 + 99 x 0.95 = 95.05, the tail is 96..100, its mean 98.
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);  // order does not matter
  CHECK(tail_mean(v, 0.95) == doctest::Approx(98.0));
  // 1..20: p95 = 19.05, only 20 lies at or above it.
  const std::vector<double> twenty(v.end() - 20, v.end());
  CHECK(tail_mean(twenty, 0.95) == 20.0);
  // Few values: the largest (ties included).
  CHECK(tail_mean(std::vector<double>{3, 1, 2}, 0.95) == 3.0);
  CHECK(tail_mean(std::vector<double>{5, 5, 1}, 0.95) == 5.0);
  // A quantile exactly on a value includes it: 0, 10, 20, 30, 40 at p = 0.75 is 30 -> 35.
  CHECK(tail_mean(std::vector<double>{40, 0, 30, 10, 20}, 0.75) == 35.0);
  // NaN skipped; empty undefined; a constant is its own tail.
  CHECK(tail_mean(std::vector<double>{std::nan(""), 7, 1}, 0.95) == 7.0);
  CHECK(std::isnan(tail_mean(std::vector<double>{}, 0.95)));
  CHECK(tail_mean(std::vector<double>(13, 2.5), 0.95) == 2.5);
  // Never below the quantile, never above the maximum.
  const std::vector<double> w{1.5, 9.25, 3, 8, 2, 7.75, 6};
  CHECK(tail_mean(w, 0.5) >= 6.0);
  CHECK(tail_mean(w, 0.5) == doctest::Approx((6 + 7.75 + 8 + 9.25) / 4));
}

TEST_CASE("sweep_arg_min: the cheapest point and the points its paired interval cannot split") {
  // Point 1 is cheapest; point 0 is point 1 plus noise around +0 (not separable); point 2 is
  // point 1 plus 10 in every replication (separable); point 3 equals point 1 (zero-width
  // interval at 0: within noise).
  const std::vector<double> base{100, 120, 90, 110, 105, 95};
  std::vector<double> noisy, shifted;
  const std::vector<double> noise{3, -2, 1, -3, 2, 0.5};
  for (std::size_t r = 0; r < base.size(); ++r) {
    noisy.push_back(base[r] + noise[r]);
    shifted.push_back(base[r] + 10);
  }
  const SweepArgMin a = sweep_arg_min({noisy, base, shifted, base});
  CHECK(a.best == 1);
  REQUIRE(a.within_noise.size() == 4);
  CHECK(a.within_noise[0]);
  CHECK(a.within_noise[1]);
  CHECK_FALSE(a.within_noise[2]);
  CHECK(a.within_noise[3]);
  // The interval is the Student-t interval of the paired differences.
  const double mean = 1.5 / 6,
               sd = std::sqrt((3.0 * 3 + 2 * 2 + 1 + 3 * 3 + 2 * 2 + 0.25 - 6 * mean * mean) / 5);
  const double hw = sim::student_t_975(5) * sd / std::sqrt(6.0);
  CHECK(a.vs_best[0].mean_diff == doctest::Approx(mean));
  CHECK(a.vs_best[0].ci95_low == doctest::Approx(mean - hw));
  CHECK(a.vs_best[0].ci95_high == doctest::Approx(mean + hw));
  CHECK(a.vs_best[2].ci95_low == doctest::Approx(10));
  // One replication: nothing can be separated.
  const SweepArgMin one = sweep_arg_min({{5}, {3}, {4}});
  CHECK(one.best == 1);
  CHECK(one.within_noise == std::vector<bool>{true, true, true});
}

}  // namespace jitsim::models
