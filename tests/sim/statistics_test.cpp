// File: tests/sim/statistics_test.cpp
#include "sim/statistics.h"

#include "sim/random.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace jitsim::sim;

TEST_SUITE("statistics") {
  TEST_CASE("running stats match the two-pass formulas") {
    const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
    RunningStats s;
    for (double v : x) s.add(v);
    CHECK(s.count() == 8);
    CHECK(s.mean() == doctest::Approx(5.0));
    CHECK(s.variance() == doctest::Approx(32.0 / 7));  // sum of squares 32, n - 1 = 7
    RunningStats one;
    one.add(3);
    CHECK(std::isnan(one.variance()));
  }

  TEST_CASE("saving and restoring the state continues the fold bit for bit") {
    RunningStats whole, first;
    for (int i = 0; i < 50; ++i) {
      const double x = std::sin(i) * 1e3;
      whole.add(x);
      if (i < 20) first.add(x);
    }
    RunningStats resumed(first.state());
    for (int i = 20; i < 50; ++i) resumed.add(std::sin(i) * 1e3);
    CHECK(resumed.mean() == whole.mean());
    CHECK(resumed.variance() == whole.variance());
    CHECK(resumed.count() == 50);
  }

  TEST_CASE("Student t quantiles") {
    CHECK(student_t_975(1) == doctest::Approx(12.7062).epsilon(1e-5));
    CHECK(student_t_975(9) == doctest::Approx(2.26216).epsilon(1e-5));
    CHECK(student_t_975(1e6) == doctest::Approx(1.95996).epsilon(1e-5));
  }

  TEST_CASE("quantiles interpolate linearly between order statistics") {
    const std::vector<double> sorted{1, 2, 3, 4, 10};
    CHECK(quantile_sorted(sorted, 0.0) == 1);
    CHECK(quantile_sorted(sorted, 0.5) == 3);
    CHECK(quantile_sorted(sorted, 1.0) == 10);
    CHECK(quantile_sorted(sorted, 0.95) == doctest::Approx(4 + 0.8 * 6));  // h = 3.8
    CHECK(quantile_sorted(sorted, 0.05) == doctest::Approx(1.2));          // h = 0.2
    const QuantileRank r = quantile_rank(5, 0.95);
    CHECK(r.lo == 3);
    CHECK(r.fraction == doctest::Approx(0.8));
    CHECK(r.between(4, 10) == doctest::Approx(8.8));
    CHECK(quantile_rank(1, 0.95).lo == 0);
    CHECK(quantile_rank(1, 0.95).fraction == 0);
  }

  TEST_CASE("selection gives the same quantiles as sorting") {
    auto engine = make_engine({.seed = 5});
    for (const std::size_t n : {1u, 2u, 7u, 100u, 1001u}) {
      std::vector<double> x(n);
      for (double& v : x) v = std::floor(uniform01(engine) * 20);  // many ties
      std::vector<double> sorted = x;
      std::sort(sorted.begin(), sorted.end());
      std::vector<double> scratch;
      for (const double p : {0.0, 0.05, 0.5, 0.95, 1.0}) {
        const QuantileRank r = quantile_rank(n, p);
        const auto [below, above] = adjacent_order_statistics(x, r.lo, scratch);
        CHECK(r.between(below, above) == quantile_sorted(sorted, p));
      }
    }
  }

  TEST_CASE("adjacent order statistics equal those of the sorted values") {
    // Large enough for the sampled bracket (16,384 values and more); checked against a sort.
    const auto check_all = [](const std::vector<double>& x, std::size_t from, std::size_t to) {
      std::vector<double> sorted = x;
      std::sort(sorted.begin(), sorted.end());
      std::vector<double> scratch;  // reused, as callers do
      for (std::size_t k = from; k < to; ++k) {
        const auto [kth, next] = adjacent_order_statistics(x, k, scratch);
        REQUIRE(kth == sorted[k]);
        REQUIRE(next == sorted[std::min(k + 1, x.size() - 1)]);
      }
    };
    auto engine = make_engine({.seed = 11});
    const std::size_t n = 20011;
    std::vector<double> smooth(n), ties(n), ascending(n), equal(n, 2.5);
    for (std::size_t i = 0; i < n; ++i) {
      smooth[i] = -std::log(uniform01(engine));
      ties[i] = std::floor(uniform01(engine) * 30);
      ascending[i] = static_cast<double>(i);
    }
    std::vector<double> descending(ascending.rbegin(), ascending.rend());
    for (const auto* x : {&smooth, &ties, &ascending, &descending, &equal}) {
      for (const double p : {0.0, 0.01, 0.5, 0.95, 0.999}) {
        const auto k = static_cast<std::size_t>(p * static_cast<double>(n - 1));
        check_all(*x, k, k + 3);
      }
      check_all(*x, n - 2, n);
    }
    // A sample that misrepresents the values: the sampled positions (every 8th of 16,384) hold
    // the 2,048 smallest, so the bracket drawn from them is too low for most ranks (found out
    // and redone) and, for some, ends exactly at the wanted rank (the next lies beyond it).
    std::vector<double> skewed(16384);
    for (std::size_t i = 0; i < skewed.size(); ++i) {
      skewed[i] = i % 8 == 0 ? static_cast<double>(i / 8) : 1e4 + static_cast<double>(i);
    }
    check_all(skewed, 0, 2100);
  }

  TEST_CASE("summary of replications") {
    const std::vector<double> x{10, 12, 9, 11, 13, 8, 10, 11, 12, 14};
    const Summary s = summarize(x);
    CHECK(s.n == 10);
    CHECK(s.mean == doctest::Approx(11.0));
    const double sd = std::sqrt(30.0 / 9);  // sum of squared deviations = 30
    CHECK(s.sd == doctest::Approx(sd));
    CHECK(s.ci95_low == doctest::Approx(11.0 - 2.26216 * sd / std::sqrt(10.0)).epsilon(1e-5));
    CHECK(s.ci95_high == doctest::Approx(11.0 + 2.26216 * sd / std::sqrt(10.0)).epsilon(1e-5));
    CHECK(s.p50 == doctest::Approx(11.0));
    CHECK(s.p05 == doctest::Approx(8 + 0.45 * 1));  // sorted 8,9,10,... h = 0.45
    CHECK(s.p95 == doctest::Approx(13 + 0.55 * 1));
  }

  TEST_CASE("undefined values are skipped and one value has no spread") {
    const std::vector<double> x{kUndefined, 5.0, kUndefined};
    const Summary s = summarize(x);
    CHECK(s.n == 1);
    CHECK(s.mean == 5.0);
    CHECK(std::isnan(s.sd));
    CHECK(std::isnan(s.ci95_low));
    CHECK(summarize(std::vector<double>{}).n == 0);
  }

  TEST_CASE("paired differences and share better (ties count half)") {
    const std::vector<double> a{1, 5, 3, 4};
    const std::vector<double> b{2, 4, 3, 6};
    const PairedSummary lower = summarize_paired(a, b, true);
    CHECK(lower.n == 4);
    CHECK(lower.mean_diff == doctest::Approx((-1 + 1 + 0 - 2) / 4.0));
    CHECK(lower.share_better == doctest::Approx((1 + 0 + 0.5 + 1) / 4.0));
    const PairedSummary higher = summarize_paired(a, b, false);
    CHECK(higher.share_better == doctest::Approx((0 + 1 + 0.5 + 0) / 4.0));
  }

  TEST_CASE("time integral of a step signal") {
    TimeIntegral ti;
    ti.restart(0.0, 2.0);
    ti.set(1.5, 4.0);  // 2 x 1.5 = 3
    ti.set(2.0, 0.0);  // 4 x 0.5 = 2
    CHECK(ti.integral(10.0) == doctest::Approx(5.0));
    ti.set(10.0, 1.0);
    CHECK(ti.integral(12.0) == doctest::Approx(7.0));
  }

  TEST_CASE("folding order is fixed: the same values give bit-identical summaries") {
    std::vector<double> x;
    for (int i = 0; i < 1000; ++i) x.push_back(std::sin(i) * 1e6 + 1e-3 * i);
    const Summary a = summarize(x), b = summarize(x);
    CHECK(a.mean == b.mean);
    CHECK(a.sd == b.sd);
  }
}
