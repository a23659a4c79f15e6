// -----------------------------------------------------------------------------
// File: tests/models/agents/breakdown_test.cpp
// -----------------------------------------------------------------------------
// The per-site and per-lane breakdown of a network run: per replication the sites' and lanes'
// additive values add up to the run's, and folded over replications they are the means of the
// per-replication values whatever the thread count.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <filesystem>

#include "model_test_support.h"
#include "models/agents/breakdown.h"
#include "models/agents/experiment.h"
#include "models/io/scenario_loader.h"

namespace m = jitsim::models;
using jitsim::models::Metric;
using m::Part;

namespace {

constexpr std::size_t at(Metric k) {
  return static_cast<std::size_t>(k);
}

bool near(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

m::Scenario dc_fba() {
  auto r =
      m::load_scenario(std::filesystem::path(JITSIM_SOURCE_DIR) / "bench/scenarios/dc_fba.toml");
  REQUIRE(r.ok());
  return std::move(*r.scenario);
}

}  // namespace

TEST_SUITE("breakdown") {
  TEST_CASE("sites and lanes add up to the run, per replication (DC feeding two FCs)") {
    const m::Scenario sc = dc_fba();
    const m::ModelSetup setup(sc);
    REQUIRE(setup.network.sites.size() == 3);
    REQUIRE(setup.network.lanes.size() == 3);
    m::Simulation sim(setup);
    m::ReplicationOptions o;
    o.per_site = true;
    o.per_sku = true;
    o.check_invariants = true;
    // Additive over sites: money, units and orders (service ratios are not).
    const Metric additive[] = {
        Metric::total_cost,     Metric::holding_cost,      Metric::ordering_cost,
        Metric::transport_cost, Metric::backorder_cost,    Metric::lost_sales_cost,
        Metric::overflow_cost,  Metric::purchase_cost,     Metric::units_demanded,
        Metric::units_shipped,  Metric::lost_sales_units,  Metric::orders_placed,
        Metric::revenue,        Metric::avg_on_hand_units, Metric::lost_in_transit_units};
    for (std::size_t policy = 0; policy < sc.policies.size(); ++policy) {
      for (std::uint64_t rep = 0; rep < 2; ++rep) {
        const m::ReplicationResult r = sim.run(policy, rep, o);
        INFO("policy ", sc.policies[policy].name, " replication ", rep);
        REQUIRE(r.per_site.size() == 3);
        for (const Metric k : additive) {
          double sum = 0;
          for (const m::SiteValues& s : r.per_site) sum += s.metrics[at(k)];
          INFO(m::info(k).name);
          CHECK(near(sum, r.metrics[at(k)]));
        }
        // Every order, transport charge and lost unit travelled on a lane.
        double orders = 0, transport = 0, lost = 0;
        for (const m::LaneValues& l : r.per_lane) {
          orders += l[0];
          transport += l[3];
          lost += l[4];
        }
        CHECK(near(orders, r.metrics[at(Metric::orders_placed)]));
        CHECK(near(transport, r.metrics[at(Metric::transport_cost)]));
        CHECK(near(lost, r.metrics[at(Metric::lost_in_transit_units)]));
        // The DC serves transfers (its internal fill rate is a share); the FCs serve none.
        CHECK(r.per_site[0].internal_fill_rate >= 0);
        CHECK(r.per_site[0].internal_fill_rate <= 1);
        CHECK(std::isnan(r.per_site[1].internal_fill_rate));
        CHECK(std::isnan(r.per_site[2].internal_fill_rate));
        // The DC has no customers of its own: its service metrics are undefined, its costs not.
        CHECK(r.per_site[0].metrics[at(Metric::units_demanded)] == 0);
        CHECK(r.per_site[0].metrics[at(Metric::holding_cost)] > 0);
      }
    }
  }

  TEST_CASE("folded breakdown: the means of the per-replication values, any thread count") {
    const m::Scenario sc = dc_fba();
    const m::ModelSetup setup(sc);
    const m::BreakdownLayout layout(setup);
    CHECK(layout.size() == setup.network.item_count() * m::kMetricCount +
                               3 * (m::kMetricCount + 1) + 3 * m::kLaneValueNames.size());
    CHECK(layout.row_names(Part::site)[2] == "fba-west");
    CHECK(layout.row_names(Part::lane)[0] == "ocean-reno");
    m::ExperimentOptions eo;
    eo.policies = {0, 1};
    eo.replications = 3;
    const m::ExperimentResult one = m::run_experiment(setup, eo);
    eo.threads = 2;
    const m::ExperimentResult two = m::run_experiment(setup, eo);
    m::Simulation sim(setup);
    m::ReplicationOptions o;
    o.per_site = o.per_sku = true;
    for (std::size_t k = 0; k < eo.policies.size(); ++k) {
      std::vector<m::Breakdown> runs;
      for (std::uint64_t rep = 0; rep < eo.replications; ++rep) {
        runs.push_back(m::flatten(layout, sim.run(eo.policies[k], rep, o)));
      }
      const m::BreakdownStats& a = one.policies[k].breakdown;
      const m::BreakdownStats& b = two.policies[k].breakdown;
      REQUIRE(a.size() == layout.size());
      REQUIRE(b.size() == layout.size());
      for (const Part part : m::kParts) {
        for (std::size_t row = 0; row < layout.rows(part); ++row) {
          for (std::size_t v = 0; v < layout.width(part); ++v) {
            const std::size_t j = layout.offset(part, row) + v;
            double sum = 0, n = 0;
            for (const m::Breakdown& r : runs) {
              if (std::isnan(r[j])) continue;
              sum += r[j];
              ++n;
            }
            INFO(m::part_name(part), " ", layout.row_names(part)[row], " ",
                 m::part_values(part)[v]);
            CHECK(static_cast<double>(a[j].count()) == n);
            if (n > 0) CHECK(near(a[j].mean(), sum / n));
            CHECK(std::bit_cast<std::uint64_t>(a[j].state().mean) ==
                  std::bit_cast<std::uint64_t>(b[j].state().mean));
            CHECK(std::bit_cast<std::uint64_t>(a[j].state().m2) ==
                  std::bit_cast<std::uint64_t>(b[j].state().m2));
          }
        }
      }
    }
  }
}
