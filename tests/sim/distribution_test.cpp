// File: tests/sim/distribution_test.cpp
// Each distribution's sample mean and variance must match its exact moments within 4 standard
// errors estimated from the sample itself, and those errors must be small (< 2 % of the value).
#include "sim/distribution.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

using namespace jitsim::sim;

namespace {
void check_moments(const DistributionSpec& spec, double exact_mean, double exact_var) {
  constexpr int n = 400000;
  Sampler sample(spec);
  Engine engine = make_engine({.seed = 2024, .entity = name_id(std::string(to_string(spec.kind)))});
  std::vector<double> x(n);
  double sum = 0;
  for (auto& v : x) sum += (v = sample(engine));
  const double mean = sum / n;
  double m2 = 0, m4 = 0;
  for (const double v : x) {
    const double d = (v - mean) * (v - mean);
    m2 += d;
    m4 += d * d;
  }
  const double var = m2 / (n - 1);
  m4 /= n;
  const double se_mean = std::sqrt(var / n);
  const double se_var = std::sqrt((m4 - var * var) / n);
  INFO("kind ", std::string(to_string(spec.kind)), " mean ", mean, " var ", var);
  CHECK(spec.expected() == doctest::Approx(exact_mean).epsilon(1e-9));
  CHECK(spec.variance() == doctest::Approx(exact_var).epsilon(1e-9));
  CHECK(std::abs(mean - exact_mean) <= 4 * se_mean);
  CHECK(std::abs(var - exact_var) <= 4 * se_var);
  CHECK(4 * se_mean <= 0.02 * exact_mean);
  CHECK(4 * se_var <= 0.02 * exact_var);
  CHECK(*std::min_element(x.begin(), x.end()) >= 0);
}
}  // namespace

TEST_SUITE("distribution") {
  TEST_CASE("fixed") {
    Sampler s(DistributionSpec::constant(3.5));
    Engine e;
    CHECK(s(e) == 3.5);
    CHECK(DistributionSpec::constant(3.5).is_constant());
  }
  TEST_CASE("exponential") {
    check_moments({.kind = DistributionKind::exponential, .mean = 2.0}, 2.0, 4.0);
  }
  TEST_CASE("uniform") {
    check_moments({.kind = DistributionKind::uniform, .min = 1, .max = 5}, 3.0, 16.0 / 12);
  }
  TEST_CASE("normal far from zero") {
    // Truncation at 0 is 6.7 sd away: moments equal the untruncated ones to 1e-10.
    check_moments({.kind = DistributionKind::normal, .mean = 20, .sd = 3}, 20.0, 9.0);
  }
  TEST_CASE("normal truncated at zero") {
    // mean 1, sd 2: alpha = -0.5, lambda = phi(0.5) / Phi(0.5) (independent closed form).
    const double pi = std::acos(-1.0);
    const double phi = std::exp(-0.125) / std::sqrt(2 * pi);
    const double upper = 0.5 * std::erfc(-0.5 / std::sqrt(2.0));
    const double lambda = phi / upper;
    check_moments({.kind = DistributionKind::normal, .mean = 1, .sd = 2}, 1 + 2 * lambda,
                  4 * (1 - 0.5 * lambda - lambda * lambda));
  }
  TEST_CASE("lognormal by the value's mean and sd") {
    check_moments({.kind = DistributionKind::lognormal, .mean = 28, .sd = 5}, 28.0, 25.0);
  }
  TEST_CASE("gamma by mean and sd") {
    check_moments({.kind = DistributionKind::gamma, .mean = 20, .sd = 4}, 20.0, 16.0);
  }
  TEST_CASE("poisson, small and large mean") {
    check_moments({.kind = DistributionKind::poisson, .mean = 3.5}, 3.5, 3.5);
    check_moments({.kind = DistributionKind::poisson, .mean = 50}, 50.0, 50.0);
  }
  TEST_CASE("empirical with weights") {
    // values 1, 2, 5 with probabilities 1/4, 1/4, 1/2
    const double m = 0.25 * 1 + 0.25 * 2 + 0.5 * 5;
    const double m2 = 0.25 * 1 + 0.25 * 4 + 0.5 * 25;
    check_moments({.kind = DistributionKind::empirical, .values = {1, 2, 5}, .weights = {1, 1, 2}},
                  m, m2 - m * m);
  }
  TEST_CASE("degenerate parameters draw a constant") {
    Engine e;
    CHECK(Sampler({.kind = DistributionKind::gamma, .mean = 4, .sd = 0})(e) == 4.0);
    CHECK(Sampler({.kind = DistributionKind::poisson, .mean = 0})(e) == 0.0);
    CHECK(Sampler({.kind = DistributionKind::uniform, .min = 2, .max = 2})(e) == 2.0);
  }
}
