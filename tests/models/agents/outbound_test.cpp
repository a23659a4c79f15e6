// File: tests/models/agents/outbound_test.cpp
// Outbound delivery and promises ([warehouse.outbound], a SKU's `outbound`), per replication
// and exact: outbound_cost, avg_delivery_days and otif recomputed from the event trace under
// backorders, lost sales and patience; a backordered order late when its wait plus delivery
// exceeds the promise; total_cost and profit as the sum of their parts; the carrier changes no
// event; the same order gets the same delivery time under every policy; defaults unchanged.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>

#include "model_test_support.h"
#include "models/io/scenario_writer.h"

namespace {

using jitsim::models::Metric;
using jitsim::models::MetricValues;
using jitsim::testing::Chain;
using jitsim::testing::RecordingTrace;
using jitsim::testing::value_of;

constexpr double kHorizon = 100;

// Random orders, lead times and delivery times, a warm-up, stock-outs; `unmet` the warehouse's
// unmet-demand lines, `outbound` an outbound inline table's keys ("": none).
Chain outbound_chain(const std::string& unmet, const std::string& outbound) {
  Chain c;
  c.scenario = "horizon_days = 100\nwarmup_days = 20\nseed = 5";
  c.warehouse = unmet + (outbound.empty() ? "" : "\noutbound = { " + outbound + " }");
  c.supplier = "lead_time_days = { dist = \"uniform\", min = 1, max = 5 }";
  c.carrier = "transit_days = 1";
  c.sku =
      "unit_cost = 10\nprice = 25\n"
      "demand = { orders_per_day = 6, order_size = { dist = \"poisson\", mean = 2 } }";
  c.policies =
      "[[policies]]\nname = \"p\"\nkind = \"rq\"\nreorder_point = 12\norder_quantity = 30\n"
      "[[policies]]\nname = \"q\"\nkind = \"rq\"\nreorder_point = 25\norder_quantity = 40";
  return c;
}

const std::string kCarrier =
    "cost_per_order = 4.5, cost_per_unit = 0.2, "
    "delivery_days = { dist = \"lognormal\", mean = 1.5, sd = 0.8 }, promise_days = 3";

jitsim::models::ReplicationResult run(const jitsim::models::Scenario& sc, std::size_t policy,
                                      std::uint64_t rep, RecordingTrace* trace = nullptr) {
  const jitsim::models::ModelSetup setup(sc);
  jitsim::models::Simulation sim(setup);
  jitsim::models::ReplicationOptions options;
  options.check_invariants = true;
  options.per_sku = true;
  options.per_site = true;
  options.trace = trace;
  return sim.run(policy, rep, options);
}

// The outbound metrics as the trace says: orders arriving in [0, horizon), their shipment
// (customer_shipped) and, with a carrier, their delivery (customer_delivered, time = at door).
struct FromTrace {
  double cost = 0, delivered = 0, delivery_sum = 0, orders = 0, otif = 0;
  double late_backorders = 0, on_time_backorders = 0;  // backordered: shipped after arrival
};
FromTrace recompute(const RecordingTrace& trace, double per_order, double per_unit, double promise,
                    bool carrier) {
  struct Order {
    double arrived = 0, shipped = -1, at_door = -1;
    std::int64_t asked = 0, units = 0;
  };
  std::map<std::uint64_t, Order> orders;
  FromTrace f;
  for (const auto& l : trace.lines) {
    if (l.event == "customer_order") orders[l.customer_order] = {l.time, -1, -1, l.quantity, 0};
    if (l.event == "customer_shipped") {
      Order& o = orders.at(l.customer_order);
      o.shipped = l.time;
      o.units = l.quantity;
      if (!carrier) o.at_door = l.time;
    }
    if (l.event == "customer_delivered") {
      Order& o = orders.at(l.customer_order);
      REQUIRE(o.units == l.quantity);
      o.at_door = l.time;
      // Charged when it ships in the measured period, in shipping order (as the model adds).
      if (o.shipped >= 0 && o.shipped < kHorizon) {
        f.cost += per_order + per_unit * static_cast<double>(l.quantity);
      }
      // Delivery rows come in shipping order: sum in that order too (the same bits).
      if (o.arrived >= 0) f.delivery_sum += l.time - o.arrived;
    }
    if (!carrier && l.event == "customer_shipped") {
      const Order& o = orders.at(l.customer_order);
      if (o.arrived >= 0) f.delivery_sum += o.at_door - o.arrived;
    }
  }
  for (const auto& [id, o] : orders) {
    if (o.arrived < 0) continue;
    f.orders += 1;
    if (o.at_door < 0) continue;  // lost whole, or still waiting at the horizon
    f.delivered += 1;
    const bool ok = o.units == o.asked && o.at_door - o.arrived <= promise;
    f.otif += ok ? 1 : 0;
    if (o.shipped > o.arrived && o.units == o.asked)
      (ok ? f.on_time_backorders : f.late_backorders) += 1;
  }
  return f;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace

TEST_SUITE("outbound") {
  TEST_CASE("outbound: otif, avg_delivery_days and outbound_cost as the trace says, exactly") {
    for (const std::string unmet :
         {"unmet_demand = \"backorder\"", "unmet_demand = \"lost_sales\"",
          "unmet_demand = \"patience\"\npatience_days = 1.5",
          "unmet_demand = \"backorder\"\npickers = 1\npick_time_days = 0.1"}) {
      CAPTURE(unmet);
      const auto sc = outbound_chain(unmet, kCarrier).load();
      for (std::uint64_t rep = 0; rep < 3; ++rep) {
        CAPTURE(rep);
        RecordingTrace trace;
        const MetricValues m = run(sc, 0, rep, &trace).metrics;
        const FromTrace f = recompute(trace, 4.5, 0.2, 3, true);
        REQUIRE(f.orders > 0);
        CHECK(value_of(m, Metric::outbound_cost) == f.cost);
        CHECK(value_of(m, Metric::avg_delivery_days) == f.delivery_sum / f.delivered);
        CHECK(value_of(m, Metric::otif) == f.otif / f.orders);
        CHECK(f.cost > 0);
        CHECK(f.otif > 0);
        CHECK(f.otif < f.orders);
      }
    }
  }

  TEST_CASE(
      "outbound: a backordered order is late when its wait plus delivery exceeds the "
      "promise") {
    // Constant 1-day delivery, promise 2: an order waiting <= 1 day is on time, longer is late.
    const std::string carrier = "delivery_days = 1, promise_days = 2";
    const auto sc = outbound_chain("unmet_demand = \"backorder\"", carrier).load();
    double late = 0, on_time = 0;
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      RecordingTrace trace;
      const MetricValues m = run(sc, 0, rep, &trace).metrics;
      const FromTrace f = recompute(trace, 0, 0, 2, true);
      CHECK(value_of(m, Metric::otif) == f.otif / f.orders);
      CHECK(value_of(m, Metric::outbound_cost) == 0);
      late += f.late_backorders;
      on_time += f.on_time_backorders;
      // Every delivery is its shipment + 1 day exactly.
      std::map<std::uint64_t, double> shipped;
      for (const auto& l : trace.of("customer_shipped")) shipped[l.customer_order] = l.time;
      for (const auto& l : trace.of("customer_delivered")) {
        CHECK(l.time == shipped.at(l.customer_order) + 1);
      }
    }
    CHECK(late > 0);     // backorders that waited more than a day miss the promise...
    CHECK(on_time > 0);  // ...those that waited less still keep it
  }

  TEST_CASE("outbound: the carrier changes no event; total_cost and profit take its cost") {
    for (const std::string unmet :
         {"unmet_demand = \"backorder\"", "unmet_demand = \"lost_sales\""}) {
      const auto with = outbound_chain(unmet, kCarrier).load();
      const auto without = outbound_chain(unmet, "").load();
      for (std::uint64_t rep = 0; rep < 3; ++rep) {
        CAPTURE(rep);
        const MetricValues a = run(with, 0, rep).metrics;
        const MetricValues b = run(without, 0, rep).metrics;
        const auto at = [&](Metric k) { return value_of(a, k); };
        const double cost = at(Metric::outbound_cost);
        REQUIRE(cost > 0);
        CHECK(value_of(b, Metric::outbound_cost) == 0);
        CHECK(std::isnan(value_of(b, Metric::otif)));
        // total_cost: the parts in the order total_cost() adds them (fees, minimum: none here).
        const double parts = at(Metric::holding_cost) + at(Metric::ordering_cost) +
                             at(Metric::transport_cost) + at(Metric::backorder_cost) +
                             at(Metric::lost_sales_cost) + at(Metric::overflow_cost) +
                             at(Metric::spoilage_cost) + at(Metric::fulfilment_cost) + cost;
        CHECK(same_bits(parts, at(Metric::total_cost)));
        CHECK(same_bits(value_of(b, Metric::total_cost) + cost, at(Metric::total_cost)));
        CHECK(std::abs(value_of(b, Metric::profit) - cost - at(Metric::profit)) <=
              1e-9 * std::abs(at(Metric::profit)));
        // Every other metric: the same bits (no stream moved, no event changed).
        for (std::size_t k = 0; k < jitsim::models::kMetricCount; ++k) {
          const auto metric = static_cast<Metric>(k);
          if (metric == Metric::total_cost || metric == Metric::cost_per_day ||
              metric == Metric::profit || metric == Metric::outbound_cost ||
              metric == Metric::avg_delivery_days || metric == Metric::otif) {
            continue;
          }
          CAPTURE(jitsim::models::info(metric).name);
          CHECK(same_bits(a[k], b[k]));
        }
      }
    }
  }

  TEST_CASE("outbound: none gives delivery at shipment, no otif, no customer_delivered row") {
    const auto sc = outbound_chain(
                        "unmet_demand = \"backorder\"\npickers = 2\n"
                        "pick_time_days = 0.05",
                        "")
                        .load();
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      RecordingTrace trace;
      const MetricValues m = run(sc, 0, rep, &trace).metrics;
      CHECK(trace.of("customer_delivered").empty());
      const FromTrace f = recompute(trace, 0, 0, 0, false);
      CHECK(value_of(m, Metric::avg_delivery_days) ==
            doctest::Approx(f.delivery_sum / f.delivered).epsilon(1e-12));
      CHECK(value_of(m, Metric::outbound_cost) == 0);
      CHECK(std::isnan(value_of(m, Metric::otif)));
    }
  }

  TEST_CASE("outbound: the same order gets the same delivery time under every policy") {
    const auto sc = outbound_chain("unmet_demand = \"backorder\"", kCarrier).load();
    RecordingTrace p, q;
    run(sc, 0, 1, &p);
    run(sc, 1, 1, &q);
    const auto days = [](const RecordingTrace& t) {
      std::map<std::uint64_t, double> shipped, out;
      for (const auto& l : t.of("customer_shipped")) shipped[l.customer_order] = l.time;
      for (const auto& l : t.of("customer_delivered")) {
        out[l.customer_order] = l.time - shipped.at(l.customer_order);
      }
      return out;
    };
    const auto dp = days(p), dq = days(q);
    std::size_t common = 0;
    for (const auto& [id, d] : dp) {
      const auto it = dq.find(id);
      if (it == dq.end()) continue;
      ++common;
      CHECK(d == doctest::Approx(it->second).epsilon(1e-9));
    }
    CHECK(common > 100);
    // The draws follow delivery_days: lognormal of mean 1.5 and sd 0.8 (4 standard errors).
    double sum = 0, n = 0;
    for (const auto& [id, d] : dp) sum += d, n += 1;
    INFO("mean delivery ", sum / n, " over ", n);
    CHECK(std::abs(sum / n - 1.5) <= 4 * 0.8 / std::sqrt(n));
  }

  TEST_CASE("outbound: a SKU's own outbound replaces its site's; otif pools promised ones") {
    Chain c = outbound_chain("unmet_demand = \"backorder\"", "");
    c.sku += "\noutbound = { " + kCarrier + " }";
    c.extra =
        "[[skus]]\nid = \"b\"\nsupplier = \"s\"\ncarrier = \"c\"\nunit_cost = 5\nprice = 9\n"
        "demand = { orders_per_day = 3 }";
    const auto sc = c.load();
    REQUIRE(sc.skus[0].outbound.has_value());
    CHECK_FALSE(sc.skus[1].outbound.has_value());
    const auto r = run(sc, 0, 0);
    REQUIRE(r.per_sku.size() == 2);
    CHECK(value_of(r.per_sku[0], Metric::outbound_cost) > 0);
    CHECK(value_of(r.per_sku[1], Metric::outbound_cost) == 0);
    CHECK(std::isnan(value_of(r.per_sku[1], Metric::otif)));
    CHECK(value_of(r.metrics, Metric::otif) == value_of(r.per_sku[0], Metric::otif));
    CHECK(value_of(r.metrics, Metric::outbound_cost) ==
          value_of(r.per_sku[0], Metric::outbound_cost));
    // The resolved scenario reloads to the same outbound tables.
    const auto again = jitsim::testing::scenario_from(jitsim::models::to_toml(sc));
    CHECK(again.skus[0].outbound == sc.skus[0].outbound);
    CHECK(again.warehouse.outbound == sc.warehouse.outbound);
  }
}
