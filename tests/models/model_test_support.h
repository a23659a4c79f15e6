// -----------------------------------------------------------------------------
// File: tests/models/model_test_support.h
// -----------------------------------------------------------------------------
// Helpers for tests that run the real model: load a scenario from TOML text, run replications
// and compare a simulated mean with an exact value using the simulated confidence interval.
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "models/metrics.h"
#include "models/scenario_loader.h"
#include "models/simulation.h"
#include "sim/statistics.h"

namespace jitsim::testing {

inline models::Scenario scenario_from(std::string_view toml) {
  models::LoadResult r = models::load_scenario_text(toml, "test.toml", ".");
  for (const auto& d : r.diagnostics) INFO(models::format(d));
  REQUIRE(r.ok());
  return *r.scenario;
}

/// Per-replication values of every metric for one policy.
inline std::vector<models::MetricValues> replicate(const models::Scenario& sc, std::size_t policy,
                                                   int replications,
                                                   models::ReplicationOptions options = {}) {
  const models::ModelSetup setup(sc);
  models::Simulation sim(setup);
  std::vector<models::MetricValues> out;
  for (int r = 0; r < replications; ++r) out.push_back(sim.run(policy, r, options).metrics);
  return out;
}

inline sim::Summary summary_of(const std::vector<models::MetricValues>& runs, models::Metric m) {
  std::vector<double> x;
  for (const auto& v : runs) x.push_back(v[static_cast<std::size_t>(m)]);
  return sim::summarize(x);
}

/// Passes when |mean - exact| <= 1.8 x the 95 % half-width and that half-width is at most
/// `max_relative_half_width` of the exact value, so a noisy run cannot pass by being noisy.
inline void check_matches_theory(const sim::Summary& s, double exact, std::string_view what,
                                 double max_relative_half_width = 0.02) {
  const double half = 0.5 * (s.ci95_high - s.ci95_low);
  INFO(what, ": simulated ", s.mean, " +- ", half, " (n=", s.n, "), exact ", exact);
  CHECK(std::abs(s.mean - exact) <= 1.8 * half);
  CHECK(half <= max_relative_half_width * std::abs(exact));
}

}  // namespace jitsim::testing
