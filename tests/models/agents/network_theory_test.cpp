// -----------------------------------------------------------------------------
// File: tests/models/agents/network_theory_test.cpp
// -----------------------------------------------------------------------------
// The network theory (network_theory.h) against calculations that share none of its code:
// Boost.Math's Poisson distribution and incomplete gamma function, the direct pmf formula, the
// closed forms of the Poisson loss functions, brute-force double sums, the single-stage systems
// the networks reduce to, and the sample-path delay of a base-stock installation (a unit
// order waits max(0, L - T) with T ~ Erlang(S, lambda), the time back to the demand whose
// replenishment fills it), integrated numerically for Little's law.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include <boost/math/distributions/poisson.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "network_theory.h"

namespace th = jitsim::models::theory;

namespace {

// Mixed absolute / relative closeness (doctest's Approx: |a - b| < tol (1 + max(|a|, |b|))).
doctest::Approx near(double expected, double tol = 1e-12) {
  return doctest::Approx(expected).epsilon(tol);
}

// Relative closeness only, for probabilities far in a tail.
doctest::Approx relatively(double expected, double tol) {
  return doctest::Approx(expected).epsilon(tol).scale(0);
}

// Boost.Math's Poisson(m): P(X = k), P(X <= s), P(X > s).
double boost_pmf(double m, int k) {
  return k < 0 ? 0 : boost::math::pdf(boost::math::poisson_distribution<>(m), k);
}
double boost_cdf(double m, int s) {
  return s < 0 ? 0 : boost::math::cdf(boost::math::poisson_distribution<>(m), s);
}
double boost_sf(double m, int s) {
  return s < 0 ? 1 : boost::math::cdf(complement(boost::math::poisson_distribution<>(m), s));
}

// Poisson loss functions in closed form (k P(X = k) = m P(X = k - 1)):
// E[(X - s)^+] = (m - s) P(X > s) + m P(X = s);  E[(s - X)^+] = s P(X <= s - 1) - m P(X <= s - 2).
double loss_excess(double m, int s) {
  return s < 0 ? m - s : (m - s) * boost_sf(m, s) + m * boost_pmf(m, s);
}
double loss_shortfall(double m, int s) {
  return s <= 0 ? 0 : s * boost_cdf(m, s - 1) - m * boost_cdf(m, s - 2);
}

// Small means only: e^-m m^k / k! as a running product.
double product_pmf(double m, int k) {
  double p = std::exp(-m);
  for (int i = 1; i <= k; ++i) p *= m / i;
  return p;
}

// E[(L - T)^+] = integral over [0, L] of P(T <= x), T ~ Erlang(s, rate): adaptive
// Gauss-Kronrod (the integrand is smooth).
double erlang_delay(int s, double rate, double lead) {
  if (s == 0) return lead;
  auto f = [&](double x) { return boost::math::gamma_p(s, rate * x); };
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, 0.0, lead, 15, 1e-14);
}

using SerialEdit = void (*)(th::SerialParams&);
using MetricEdit = void (*)(th::MetricParams&);

const std::vector<double> kMeans = {1e-6, 0.3, 1, 4, 37.5, 250, 1000, 1234.5};

}  // namespace

TEST_SUITE("network theory") {
  TEST_CASE("theory: Poisson pmf matches the direct formula for means up to 1000") {
    for (double m : kMeans) {
      CAPTURE(m);
      const std::vector<double> p = th::poisson_pmf(m);
      const int kmax = static_cast<int>(p.size()) - 1;
      double total = 0, first = 0, second = 0;
      for (int k = 0; k <= kmax; ++k) {
        const double pk = p[static_cast<std::size_t>(k)];
        REQUIRE(std::isfinite(pk));
        total += pk;
        first += k * pk;
        second += k * (k - m) * pk;
        const double direct = std::exp(k * std::log(m) - m - std::lgamma(k + 1.0));
        if (direct > 1e-290) CHECK(pk == relatively(direct, 1e-9));
        if (direct > 1e-290) CHECK(pk == relatively(boost_pmf(m, k), 1e-11));
      }
      CHECK(total == near(1, 1e-14));
      CHECK(first == relatively(m, 1e-12));
      CHECK(second == relatively(m, 1e-11));  // variance: E[X (X - m)] = m
      // Cut where the upper tail drops below 1e-15, and not absurdly far beyond.
      CHECK(boost_sf(m, kmax) < th::kTailCut);
      CHECK(boost_sf(m, kmax - 5) > th::kTailCut / 1e3);
    }
    CHECK(th::poisson_pmf(0) == std::vector<double>{1.0});
  }

  TEST_CASE("theory: Poisson cdf matches Boost.Math") {
    for (double m : kMeans) {
      CAPTURE(m);
      const th::IntegerPmf x = th::poisson(m);
      for (int s = -2; s <= x.last() + 2; ++s) {
        CAPTURE(s);
        CHECK(th::poisson_cdf(m, s) == near(boost_cdf(m, s), 1e-13));
        CHECK(x.survival(s) == near(boost_sf(m, s), 1e-13));
        CHECK(x.at(s) == near(boost_pmf(m, s), 1e-14));
      }
    }
  }

  TEST_CASE("theory: Poisson loss functions match their closed forms and balance") {
    for (double m : kMeans) {
      CAPTURE(m);
      const th::IntegerPmf x = th::poisson(m);
      for (int s = -3; s <= x.last() + 3; ++s) {
        CAPTURE(s);
        const double excess = th::poisson_excess(m, s), shortfall = th::poisson_shortfall(m, s);
        CHECK(excess == near(loss_excess(m, s), 1e-11));
        CHECK(shortfall == near(loss_shortfall(m, s), 1e-11));
        CHECK(excess - shortfall == near(m - s, 1e-11));
        CHECK(x.excess(s) - x.excess(s + 1) == near(x.survival(s), 1e-11));
      }
      CHECK(x.mean() == relatively(m, 1e-12));
    }
  }

  TEST_CASE("theory: convolution, excess and reflection of integer distributions") {
    // A sum of independent Poissons is Poisson.
    for (const std::pair<double, double>& means :
         std::vector<std::pair<double, double>>{{0.5, 3}, {40, 7.5}, {600, 500}}) {
      const double a = means.first, b = means.second;
      CAPTURE(a);
      CAPTURE(b);
      const th::IntegerPmf sum = th::convolve(th::poisson(a), th::poisson(b));
      const th::IntegerPmf direct = th::poisson(a + b);
      for (int k = 0; k <= std::max(sum.last(), direct.last()); ++k) {
        CHECK(sum.at(k) == near(direct.at(k), 1e-14));
      }
    }
    // Worked by hand on X uniform over {-2, -1, 0, 1, 2, 3}.
    const th::IntegerPmf x{-2, std::vector<double>(6, 1.0 / 6)};
    const th::IntegerPmf e = th::excess_over(x, 1);  // 0 w.p. 4/6, 1 and 2 w.p. 1/6 each
    CHECK(e.first == 0);
    CHECK(e.last() == 2);
    CHECK(e.at(0) == near(4.0 / 6));
    CHECK(e.at(2) == near(1.0 / 6));
    CHECK(th::excess_over(x, 3).at(0) == near(1));
    CHECK(th::excess_over(x, -4).first == 2);            // X + 4 over {2..7}
    const th::IntegerPmf r = th::subtracted_from(5, x);  // 5 - X over {2..7}
    CHECK(r.first == 2);
    CHECK(r.last() == 7);
    CHECK(r.mean() == near(5 - x.mean()));
    CHECK(x.positive_part() == near((1 + 2 + 3) / 6.0));
    CHECK(x.negative_part() == near((2 + 1) / 6.0));
  }

  TEST_CASE("theory: serial two-stage system equals a brute-force double sum") {
    const std::vector<th::SerialParams> cases = {
        {.lambda = 2, .l1 = 1.5, .l2 = 0.7, .s1 = 3, .s2 = 2},
        {.lambda = 1.2, .l1 = 4, .l2 = 2.5, .s1 = 5, .s2 = 4},
        {.lambda = 3, .l1 = 2, .l2 = 1, .s1 = 0, .s2 = 0},
        {.lambda = 0.8, .l1 = 3, .l2 = 0, .s1 = 1, .s2 = 3},
        {.lambda = 2.5, .l1 = 0, .l2 = 2, .s1 = 2, .s2 = 6},
    };
    for (const th::SerialParams& q : cases) {
      CAPTURE(q.lambda);
      CAPTURE(q.s1);
      CAPTURE(q.s2);
      const double m1 = q.lambda * q.l1, m2 = q.lambda * q.l2;
      std::map<int, double> in2;
      double dc_on_hand = 0, dc_backorders = 0, dc_fill = 0;
      for (int d1 = 0; d1 <= 90; ++d1) {
        const double p1 = product_pmf(m1, d1);
        const int b1 = std::max(d1 - q.s1, 0);
        dc_on_hand += std::max(q.s1 - d1, 0) * p1;
        dc_backorders += b1 * p1;
        if (d1 <= q.s1 - 1) dc_fill += p1;
        for (int d2 = 0; d2 <= 90; ++d2) in2[q.s2 - b1 - d2] += p1 * product_pmf(m2, d2);
      }
      double fill = 0, on_hand = 0, backorders = 0;
      for (auto [k, p] : in2) {
        if (k >= 1) fill += p;
        on_hand += std::max(k, 0) * p;
        backorders += std::max(-k, 0) * p;
      }
      const th::IntegerPmf exact = th::serial_store_net_inventory(q);
      for (int k = std::min(exact.first, in2.begin()->first); k <= q.s2; ++k) {
        CAPTURE(k);
        CHECK(exact.at(k) == near(in2.count(k) ? in2[k] : 0.0, 1e-14));
      }
      const th::SerialTwoStage r = th::serial_two_stage(q);
      CHECK(r.store_fill_rate == near(fill));
      CHECK(r.store_ready_rate == near(fill));
      CHECK(r.store_on_hand == near(on_hand));
      CHECK(r.store_backorders == near(backorders));
      CHECK(r.dc_on_hand == near(dc_on_hand));
      CHECK(r.dc_backorders == near(dc_backorders));
      CHECK(r.dc_fill_rate == near(dc_fill));
      CHECK(r.store_on_order == near(dc_backorders + m2));
    }
  }

  TEST_CASE("theory: serial system with S1 = 0 is one stage with lead time L1 + L2") {
    const std::vector<th::SerialParams> cases = {
        {.lambda = 2, .l1 = 1.5, .l2 = 0.7, .s1 = 0, .s2 = 6},
        {.lambda = 5, .l1 = 3, .l2 = 1, .s1 = 0, .s2 = 25},
        {.lambda = 40, .l1 = 15, .l2 = 10, .s1 = 0, .s2 = 1030},  // store mean 1000
    };
    for (const th::SerialParams& q : cases) {
      CAPTURE(q.lambda);
      const double m = q.lambda * (q.l1 + q.l2);
      const th::SerialTwoStage r = th::serial_two_stage(q);
      CHECK(r.store_fill_rate == near(boost_cdf(m, q.s2 - 1), 1e-12));
      CHECK(r.store_on_hand == near(loss_shortfall(m, q.s2), 1e-10));
      CHECK(r.store_backorders == near(loss_excess(m, q.s2), 1e-10));
      CHECK(r.dc_backorders == relatively(q.lambda * q.l1, 1e-12));
      CHECK(r.dc_on_hand == 0);
      CHECK(r.dc_fill_rate == 0);
      CHECK(r.dc_mean_delay == relatively(q.l1, 1e-12));
    }
  }

  TEST_CASE("theory: serial system with S1 huge is one stage with lead time L2") {
    const std::vector<th::SerialParams> cases = {
        {.lambda = 2, .l1 = 1.5, .l2 = 0.7, .s1 = 60, .s2 = 3},
        {.lambda = 5, .l1 = 4, .l2 = 2, .s1 = 150, .s2 = 12},
        {.lambda = 50, .l1 = 20, .l2 = 20, .s1 = 1400, .s2 = 1050},  // both means 1000
    };
    for (const th::SerialParams& q : cases) {
      CAPTURE(q.lambda);
      const double m1 = q.lambda * q.l1, m2 = q.lambda * q.l2;
      REQUIRE(boost_sf(m1, q.s1) < 1e-15);
      const th::SerialTwoStage r = th::serial_two_stage(q);
      CHECK(r.store_fill_rate == near(boost_cdf(m2, q.s2 - 1), 1e-12));
      CHECK(r.store_on_hand == near(loss_shortfall(m2, q.s2), 1e-10));
      CHECK(r.store_backorders == near(loss_excess(m2, q.s2), 1e-10));
      CHECK(r.dc_on_hand == relatively(q.s1 - m1, 1e-12));
      CHECK(r.dc_backorders < 1e-12);
      CHECK(r.dc_fill_rate == near(1, 1e-14));
    }
  }

  TEST_CASE("theory: serial system balances its means and obeys Little's law at the DC") {
    for (const std::array<double, 3>& rates :
         std::vector<std::array<double, 3>>{{2, 1.5, 0.7}, {5, 4, 2}, {0.4, 10, 3}, {50, 20, 20}}) {
      const double lambda = rates[0], l1 = rates[1], l2 = rates[2];
      const double m1 = lambda * l1, m2 = lambda * l2;
      // Base stocks ~2 standard deviations apart, up to ~8 standard deviations above the mean.
      const int step1 = std::max(1, static_cast<int>(2 * std::sqrt(m1))),
                step2 = std::max(1, static_cast<int>(2 * std::sqrt(m2)));
      double previous_s1_fill = -1;
      for (int s1 = 0; s1 <= static_cast<int>(m1) + 4 * step1; s1 += step1) {
        double previous_s2_fill = -1;
        for (int s2 = 0; s2 <= static_cast<int>(m1 + m2) + 4 * step2; s2 += step2) {
          CAPTURE(lambda);
          CAPTURE(s1);
          CAPTURE(s2);
          const th::SerialTwoStage r =
              th::serial_two_stage({.lambda = lambda, .l1 = l1, .l2 = l2, .s1 = s1, .s2 = s2});
          // E[IN2] = S2 - E[B1] - lambda L2 and E[IN1] = S1 - lambda L1.
          CHECK(r.store_on_hand - r.store_backorders == near(s2 - r.store_on_order, 1e-11));
          CHECK(r.store_on_order == near(r.dc_backorders + m2, 1e-12));
          CHECK(r.dc_on_hand - r.dc_backorders == near(s1 - m1, 1e-11));
          CHECK(r.store_fill_rate >= 0);
          CHECK(r.store_fill_rate <= 1);
          CHECK(r.store_fill_rate >= previous_s2_fill);
          previous_s2_fill = r.store_fill_rate;
        }
        const th::SerialTwoStage r =
            th::serial_two_stage({.lambda = lambda, .l1 = l1, .l2 = l2, .s1 = s1, .s2 = 2});
        CHECK(r.store_fill_rate >= previous_s1_fill);
        previous_s1_fill = r.store_fill_rate;
        CHECK(r.dc_mean_delay == near(erlang_delay(s1, lambda, l1), 1e-9));
        CHECK(r.dc_backorders == near(lambda * erlang_delay(s1, lambda, l1), 1e-9));
        CHECK(r.dc_fill_rate == near(s1 == 0 ? 0 : boost::math::gamma_q(s1, m1), 1e-12));
      }
    }
  }

  TEST_CASE("theory: METRIC's warehouse is the serial DC facing the pooled demand") {
    for (int n : {1, 2, 5}) {
      for (int s0 : {0, 3, 8, 20}) {
        CAPTURE(n);
        CAPTURE(s0);
        const th::MetricParams q{
            .retailers = n, .lambda_retailer = 1.5, .l0 = 3, .lt = 1, .s0 = s0, .si = 4};
        const th::MetricResult r = th::metric(q);
        const th::SerialTwoStage dc = th::serial_two_stage(
            {.lambda = n * q.lambda_retailer, .l1 = q.l0, .l2 = q.lt, .s1 = s0, .s2 = q.si});
        CHECK(r.warehouse_demand_rate == n * q.lambda_retailer);
        CHECK(r.warehouse_backorders == near(dc.dc_backorders));
        CHECK(r.warehouse_on_hand == near(dc.dc_on_hand));
        CHECK(r.warehouse_fill_rate == near(dc.dc_fill_rate));
        CHECK(r.mean_delay == near(dc.dc_mean_delay));
        if (n == 1) {
          // One retailer: METRIC keeps the exact mean of the retailer's net inventory.
          const th::SerialTwoStage exact = th::serial_two_stage(
              {.lambda = q.lambda_retailer, .l1 = q.l0, .l2 = q.lt, .s1 = s0, .s2 = q.si});
          CHECK(r.retailer_on_hand - r.retailer_backorders ==
                near(exact.store_on_hand - exact.store_backorders));
        }
      }
    }
  }

  TEST_CASE("theory: METRIC is exact when S0 = 0 and when S0 is huge") {
    for (int n : {1, 3}) {
      CAPTURE(n);
      const th::MetricParams q{
          .retailers = n, .lambda_retailer = 2, .l0 = 2.5, .lt = 1.5, .s0 = 0, .si = 7};
      // S0 = 0: each retailer waits for its own demand during L0 + Lt (Poisson splitting), the
      // serial system with S1 = 0.
      const th::MetricResult r0 = th::metric(q);
      const th::SerialTwoStage exact = th::serial_two_stage(
          {.lambda = q.lambda_retailer, .l1 = q.l0, .l2 = q.lt, .s1 = 0, .s2 = q.si});
      CHECK(r0.mean_delay == near(q.l0));
      CHECK(r0.retailer_fill_rate == near(exact.store_fill_rate));
      CHECK(r0.retailer_on_hand == near(exact.store_on_hand));
      CHECK(r0.retailer_backorders == near(exact.store_backorders));
      // S0 huge: no delay, each retailer is one stage with lead time Lt.
      th::MetricParams big = q;
      big.s0 = 200;
      const th::MetricResult r = th::metric(big);
      const double m = q.lambda_retailer * q.lt;
      CHECK(r.mean_delay < 1e-12);
      CHECK(r.retailer_lead_time_demand == near(m));
      CHECK(r.retailer_fill_rate == near(boost_cdf(m, q.si - 1)));
      CHECK(r.retailer_on_hand == near(loss_shortfall(m, q.si)));
      CHECK(r.retailer_backorders == near(loss_excess(m, q.si)));
      CHECK(r.warehouse_on_hand == near(big.s0 - n * q.lambda_retailer * q.l0));
    }
  }

  TEST_CASE("theory: METRIC's delay obeys Little's law and sets the retailers' Poisson mean") {
    for (int n : {1, 4, 25}) {
      for (int s0 : {0, 5, 12, 40, 1000}) {
        CAPTURE(n);
        CAPTURE(s0);
        const th::MetricParams q{
            .retailers = n, .lambda_retailer = 2, .l0 = 20, .lt = 2, .s0 = s0, .si = 9};
        const th::MetricResult r = th::metric(q);
        const double lambda0 = n * q.lambda_retailer;
        const double w = erlang_delay(s0, lambda0, q.l0);
        CHECK(r.mean_delay == near(w, 1e-9));
        CHECK(r.warehouse_backorders == near(lambda0 * w, 1e-9));
        CHECK(r.warehouse_fill_rate ==
              near(s0 == 0 ? 0 : boost::math::gamma_q(s0, lambda0 * q.l0), 1e-12));
        const double m = q.lambda_retailer * (q.lt + w);
        CHECK(r.retailer_lead_time_demand == near(m, 1e-9));
        CHECK(r.retailer_fill_rate == near(boost_cdf(m, q.si - 1), 1e-9));
        CHECK(r.retailer_on_hand == near(loss_shortfall(m, q.si), 1e-9));
        CHECK(r.retailer_backorders == near(loss_excess(m, q.si), 1e-9));
      }
    }
  }

  TEST_CASE("theory: invalid parameters are refused") {
    CHECK_THROWS_AS(th::poisson_pmf(-1), std::invalid_argument);
    CHECK_THROWS_AS(th::poisson_pmf(std::nan("")), std::invalid_argument);
    CHECK_THROWS_AS(th::poisson_pmf(INFINITY), std::invalid_argument);
    const th::SerialParams ok{.lambda = 1, .l1 = 1, .l2 = 1, .s1 = 1, .s2 = 1};
    CHECK_NOTHROW(th::serial_two_stage(ok));
    for (SerialEdit broken : std::initializer_list<SerialEdit>{
             [](th::SerialParams& q) { q.lambda = 0; }, [](th::SerialParams& q) { q.l1 = -1; },
             [](th::SerialParams& q) { q.l2 = NAN; }, [](th::SerialParams& q) { q.s1 = -1; },
             [](th::SerialParams& q) { q.s2 = -2; }}) {
      th::SerialParams q = ok;
      broken(q);
      CHECK_THROWS_AS(th::serial_two_stage(q), std::invalid_argument);
      CHECK_THROWS_AS(th::serial_store_net_inventory(q), std::invalid_argument);
    }
    const th::MetricParams m{
        .retailers = 2, .lambda_retailer = 1, .l0 = 1, .lt = 1, .s0 = 1, .si = 1};
    CHECK_NOTHROW(th::metric(m));
    for (MetricEdit broken : std::initializer_list<MetricEdit>{
             [](th::MetricParams& q) { q.retailers = 0; },
             [](th::MetricParams& q) { q.lambda_retailer = -1; },
             [](th::MetricParams& q) { q.l0 = -0.5; }, [](th::MetricParams& q) { q.lt = INFINITY; },
             [](th::MetricParams& q) { q.s0 = -1; }, [](th::MetricParams& q) { q.si = -1; }}) {
      th::MetricParams q = m;
      broken(q);
      CHECK_THROWS_AS(th::metric(q), std::invalid_argument);
    }
  }
}
