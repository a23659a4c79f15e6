// File: tests/sim/guide_table_test.cpp
// The guide table finds exactly what a linear search over the cumulative shares finds.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/guide_table.h"
#include "sim/random.h"

namespace sim = jitsim::sim;

namespace {
std::size_t linear(const std::vector<double>& cumulative, double u) {
  std::size_t k = 0;
  while (k + 1 < cumulative.size() && u >= cumulative[k]) ++k;
  return k;
}
}  // namespace

TEST_CASE("guide table: the same index as a linear search, at every probe") {
  sim::Engine engine = sim::make_engine({7, 0, 1, 2});
  for (int trial = 0; trial < 200; ++trial) {
    // Random shares, some zero (repeated cumulative values), 1 to 600 entries.
    const auto n = boost::random::uniform_int_distribution<int>(1, 600)(engine);
    std::vector<double> shares;
    double total = 0;
    for (int i = 0; i < n; ++i) {
      const double x = sim::uniform01(engine) < 0.2 ? 0.0 : sim::uniform01(engine);
      shares.push_back(x);
      total += x;
    }
    std::vector<double> cumulative;
    double run = 0;
    for (const double x : shares) cumulative.push_back(total > 0 ? (run += x) / total : 1.0);
    cumulative.back() = 1;
    const sim::GuideTable table(cumulative);
    // Probes: random, every cumulative value and its neighbours, the ends.
    std::vector<double> probes{0.0, 1.0, std::nextafter(1.0, 0.0)};
    for (const double c : cumulative) {
      probes.insert(probes.end(), {c, std::nextafter(c, 0.0), std::nextafter(c, 2.0)});
    }
    for (int i = 0; i < 2000; ++i) probes.push_back(sim::uniform01(engine));
    for (const double u : probes) {
      if (u < 0 || u > 1) continue;
      REQUIRE(table.index(u) == linear(cumulative, u));
    }
  }
}
