// -----------------------------------------------------------------------------
// File: tests/models/agents/churn_test.cpp
// -----------------------------------------------------------------------------
// Churn ([customers]): arrivals thinned by the share of customers lost to stock-outs.
// Checked against what must hold exactly (no stock-out: nothing changes; the candidates are the
// arrivals without churn), against the lost share recomputed independently from the trace, and
// against the closed form of the f = 1 renewal case.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model_test_support.h"
#include "models/io/scenario_writer.h"

using namespace jitsim;
using namespace jitsim::testing;
using models::Metric;

namespace {

constexpr int kReplications = 6;

std::string customers(double f, double tau) {
  return fmt::format("[customers]\nchurn_per_short_order = {}\nchurn_recovery_days = {}\n", f, tau);
}

// The same bits (NaN equal to NaN).
bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// A chain that runs out often: base stock 3 against 5 orders a day over a 4-day lead time.
Chain short_chain() {
  Chain c;
  c.scenario = "horizon_days = 300\nwarmup_days = 20\nseed = 11";
  c.supplier = "lead_time_days = 4";
  c.sku =
      "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 5, order_size = { dist = "
      "\"poisson\", mean = 2 } }";
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 3";
  return c;
}

}  // namespace

TEST_SUITE("churn") {
  TEST_CASE("churn: a policy that never runs out sees exactly the demand it saw without churn") {
    Chain c;
    c.scenario = "horizon_days = 200\nwarmup_days = 10\nseed = 5";
    c.sku =
        "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 5, weekly = [1, 1, 1, 1, 1, 2, "
        "0.5] }";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 100000";
    const auto off = replicate(c.load(), 0, kReplications);
    c.extra = customers(0.5, 30);
    const auto on = replicate(c.load(), 0, kReplications);
    for (int r = 0; r < kReplications; ++r) {
      CAPTURE(r);
      CHECK(value_of(on[r], Metric::demand_lost_to_churn_units) == 0);
      CHECK(value_of(on[r], Metric::order_fill_rate) == 1);
      for (std::size_t m = 0; m < models::kMetricCount; ++m) {
        CAPTURE(models::metric_info()[m].name);
        CHECK(same_bits(off[r][m], on[r][m]));
      }
    }
  }

  TEST_CASE("churn: it lowers demand by exactly the turned-away candidates where stock runs out") {
    Chain c = short_chain();
    const auto off = replicate(c.load(), 0, kReplications);
    c.extra = customers(0.05, 20);
    const auto on = replicate(c.load(), 0, kReplications);
    for (int r = 0; r < kReplications; ++r) {
      CAPTURE(r);
      const double lost = value_of(on[r], Metric::demand_lost_to_churn_units);
      CHECK(lost > 0);
      CHECK(value_of(on[r], Metric::units_demanded) < value_of(off[r], Metric::units_demanded));
      // The candidates (times and sizes) are the arrivals without churn: kept + turned away.
      CHECK(value_of(on[r], Metric::units_demanded) + lost ==
            value_of(off[r], Metric::units_demanded));
    }
  }

  TEST_CASE("churn: the turned-away units match the lost share recomputed from the trace") {
    // Order size 1 at one site with backorders: an order is short iff on hand before it is 0.
    Chain c = short_chain();
    c.scenario = "horizon_days = 2000\nwarmup_days = 0\nseed = 3";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 5 }";
    const double f = 0.05, tau = 10;
    c.extra = customers(f, tau);
    RecordingTrace trace;
    const auto result = run_once(c.load(), 0, 0, &trace);
    // Replay the rule independently: L jumps by f (1 - L) after a short order, decays between.
    double share = 0, since = 0, expected = 0, variance = 0, churned_rows = 0;
    std::int64_t on_hand = 0;
    for (const TraceLine& l : trace.lines) {
      const bool order = l.event == "customer_order", churned = l.event == "customer_churned";
      if (order || churned) {
        const double now = share * std::exp(-(l.time - since) / tau);
        expected += now;
        variance += now * (1 - now);
        if (churned) churned_rows += static_cast<double>(l.quantity);
        if (order && on_hand < l.quantity) {
          share = now + f * (1 - now);
          since = l.time;
        }
      }
      on_hand = l.on_hand;
    }
    const double lost = value_of(result.metrics, Metric::demand_lost_to_churn_units);
    CHECK(lost == churned_rows);
    CHECK(lost > 100);  // enough churn for the comparison to mean something
    check_count(lost, expected, variance, "units turned away vs sum of L(t) over candidates");
  }

  TEST_CASE("churn: with f = 1 and no stock the lost share matches the renewal closed form") {
    // Every kept order is short and resets L to 1; the gap T to the next kept order has
    // P(T > s) = exp(-lambda (s - tau (1 - exp(-s / tau)))). Lost share = 1 - 1 / (lambda E[T]).
    const double lambda = 4, tau = 1.5;
    double mean_gap = 0;  // E[T] by Simpson's rule on [0, 60] (the integrand is < 1e-80 there)
    const int steps = 60000;
    const double h = 60.0 / steps;
    for (int k = 0; k <= steps; ++k) {
      const double s = k * h;
      const double g = std::exp(-lambda * (s - tau * (1 - std::exp(-s / tau))));
      mean_gap += g * (k == 0 || k == steps ? 1 : (k % 2 ? 4 : 2));
    }
    mean_gap *= h / 3;
    const double exact = 1 - 1 / (lambda * mean_gap);

    Chain c;
    c.scenario = "horizon_days = 3000\nwarmup_days = 30\nseed = 9\nreplications = 12";
    c.warehouse = "unmet_demand = \"lost_sales\"";
    c.supplier = "lead_time_days = 100000";  // nothing ever arrives
    c.sku = fmt::format(
        "unit_cost = 10\nprice = 20\ninitial_on_hand = 0\ndemand = {{ orders_per_day = {} }}",
        lambda);
    c.extra = customers(1, tau);
    const auto runs = replicate(c.load(), 0, 12);
    std::vector<double> shares;
    for (const auto& v : runs) {
      const double lost = value_of(v, Metric::demand_lost_to_churn_units);
      CHECK(value_of(v, Metric::fill_rate) == 0);
      shares.push_back(lost / (lost + value_of(v, Metric::units_demanded)));
    }
    check_matches_theory(sim::summarize(shares), exact, "share of demand lost to churn", 0.01);
  }

  TEST_CASE("churn: a daily trace day is one order; the f = 1 closed form in whole days") {
    // One order a day, never filled: after a kept order L = 1, on day j after it 1 - d^j
    // with d = exp(-1 / tau), so P(T > k) = d^(k (k + 1) / 2) and E[T] = sum over k >= 0.
    const double tau = 2;
    const double d = std::exp(-1 / tau);
    double mean_gap = 0;
    for (int k = 0; k < 200; ++k) mean_gap += std::pow(d, k * (k + 1) / 2.0);
    const double exact = 1 - 1 / mean_gap;

    Chain c;
    c.scenario = "horizon_days = 3000\nwarmup_days = 10\nseed = 2";
    c.warehouse = "unmet_demand = \"lost_sales\"";
    c.supplier = "lead_time_days = 100000";
    c.sku = "unit_cost = 10\nprice = 20\ninitial_on_hand = 0\n" +
            trace_demand(std::vector<double>(3010, 1.0));
    c.extra = customers(1, tau);
    const auto runs = replicate(c.load(), 0, 12);
    std::vector<double> shares;
    for (const auto& v : runs) {
      const double lost = value_of(v, Metric::demand_lost_to_churn_units);
      CHECK(lost + value_of(v, Metric::units_demanded) == 3000);  // one unit a measured day
      shares.push_back(lost / 3000);
    }
    check_matches_theory(sim::summarize(shares), exact, "share of trace days lost to churn", 0.01);
  }

  TEST_CASE("churn: [customers] keys are range-checked and written back only when set") {
    Chain c;
    CHECK(models::to_toml(c.load()).find("[customers]") == std::string::npos);
    c.extra = customers(0.01, 45);
    const models::Scenario sc = c.load();
    CHECK(sc.customers.churn_per_short_order == 0.01);
    CHECK(sc.customers.churn_recovery_days == 45);
    const std::string text = models::to_toml(sc);
    CHECK(text.find("[customers]") != std::string::npos);
    CHECK(scenario_from(text) == sc);
    c.extra = customers(1.5, 45);
    CHECK_FALSE(models::load_scenario_text(c.toml(), "t.toml", ".").ok());
    c.extra = customers(0.1, 0);
    CHECK_FALSE(models::load_scenario_text(c.toml(), "t.toml", ".").ok());
  }
}
