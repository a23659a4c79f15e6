// -----------------------------------------------------------------------------
// File: tests/models/agents/supply_test.cpp
// -----------------------------------------------------------------------------
// Replenishment and the supply side (scenarios/README.md "Replenishment", "Policies", "Time"):
// supplier capacity and shared lead times, order terms, carriers and shipments, losses,
// planned lead times, initial stock, the warm-up, review clocks, and what each policy kind
// orders. Checks read the event trace of small deterministic scenarios, or recompute a
// policy's target independently from the demand the trace shows.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "model_test_support.h"
#include "models/model/plan.h"

using jitsim::models::Metric;
using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {

constexpr double kZ95 = 1.6448536269514722;  // standard normal quantile of 0.95
constexpr double kZ98 = 2.0537489106318225;  // ... of 0.98

std::vector<double> times_of(const std::vector<TraceLine>& v) {
  std::vector<double> out;
  for (const TraceLine& l : v) out.push_back(l.time);
  return out;
}

std::string sku_entry(const std::string& id, const std::string& supplier,
                      const std::string& carrier, const std::string& rest) {
  return fmt::format(
      "[[skus]]\nid = \"{}\"\nsupplier = \"{}\"\ncarrier = \"{}\"\nunit_cost = 10\nprice = "
      "20\n{}\n",
      id, supplier, carrier, rest);
}

}  // namespace

TEST_SUITE("supply") {
  TEST_CASE("supplier capacity: whole orders FIFO in daily buckets; a big order borrows") {
    // Capacity 10 a day. 0.5: a 6 (fits), b 6 (waits for day 1). 2.5: a 25 on a fresh day
    // (released, 15 borrowed from days 3 and 4). 3.5: b 3 waits: day 3 is used up, day 4 has
    // 5 left after the debt.
    Chain c;
    c.scenario = "horizon_days = 8";
    c.supplier = "lead_time_days = 1\ncapacity_units_per_day = 10";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({6, 0, 25, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    c.extra = sku_entry("b", "s", "c", trace_demand({6, 0, 0, 3, 0, 0, 0, 0}));
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    std::vector<std::tuple<double, std::uint32_t, std::int64_t>> released;
    for (const TraceLine& l : trace.of("released"))
      released.emplace_back(l.time, l.item, l.quantity);
    CHECK(released == std::vector<std::tuple<double, std::uint32_t, std::int64_t>>{
                          {0.5, 0, 6}, {1.0, 1, 6}, {2.5, 0, 25}, {4.0, 1, 3}});
  }

  TEST_CASE("orders released on the same day share one lead-time draw") {
    Chain c;
    c.scenario = "horizon_days = 200";
    c.supplier = "lead_time_days = { dist = \"exponential\", mean = 2 }";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 6 }";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 30";
    c.extra = sku_entry("b", "s", "c", "demand = { orders_per_day = 4 }");
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    std::map<std::uint64_t, double> released_at;
    for (const TraceLine& l : trace.of("released")) released_at[l.purchase_order] = l.time;
    std::map<long long, std::vector<double>> offsets;   // by release day
    for (const TraceLine& l : trace.of("departure")) {  // unlimited carrier: departs at hand-over
      const double r = released_at.at(l.purchase_order);
      offsets[static_cast<long long>(std::floor(r))].push_back(l.time - r);
    }
    REQUIRE(offsets.size() > 150);
    std::set<double> distinct;
    bool shared = true;
    for (const auto& [day, v] : offsets) {
      for (const double x : v) shared = shared && std::abs(x - v.front()) < 1e-9;
      distinct.insert(v.front());
    }
    CHECK(shared);
    CHECK(distinct.size() == offsets.size());  // a new draw every day
  }

  TEST_CASE("minimum order quantity and order multiple shape every placed quantity") {
    Chain c;
    c.scenario = "horizon_days = 300";
    c.supplier = "lead_time_days = 2\nmin_order_qty = 20\norder_multiple = 6";
    c.sku =
        "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 3, order_size = { dist = "
        "\"uniform\", min = 0, max = 30 } }";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 40";
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    const auto pos = trace.of("purchase_order");
    REQUIRE(pos.size() > 100);
    int big = 0;
    for (const TraceLine& l : pos) {
      const std::int64_t q_raw = 40 - (l.ip() - l.quantity);  // S - IP before the order
      REQUIRE(q_raw > 0);
      const auto rounded =
          static_cast<std::int64_t>(std::ceil(static_cast<double>(q_raw) / 6.0)) * 6;
      CHECK(l.quantity == std::max<std::int64_t>(20, rounded));
      if (rounded > 20) ++big;
    }
    CHECK(big > 10);  // the multiple was exercised, not only the minimum
  }

  TEST_CASE("unit_cost_multiplier scales purchase cost and holding") {
    // 10 on hand, 2 sold at 0.5 and back at 1.5: 98 unit-days at 15 x 0.365 / 365 = 0.015.
    Chain c;
    c.scenario = "horizon_days = 10";
    c.costs = "holding_rate_per_year = 0.365";
    c.supplier = "lead_time_days = 1\nunit_cost_multiplier = 1.5";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({2, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10";
    const auto r = run_once(c.load()).metrics;
    CHECK(value_of(r, Metric::purchase_cost) == doctest::Approx(30));
    CHECK(value_of(r, Metric::holding_cost) == doctest::Approx(98 * 0.015));
  }

  TEST_CASE("shipments: one per supplier-carrier-day, one transit draw, one fixed cost") {
    Chain c;
    c.scenario = "horizon_days = 150\nwarmup_days = 10";
    c.supplier = "lead_time_days = { dist = \"uniform\", min = 0.2, max = 2.5 }";
    c.carrier =
        "transit_days = { dist = \"uniform\", min = 1, max = 3 }\ncost_per_shipment = 100\n"
        "cost_per_unit = 0.5";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 3 }";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 30";
    c.extra = sku_entry("b", "s", "c", "demand = { orders_per_day = 2 }") +
              sku_entry("d", "s", "c2", "demand = { orders_per_day = 2 }") +
              "[[carriers]]\nid = \"c2\"\ntransit_days = 2\ncost_per_shipment = 50\n"
              "cost_per_unit = 1\n";
    RecordingTrace trace;
    const auto r = run_once(c.load(), 0, 0, &trace).metrics;
    std::map<std::uint64_t, double> departed;              // purchase order -> departure
    std::map<std::uint64_t, std::set<long long>> days_of;  // shipment -> departure days
    std::map<std::uint64_t, std::set<int>> lanes_of;       // shipment -> carrier (0 or 1)
    std::map<std::pair<int, long long>, std::set<std::uint64_t>> per_lane_day;
    double expected_cost = 0;
    std::set<std::uint64_t> charged;
    for (const TraceLine& l : trace.of("departure")) {
      const int lane = l.item == 2 ? 1 : 0;
      const auto day = static_cast<long long>(std::floor(l.time));
      departed[l.purchase_order] = l.time;
      days_of[l.shipment].insert(day);
      lanes_of[l.shipment].insert(lane);
      per_lane_day[{lane, day}].insert(l.shipment);
      if (l.time >= 0) {
        expected_cost += static_cast<double>(l.quantity) * (lane ? 1.0 : 0.5);
        if (charged.insert(l.shipment).second) expected_cost += lane ? 50 : 100;
      }
    }
    for (const auto& [id, days] : days_of) CHECK(days.size() == 1);
    for (const auto& [id, lanes] : lanes_of) CHECK(lanes.size() == 1);
    for (const auto& [key, ids] : per_lane_day) CHECK(ids.size() == 1);
    // One transit draw per shipment: every consignment of it travels equally long.
    std::map<std::uint64_t, std::set<double>> transit;
    for (const TraceLine& l : trace.of("arrival")) {
      transit[l.shipment].insert(std::round((l.time - departed.at(l.purchase_order)) * 1e9));
    }
    for (const auto& [id, t] : transit) CHECK(t.size() == 1);
    CHECK(charged.size() < trace.of("departure").size());  // shipments did combine orders
    CHECK(value_of(r, Metric::transport_cost) == doctest::Approx(expected_cost));
  }

  TEST_CASE("carrier capacity: the excess waits for the next day; one shipment is charged once") {
    Chain c;
    c.scenario = "horizon_days = 6";
    c.supplier = "lead_time_days = 0.25";
    c.carrier =
        "transit_days = 1\ncapacity_units_per_day = 10\ncost_per_shipment = 100\n"
        "cost_per_unit = 0.5";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({25, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    RecordingTrace trace;
    const auto r = run_once(c.load(), 0, 0, &trace).metrics;
    std::vector<std::pair<double, std::int64_t>> dep, arr;
    for (const TraceLine& l : trace.of("departure")) dep.emplace_back(l.time, l.quantity);
    for (const TraceLine& l : trace.of("arrival")) arr.emplace_back(l.time, l.quantity);
    CHECK(dep == std::vector<std::pair<double, std::int64_t>>{{0.75, 10}, {1.0, 10}, {2.0, 5}});
    CHECK(arr == std::vector<std::pair<double, std::int64_t>>{{1.75, 10}, {2.0, 10}, {3.0, 5}});
    CHECK(value_of(r, Metric::transport_cost) == doctest::Approx(100 + 25 * 0.5));
  }

  TEST_CASE("loss_probability 1: every shipment is lost, found out on arrival, and reordered") {
    Chain c;
    c.scenario = "horizon_days = 10";
    c.carrier = "transit_days = 1\nloss_probability = 1";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 5";
    RecordingTrace trace;
    const auto r = run_once(c.load(), 0, 0, &trace).metrics;
    CHECK(value_of(r, Metric::lost_in_transit_units) == 4);
    CHECK(times_of(trace.of("lost_in_transit")) == std::vector<double>{2.5, 4.5, 6.5, 8.5});
    CHECK(times_of(trace.of("purchase_order")) == std::vector<double>{0.5, 2.5, 4.5, 6.5, 8.5});
    CHECK(value_of(r, Metric::purchase_cost) == 0);
  }

  TEST_CASE("loss_probability: the share of shipments lost") {
    Chain c;
    c.scenario = "horizon_days = 5000";
    c.carrier = "transit_days = 1\nloss_probability = 0.3";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({1});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 5";
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    std::set<std::uint64_t> shipments, lost;
    for (const TraceLine& l : trace.of("departure")) shipments.insert(l.shipment);
    for (const TraceLine& l : trace.of("lost_in_transit")) lost.insert(l.shipment);
    const auto n = static_cast<double>(shipments.size());
    check_count(static_cast<double>(lost.size()), 0.3 * n, n * 0.21, "lost shipments");
  }

  TEST_CASE("planned lead time = supplier + transit + dock-to-stock means; variances add") {
    Chain c;
    c.warehouse = "dock_to_stock_days = { dist = \"uniform\", min = 0, max = 1 }";
    c.supplier = "lead_time_days = { dist = \"gamma\", mean = 5, sd = 2 }";
    c.carrier = "transit_days = { dist = \"lognormal\", mean = 7, sd = 3 }";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 4 }";
    c.policies =
        "[[policies]]\nname = \"jit\"\nkind = \"jit\"\n[[policies]]\nname = \"jic\"\n"
        "kind = \"jic\"";
    const auto sc = c.load();
    const auto plans = m::plan_skus(sc);
    CHECK(plans[0].lead_time == doctest::Approx(12.5));
    CHECK(plans[0].lead_time_variance == doctest::Approx(4 + 9 + 1.0 / 12));
    const m::ModelSetup setup(sc);
    CHECK(setup.rules[0][0].order_up_to == 60);  // ceil(4 x (12.5 + 1 day signal wait) x 1.1)
    const double cover = 12.5 + 7;
    CHECK(setup.rules[1][0].order_up_to ==
          std::ceil(4 * cover + kZ98 * std::sqrt(cover * 4 + 16 * (4 + 9 + 1.0 / 12))));
  }

  TEST_CASE("initial stock: the policy's target, r + Q for (r, Q), or the given number") {
    struct Case {
      std::string policy, sku_keys;
      double on_hand;
    };
    for (const Case& k :
         {Case{"kind = \"base_stock\"\nlevel = 17", "", 17},
          Case{"kind = \"rq\"\nreorder_point = 5\norder_quantity = 10", "", 15},
          // 3 on hand below S = 17: the rule orders 14 at once, on the shelf
          // after the 1-day lead time: (3 x 1 + 17 x 9) / 10.
          Case{"kind = \"base_stock\"\nlevel = 17", "initial_on_hand = 3\n", 15.6}}) {
      Chain c;
      c.scenario = "horizon_days = 10";
      c.sku = "unit_cost = 10\nprice = 20\n" + k.sku_keys + "demand = { orders_per_day = 0 }";
      c.policies = "[[policies]]\nname = \"p\"\n" + k.policy;
      CAPTURE(k.on_hand);
      CHECK(value_of(run_once(c.load()).metrics, Metric::avg_on_hand_units) ==
            doctest::Approx(k.on_hand));
    }
  }

  TEST_CASE("the warm-up is simulated but not measured") {
    // Demand 3 at every day + 0.5 from day -10; each sale reorders at once, goods back 2 later.
    Chain c;
    c.scenario = "horizon_days = 20\nwarmup_days = 10";
    c.costs = "order_cost = 1";
    c.supplier = "lead_time_days = 2";
    c.carrier = "transit_days = 0\ncost_per_shipment = 1";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({3});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 9";
    const auto r = run_once(c.load()).metrics;
    CHECK(value_of(r, Metric::units_demanded) == 60);
    CHECK(value_of(r, Metric::orders_placed) == 20);
    CHECK(value_of(r, Metric::ordering_cost) == 20);
    CHECK(value_of(r, Metric::transport_cost) == 20);          // hand-overs at 0.5 .. 19.5
    CHECK(value_of(r, Metric::purchase_cost) == 20 * 3 * 10);  // receipts at 0.5 .. 19.5
    CHECK(value_of(r, Metric::units_shipped) == 60);
    CHECK(value_of(r, Metric::avg_on_hand_units) == doctest::Approx(3.0));  // S less the pipeline
  }

  TEST_CASE("periodic reviews run at -warmup + kR before day 0, then at 0, R, 2R, ...") {
    struct Case {
      std::string policy;
      double warmup;
      std::vector<double> expected;
    };
    for (const Case& k :
         {Case{"kind = \"periodic\"\nreview_period_days = 7\norder_up_to = 50",
               10,
               {-10, -3, 0, 7, 14}},
          Case{"kind = \"jic\"\nreview_period_days = 5\nforecast = \"plan\"",
               12,
               {-12, -7, -2, 0, 5, 10, 15}},
          Case{"kind = \"periodic\"\nreview_period_days = 7\norder_up_to = 50", 0, {0, 7, 14}}}) {
      Chain c;
      c.scenario = fmt::format("horizon_days = 20\nwarmup_days = {}", k.warmup);
      c.sku = "unit_cost = 10\nprice = 20\ninitial_on_hand = 0\n" + trace_demand({1});
      c.policies = "[[policies]]\nname = \"p\"\n" + k.policy;
      RecordingTrace trace;
      run_once(c.load(), 0, 0, &trace);
      CAPTURE(k.policy);
      CHECK(times_of(trace.of("purchase_order")) == k.expected);
    }
  }

  TEST_CASE("JIT signals: batch = daily orders once at day start, none at every sale") {
    const std::vector<double> rows{2, 5, 1, 0, 4, 3, 6, 2, 1, 1};
    for (const std::string batch : {"daily", "none"}) {
      Chain c;
      c.scenario = "horizon_days = 10";
      c.supplier = "lead_time_days = 3";
      c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand(rows);
      c.policies = fmt::format("[[policies]]\nname = \"p\"\nkind = \"jit\"\nbatch = \"{}\"", batch);
      RecordingTrace trace;
      run_once(c.load(), 0, 0, &trace);
      std::vector<std::pair<double, std::int64_t>> got, expected;
      for (const TraceLine& l : trace.of("purchase_order")) got.emplace_back(l.time, l.quantity);
      for (std::size_t d = 0; d < rows.size(); ++d) {
        if (rows[d] == 0) continue;
        if (batch == "none") {
          expected.emplace_back(static_cast<double>(d) + 0.5, static_cast<std::int64_t>(rows[d]));
        } else if (d + 1 < rows.size()) {
          expected.emplace_back(static_cast<double>(d) + 1.0, static_cast<std::int64_t>(rows[d]));
        }
      }
      CAPTURE(batch);
      CHECK(got == expected);
    }
  }

  TEST_CASE("JIT adapt: mu becomes the 28-day moving average of observed demand") {
    // 60 days at 2 a day, then 60 at 10 (planned mu = 6). L = 5: S = ceil(mu x (5 + T) x 1.1)
    // with the signal wait T = 1 day when batched daily, 0 unbatched. Batched signals order at
    // day start; unbatched ones (continuous review) after each day's sale at d + 0.5, against
    // the S re-estimated at that day's start.
    std::vector<double> rows(60, 2.0);
    rows.resize(120, 10.0);
    for (const std::string batch : {"daily", "none"}) {
      for (const bool adapt : {false, true}) {
        Chain c;
        c.scenario = "horizon_days = 120";
        c.supplier = "lead_time_days = 5";
        c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand(rows);
        c.policies = fmt::format(
            "[[policies]]\nname = \"p\"\nkind = \"jit\"\nadapt = {}\nbatch = \"{}\"", adapt, batch);
        RecordingTrace trace;
        run_once(c.load(), 0, 0, &trace);
        std::map<double, std::int64_t> ip_after;
        for (const TraceLine& l : trace.of("purchase_order")) ip_after[l.time] = l.ip();
        CAPTURE(adapt);
        CAPTURE(batch);
        const double offset = batch == "none" ? 0.5 : 0.0;
        REQUIRE(ip_after.count(50.0 + offset));
        REQUIRE(ip_after.count(100.0 + offset));
        const double loop = batch == "none" ? 5 : 6;  // L_plan + T_signal
        const auto target = [&](double mu) {
          return static_cast<std::int64_t>(std::ceil(mu * loop * 1.1 - 1e-9));
        };
        // daily: 40, then 14 and 66 adapted; none: 33, then 11 and 55.
        CHECK(ip_after[50.0 + offset] == (adapt ? target(2) : target(6)));
        CHECK(ip_after[100.0 + offset] == (adapt ? target(10) : target(6)));
        if (batch == "none") {  // S never falls from day 61 on: every sale falls below it
          for (int d = 61; d < 120; ++d) CHECK(ip_after.count(d + 0.5) == 1);
        }
      }
    }
  }

  TEST_CASE("JIC forecasts: plan, moving average and exponential smoothing set S at reviews") {
    // L = 4 + gamma(2, sd 1) transit: L_plan 6, var_L 1; R = 7; service 0.95; Poisson demand 8.
    Chain c;
    c.scenario = "horizon_days = 280\nwarmup_days = 35";
    c.supplier = "lead_time_days = 4";
    c.carrier = "transit_days = { dist = \"gamma\", mean = 2, sd = 1 }";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 8 }";
    c.policies =
        "[[policies]]\nname = \"plan\"\nkind = \"jic\"\nservice_level = 0.95\nforecast = "
        "\"plan\"\n"
        "[[policies]]\nname = \"ma\"\nkind = \"jic\"\nservice_level = 0.95\nforecast = "
        "\"moving_average\"\nwindow_days = 14\n"
        "[[policies]]\nname = \"es\"\nkind = \"jic\"\nservice_level = 0.95\nforecast = "
        "\"exp_smoothing\"\nalpha = 0.2\n";
    const auto sc = c.load();
    const double L = 6, R = 7, var_L = 1, cover = L + R;
    auto target = [&](double f, double var_d) {
      return std::ceil(f * cover + kZ95 * std::sqrt(cover * var_d + f * f * var_L) - 1e-9);
    };
    for (std::size_t p = 0; p < 3; ++p) {
      RecordingTrace trace;
      run_once(sc, p, 0, &trace);
      std::map<long long, double> daily;  // units demanded per day, from -35
      for (const TraceLine& l : trace.of("customer_order")) {
        daily[static_cast<long long>(std::floor(l.time))] += static_cast<double>(l.quantity);
      }
      auto stats = [&](long long t, int window, double& mean, double& var) {
        double s = 0, s2 = 0;
        for (long long d = t - window; d < t; ++d) {
          const double x = daily.count(d) ? daily[d] : 0.0;
          s += x;
          s2 += x * x;
        }
        mean = s / window;
        var = (s2 - s * mean) / (window - 1);
      };
      int matched = 0;
      for (const TraceLine& l : trace.of("purchase_order")) {
        if (l.time < 0) continue;
        const auto t = static_cast<long long>(l.time);
        REQUIRE(l.time == static_cast<double>(t));
        double expected = 0;
        if (p == 0) {
          expected = target(8, 8);
        } else if (p == 1) {
          double mean = 0, var = 0;
          stats(t, 14, mean, var);
          expected = target(mean, var);
        } else {
          double smooth = 8;  // starts at mu and absorbs every complete day since -warmup
          for (long long d = -35; d < t; ++d)
            smooth = 0.2 * (daily.count(d) ? daily[d] : 0) + 0.8 * smooth;
          double mean = 0, var = 0;
          stats(t, 28, mean, var);
          expected = target(smooth, var);
        }
        CAPTURE(sc.policies[p].name);
        CAPTURE(l.time);
        CHECK(static_cast<double>(l.ip()) == expected);
        ++matched;
      }
      CHECK(matched >= 35);
    }
  }

  TEST_CASE("JIC with order_quantity = eoq orders max(EOQ, S - IP)") {
    // K = 100, H = 36.5 x 0.25 = 9.125 a unit-year, D = 5 x 365: EOQ = 200; S = 65.
    Chain c;
    c.scenario = "horizon_days = 300";
    c.costs = "order_cost = 100";
    c.supplier = "lead_time_days = 3";
    c.sku = "unit_cost = 36.5\nprice = 50\ndemand = { orders_per_day = 5 }";
    c.policies =
        "[[policies]]\nname = \"p\"\nkind = \"jic\"\nforecast = \"plan\"\norder_quantity = "
        "\"eoq\"";
    const auto sc = c.load();
    const m::ModelSetup setup(sc);
    CHECK(setup.rules[0][0].order_up_to == std::ceil(50 + kZ98 * std::sqrt(50.0)));
    RecordingTrace trace;
    run_once(sc, 0, 0, &trace);
    const auto pos = trace.of("purchase_order");
    REQUIRE(pos.size() >= 5);
    for (const TraceLine& l : pos) CHECK(l.quantity == 200);
  }

  TEST_CASE("hybrid: critical SKUs by flag, ABC revenue share and lead-time CV") {
    // Planned revenue a 120, b 60, d 20 a day; d is flagged; b's lead time has CV 0.8.
    Chain c;
    c.supplier = "lead_time_days = 5";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 6 }";
    c.extra =
        "[[suppliers]]\nid = \"s2\"\nlead_time_days = { dist = \"gamma\", mean = 5, sd = 4 }\n" +
        sku_entry("b", "s2", "c", "demand = { orders_per_day = 3 }") +
        sku_entry("d", "s", "c", "critical = true\ndemand = { orders_per_day = 1 }");
    struct Case {
      std::string table;
      std::vector<bool> expected;
    };
    for (const Case& k :
         {Case{"", {false, false, true}},
          Case{"critical = { top_revenue_share = 0.8 }", {true, true, false}},
          Case{"critical = { top_revenue_share = 0.5 }", {true, false, false}},
          Case{"critical = { lead_time_cv_above = 0.5 }", {false, true, false}},
          Case{"critical = { flagged = true, lead_time_cv_above = 0.5 }", {false, true, true}},
          Case{"critical = { flagged = false }", {false, false, false}}}) {
      c.policies = "[[policies]]\nname = \"h\"\nkind = \"hybrid\"\n" + k.table;
      const auto sc = c.load();
      const m::ModelSetup setup(sc);
      CAPTURE(k.table);
      std::vector<bool> got;
      for (std::size_t i = 0; i < 3; ++i) {
        const m::ReplenishmentRule& r = setup.rules[0][i];
        got.push_back(r.critical);
        // The critical half is JIC (periodic, forecast), the other JIT (kanban).
        CHECK((r.target_source == m::TargetSource::forecast) == r.critical);
      }
      CHECK(got == k.expected);
    }
  }

  TEST_CASE("hybrid halves, per_sku overrides and _days levels resolve per SKU") {
    Chain c;
    c.supplier = "lead_time_days = 5";
    c.sku = "unit_cost = 5\nprice = 10\ncritical = true\ndemand = { orders_per_day = 3 }";
    c.extra = sku_entry("b", "s", "c", "demand = { orders_per_day = 2 }");
    c.policies =
        "[[policies]]\nname = \"h\"\nkind = \"hybrid\"\ncritical_policy = { service_level = 0.5 "
        "}\nother_policy = { safety_factor = 0 }\n"
        "[[policies]]\nname = \"bs\"\nkind = \"base_stock\"\nlevel_days = 2.5\n"
        "per_sku = { b = { level = 30 } }\n"
        "[[policies]]\nname = \"rq\"\nkind = \"rq\"\nreorder_point_days = 1.5\n"
        "order_quantity_days = 3\n";
    const auto sc = c.load();
    const m::ModelSetup setup(sc);
    // hybrid: a (critical) with z = 0: S = ceil(3 x (5 + 7)) = 36; b (jit, daily signals):
    // S = ceil(2 x (5 + 1)) = 12.
    CHECK(setup.rules[0][0].order_up_to == 36);
    CHECK(setup.rules[0][1].order_up_to == 12);
    CHECK(setup.rules[1][0].order_up_to == 8);  // ceil(2.5 x 3)
    CHECK(setup.rules[1][1].order_up_to == 30);
    CHECK(setup.rules[2][0].reorder_point == 5);  // ceil(1.5 x 3)
    CHECK(setup.rules[2][0].order_quantity == 9);
    CHECK(setup.rules[2][1].reorder_point == 3);
    CHECK(setup.rules[2][1].order_quantity == 6);
  }
}
