// File: tests/models/decisions/stress_test.cpp
// `jitsim stress`: time to survive against the stock cover of deterministic chains, censoring,
// and the paired cost impact of an outage.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model_test_support.h"
#include "models/decisions/stress.h"
#include "models/io/scenario_writer.h"

namespace m = jitsim::models;
using namespace jitsim::testing;

namespace {

// Fixed numbers of the deterministic chains: every day one customer order of kDaily units at
// day + 0.5, fixed lead times, a continuous base stock of kLevel with no randomness anywhere.
constexpr double kDaily = 10;
constexpr double kLevel = 100;
constexpr double kHorizon = 120;
constexpr double kOutageStart = 60;

std::string daily_demand() {
  return trace_demand(std::vector<double>(200, kDaily));
}

struct Outcome {
  m::NodePolicyStress stress;
  double tts = 0, censored = 0;  // means over the replications
};

// Runs `node`'s outage of `duration` days in `sc` (replications 0, 1, 2: all alike here).
Outcome stress(const m::Scenario& sc, const std::string& node_id, double duration,
               std::uint64_t replications = 3) {
  std::vector<m::StressNode> chosen;
  for (const m::StressNode& n : m::stress_nodes(sc)) {
    if (n.id == node_id) chosen.push_back(n);
  }
  REQUIRE(chosen.size() == 1);
  m::StressSettings settings;
  settings.start_day = kOutageStart;
  settings.duration_days = duration;
  settings.replications = replications;
  const m::StressResult r = m::run_stress(sc, m::to_toml(sc), ".", {0}, chosen, settings);
  REQUIRE(!r.cancelled);
  REQUIRE(r.nodes.size() == 1);
  REQUIRE(r.replications_spent == 2 * replications);
  Outcome out{r.nodes[0].policies[0], 0, 0};
  out.tts = out.stress.summaries[0].mean;
  out.censored = out.stress.summaries[1].mean;
  return out;
}

// One supplier "s" (lead time `supplier_days`), one carrier "c" (`transit_days`), SKU "a".
m::Scenario single_site(double supplier_days, double transit_days) {
  Chain c;
  c.scenario = fmt::format("horizon_days = {}\nwarmup_days = 0\nseed = 3", kHorizon);
  c.supplier = fmt::format("lead_time_days = {}", supplier_days);
  c.carrier = fmt::format("transit_days = {}", transit_days);
  c.sku = "unit_cost = 10\nprice = 20\n" + daily_demand();
  c.policies = fmt::format("[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = {}", kLevel);
  return c.load();
}

}  // namespace

TEST_CASE("a supplier outage: time to survive is the cover of stock and goods in transit") {
  for (const auto& lead : std::vector<std::pair<double, double>>{{2, 3}, {1, 6}, {4, 0}}) {
    const double supplier_days = lead.first;
    const double transit_days = lead.second;
    CAPTURE(supplier_days);
    CAPTURE(transit_days);
    // In steady state every sale has just been reordered: the base stock is on hand plus on
    // order, one day's demand ordered per day of lead time. Of what is on order, the orders
    // handed to the carrier before the outage (transit_days of them) still come; those still
    // at the supplier wait for it to reopen.
    const double on_order = kDaily * (supplier_days + transit_days);
    const double on_hand = kLevel - on_order;
    const double in_transit = kDaily * transit_days;
    const double cover = (on_hand + in_transit) / kDaily;
    const Outcome o = stress(single_site(supplier_days, transit_days), "s", 30);
    CHECK(o.censored == 0);
    // The first short order is the first one after the cover is used up: within half a day.
    CHECK(o.tts >= cover - 1e-9);
    CHECK(o.tts <= cover + 0.5 + 1e-9);
  }
}

TEST_CASE("a carrier closure: goods in transit wait at the port, so only stock covers") {
  for (const double transit_days : {2.0, 5.0}) {
    CAPTURE(transit_days);
    const double supplier_days = 1;
    const double on_hand = kLevel - kDaily * (supplier_days + transit_days);
    // A port closure holds what would arrive while it lasts (scenarios/README.md): the
    // pipeline adds nothing before the outage ends.
    const double cover = on_hand / kDaily;
    const Outcome o = stress(single_site(supplier_days, transit_days), "c", 30);
    CHECK(o.censored == 0);
    CHECK(o.tts >= cover - 1e-9);
    CHECK(o.tts <= cover + 0.5 + 1e-9);
  }
}

TEST_CASE("a site outage of a network: the downstream site lives on its stock and transfers") {
  // A DC "dc" fed by supplier "s", a fulfilment centre "fc" fed from the DC by carrier "t"
  // (transit `transit_days`), customers at fc. The DC stops shipping: fc has its stock and the
  // transfers already under way, together its whole base stock (transfers are instant to pick).
  for (const double transit_days : {1.0, 4.0}) {
    CAPTURE(transit_days);
    const std::string toml = fmt::format(
        "[scenario]\nhorizon_days = {}\nwarmup_days = 0\nseed = 3\n[costs]\n[warehouse]\n"
        "[[sites]]\nid = \"dc\"\n[[sites]]\nid = \"fc\"\n"
        "[[suppliers]]\nid = \"s\"\nlead_time_days = 1\n"
        "[[carriers]]\nid = \"ocean\"\ntransit_days = 2\n"
        "[[carriers]]\nid = \"t\"\ntransit_days = {}\n"
        "[[lanes]]\nid = \"in\"\nfrom = \"s\"\nto = \"dc\"\ncarrier = \"ocean\"\n"
        "[[lanes]]\nid = \"out\"\nfrom = \"dc\"\nto = \"fc\"\ncarrier = \"t\"\n"
        "[[skus]]\nid = \"a\"\nunit_cost = 10\nprice = 20\nsite = \"fc\"\n{}\n"
        "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = {}\n",
        kHorizon, transit_days, daily_demand(), kLevel);
    const m::Scenario sc = scenario_from(toml);
    const double on_order = kDaily * transit_days;
    const double cover = ((kLevel - on_order) + on_order) / kDaily;
    const Outcome o = stress(sc, "dc", 30);
    CHECK(o.censored == 0);
    CHECK(o.tts >= cover - 1e-9);
    CHECK(o.tts <= cover + 0.5 + 1e-9);
  }
}

TEST_CASE("an outage shorter than the cover is censored at the horizon") {
  // Supplier lead 2, transit 3: cover 8 days; a 3-day shutdown releases its held orders in
  // time (they arrive 3 days after it ends, day 6 of the 8).
  const Outcome o = stress(single_site(2, 3), "s", 3);
  CHECK(o.censored == 1);
  for (const double v : o.stress.values[0]) CHECK(v == kHorizon - kOutageStart);
}

TEST_CASE("the cost impact is disturbed minus undisturbed; an unused node costs nothing") {
  // Random demand and lead times: replications differ, so the identity compares something.
  Chain c;
  c.scenario = "horizon_days = 150\nwarmup_days = 20\nseed = 5";
  c.costs = "backorder_cost_per_unit_day = 5";  // so that a shutdown costs more than it saves
  c.supplier = "lead_time_days = { dist = \"gamma\", mean = 4, sd = 1 }";
  c.extra = "[[suppliers]]\nid = \"unused\"\nlead_time_days = 2\n";
  c.policies =
      "[[policies]]\nname = \"lo\"\nkind = \"base_stock\"\nlevel = 30\n"
      "[[policies]]\nname = \"hi\"\nkind = \"base_stock\"\nlevel = 45";
  const m::Scenario sc = c.load();
  const std::string resolved = m::to_toml(sc);
  m::StressSettings settings;
  settings.start_day = 50;
  settings.duration_days = 20;
  settings.replications = 12;
  settings.run.threads = 2;
  const m::StressResult r = m::run_stress(sc, resolved, ".", {0, 1}, m::stress_nodes(sc), settings);
  REQUIRE(r.nodes.size() == 4);  // s, unused, c, warehouse

  // The undisturbed and disturbed runs, independently.
  m::Candidate base(sc, {0, 1});
  REQUIRE(base.run_more(12, {}));
  const m::StressNode s_node = m::stress_nodes(sc)[0];
  REQUIRE(s_node.id == "s");
  const m::LoadResult disturbed_text = m::load_scenario_text(
      resolved + m::outage_shock_toml(sc, s_node, 50, 20), "stress.toml", ".");
  REQUIRE(disturbed_text.ok());
  m::Candidate disturbed(*disturbed_text.scenario, {0, 1});
  REQUIRE(disturbed.run_more(12, {}));

  for (const m::NodeStress& n : r.nodes) {
    CAPTURE(n.node.id);
    for (std::size_t slot = 0; slot < 2; ++slot) {
      const std::vector<double>& impact = n.policies[slot].values[5];
      REQUIRE(impact.size() == 12);
      if (n.node.id == "unused") {
        for (const double v : impact) CHECK(v == 0.0);  // exactly: the same futures
        const jitsim::sim::Summary& s = n.policies[slot].summaries[5];
        CHECK(s.mean == 0.0);
      }
      if (n.node.id == "s") {
        const std::vector<double> with = disturbed.values(slot, m::Metric::total_cost);
        const std::vector<double> without = base.values(slot, m::Metric::total_cost);
        bool differs = false;
        for (std::size_t rep = 0; rep < 12; ++rep) {
          CHECK(impact[rep] == with[rep] - without[rep]);
          differs = differs || impact[rep] != impact[0];
        }
        CHECK(differs);
        CHECK(n.policies[slot].summaries[5].mean > 0);  // a 20-day shutdown costs something
      }
    }
  }
  // Ranked by the largest mean impact: the unused supplier comes after the used one.
  std::size_t at_s = 0, at_unused = 0;
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    if (r.nodes[k].node.id == "s") at_s = k;
    if (r.nodes[k].node.id == "unused") at_unused = k;
  }
  CHECK(at_s < at_unused);
}

TEST_CASE("the outage shock's id never clashes with the scenario's shocks") {
  Chain c;
  c.extra =
      "[[shocks]]\nid = \"stress-outage\"\nkind = \"port_closure\"\nstart_day = 10\n"
      "duration_days = 1\n";
  const m::Scenario sc = c.load();
  const std::string shock = m::outage_shock_toml(sc, m::stress_nodes(sc)[0], 20, 5);
  CHECK(shock.find("id = \"stress-outage-2\"") != std::string::npos);
  const m::LoadResult r = m::load_scenario_text(m::to_toml(sc) + shock, "t.toml", ".");
  CHECK(r.ok());
}

TEST_CASE("affected item-locations follow transfers downstream") {
  const std::string toml =
      "[scenario]\nhorizon_days = 50\n[costs]\n[warehouse]\n"
      "[[sites]]\nid = \"dc\"\n[[sites]]\nid = \"fc\"\n"
      "[[suppliers]]\nid = \"s\"\nlead_time_days = 1\n"
      "[[carriers]]\nid = \"ocean\"\ntransit_days = 2\n"
      "[[carriers]]\nid = \"t\"\ntransit_days = 1\n"
      "[[lanes]]\nid = \"in\"\nfrom = \"s\"\nto = \"dc\"\ncarrier = \"ocean\"\n"
      "[[lanes]]\nid = \"out\"\nfrom = \"dc\"\nto = \"fc\"\ncarrier = \"t\"\n"
      "[[skus]]\nid = \"a\"\nunit_cost = 10\nprice = 20\nsite = \"fc\"\n"
      "demand = { orders_per_day = 2 }\n"
      "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10\n";
  const m::Scenario sc = scenario_from(toml);
  const m::Network net = m::build_network(sc);
  REQUIRE(net.items.size() == 2);
  for (const m::StressNode& n : m::stress_nodes(sc)) {
    CAPTURE(n.id);
    const std::vector<char> hit = m::affected_items(net, n);
    std::size_t count = 0;
    for (const char h : hit) count += h != 0;
    if (n.id == "s" || n.id == "ocean" || n.id == "dc") CHECK(count == 2);
    if (n.id == "t" || n.id == "fc") {  // only the fulfilment centre
      CHECK(count == 1);
      CHECK(hit[net.find(0, 1)] != 0);
    }
  }
}
