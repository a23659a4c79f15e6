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

#include "models/agents/simulation.h"
#include "models/io/scenario_loader.h"
#include "models/model/metrics.h"
#include "sim/statistics.h"

namespace jitsim::testing {

inline models::Scenario scenario_from(std::string_view toml) {
  models::LoadResult r = models::load_scenario_text(toml, "test.toml", ".");
  std::string diagnostics;  // one INFO outside the loop: an INFO lasts only for its scope
  for (const auto& d : r.diagnostics) diagnostics += models::format(d) + "\n";
  INFO(diagnostics);
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

// ---- helpers for the feature tests (demand, warehouse, supply, shocks, behaviour) ----

#include <fmt/format.h>
#include <cstdint>

namespace jitsim::testing {

/// Value of metric `m` in one replication's results.
inline double value_of(const models::MetricValues& v, models::Metric m) {
  return v[static_cast<std::size_t>(m)];
}

/// One line of the event trace, with the SKU's stock right after the step.
struct TraceLine {
  double time = 0;
  std::string event;
  std::uint32_t item = 0;  // item-location (= SKU index at a single site)
  std::int64_t quantity = 0;
  std::uint64_t customer_order = 0;
  std::uint64_t purchase_order = 0;
  std::uint64_t shipment = 0;
  std::int64_t on_hand = 0, backlog = 0, on_order = 0;
  /// Inventory position after the step.
  std::int64_t ip() const { return on_hand + on_order - backlog; }
};

/// A TraceSink that keeps every line.
class RecordingTrace : public models::TraceSink {
 public:
  std::vector<TraceLine> lines;
  void record(const models::TraceRecord& r) override {
    lines.push_back({r.time, std::string(models::trace_event_name(r.event)), r.item, r.quantity,
                     r.customer_order, r.purchase_order, r.shipment, r.on_hand, r.backlog,
                     r.on_order});
  }
  /// The lines of one event kind (optionally of one SKU), in order.
  std::vector<TraceLine> of(std::string_view event, int item = -1) const {
    std::vector<TraceLine> out;
    for (const TraceLine& l : lines) {
      if (l.event == event && (item < 0 || l.item == static_cast<std::uint32_t>(item))) {
        out.push_back(l);
      }
    }
    return out;
  }
};

/// Runs one replication of `policy`, optionally recording its trace.
inline models::ReplicationResult run_once(const models::Scenario& sc, std::size_t policy = 0,
                                          std::uint64_t replication = 0,
                                          RecordingTrace* trace = nullptr,
                                          bool check_invariants = true) {
  const models::ModelSetup setup(sc);
  models::Simulation sim(setup);
  models::ReplicationOptions options;
  options.trace = trace;
  options.check_invariants = check_invariants;
  return sim.run(policy, replication, options);
}

/// A one-supplier ("s"), one-carrier ("c") chain with SKU "a"; each field holds the keys of
/// its table (TOML lines) and `extra` more tables (SKUs, shocks) appended at the end.
struct Chain {
  std::string scenario = "horizon_days = 100\nseed = 7";
  std::string costs;
  std::string warehouse;
  std::string supplier = "lead_time_days = 1";
  std::string carrier = "transit_days = 0";
  std::string sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 5 }";
  std::string policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 20";
  std::string extra;
  std::string toml() const {
    return fmt::format(
        "[scenario]\n{}\n[costs]\n{}\n[warehouse]\n{}\n[[suppliers]]\nid = \"s\"\n{}\n"
        "[[carriers]]\nid = \"c\"\n{}\n[[skus]]\nid = \"a\"\nsupplier = \"s\"\ncarrier = \"c\"\n"
        "{}\n{}\n{}\n",
        scenario, costs, warehouse, supplier, carrier, sku, policies, extra);
  }
  models::Scenario load() const { return scenario_from(toml()); }
};

/// |x - expected| <= k standard deviations of a count with variance `variance` (plus slack 1).
inline void check_count(double x, double expected, double variance, std::string_view what,
                        double k = 4) {
  INFO(what, ": got ", x, ", expected ", expected, " +- ", k * std::sqrt(variance));
  CHECK(std::abs(x - expected) <= k * std::sqrt(variance) + 1e-9);
}

}  // namespace jitsim::testing

#include <unistd.h>
#include <filesystem>
#include <fstream>

namespace jitsim::testing {

/// Writes a one-column ("q") CSV of daily quantities to a fresh temporary file and returns its
/// absolute path (for `demand = { trace = "..." , column = "q" }`).
inline std::string trace_csv(const std::vector<double>& daily) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("jitsim-model-tests-{}", static_cast<long>(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / fmt::format("trace{}.csv", counter++);
  std::ofstream out(path);
  out << "q\n";
  for (const double q : daily) out << fmt::format("{}\n", q);
  return path.string();
}

/// `demand = { trace = PATH, column = "q" }` for the given daily quantities.
inline std::string trace_demand(const std::vector<double>& daily, bool poisson = false) {
  return fmt::format("demand = {{ trace = \"{}\", column = \"q\"{} }}", trace_csv(daily),
                     poisson ? ", noise = \"poisson\"" : "");
}

}  // namespace jitsim::testing
