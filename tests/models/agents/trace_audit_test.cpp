// File: tests/models/agents/trace_audit_test.cpp
// The event trace is an audit of the metrics: every row shows its SKU's stock right after the
// step, so on hand and backlog are step functions of the rows, and their integrals over the
// measured period must equal the replication's own time averages (and holding cost), exactly
// up to the order of floating-point additions.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include "model_test_support.h"
#include "models/io/scenario_loader.h"
#include "models/model/plan.h"

using jitsim::models::Metric;
using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {

struct Integrals {
  std::vector<double> on_hand_days, backlog_days;
};

// Integrates each SKU's on hand and backlog over [0, horizon) from the trace alone.
Integrals integrate(const RecordingTrace& trace, std::size_t skus, double horizon) {
  Integrals out{std::vector<double>(skus, 0.0), std::vector<double>(skus, 0.0)};
  std::vector<double> since(skus, 0.0);  // start of the current step, clamped to [0, horizon]
  std::vector<std::int64_t> on_hand(skus, 0), backlog(skus, 0);
  std::vector<bool> seen(skus, false);
  for (const TraceLine& l : trace.lines) {
    const double t = std::clamp(l.time, 0.0, horizon);
    if (seen[l.item]) {
      out.on_hand_days[l.item] += static_cast<double>(on_hand[l.item]) * (t - since[l.item]);
      out.backlog_days[l.item] += static_cast<double>(backlog[l.item]) * (t - since[l.item]);
    }
    seen[l.item] = true;
    since[l.item] = t;
    on_hand[l.item] = l.on_hand;
    backlog[l.item] = l.backlog;
  }
  for (std::size_t i = 0; i < skus; ++i) {
    REQUIRE(seen[i]);  // the initial_stock row opens every SKU's steps
    out.on_hand_days[i] += static_cast<double>(on_hand[i]) * (horizon - since[i]);
    out.backlog_days[i] += static_cast<double>(backlog[i]) * (horizon - since[i]);
  }
  return out;
}

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// Every policy, a few replications: trace integrals equal the metrics, per SKU and pooled.
void check_trace_integrals(const m::Scenario& sc, int replications) {
  const m::ModelSetup setup(sc);
  const double horizon = sc.scenario.horizon_days;
  int receipts = 0;
  for (std::size_t p = 0; p < sc.policies.size(); ++p) {
    for (int r = 0; r < replications; ++r) {
      INFO("policy ", sc.policies[p].name, ", replication ", r);
      RecordingTrace trace;
      m::ReplicationOptions options;
      options.trace = &trace;
      options.per_sku = true;
      const m::ReplicationResult res =
          m::Simulation(setup).run(p, static_cast<std::uint64_t>(r), options);
      receipts += static_cast<int>(trace.of("receipt").size());
      const Integrals in = integrate(trace, sc.skus.size(), horizon);
      double on_hand_days = 0, backlog_days = 0, holding = 0;
      for (std::size_t i = 0; i < sc.skus.size(); ++i) {
        INFO("SKU ", sc.skus[i].id);
        const m::MetricValues& v = res.per_sku[i];
        CHECK(close(in.on_hand_days[i], value_of(v, Metric::avg_on_hand_units) * horizon));
        CHECK(close(in.backlog_days[i], value_of(v, Metric::avg_backorders_units) * horizon));
        if (!sc.costs.pipeline_holding) {
          CHECK(close(in.on_hand_days[i] * setup.plans[i].holding_per_unit_day,
                      value_of(v, Metric::holding_cost)));
        }
        on_hand_days += in.on_hand_days[i];
        backlog_days += in.backlog_days[i];
        holding += in.on_hand_days[i] * setup.plans[i].holding_per_unit_day;
      }
      CHECK(close(on_hand_days, value_of(res.metrics, Metric::avg_on_hand_units) * horizon));
      CHECK(close(backlog_days, value_of(res.metrics, Metric::avg_backorders_units) * horizon));
      if (!sc.costs.pipeline_holding) {
        CHECK(close(holding, value_of(res.metrics, Metric::holding_cost)));
      }
    }
  }
  CHECK(receipts > 0);  // the case exercises receipts
}

}  // namespace

TEST_SUITE("trace audit") {
  TEST_CASE("trace integrals equal the metrics: the perishables example (lost sales, expiry)") {
    const auto r =
        m::load_scenario(std::filesystem::path(JITSIM_SOURCE_DIR) / "scenarios/perishables.toml");
    REQUIRE(r.ok());
    check_trace_integrals(*r.scenario, 2);
  }

  TEST_CASE("trace integrals equal the metrics: backorders, pickers, defects, warm-up") {
    Chain c;
    c.scenario = "horizon_days = 120\nwarmup_days = 30\nseed = 3";
    c.warehouse =
        "pickers = 2\npick_time_days = { dist = \"exponential\", mean = 0.05 }\n"
        "dock_to_stock_days = 0.5";
    c.supplier = "lead_time_days = { dist = \"gamma\", mean = 4, sd = 2 }\ndefect_rate = 0.05";
    c.sku =
        "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 6, order_size = "
        "{ dist = \"poisson\", mean = 2 } }";
    c.policies =
        "[[policies]]\nname = \"jit\"\nkind = \"jit\"\n"
        "[[policies]]\nname = \"ss\"\nkind = \"ss\"\nreorder_point = 20\n"
        "order_up_to = 80";
    check_trace_integrals(c.load(), 3);
  }

  TEST_CASE("trace integrals equal the metrics: patience and instant picking") {
    Chain c;
    c.scenario = "horizon_days = 150\nwarmup_days = 20\nseed = 11";
    c.warehouse = "unmet_demand = \"patience\"\npatience_days = 2";
    c.supplier = "lead_time_days = { dist = \"exponential\", mean = 5 }";
    c.sku = "unit_cost = 4\nprice = 9\nshelf_life_days = 30\ndemand = { orders_per_day = 8 }";
    c.policies =
        "[[policies]]\nname = \"jit\"\nkind = \"jit\"\nbatch = \"none\"\n"
        "[[policies]]\nname = \"bs\"\nkind = \"base_stock\"\nlevel = 30";
    check_trace_integrals(c.load(), 3);
  }
}
