// -----------------------------------------------------------------------------
// File: tests/models/agents/behaviour_test.cpp
// -----------------------------------------------------------------------------
// What a newcomer expects of the model, checked on small supply chains: JIT holds less stock
// than JIC in calm conditions but serves less under a long shipping delay, hybrid lies in
// between, a shutdown without buffer runs out when the pipeline runs dry, and runs are
// reproducible (same seed: bit-identical; another seed: different).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "model_test_support.h"

using jitsim::models::Metric;
using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {

// Four SKUs (two flagged critical) from one overseas supplier; jit, jic and hybrid.
std::string calm_chain(const std::string& shocks = "") {
  return R"(
[scenario]
horizon_days = 365
warmup_days = 100
seed = 21
[[suppliers]]
id = "s"
lead_time_days = { dist = "gamma", mean = 10, sd = 3 }
[[carriers]]
id = "ocean"
transit_days = { dist = "gamma", mean = 15, sd = 4 }
[[skus]]
id = "a"
unit_cost = 10
price = 25
supplier = "s"
carrier = "ocean"
critical = true
demand = { orders_per_day = 12 }
[[skus]]
id = "b"
unit_cost = 30
price = 60
supplier = "s"
carrier = "ocean"
critical = true
demand = { orders_per_day = 4, order_size = { dist = "poisson", mean = 2 } }
[[skus]]
id = "c"
unit_cost = 5
price = 9
supplier = "s"
carrier = "ocean"
demand = { orders_per_day = 20 }
[[skus]]
id = "d"
unit_cost = 50
price = 80
supplier = "s"
carrier = "ocean"
demand = { orders_per_day = 2 }
[[policies]]
name = "jit"
kind = "jit"
[[policies]]
name = "jic"
kind = "jic"
[[policies]]
name = "hybrid"
kind = "hybrid"
)" + shocks;
}

std::vector<double> values(const std::vector<m::MetricValues>& runs, Metric k) {
  std::vector<double> out;
  for (const auto& v : runs) out.push_back(value_of(v, k));
  return out;
}

}  // namespace

TEST_SUITE("behaviour") {
  TEST_CASE("calm conditions: JIT holds less stock than JIC, hybrid lies in between") {
    const auto sc = scenario_from(calm_chain());
    const int n = 12;
    const auto jit = values(replicate(sc, 0, n), Metric::avg_on_hand_value);
    const auto jic = values(replicate(sc, 1, n), Metric::avg_on_hand_value);
    const auto hybrid = values(replicate(sc, 2, n), Metric::avg_on_hand_value);
    for (int r = 0; r < n; ++r) {
      CAPTURE(r);
      CHECK(jit[r] < hybrid[r]);
      CHECK(hybrid[r] < jic[r]);
    }
  }

  TEST_CASE("a long shipping delay: JIC keeps serving better than JIT") {
    const auto sc = scenario_from(calm_chain(R"(
[[shocks]]
id = "congestion"
kind = "shipping_delay"
carrier = "ocean"
start_day = 50
duration_days = 150
delay_factor = 2.5
)"));
    const int n = 12;
    const auto jit = summary_of(replicate(sc, 0, n), Metric::fill_rate);
    const auto jic = summary_of(replicate(sc, 1, n), Metric::fill_rate);
    INFO("fill rate jit ", jit.mean, ", jic ", jic.mean);
    CHECK(jic.mean > jit.mean + 0.05);
    CHECK(jic.ci95_low > jit.ci95_high);
  }

  TEST_CASE("a shutdown without buffer: stockout when the pipeline already shipped runs dry") {
    // 10 units a day at day + 0.5; lead 5 + transit 5; JIT (signals at once) keeps S = 110, so
    // 10 units on hand and 50 in transit when the supplier shuts at day 50.
    for (const bool shutdown : {false, true}) {
      Chain c;
      c.scenario = "horizon_days = 100\nwarmup_days = 30";
      c.supplier = "lead_time_days = 5";
      c.carrier = "transit_days = 5";
      c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({10});
      c.policies = "[[policies]]\nname = \"jit\"\nkind = \"jit\"\nbatch = \"none\"";
      if (shutdown) {
        c.extra =
            "[[shocks]]\nid = \"fire\"\nkind = \"supplier_shutdown\"\nsupplier = \"s\"\n"
            "start_day = 50\nduration_days = 30\n";
      }
      RecordingTrace trace;
      const auto r = run_once(c.load(), 0, 0, &trace);
      double first_backlog = -1;
      std::int64_t on_hand_at_start = -1;
      for (const TraceLine& l : trace.lines) {
        if (l.time < 50) on_hand_at_start = l.on_hand;
        if (first_backlog < 0 && l.backlog > 0) first_backlog = l.time;
      }
      std::int64_t in_transit = 0;  // handed over before 50, arriving after
      for (const TraceLine& l : trace.of("departure")) {
        if (l.time < 50 && l.time + 5 >= 50) in_transit += l.quantity;
      }
      CAPTURE(shutdown);
      if (!shutdown) {
        CHECK(first_backlog < 0);
        CHECK(value_of(r.metrics, Metric::fill_rate) == 1.0);
        continue;
      }
      CHECK(on_hand_at_start == 10);
      CHECK(in_transit == 50);
      const double cover = static_cast<double>(on_hand_at_start + in_transit) / 10;
      CHECK(first_backlog >= 50 + cover - 0.5);
      CHECK(first_backlog <= 50 + cover + 1);
    }
  }

  TEST_CASE("the same seed gives bit-identical runs; another seed gives different ones") {
    const auto sc = scenario_from(calm_chain(R"(
[[shocks]]
id = "fire"
kind = "supplier_shutdown"
occurrence = { rate_per_year = 2 }
duration_days = { dist = "uniform", min = 5, max = 20 }
recovery_days = 5
)"));
    for (std::size_t p = 0; p < 3; ++p) {
      const auto a = replicate(sc, p, 3);
      const auto b = replicate(sc, p, 3);
      for (std::size_t r = 0; r < a.size(); ++r) {
        CHECK(std::memcmp(a[r].data(), b[r].data(), sizeof(double) * a[r].size()) == 0);
      }
    }
    auto other = sc;
    other.scenario.seed = 22;
    const auto a = replicate(sc, 0, 3);
    const auto b = replicate(other, 0, 3);
    for (std::size_t r = 0; r < a.size(); ++r) {
      CHECK(value_of(a[r], Metric::units_demanded) != value_of(b[r], Metric::units_demanded));
      CHECK(value_of(a[r], Metric::total_cost) != value_of(b[r], Metric::total_cost));
    }
    // Replications differ from each other too.
    CHECK(value_of(a[0], Metric::units_demanded) != value_of(a[1], Metric::units_demanded));
  }
}
