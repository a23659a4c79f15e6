// -----------------------------------------------------------------------------
// File: tests/models/agents/outage_test.cpp
// -----------------------------------------------------------------------------
// site_outage: while it lasts the site receives, picks and ships nothing; what it held back
// moves when it ends; the rest of the network keeps working; units are conserved throughout.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "model_test_support.h"

namespace m = jitsim::models;
using jitsim::models::Metric;
using namespace jitsim::testing;

namespace {

constexpr double kStart = 500, kEnd = 540;

// factory -> dc -> store; the outage hits `site` ("" : no outage); `store_pickers` 0: none.
std::string chain(std::string_view site, int store_pickers) {
  const std::string outage = site.empty()
                                 ? ""
                                 : fmt::format(
                                       "[[shocks]]\nid = \"flood\"\nkind = \"site_outage\"\n"
                                       "site = \"{}\"\nstart_day = {}\nduration_days = {}\n",
                                       site, kStart, kEnd - kStart);
  const std::string pickers =
      store_pickers == 0 ? "" : fmt::format("pickers = {}\npick_time_days = 0.01\n", store_pickers);
  return fmt::format(R"(
[scenario]
horizon_days = 1000
warmup_days = 50
seed = 5
[[sites]]
id = "dc"
receiving_capacity_units_per_day = 400
[[sites]]
id = "store"
{}
[[suppliers]]
id = "factory"
lead_time_days = 4
[[carriers]]
id = "truck"
transit_days = 1
[[lanes]]
id = "in"
from = "factory"
to = "dc"
carrier = "truck"
[[lanes]]
id = "out"
from = "dc"
to = "store"
carrier = "truck"
[[skus]]
id = "w"
unit_cost = 10
price = 20
site = "store"
demand = {{ orders_per_day = 6 }}
[[policies]]
name = "bs"
kind = "base_stock"
level = 40
{})",
                     pickers, outage);
}

struct Rows final : m::TraceSink {
  std::vector<m::TraceRecord> rows;
  void record(const m::TraceRecord& r) override { rows.push_back(r); }
};

struct Run {
  m::ReplicationResult result;
  Rows trace;
  std::vector<std::uint32_t> site_of;  // by item-location
};

Run run(const std::string& text, std::uint64_t rep = 0) {
  const m::Scenario sc = scenario_from(text);
  const m::ModelSetup setup(sc);
  m::Simulation sim(setup);
  m::ReplicationOptions o;
  o.check_invariants = true;
  o.per_site = true;
  Run out;
  o.trace = &out.trace;
  out.result = sim.run(0, rep, o);
  for (const auto& item : setup.network.items) out.site_of.push_back(item.site);
  return out;
}

bool inside(double t) {
  return t > kStart && t < kEnd;
}

}  // namespace

TEST_SUITE("site_outage") {
  TEST_CASE("an outage at the DC stops its receipts and transfers, which resume at its end") {
    const Run r = run(chain("dc", 0));
    std::size_t resumed = 0, arrived_inside = 0;
    for (const m::TraceRecord& x : r.trace.rows) {
      if (r.site_of[x.item] != 0) continue;  // the DC's rows
      if (x.event == m::TraceEvent::receipt || x.event == m::TraceEvent::transfer_shipped) {
        CHECK_FALSE(inside(x.time));
        resumed += x.time == kEnd;
      }
      arrived_inside += x.event == m::TraceEvent::arrival && inside(x.time);
    }
    CHECK(arrived_inside > 0);  // goods did reach the closed dock...
    CHECK(resumed > 0);         // ...and what waited moved the moment it reopened
    // The store, cut off from its DC for 40 days, serves worse than without the outage.
    const Run calm = run(chain("", 0));
    CHECK(r.result.per_site.at(1).metrics[static_cast<std::size_t>(Metric::fill_rate)] <
          calm.result.per_site.at(1).metrics[static_cast<std::size_t>(Metric::fill_rate)]);
  }

  TEST_CASE("orders at a closed store take stock but ship when it reopens") {
    for (const int pickers : {0, 2}) {
      CAPTURE(pickers);
      const Run r = run(chain("store", pickers));
      std::vector<double> arrived(r.trace.rows.size() + 1, -1);
      std::size_t held = 0;
      for (const m::TraceRecord& x : r.trace.rows) {
        if (r.site_of[x.item] != 1 || x.customer_order == 0) continue;
        if (x.customer_order >= arrived.size()) arrived.resize(x.customer_order + 1, -1);
        if (x.event == m::TraceEvent::customer_order) arrived[x.customer_order] = x.time;
        if (x.event == m::TraceEvent::customer_shipped) {
          // (a pick under way when the outage starts finishes: 0.01 days)
          CHECK_FALSE((x.time > kStart + 0.011 && x.time < kEnd));
          if (inside(arrived[x.customer_order])) {
            // Held until the end: at once without pickers, after one pick with them.
            CHECK(x.time >= kEnd);
            held += 1;
          }
        }
        if (x.event == m::TraceEvent::receipt) CHECK_FALSE(inside(x.time));
      }
      CHECK(held > 100);  // ~6 orders a day for 40 days
      // Customers waited: the mean wait is at least the held orders' share of the outage.
      CHECK(r.result.metrics[static_cast<std::size_t>(Metric::avg_customer_wait_days)] > 0.5);
    }
  }

  TEST_CASE("a scenario without sites: the outage closes the warehouse") {
    const std::string text = R"(
[scenario]
horizon_days = 400
seed = 2
[[suppliers]]
id = "s"
lead_time_days = 3
[[carriers]]
id = "c"
transit_days = 1
[[skus]]
id = "a"
unit_cost = 5
price = 9
supplier = "s"
carrier = "c"
demand = { orders_per_day = 4 }
[[policies]]
name = "bs"
kind = "base_stock"
level = 30
[[shocks]]
id = "strike"
kind = "site_outage"
start_day = 100
duration_days = 20
)";
    const Run r = run(text);
    std::size_t orders_inside = 0;
    for (const m::TraceRecord& x : r.trace.rows) {
      if (x.event == m::TraceEvent::customer_shipped || x.event == m::TraceEvent::receipt) {
        CHECK_FALSE((x.time > 100 && x.time < 120));
      }
      orders_inside += x.event == m::TraceEvent::customer_order && x.time > 100 && x.time < 120;
    }
    CHECK(orders_inside > 40);
  }
}
