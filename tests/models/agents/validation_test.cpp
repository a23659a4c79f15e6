// -----------------------------------------------------------------------------
// File: tests/models/agents/validation_test.cpp
// -----------------------------------------------------------------------------
// The model against exact theory (Zipkin; Axsäter; Hadley & Whitin): Poisson unit demand,
// deterministic lead time, no other friction. Each check passes only if the exact value lies
// within 1.8 simulated 95 % half-widths and that half-width is tight (<= 2 % of the value unless
// stated).
#include <doctest/doctest.h>

#include <cmath>

#include <fmt/format.h>

#include "model_test_support.h"
#include "theory.h"

using jitsim::models::Metric;
using namespace jitsim::testing;

namespace {

// One SKU, Poisson(lam) unit demand, lead time L (supplier; transit and dock-to-stock 0).
std::string single_sku(double lam, double lead_time, const std::string& policy,
                       const std::string& unmet = "backorder", double horizon = 4000,
                       double warmup = 100) {
  return fmt::format(R"(
[scenario]
horizon_days = {}
warmup_days = {}
seed = 7
[warehouse]
unmet_demand = "{}"
[[suppliers]]
id = "s"
lead_time_days = {}
[[carriers]]
id = "c"
transit_days = 0
[[skus]]
id = "a"
unit_cost = 10
price = 20
supplier = "s"
carrier = "c"
demand = {{ orders_per_day = {} }}
[[policies]]
{}
)",
                     horizon, warmup, unmet, lead_time, lam, policy);
}

}  // namespace

TEST_SUITE("validation") {
  TEST_CASE("base stock (S-1, S) with backorders matches the Poisson formulas") {
    const double lam = 5, L = 4;
    const int S = 25;
    const auto sc =
        scenario_from(single_sku(lam, L, "name = \"bs\"\nkind = \"base_stock\"\nlevel = 25"));
    const auto runs = replicate(sc, 0, 30);
    const Poisson X(lam * L);
    check_matches_theory(summary_of(runs, Metric::fill_rate), X.cdf(S - 1), "fill rate");
    check_matches_theory(summary_of(runs, Metric::avg_on_hand_units), X.expected_left(S), "E[OH]");
    check_matches_theory(summary_of(runs, Metric::avg_backorders_units), X.expected_right(S),
                         "E[BO]", 0.05);
    check_matches_theory(summary_of(runs, Metric::stockout_time_fraction), 1 - X.cdf(S - 1),
                         "P(OH=0)", 0.05);
    check_matches_theory(summary_of(runs, Metric::orders_per_day), lam, "orders/day");
  }
}

TEST_SUITE("validation") {
  TEST_CASE("base stock with lost sales matches Erlang B (Palm's theorem)") {
    const double lam = 5, L = 4, a = lam * L;
    const int S = 22;
    const auto sc = scenario_from(
        single_sku(lam, L, "name = \"bs\"\nkind = \"base_stock\"\nlevel = 22", "lost_sales"));
    const auto runs = replicate(sc, 0, 20);
    const double B = erlang_b(S, a);
    check_matches_theory(summary_of(runs, Metric::fill_rate), 1 - B, "fill rate");
    check_matches_theory(summary_of(runs, Metric::avg_on_hand_units), S - a * (1 - B), "E[OH]");
    check_matches_theory(summary_of(runs, Metric::lost_sales_per_day), lam * B, "lost/day", 0.05);
    check_matches_theory(summary_of(runs, Metric::orders_per_day), lam * (1 - B), "orders/day");
  }

  TEST_CASE("(r, Q) with backorders: inventory position uniform on r+1..r+Q") {
    const double lam = 4, L = 3;
    const int r = 12, Q = 10;
    const auto sc = scenario_from(single_sku(
        lam, L, "name = \"rq\"\nkind = \"rq\"\nreorder_point = 12\norder_quantity = 10"));
    const auto runs = replicate(sc, 0, 20);
    const Poisson X(lam * L);
    double fill = 0, oh = 0, bo = 0;
    for (int y = r + 1; y <= r + Q; ++y) {
      fill += X.cdf(y - 1) / Q;
      oh += X.expected_left(y) / Q;
      bo += X.expected_right(y) / Q;
    }
    check_matches_theory(summary_of(runs, Metric::fill_rate), fill, "fill rate");
    check_matches_theory(summary_of(runs, Metric::avg_on_hand_units), oh, "E[OH]");
    check_matches_theory(summary_of(runs, Metric::avg_backorders_units), bo, "E[BO]", 0.05);
    check_matches_theory(summary_of(runs, Metric::orders_per_day), lam / Q, "orders/day");
  }

  TEST_CASE("(s, S) with unit demand is (r, Q) with r = s, Q = S - s") {
    const double lam = 6, L = 2;
    const int s = 10, S = 22, Q = S - s;
    const auto sc = scenario_from(
        single_sku(lam, L, "name = \"ss\"\nkind = \"ss\"\nreorder_point = 10\norder_up_to = 22"));
    const auto runs = replicate(sc, 0, 20);
    const Poisson X(lam * L);
    double fill = 0, oh = 0;
    for (int y = s + 1; y <= s + Q; ++y) {
      fill += X.cdf(y - 1) / Q;
      oh += X.expected_left(y) / Q;
    }
    check_matches_theory(summary_of(runs, Metric::fill_rate), fill, "fill rate");
    check_matches_theory(summary_of(runs, Metric::avg_on_hand_units), oh, "E[OH]");
    check_matches_theory(summary_of(runs, Metric::orders_per_day), lam / Q, "orders/day");
  }

  TEST_CASE("periodic review (R, S) with backorders") {
    const double lam = 6, L = 3, R = 5;
    const int S = 60;
    const auto sc = scenario_from(single_sku(
        lam, L, "name = \"rs\"\nkind = \"periodic\"\nreview_period_days = 5\norder_up_to = 60"));
    const auto runs = replicate(sc, 0, 20);
    const Poisson DL(lam * L), DLR(lam * (L + R));
    const double csl = DLR.cdf(S);
    const double fill = 1 - (DLR.expected_right(S) - DL.expected_right(S)) / (lam * R);
    double oh = 0;  // (1/R) integral_L^{L+R} E[(S - D_u)+] du, term by term
    for (int k = 0; k < S; ++k) {
      oh += (S - k) * ((1 - DLR.cdf(k)) - (1 - DL.cdf(k))) / lam / R;
    }
    check_matches_theory(summary_of(runs, Metric::cycle_service_level), csl, "cycle service level");
    check_matches_theory(summary_of(runs, Metric::fill_rate), fill, "fill rate");
    check_matches_theory(summary_of(runs, Metric::avg_on_hand_units), oh, "E[OH]");
    check_matches_theory(summary_of(runs, Metric::orders_per_day), 1 / R, "orders/day", 0.01);
  }

  TEST_CASE("JIT with daily signals is periodic review (R = 1 day) up to the kanban target") {
    // A domestic chain: lam = 10/day, L = 2. Signals are sent at each day start, so the loop
    // is (R, S) with R = 1 and S = ceil(lam x (L + 1) x 1.1) = 33. (Leaving the signal's day out,
    // S = 22, would serve 28 % of units: 1 - (E[(D_3-22)+] - E[(D_2-22)+]) / lam.)
    const double lam = 10, L = 2, R = 1;
    const auto sc = scenario_from(single_sku(lam, L, "name = \"jit\"\nkind = \"jit\""));
    const int S = 33;
    REQUIRE(jitsim::models::ModelSetup(sc).rules[0][0].order_up_to == S);
    const auto runs = replicate(sc, 0, 20);
    const Poisson DL(lam * L), DLR(lam * (L + R));
    const double fill = 1 - (DLR.expected_right(S) - DL.expected_right(S)) / (lam * R);
    CHECK(fill > 0.85);  // 0.90
    check_matches_theory(summary_of(runs, Metric::fill_rate), fill, "fill rate");
    check_matches_theory(summary_of(runs, Metric::cycle_service_level), DLR.cdf(S),
                         "cycle service level");
  }

  TEST_CASE("the pick station is an M/M/c queue") {
    // Stock never runs out (a base stock far above lead-time demand), so every order goes
    // straight to picking: Poisson arrivals, exponential pick times, c pickers, FIFO.
    for (const int c : {1, 3}) {
      const double lam = 40, mu = c == 1 ? 50 : 16;  // rho = 0.8 and 0.83
      auto text = single_sku(lam, 1, "name = \"bs\"\nkind = \"base_stock\"\nlevel = 400",
                             "backorder", 1500, 20);
      text.replace(text.find("[warehouse]\n"), 12,
                   fmt::format("[warehouse]\npickers = {}\npick_time_days = {{ dist = "
                               "\"exponential\", mean = {} }}\n",
                               c, 1 / mu));
      const auto sc = scenario_from(text);
      const auto runs = replicate(sc, 0, 20);
      CHECK(summary_of(runs, Metric::fill_rate).mean == 1.0);
      check_matches_theory(summary_of(runs, Metric::avg_customer_wait_days),
                           mmc_time_in_system(lam, mu, c), fmt::format("W with c = {}", c), 0.03);
      if (c == 1) {
        // FIFO M/M/1: the time in system is exponential with rate mu - lambda, so its 95th
        // percentile is ln(20) / (mu - lambda).
        check_matches_theory(summary_of(runs, Metric::p95_customer_wait_days),
                             std::log(20.0) / (mu - lam), "p95 of W with c = 1", 0.03);
      }
    }
  }
}
