// -----------------------------------------------------------------------------
// File: sim/distribution.h
// -----------------------------------------------------------------------------
// Random quantities: a plain description (DistributionSpec) and a ready-to-draw Sampler built
// from it once, so drawing allocates nothing. All draws use Boost.Random distributions, whose
// algorithms (unlike std::'s) are the same with every standard library.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "sim/random.h"

namespace jitsim::sim {

enum class DistributionKind {
  fixed,
  exponential,
  uniform,
  normal,
  lognormal,
  gamma,
  poisson,
  empirical
};

/// Name of a kind as written in scenario files ("fixed", "exponential", ...).
std::string_view to_string(DistributionKind kind);

/// Description of a random quantity. Which fields matter depends on `kind`:
/// fixed {value}; exponential {mean}; uniform {min, max}; normal {mean, sd} truncated at 0;
/// lognormal {mean, sd} of the value itself (not of its log); gamma {mean, sd}; poisson {mean};
/// empirical {values, weights}.
struct DistributionSpec {
  DistributionKind kind = DistributionKind::fixed;
  double value = 0;
  double mean = 0;
  double sd = 0;
  double min = 0;
  double max = 0;
  std::vector<double> values{};
  std::vector<double> weights{};

  /// A constant.
  static DistributionSpec constant(double v) {
    DistributionSpec spec;
    spec.value = v;
    return spec;
  }

  /// Exact mean of the drawn variate (for normal: of the normal truncated at 0).
  double expected() const;
  /// Exact variance of the drawn variate.
  double variance() const;
  /// Whether every draw equals expected().
  bool is_constant() const;
  /// P(X <= x) of the drawn variate.
  double cdf(double x) const;
  /// Mean and second moment of the draw rounded to the nearest integer (halves away from
  /// zero), e.g. order sizes in whole units: exact sums over the rounding intervals.
  std::pair<double, double> rounded_moments() const;

  bool operator==(const DistributionSpec&) const = default;
};

/// Draws variates of one DistributionSpec. Build once, draw many times.
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(const DistributionSpec& spec);

  /// One draw.
  double operator()(Engine& engine) {
    // Constants (e.g. unit order sizes) skip the visit's indirect jump: one predictable test.
    if (const Fixed* fixed = std::get_if<Fixed>(&dist_)) return fixed->value;
    return std::visit([&](auto& d) { return draw(d, engine); }, dist_);
  }

 private:
  struct Fixed {
    double value;
  };
  struct TruncatedNormal {
    boost::random::normal_distribution<double> normal;
  };
  struct Empirical {
    boost::random::discrete_distribution<std::size_t, double> index;
    std::vector<double> values;
  };
  using Poisson = boost::random::poisson_distribution<std::int64_t, double>;

  static double draw(Fixed& d, Engine&) { return d.value; }
  static double draw(TruncatedNormal& d, Engine& e) {
    // Rejection keeps the exact truncated law; mean >= 0 is required, so acceptance >= 1/2.
    for (;;) {
      const double x = d.normal(e);
      if (x >= 0) return x;
    }
  }
  static double draw(Empirical& d, Engine& e) { return d.values[d.index(e)]; }
  static double draw(Poisson& d, Engine& e) { return static_cast<double>(d(e)); }
  template <class D>
  static double draw(D& d, Engine& e) {
    return d(e);
  }

  std::variant<Fixed, boost::random::exponential_distribution<double>,
               boost::random::uniform_real_distribution<double>, TruncatedNormal,
               boost::random::lognormal_distribution<double>,
               boost::random::gamma_distribution<double>, Poisson, Empirical>
      dist_{Fixed{0}};
};

}  // namespace jitsim::sim
