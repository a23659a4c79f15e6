// File: sim/distribution.cpp
#include "sim/distribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>

namespace jitsim::sim {

std::string_view to_string(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::fixed:
      return "fixed";
    case DistributionKind::exponential:
      return "exponential";
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::normal:
      return "normal";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::gamma:
      return "gamma";
    case DistributionKind::poisson:
      return "poisson";
    case DistributionKind::empirical:
      return "empirical";
  }
  return "?";
}

namespace {

// Mean and variance of N(mu, sigma^2) truncated to [0, inf).
struct Moments {
  double mean, variance;
};
Moments truncated_normal(double mu, double sigma) {
  if (sigma <= 0) return {std::max(mu, 0.0), 0.0};
  const boost::math::normal_distribution<double> std_normal;
  const double alpha = -mu / sigma;
  const double tail = boost::math::cdf(boost::math::complement(std_normal, alpha));
  const double lambda = boost::math::pdf(std_normal, alpha) / tail;
  return {mu + sigma * lambda, sigma * sigma * (1 + alpha * lambda - lambda * lambda)};
}

Moments empirical(const std::vector<double>& values, const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double m = 0, m2 = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double w =
        weights.empty() ? 1.0 / static_cast<double>(values.size()) : weights[i] / total;
    m += w * values[i];
    m2 += w * values[i] * values[i];
  }
  return {m, std::max(0.0, m2 - m * m)};
}

}  // namespace

double DistributionSpec::expected() const {
  switch (kind) {
    case DistributionKind::fixed:
      return value;
    case DistributionKind::uniform:
      return 0.5 * (min + max);
    case DistributionKind::normal:
      return truncated_normal(mean, sd).mean;
    case DistributionKind::empirical:
      return empirical(values, weights).mean;
    case DistributionKind::exponential:
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
    case DistributionKind::poisson:
      return mean;
  }
  return 0;
}

double DistributionSpec::variance() const {
  switch (kind) {
    case DistributionKind::fixed:
      return 0;
    case DistributionKind::exponential:
      return mean * mean;
    case DistributionKind::uniform:
      return (max - min) * (max - min) / 12.0;
    case DistributionKind::normal:
      return truncated_normal(mean, sd).variance;
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
      return sd * sd;
    case DistributionKind::poisson:
      return mean;
    case DistributionKind::empirical:
      return empirical(values, weights).variance;
  }
  return 0;
}

bool DistributionSpec::is_constant() const {
  return variance() == 0;
}

double DistributionSpec::cdf(double x) const {
  namespace bm = boost::math;
  if (is_constant()) return x >= expected() ? 1.0 : 0.0;
  switch (kind) {
    case DistributionKind::fixed:
      return x >= value ? 1.0 : 0.0;
    case DistributionKind::exponential:
      return x <= 0 ? 0.0 : bm::cdf(bm::exponential_distribution<double>(1.0 / mean), x);
    case DistributionKind::uniform:
      return std::clamp((x - min) / (max - min), 0.0, 1.0);
    case DistributionKind::normal: {
      if (x < 0) return 0.0;
      const bm::normal_distribution<double> n(mean, sd);
      const double below0 = bm::cdf(n, 0.0);
      return (bm::cdf(n, x) - below0) / (1 - below0);
    }
    case DistributionKind::lognormal: {
      if (x <= 0) return 0.0;
      const double sigma2 = std::log1p(sd * sd / (mean * mean));
      return bm::cdf(
          bm::lognormal_distribution<double>(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2)), x);
    }
    case DistributionKind::gamma:
      if (x <= 0) return 0.0;
      return bm::cdf(bm::gamma_distribution<double>(mean * mean / (sd * sd), sd * sd / mean), x);
    case DistributionKind::poisson:
      return x < 0 ? 0.0 : bm::cdf(bm::poisson_distribution<double>(mean), std::floor(x));
    case DistributionKind::empirical: {
      double total = 0, below = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        total += w;
        if (values[i] <= x) below += w;
      }
      return total > 0 ? below / total : 0.0;
    }
  }
  return 0;
}

std::pair<double, double> DistributionSpec::rounded_moments() const {
  auto round_half_up = [](double v) { return std::floor(v + 0.5); };
  if (is_constant()) {
    const double k = round_half_up(expected());
    return {k, k * k};
  }
  if (kind == DistributionKind::empirical) {
    double total = 0, m1 = 0, m2 = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double w = weights.empty() ? 1.0 : weights[i];
      const double k = round_half_up(values[i]);
      total += w, m1 += w * k, m2 += w * k * k;
    }
    return {m1 / total, m2 / total};
  }
  if (kind == DistributionKind::poisson) return {mean, mean + mean * mean};
  // Continuous: k is drawn when X falls in [k - 1/2, k + 1/2); sum until the tail is negligible.
  double m1 = 0, m2 = 0, below = cdf(-0.5);
  for (double k = 0;; k += 1) {
    const double upto = cdf(k + 0.5);
    const double p = upto - below;
    m1 += k * p;
    m2 += k * k * p;
    below = upto;
    if (1 - upto < 1e-13 || k > 1e7) break;
  }
  return {m1, m2};
}

Sampler::Sampler(const DistributionSpec& spec) {
  if (spec.is_constant()) {
    dist_ = Fixed{spec.expected()};
    return;
  }
  switch (spec.kind) {
    case DistributionKind::fixed:
      dist_ = Fixed{spec.value};
      break;
    case DistributionKind::exponential:
      dist_ = boost::random::exponential_distribution<double>(1.0 / spec.mean);
      break;
    case DistributionKind::uniform:
      dist_ = boost::random::uniform_real_distribution<double>(spec.min, spec.max);
      break;
    case DistributionKind::normal:
      dist_ = TruncatedNormal{boost::random::normal_distribution<double>(spec.mean, spec.sd)};
      break;
    case DistributionKind::lognormal: {
      // Parameters of the underlying normal from the value's own mean m and sd s:
      // sigma^2 = ln(1 + s^2/m^2), mu = ln(m) - sigma^2/2.
      const double sigma2 = std::log1p(spec.sd * spec.sd / (spec.mean * spec.mean));
      dist_ = boost::random::lognormal_distribution<double>(std::log(spec.mean) - 0.5 * sigma2,
                                                            std::sqrt(sigma2));
      break;
    }
    case DistributionKind::gamma: {
      // shape k = m^2/s^2, scale theta = s^2/m.
      const double shape = spec.mean * spec.mean / (spec.sd * spec.sd);
      dist_ = boost::random::gamma_distribution<double>(shape, spec.sd * spec.sd / spec.mean);
      break;
    }
    case DistributionKind::poisson:
      dist_ = Poisson(spec.mean);
      break;
    case DistributionKind::empirical: {
      std::vector<double> w = spec.weights;
      if (w.empty()) w.assign(spec.values.size(), 1.0);
      dist_ = Empirical{{w.begin(), w.end()}, spec.values};
      break;
    }
  }
}

}  // namespace jitsim::sim
