// -----------------------------------------------------------------------------
// File: tests/models/agents/warehouse_test.cpp
// -----------------------------------------------------------------------------
// The fulfilment centre (scenarios/README.md "Demand", "Replenishment", section 3): unmet demand
// (backorder, lost sales, patience), FIFO backlog, receiving (capacity, dock-to-stock,
// defects), shelf life, storage overflow and every cost and ratio definition. Most scenarios
// replay a trace (one order per day at day + 0.5) with fixed lead times, so that every number
// is worked out by hand below and compared exactly.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "model_test_support.h"

using jitsim::models::Metric;
using namespace jitsim::testing;

namespace {

std::vector<std::pair<double, std::int64_t>> times_and_quantities(const std::vector<TraceLine>& v) {
  std::vector<std::pair<double, std::int64_t>> out;
  for (const TraceLine& l : v) out.emplace_back(l.time, l.quantity);
  return out;
}

// Five units on hand, demand 3 a day on days 0..4 (at day + 0.5), nothing ever comes back.
Chain starving(const std::string& unmet) {
  Chain c;
  c.scenario = "horizon_days = 8\nseed = 3";
  c.costs = "backorder_cost_per_unit = 2\nbackorder_cost_per_unit_day = 0.5\nlost_sale_penalty = 3";
  c.warehouse = unmet;
  c.supplier = "lead_time_days = 1000";
  c.sku =
      "unit_cost = 10\nprice = 20\ninitial_on_hand = 5\n" + trace_demand({3, 3, 3, 3, 3, 0, 0, 0});
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 5";
  return c;
}

}  // namespace

TEST_SUITE("warehouse") {
  TEST_CASE("lost sales: what stock cannot serve is lost; partial fills ship") {
    RecordingTrace trace;
    const auto m = run_once(starving("unmet_demand = \"lost_sales\"").load(), 0, 0, &trace).metrics;
    CHECK(value_of(m, Metric::units_demanded) == 15);
    CHECK(value_of(m, Metric::fill_rate) == doctest::Approx(5.0 / 15));
    CHECK(value_of(m, Metric::order_fill_rate) == doctest::Approx(1.0 / 5));
    CHECK(value_of(m, Metric::lost_sales_units) == 10);
    CHECK(value_of(m, Metric::lost_sales_per_day) == doctest::Approx(10.0 / 8));
    CHECK(value_of(m, Metric::units_shipped) == 5);  // 3 + the partial 2
    CHECK(value_of(m, Metric::avg_backorders_units) == 0);
    CHECK(value_of(m, Metric::backorder_cost) == 0);
    // lost x (penalty + price - unit cost) = 10 x (3 + 10)
    CHECK(value_of(m, Metric::lost_sales_cost) == doctest::Approx(130));
    CHECK(value_of(m, Metric::revenue) == doctest::Approx(100));
    CHECK(times_and_quantities(trace.of("customer_shipped")) ==
          std::vector<std::pair<double, std::int64_t>>{{0.5, 3}, {1.5, 2}});
  }

  TEST_CASE("backorder: the rest waits in the backlog; costs per unit and per unit-day") {
    const auto m = run_once(starving("unmet_demand = \"backorder\"").load(), 0, 0, nullptr).metrics;
    CHECK(value_of(m, Metric::fill_rate) == doctest::Approx(5.0 / 15));
    CHECK(value_of(m, Metric::order_fill_rate) == doctest::Approx(1.0 / 5));
    CHECK(value_of(m, Metric::lost_sales_units) == 0);
    // Backlog 1 on [1.5, 2.5), 4 on [2.5, 3.5), 7 on [3.5, 4.5), 10 on [4.5, 8): 47 unit-days.
    CHECK(value_of(m, Metric::avg_backorders_units) == doctest::Approx(47.0 / 8));
    CHECK(value_of(m, Metric::backorder_cost) == doctest::Approx(2 * 10 + 0.5 * 47));
    CHECK(value_of(m, Metric::units_shipped) == 3);  // incomplete orders wait, unshipped
    CHECK(value_of(m, Metric::lost_sales_cost) == 0);
    CHECK(value_of(m, Metric::stockout_time_fraction) == doctest::Approx(6.5 / 8));
  }

  TEST_CASE("patience: a customer waits patience_days, then the rest is lost and the part ships") {
    RecordingTrace trace;
    const auto m =
        run_once(starving("unmet_demand = \"patience\"\npatience_days = 1.5").load(), 0, 0, &trace)
            .metrics;
    CHECK(value_of(m, Metric::lost_sales_units) == 10);
    CHECK(value_of(m, Metric::units_shipped) == 5);
    // Backlog 1 [1.5,2.5), 4 [2.5,3), 3 [3,3.5), 6 [3.5,4), 3 [4,4.5), 6 [4.5,5), 3 [5,6).
    CHECK(value_of(m, Metric::avg_backorders_units) == doctest::Approx(15.0 / 8));
    CHECK(value_of(m, Metric::backorder_cost) == doctest::Approx(2 * 10 + 0.5 * 15));
    CHECK(value_of(m, Metric::lost_sales_cost) == doctest::Approx(130));
    CHECK(times_and_quantities(trace.of("customer_cancelled")) ==
          std::vector<std::pair<double, std::int64_t>>{{3.0, 1}, {4.0, 3}, {5.0, 3}, {6.0, 3}});
    CHECK(times_and_quantities(trace.of("customer_shipped")) ==
          std::vector<std::pair<double, std::int64_t>>{{0.5, 3}, {3.0, 2}});
    CHECK(value_of(m, Metric::avg_customer_wait_days) == doctest::Approx(0.75));
  }

  TEST_CASE("patience: a receipt inside the patience fills the order, a later one is too late") {
    for (const double lead : {1.0, 3.0}) {
      Chain c;
      c.scenario = "horizon_days = 6";
      c.warehouse = "unmet_demand = \"patience\"\npatience_days = 2";
      c.supplier = fmt::format("lead_time_days = {}", lead);
      c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({4, 0, 0, 0, 0, 0});
      c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
      const auto m = run_once(c.load()).metrics;
      CAPTURE(lead);
      if (lead == 1.0) {
        CHECK(value_of(m, Metric::lost_sales_units) == 0);
        CHECK(value_of(m, Metric::units_shipped) == 4);
        CHECK(value_of(m, Metric::avg_customer_wait_days) == doctest::Approx(1.0));
      } else {
        CHECK(value_of(m, Metric::lost_sales_units) == 4);
        CHECK(value_of(m, Metric::units_shipped) == 0);
        CHECK(value_of(m, Metric::avg_on_hand_units) == doctest::Approx(4 * 2.5 / 6));
      }
    }
  }

  TEST_CASE("patience: a partly filled order ships the part when patience runs out") {
    // 4 units ordered at 0.5; the carrier takes 2 a day: 2 arrive at 1.5, 2 at 2.0.
    Chain c;
    c.scenario = "horizon_days = 6";
    c.warehouse = "unmet_demand = \"patience\"\npatience_days = 1.2";
    c.supplier = "lead_time_days = 0";
    c.carrier = "transit_days = 1\ncapacity_units_per_day = 2";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({4, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace).metrics;
    CHECK(times_and_quantities(trace.of("receipt")) ==
          std::vector<std::pair<double, std::int64_t>>{{1.5, 2}, {2.0, 2}});
    CHECK(value_of(m, Metric::lost_sales_units) == 2);
    CHECK(times_and_quantities(trace.of("customer_shipped")) ==
          std::vector<std::pair<double, std::int64_t>>{{1.7, 2}});
    CHECK(value_of(m, Metric::avg_on_hand_units) == doctest::Approx(2 * 4.0 / 6));
  }

  TEST_CASE("backlog is served first-come first-served on receipt") {
    // Orders of 3 at 0.5 and 1.5; MOQ 4 makes two purchase orders of 4 that land at 5.5, 6.5.
    Chain c;
    c.scenario = "horizon_days = 10";
    c.supplier = "lead_time_days = 5\nmin_order_qty = 4";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({3, 3, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace).metrics;
    std::vector<std::pair<double, std::uint64_t>> shipped;
    for (const TraceLine& l : trace.of("customer_shipped")) {
      shipped.emplace_back(l.time, l.customer_order);
    }
    CHECK(shipped == std::vector<std::pair<double, std::uint64_t>>{{5.5, 1}, {6.5, 2}});
    CHECK(value_of(m, Metric::avg_on_hand_units) == doctest::Approx(2 * 3.5 / 10));  // 2 left over
    CHECK(value_of(m, Metric::avg_customer_wait_days) == doctest::Approx(5.0));
  }

  TEST_CASE("customer waits: mean and p95 over the orders completed after the warm-up") {
    // Worked out again from the trace: arrival and shipping time of every order shipped at or
    // after day 0 (those shipped at once wait 0). Orders waiting across the end of the warm-up
    // count; those completed before it do not. Over 16,384 orders wait, so the p95 takes the
    // sampled-bracket selection.
    Chain c;
    c.scenario = "horizon_days = 3000\nwarmup_days = 60\nseed = 22";
    c.supplier = "lead_time_days = { dist = \"gamma\", mean = 4, sd = 1.5 }";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 12 }";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"ss\"\nreorder_point = 15\norder_up_to = 70";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace, false).metrics;
    std::map<std::uint64_t, double> arrived;
    for (const TraceLine& l : trace.of("customer_order")) arrived[l.customer_order] = l.time;
    std::vector<double> waits;
    double sum = 0;
    bool waited_across_day_0 = false;
    for (const TraceLine& l : trace.of("customer_shipped")) {
      if (l.time < 0) continue;
      const double wait = l.time - arrived.at(l.customer_order);
      waited_across_day_0 = waited_across_day_0 || l.time - wait < 0;
      waits.push_back(wait);
      sum += wait;
    }
    CHECK(waited_across_day_0);
    REQUIRE(std::count_if(waits.begin(), waits.end(), [](double w) { return w > 0; }) > 16384);
    CHECK(value_of(m, Metric::avg_customer_wait_days) ==
          doctest::Approx(sum / static_cast<double>(waits.size())).epsilon(1e-12));
    std::sort(waits.begin(), waits.end());
    CHECK(value_of(m, Metric::p95_customer_wait_days) ==
          doctest::Approx(jitsim::sim::quantile_sorted(waits, 0.95)).epsilon(1e-12));
  }

  TEST_CASE("receiving capacity works arrivals off FIFO, then dock-to-stock delays availability") {
    // 100 units arrive at 1.5 and 20 at 2.5; the dock receives 40 a day, then 0.5 days put-away.
    Chain c;
    c.scenario = "horizon_days = 10";
    c.warehouse = "receiving_capacity_units_per_day = 40\ndock_to_stock_days = 0.5";
    c.supplier = "lead_time_days = 1";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({100, 20, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace).metrics;
    CHECK(times_and_quantities(trace.of("arrival")) ==
          std::vector<std::pair<double, std::int64_t>>{{1.5, 100}, {2.5, 20}});
    CHECK(times_and_quantities(trace.of("receipt")) ==
          std::vector<std::pair<double, std::int64_t>>{{4.5, 100}, {5.0, 20}});
    CHECK(value_of(m, Metric::avg_customer_wait_days) == doctest::Approx((4.0 + 3.5) / 2));
  }

  TEST_CASE("planned lead time includes dock-to-stock; a receipt waits exactly that long") {
    Chain c;
    c.scenario = "horizon_days = 10";
    c.warehouse = "dock_to_stock_days = 0.75";
    c.supplier = "lead_time_days = 2";
    c.carrier = "transit_days = 1";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace).metrics;
    CHECK(times_and_quantities(trace.of("arrival")) ==
          std::vector<std::pair<double, std::int64_t>>{{3.5, 1}});
    CHECK(times_and_quantities(trace.of("receipt")) ==
          std::vector<std::pair<double, std::int64_t>>{{4.25, 1}});
    CHECK(value_of(m, Metric::avg_customer_wait_days) == doctest::Approx(3.75));
  }

  TEST_CASE("defects: rejected units are not sellable and their IP drop triggers a reorder") {
    // defect_rate 1: every unit is rejected, so one backordered unit is reordered forever.
    Chain c;
    c.scenario = "horizon_days = 10";
    c.supplier = "lead_time_days = 1\ndefect_rate = 1.0";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 0";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace).metrics;
    CHECK(value_of(m, Metric::rejected_units) == 9);  // at 1.5, 2.5, ..., 9.5
    std::vector<double> po_times;
    for (const TraceLine& l : trace.of("purchase_order")) po_times.push_back(l.time);
    CHECK(po_times == std::vector<double>{0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5});
    CHECK(value_of(m, Metric::units_shipped) == 0);
    CHECK(value_of(m, Metric::avg_on_hand_units) == 0);
  }

  TEST_CASE(
      "defects: rejected units are Binomial(received, rate) and continuous policies make up") {
    Chain c;
    c.scenario = "horizon_days = 3000\nwarmup_days = 30";
    c.supplier = "lead_time_days = 3\ndefect_rate = 0.2";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 10 }";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 60";
    const auto m = run_once(c.load()).metrics;
    const double received = value_of(m, Metric::purchase_cost) / 10;
    const double rejected = value_of(m, Metric::rejected_units);
    check_count(rejected, 0.2 * received, received * 0.2 * 0.8, "rejected units");
    // What is accepted replaces what was sold (within the pipeline's size).
    CHECK(std::abs(received - rejected - value_of(m, Metric::units_demanded)) <= 100);
    CHECK(value_of(m, Metric::fill_rate) > 0.9);
  }

  TEST_CASE("shelf life: lots expire FIFO shelf_life_days after becoming sellable") {
    // Lot A (10, expires 5) at 0; demand 4 at 0.5 and 3 at 2.5 take from the oldest lot.
    Chain c;
    c.scenario = "horizon_days = 12";
    c.supplier = "lead_time_days = 1";
    c.sku = "unit_cost = 10\nprice = 20\nshelf_life_days = 5\ninitial_on_hand = 10\n" +
            trace_demand({4, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10";
    RecordingTrace trace;
    const auto m = run_once(c.load(), 0, 0, &trace).metrics;
    CHECK(times_and_quantities(trace.of("expired")) ==
          std::vector<std::pair<double, std::int64_t>>{{5.0, 3}, {6.5, 4}, {8.5, 3}, {11.0, 3}});
    CHECK(value_of(m, Metric::spoiled_units) == 13);
    CHECK(value_of(m, Metric::spoilage_cost) == doctest::Approx(130));  // spoiled x unit_cost
    // Each expiry lowers IP and the base stock reorders what spoiled.
    CHECK(trace.of("purchase_order").size() == 6);
  }

  TEST_CASE("storage overflow: the integral of total on hand above capacity, pooled over SKUs") {
    // a: 10 on hand, sells 1 a day, replenished after 3 days: 10, 9, 8, then 7 for good.
    // b: 5 on hand, no demand. Capacity 8: excess 7 x 0.5 + 6 + 5 + 4 x 17.5 = 84.5 unit-days.
    Chain c;
    c.scenario = "horizon_days = 20";
    c.warehouse = "storage_capacity_units = 8\noverflow_cost_per_unit_day = 2";
    c.supplier = "lead_time_days = 3";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({1});
    c.policies =
        "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10\n"
        "per_sku = { b = { level = 5 } }";
    c.extra =
        "[[skus]]\nid = \"b\"\nunit_cost = 10\nprice = 20\nsupplier = \"s\"\ncarrier = \"c\"\n"
        "demand = { orders_per_day = 0 }\n";
    const auto m = run_once(c.load()).metrics;
    CHECK(value_of(m, Metric::overflow_cost) == doctest::Approx(2 * 84.5));
    CHECK(value_of(m, Metric::avg_on_hand_units) ==
          doctest::Approx((15 * 0.5 + 14 + 13 + 12 * 17.5) / 20));
  }

  TEST_CASE("holding: per unit-day rate, with pipeline_holding also on order; money identities") {
    // 10 on hand; 2 sold at 0.5 and reordered, back at 4.5: 92 unit-days on hand, 8 on order.
    for (const bool pipeline : {false, true}) {
      Chain c;
      c.scenario = "horizon_days = 10";
      c.costs = fmt::format("pipeline_holding = {}\norder_cost = 7", pipeline);
      c.supplier = "lead_time_days = 4";
      c.sku = "unit_cost = 10\nprice = 20\nholding_cost_per_unit_day = 1\n" +
              trace_demand({2, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10";
      const auto m = run_once(c.load()).metrics;
      CAPTURE(pipeline);
      CHECK(value_of(m, Metric::holding_cost) == doctest::Approx(pipeline ? 100 : 92));
      CHECK(value_of(m, Metric::avg_on_hand_units) == doctest::Approx(9.2));
      CHECK(value_of(m, Metric::avg_on_hand_value) == doctest::Approx(92));
      CHECK(value_of(m, Metric::ordering_cost) == doctest::Approx(7));
      CHECK(value_of(m, Metric::purchase_cost) == doctest::Approx(20));
      CHECK(value_of(m, Metric::revenue) == doctest::Approx(40));
      const double total = value_of(m, Metric::total_cost);
      CHECK(total == doctest::Approx(value_of(m, Metric::holding_cost) + 7));
      CHECK(value_of(m, Metric::cost_per_day) == doctest::Approx(total / 10));
      CHECK(value_of(m, Metric::profit) == doctest::Approx(40 - 20 - total));
      // turnover = shipped value x 365 / horizon / average stock value
      CHECK(value_of(m, Metric::inventory_turnover) == doctest::Approx(20.0 * 365 / 10 / 92));
    }
  }

  TEST_CASE("holding: holding_rate_per_year x unit_cost x multiplier / 365, or the SKU's rate") {
    struct Case {
      std::string supplier_keys, sku_keys;
      double expected;
    };
    // 10 units for 10 days; unit cost 365 at 20 % a year = 0.2 a unit-day.
    for (const Case& k :
         {Case{"", "", 20.0}, Case{"unit_cost_multiplier = 2", "", 40.0},
          Case{"unit_cost_multiplier = 2", "holding_cost_per_unit_day = 0.5\n", 50.0}}) {
      Chain c;
      c.scenario = "horizon_days = 10";
      c.costs = "holding_rate_per_year = 0.2";
      c.supplier = "lead_time_days = 1\n" + k.supplier_keys;
      c.sku = "unit_cost = 365\nprice = 400\n" + k.sku_keys + "demand = { orders_per_day = 0 }";
      c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10";
      CAPTURE(k.expected);
      CHECK(value_of(run_once(c.load()).metrics, Metric::holding_cost) ==
            doctest::Approx(k.expected));
    }
  }

  TEST_CASE("lost sales cost: no negative margin for a loss leader") {
    Chain c = starving("unmet_demand = \"lost_sales\"");
    c.sku =
        "unit_cost = 10\nprice = 5\ninitial_on_hand = 5\n" + trace_demand({3, 3, 3, 3, 3, 0, 0, 0});
    const auto m = run_once(c.load()).metrics;
    CHECK(value_of(m, Metric::lost_sales_cost) == doctest::Approx(10 * 3));
  }

  TEST_CASE("invariants hold on a scenario exercising every feature, for every policy") {
    const std::string text = fmt::format(
        R"(
[scenario]
horizon_days = 240
warmup_days = 40
seed = 5
[costs]
order_cost = 20
backorder_cost_per_unit = 1
backorder_cost_per_unit_day = 0.3
lost_sale_penalty = 2
pipeline_holding = true
[warehouse]
unmet_demand = "patience"
patience_days = 2
dock_to_stock_days = {{ dist = "uniform", min = 0.1, max = 0.6 }}
receiving_capacity_units_per_day = 400
pickers = 2
pick_time_days = {{ dist = "exponential", mean = 0.02 }}
storage_capacity_units = 300
overflow_cost_per_unit_day = 0.1
[[suppliers]]
id = "s1"
lead_time_days = {{ dist = "gamma", mean = 6, sd = 2 }}
capacity_units_per_day = 120
defect_rate = 0.05
min_order_qty = 10
order_multiple = 5
unit_cost_multiplier = 1.1
[[suppliers]]
id = "s2"
lead_time_days = {{ dist = "uniform", min = 2, max = 5 }}
[[carriers]]
id = "c1"
transit_days = {{ dist = "lognormal", mean = 4, sd = 1 }}
capacity_units_per_day = 150
cost_per_shipment = 30
cost_per_unit = 0.2
loss_probability = 0.05
[[carriers]]
id = "c2"
transit_days = {{ dist = "normal", mean = 2, sd = 1 }}
[[skus]]
id = "a"
unit_cost = 10
price = 25
supplier = "s1"
carrier = "c1"
critical = true
shelf_life_days = 30
demand = {{ orders_per_day = 12, order_size = {{ dist = "poisson", mean = 2 }}, weekly = [1, 1, 1, 1, 1.3, 1.5, 0.5], annual_amplitude = 0.3 }}
[[skus]]
id = "b"
unit_cost = 4
price = 9
supplier = "s2"
carrier = "c1"
initial_on_hand = 7
demand = {{ orders_per_day = 20, trend_per_year = 0.2 }}
[[skus]]
id = "c"
unit_cost = 50
price = 80
supplier = "s1"
carrier = "c2"
{}
[[policies]]
name = "jit"
kind = "jit"
[[policies]]
name = "jic"
kind = "jic"
forecast = "exp_smoothing"
order_quantity = "eoq"
[[policies]]
name = "hybrid"
kind = "hybrid"
[[policies]]
name = "rq"
kind = "rq"
reorder_point_days = 8
order_quantity_days = 5
[[policies]]
name = "ss"
kind = "ss"
reorder_point_days = 6
order_up_to_days = 14
[[policies]]
name = "periodic"
kind = "periodic"
review_period_days = 5
order_up_to_days = 16
[[shocks]]
id = "delay"
kind = "shipping_delay"
carrier = "c1"
start_day = 20
duration_days = 30
delay_factor = 1.5
extra_days = 1
[[shocks]]
id = "port"
kind = "port_closure"
start_day = 60
duration_days = 5
[[shocks]]
id = "fire"
kind = "supplier_shutdown"
supplier = "s1"
occurrence = {{ rate_per_year = 2 }}
duration_days = {{ dist = "uniform", min = 5, max = 15 }}
recovery_days = 7
[[shocks]]
id = "cut"
kind = "capacity_cut"
carrier = "c1"
start_day = 100
duration_days = 20
factor = 0.3
[[shocks]]
id = "quality"
kind = "quality_failure"
supplier = "s2"
start_day = 120
duration_days = 10
defect_rate = 0.5
[[shocks]]
id = "viral"
kind = "demand_spike"
sku = "b"
start_day = 140
duration_days = 30
multiplier = 3
shape = "viral"
[[shocks]]
id = "slow"
kind = "receiving_slowdown"
start_day = 150
duration_days = 10
factor = 3
capacity_factor = 0.5
[[shocks]]
id = "lost"
kind = "shipment_loss"
carrier = "c2"
start_day = 170
duration_days = 20
loss_probability = 0.5
)",
        trace_demand({3, 5, 0, 8, 2, 2, 4}, true));
    const auto sc = scenario_from(text);
    const jitsim::models::ModelSetup setup(sc);
    jitsim::models::Simulation sim(setup);
    jitsim::models::ReplicationOptions options;
    options.check_invariants = true;
    for (std::size_t p = 0; p < sc.policies.size(); ++p) {
      for (std::uint64_t r = 0; r < 3; ++r) {
        CAPTURE(sc.policies[p].name);
        CAPTURE(r);
        jitsim::models::ReplicationResult res;
        CHECK_NOTHROW(res = sim.run(p, r, options));
        const auto& m = res.metrics;
        CHECK(value_of(m, Metric::units_demanded) > 0);
        CHECK(value_of(m, Metric::fill_rate) >= 0);
        CHECK(value_of(m, Metric::fill_rate) <= 1);
        const double operating = value_of(m, Metric::total_cost) -
                                 value_of(m, Metric::lost_sales_cost) -
                                 value_of(m, Metric::spoilage_cost);
        CHECK(value_of(m, Metric::profit) ==
              doctest::Approx(value_of(m, Metric::revenue) - value_of(m, Metric::purchase_cost) -
                              operating -
                              sc.costs.lost_sale_penalty * value_of(m, Metric::lost_sales_units)));
      }
    }
  }
}
