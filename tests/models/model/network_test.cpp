// File: tests/models/model/network_test.cpp
// The network a scenario compiles to: item-locations (SKU x site) and lanes (supplier,
// carrier, destination site), and the simulation's per-item-location plans and rules.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "model_test_support.h"
#include "models/agents/world.h"
#include "models/model/network.h"
#include "sim/random.h"

using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {
// Three suppliers x two carriers; five SKUs using four distinct (supplier, carrier) pairs.
std::string three_suppliers() {
  std::string text = R"(
[scenario]
name = "network"
horizon_days = 30
replications = 2
[[suppliers]]
id = "s1"
lead_time_days = 3
[[suppliers]]
id = "s2"
lead_time_days = 5
[[suppliers]]
id = "s3"
lead_time_days = 7
[[carriers]]
id = "ocean"
transit_days = 20
[[carriers]]
id = "air"
transit_days = 2
[[policies]]
name = "jit"
kind = "jit"
[[policies]]
name = "hybrid"
kind = "hybrid"
)";
  struct Row {
    const char *id, *supplier, *carrier;
    int orders_per_day;
    bool critical;
  };
  for (const Row& r : {Row{"a", "s2", "air", 1, false}, Row{"b", "s1", "ocean", 2, false},
                       Row{"c", "s2", "air", 3, false}, Row{"d", "s2", "ocean", 4, false},
                       Row{"e", "s3", "air", 5, true}}) {
    text += fmt::format(
        "[[skus]]\nid = \"{}\"\nunit_cost = 10\nprice = 20\nsupplier = \"{}\"\n"
        "carrier = \"{}\"\ncritical = {}\ndemand = {{ orders_per_day = {} }}\n",
        r.id, r.supplier, r.carrier, r.critical, r.orders_per_day);
  }
  return text;
}
}  // namespace

TEST_SUITE("network") {
  TEST_CASE("a scenario without sites: one site, one item-location per SKU, lanes by use") {
    const m::Scenario sc = scenario_from(three_suppliers());
    const m::Network n = m::build_network(sc);
    REQUIRE(n.sites.size() == 1);
    REQUIRE(n.item_count() == sc.skus.size());
    for (std::size_t i = 0; i < n.item_count(); ++i) {
      CHECK(n.item(i).sku == i);
      CHECK(n.item(i).site == 0);
      // The item-location's lane is its SKU's supplier and carrier, into the one site.
      CHECK(n.lane_of(i).supplier == sc.skus[i].supplier);
      CHECK(n.lane_of(i).carrier == sc.skus[i].carrier);
      CHECK(n.lane_of(i).destination == 0);
      CHECK(m::item_name(sc, n, i) == sc.skus[i].id);
    }
    // One lane per distinct pair, numbered in order of first use: (s2, air), (s1, ocean),
    // (s2, ocean), (s3, air); "c" shares the first lane.
    REQUIRE(n.lanes.size() == 4);
    CHECK(n.items[2].lane == n.items[0].lane);
    CHECK(n.items[0].lane == 0);
    CHECK(n.items[1].lane == 1);
    CHECK(n.items[3].lane == 2);
    CHECK(n.items[4].lane == 3);
  }

  TEST_CASE("the simulation's plans and rules are the SKU's, per item-location") {
    const m::Scenario sc = scenario_from(three_suppliers());
    const m::ModelSetup setup(sc);
    const std::vector<m::SkuPlan> plans = m::plan_skus(sc);
    REQUIRE(setup.plans.size() == setup.network.item_count());
    REQUIRE(setup.rules.size() == sc.policies.size());
    for (std::size_t p = 0; p < sc.policies.size(); ++p) {
      const auto by_sku = m::resolve_policy(sc, plans, sc.policies[p]);
      REQUIRE(setup.rules[p].size() == setup.network.item_count());
      for (std::size_t i = 0; i < setup.network.item_count(); ++i) {
        const std::size_t s = setup.network.item(i).sku;
        CHECK(setup.rules[p][i].order_up_to == by_sku[s].order_up_to);
        CHECK(setup.rules[p][i].critical == by_sku[s].critical);
        CHECK(setup.plans[i].demand_per_day == plans[s].demand_per_day);
        CHECK(setup.plans[i].lead_time == plans[s].lead_time);
        CHECK(setup.item_names[i] == sc.skus[s].id);
        // The streams keep the SKU's name: single-site results do not depend on the indexing.
        CHECK(setup.item_streams[i] == jitsim::sim::name_id("sku:" + sc.skus[s].id));
      }
    }
    // The hybrid's halves differ by SKU: "e" is flagged critical, the others are not.
    CHECK(setup.rules[1][4].critical);
    CHECK_FALSE(setup.rules[1][0].critical);
  }
}
