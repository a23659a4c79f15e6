// File: tests/models/agents/money_test.cpp
// 3PL fees and working capital ([warehouse.fees], [finance]), per replication and exact: each
// fee against the activity it bills (counted independently: metrics, lanes, the event trace),
// the monthly minimum per 30-day block, total_cost as the sum of its parts, the payment delays
// realised, DIO, CCC = DIO + DSO - DPO, and the working capital rebuilt from the event trace.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "model_test_support.h"

namespace {

using jitsim::models::Metric;
using jitsim::models::MetricValues;
using jitsim::testing::Chain;
using jitsim::testing::value_of;

constexpr double kHorizon = 100;

// A chain with randomness everywhere it matters: Poisson orders of random size, a random lead
// time, transit of 3 days, backorders, 20 days of warm-up; `fees` and `finance` are TOML lines.
Chain money_chain(const std::string& fees, const std::string& finance = "") {
  Chain c;
  c.scenario = "horizon_days = 100\nwarmup_days = 20\nseed = 11";
  c.supplier = "lead_time_days = { dist = \"uniform\", min = 1, max = 4 }";
  c.carrier = "transit_days = 3";
  c.sku =
      "unit_cost = 10\nprice = 25\nunits_per_pallet = 7\n"
      "demand = { orders_per_day = 5, order_size = { dist = \"poisson\", mean = 2 } }";
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"rq\"\nreorder_point = 30\norder_quantity = 40";
  c.extra = (fees.empty() ? "" : "[warehouse.fees]\n" + fees + "\n") +
            (finance.empty() ? "" : "[finance]\n" + finance + "\n");
  return c;
}

jitsim::models::ReplicationResult run(const jitsim::models::Scenario& sc, std::uint64_t rep,
                                      jitsim::testing::RecordingTrace* trace = nullptr) {
  const jitsim::models::ModelSetup setup(sc);
  jitsim::models::Simulation sim(setup);
  jitsim::models::ReplicationOptions options;
  options.check_invariants = true;  // also checks that the cost parts sum to total_cost
  options.per_site = true;
  options.per_sku = true;
  options.trace = trace;
  return sim.run(0, rep, options);
}

double relative_gap(double a, double b) {
  return std::abs(a - b) / std::max(1.0, std::abs(b));
}

}  // namespace

TEST_SUITE("money") {
  TEST_CASE("fees: each activity fee is its rate x the activity it bills") {
    for (std::uint64_t rep = 0; rep < 4; ++rep) {
      CAPTURE(rep);
      const auto fee = [&](const std::string& line) {
        return value_of(run(money_chain(line).load(), rep).metrics, Metric::fulfilment_cost);
      };
      const jitsim::models::ReplicationResult base = run(money_chain("").load(), rep);
      const MetricValues& m = base.metrics;
      CHECK(value_of(m, Metric::fulfilment_cost) == 0);
      const double received = base.per_lane.at(0)[2];  // units_received
      const double shipped = value_of(m, Metric::units_shipped);
      REQUIRE(received > 0);
      REQUIRE(shipped > 0);
      // The fees bill activity without changing it (no stream is touched).
      CHECK(fee("receiving_per_unit = 0.25") == doctest::Approx(0.25 * received).epsilon(1e-12));
      CHECK(fee("pick_per_unit = 0.3") == doctest::Approx(0.3 * shipped).epsilon(1e-12));
      const double on_hand_days = value_of(m, Metric::avg_on_hand_units) * kHorizon;
      CHECK(fee("storage_per_unit_day = 0.02") ==
            doctest::Approx(0.02 * on_hand_days).epsilon(1e-12));
      // Customer orders shipped: one per order, counted from the trace.
      jitsim::testing::RecordingTrace trace;
      run(money_chain("").load(), rep, &trace);
      double orders = 0, units = 0;
      for (const auto& l : trace.of("customer_shipped")) {
        if (l.time >= 0 && l.time < kHorizon) {
          orders += 1;
          units += static_cast<double>(l.quantity);
        }
      }
      CHECK(units == shipped);
      CHECK(fee("pick_per_order = 2.5") == doctest::Approx(2.5 * orders).epsilon(1e-12));
      // Pallets: ceil(on hand / 7) integrated from the trace's on-hand after each step.
      double pallet_days = 0, last_t = 0;
      std::int64_t on_hand = 0;
      for (const auto& l : trace.lines) {
        const double t = std::clamp(l.time, 0.0, kHorizon);
        if (t > last_t) {
          const std::int64_t pallets = (on_hand + 6) / 7;  // ceil(on hand / 7)
          pallet_days += static_cast<double>(pallets) * (t - last_t);
          last_t = t;
        }
        on_hand = l.on_hand;
      }
      const std::int64_t pallets_at_end = (on_hand + 6) / 7;
      pallet_days += static_cast<double>(pallets_at_end) * (kHorizon - last_t);
      CHECK(fee("storage_per_pallet_day = 1.5") ==
            doctest::Approx(1.5 * pallet_days).epsilon(1e-9));
    }
  }

  TEST_CASE("fees: total_cost is the sum of its parts, fulfilment_cost included") {
    const std::string all =
        "receiving_per_unit = 0.25\nstorage_per_unit_day = 0.02\npick_per_order = 2.5\n"
        "pick_per_unit = 0.3";
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      const MetricValues with = run(money_chain(all).load(), rep).metrics;
      const MetricValues without = run(money_chain("").load(), rep).metrics;
      const auto at = [&](Metric k) { return value_of(with, k); };
      const double parts = at(Metric::holding_cost) + at(Metric::ordering_cost) +
                           at(Metric::transport_cost) + at(Metric::backorder_cost) +
                           at(Metric::lost_sales_cost) + at(Metric::overflow_cost) +
                           at(Metric::spoilage_cost) + at(Metric::fulfilment_cost);
      CHECK(at(Metric::fulfilment_cost) > 0);
      CHECK(relative_gap(parts, at(Metric::total_cost)) < 1e-12);
      CHECK(relative_gap(at(Metric::total_cost) - at(Metric::fulfilment_cost),
                         value_of(without, Metric::total_cost)) < 1e-12);
      CHECK(relative_gap(value_of(without, Metric::profit) - at(Metric::fulfilment_cost),
                         at(Metric::profit)) < 1e-12);
    }
  }

  TEST_CASE("fees: the monthly minimum is billed per 30-day block, the last one pro rata") {
    // 100 days: blocks of 30, 30, 30 and 10 days.
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      CAPTURE(rep);
      const double only_minimum = value_of(
          run(money_chain("monthly_minimum = 300").load(), rep).metrics, Metric::fulfilment_cost);
      CHECK(only_minimum == doctest::Approx(300.0 * 3 + 300.0 * 10 / 30).epsilon(1e-12));
      // Far above the activity fees: every block is raised to its minimum exactly.
      const double high = value_of(
          run(money_chain("storage_per_unit_day = 0.02\nmonthly_minimum = 1e6").load(), rep)
              .metrics,
          Metric::fulfilment_cost);
      CHECK(high == doctest::Approx(1e6 * kHorizon / 30).epsilon(1e-12));
      // Below every block's activity: nothing extra.
      const double activity =
          value_of(run(money_chain("storage_per_unit_day = 0.02").load(), rep).metrics,
                   Metric::fulfilment_cost);
      const double low = value_of(
          run(money_chain("storage_per_unit_day = 0.02\nmonthly_minimum = 1e-3").load(), rep)
              .metrics,
          Metric::fulfilment_cost);
      CHECK(low == activity);
    }
  }

  TEST_CASE("finance: realised payment delays equal the terms; CCC, DIO and financing") {
    const Chain c = money_chain(
        "",
        "supplier_payment_days = 30\ncustomer_payment_days = 14\ncost_of_capital_per_year = "
        "0.12");
    for (std::uint64_t rep = 0; rep < 4; ++rep) {
      CAPTURE(rep);
      const jitsim::models::ReplicationResult r = run(c.load(), rep);
      const MetricValues& m = r.metrics;
      CHECK(value_of(m, Metric::dpo_days) == doctest::Approx(30).epsilon(1e-12));
      CHECK(value_of(m, Metric::dso_days) == doctest::Approx(14).epsilon(1e-12));
      const double cogs_per_day = value_of(m, Metric::units_shipped) * 10 / kHorizon;
      const double dio = value_of(m, Metric::avg_on_hand_value) / cogs_per_day;
      CHECK(value_of(m, Metric::dio_days) == doctest::Approx(dio).epsilon(1e-12));
      CHECK(value_of(m, Metric::cash_conversion_cycle_days) == value_of(m, Metric::dio_days) +
                                                                   value_of(m, Metric::dso_days) -
                                                                   value_of(m, Metric::dpo_days));
      CHECK(value_of(m, Metric::financing_cost) ==
            doctest::Approx(0.12 * value_of(m, Metric::avg_working_capital) * kHorizon / 365)
                .epsilon(1e-12));
      // One SKU at one site: its row, its site's row and the total agree.
      for (const Metric k : {Metric::avg_working_capital, Metric::peak_working_capital,
                             Metric::dio_days, Metric::financing_cost}) {
        CHECK(value_of(r.per_sku.at(0), k) == doctest::Approx(value_of(m, k)).epsilon(1e-12));
        CHECK(value_of(r.per_site.at(0).metrics, k) ==
              doctest::Approx(value_of(m, k)).epsilon(1e-12));
      }
    }
  }

  TEST_CASE("finance: working capital = on hand + pipeline + receivables - payables") {
    // Rebuilt from the trace: units on the shelf, consignments between departure and receipt,
    // shipments until paid 14 days later, receipts until paid 30 days later.
    const Chain c = money_chain("", "supplier_payment_days = 30\ncustomer_payment_days = 14");
    for (std::uint64_t rep = 0; rep < 4; ++rep) {
      CAPTURE(rep);
      jitsim::testing::RecordingTrace trace;
      const MetricValues m = run(c.load(), rep, &trace).metrics;
      const auto measured = [&](double from, double to) {  // overlap with [0, horizon)
        return std::max(0.0, std::min(to, kHorizon) - std::max(from, 0.0));
      };
      std::map<std::uint64_t, double> departed;  // purchase order -> departure time
      for (const auto& l : trace.of("departure")) departed[l.purchase_order] = l.time;
      double pipeline = 0, payables = 0, receivables = 0;
      for (const auto& l : trace.of("receipt")) {
        const double q = static_cast<double>(l.quantity);
        pipeline += 10 * q * measured(departed.at(l.purchase_order), l.time);
        departed.erase(l.purchase_order);
        payables += 10 * q * measured(l.time, l.time + 30);
      }
      for (const auto& l : trace.of("departure")) {
        if (departed.count(l.purchase_order)) {  // still travelling at the horizon
          pipeline += 10 * static_cast<double>(l.quantity) * measured(l.time, kHorizon);
        }
      }
      for (const auto& l : trace.of("customer_shipped")) {
        receivables += 25 * static_cast<double>(l.quantity) * measured(l.time, l.time + 14);
      }
      CHECK(value_of(m, Metric::avg_pipeline_value) ==
            doctest::Approx(pipeline / kHorizon).epsilon(1e-9));
      const double capital =
          value_of(m, Metric::avg_on_hand_value) + (pipeline + receivables - payables) / kHorizon;
      CHECK(value_of(m, Metric::avg_working_capital) == doctest::Approx(capital).epsilon(1e-9));
      CHECK(value_of(m, Metric::peak_working_capital) >= value_of(m, Metric::avg_working_capital));
    }
  }

  TEST_CASE("finance: payment terms of 0 days leave on-hand plus pipeline value") {
    const Chain c = money_chain("", "supplier_payment_days = 0\ncustomer_payment_days = 0");
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      const MetricValues m = run(c.load(), rep).metrics;
      CHECK(value_of(m, Metric::dpo_days) == 0);
      CHECK(value_of(m, Metric::dso_days) == 0);
      CHECK(value_of(m, Metric::avg_working_capital) ==
            doctest::Approx(value_of(m, Metric::avg_on_hand_value) +
                            value_of(m, Metric::avg_pipeline_value))
                .epsilon(1e-12));
    }
  }

  TEST_CASE("finance and fees: defaults change no earlier metric") {
    // No [finance] and no fees against zero fees written out: every metric before the money
    // block is bit for bit the same, and the fees are 0.
    const Chain plain = money_chain("");
    const Chain zero = money_chain(
        "receiving_per_unit = 0\nstorage_per_unit_day = 0\npick_per_order = 0\nmonthly_minimum "
        "= 0",
        "supplier_payment_days = 45\ncustomer_payment_days = 14");
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      const MetricValues a = run(plain.load(), rep).metrics;
      const MetricValues b = run(zero.load(), rep).metrics;
      for (std::size_t k = 0; k < static_cast<std::size_t>(Metric::fulfilment_cost); ++k) {
        CAPTURE(k);
        CHECK(std::memcmp(&a[k], &b[k], sizeof(double)) == 0);
      }
    }
  }
}
