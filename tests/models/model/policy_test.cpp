// File: tests/models/model/policy_test.cpp
// Replenishment rules as plain values: no kernel, just numbers in, orders out.
#include "models/model/policy.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "models/model/plan.h"

using namespace jitsim::models;

namespace {
ReplenishmentRule rule(RuleKind kind, double S, double r = 0, double Q = 0) {
  ReplenishmentRule x;
  x.kind = kind;
  x.order_up_to = S;
  x.reorder_point = r;
  x.order_quantity = Q;
  return x;
}
OrderDecision at_ip(const ReplenishmentRule& x, double ip) {
  return decide(x, {ip, x.order_up_to, 0});
}
}  // namespace

TEST_SUITE("policy") {
  TEST_CASE("order-up-to orders S - IP only below S") {
    const auto x = rule(RuleKind::order_up_to, 50);
    CHECK(at_ip(x, 50) == OrderDecision{});
    CHECK(at_ip(x, 49) == OrderDecision{1, 1});
    CHECK(at_ip(x, -5) == OrderDecision{55, 1});  // backorders lower IP
  }

  TEST_CASE("(s, S) orders up to S once IP reaches s") {
    const auto x = rule(RuleKind::min_max, 200, 50);
    CHECK(at_ip(x, 51) == OrderDecision{});
    CHECK(at_ip(x, 50) == OrderDecision{150, 1});
    CHECK(at_ip(x, 30) == OrderDecision{170, 1});
  }

  TEST_CASE("(r, Q) orders as many Q as bring IP above r") {
    const auto x = rule(RuleKind::reorder_qty, 0, 10, 5);
    CHECK(at_ip(x, 11) == OrderDecision{});
    CHECK(at_ip(x, 10) == OrderDecision{5, 1});
    CHECK(at_ip(x, 6) == OrderDecision{5, 1});  // 6 + 5 = 11 > 10
    CHECK(at_ip(x, 5) == OrderDecision{5, 2});  // 5 + 5 = 10, still <= r
  }

  TEST_CASE("order_due is the trigger of decide(): no order without it, always one with it") {
    auto eoq = rule(RuleKind::up_to_eoq, 40);
    eoq.eoq_setup_cost = 50;
    eoq.eoq_holding_per_unit_year = 2;
    auto moq = rule(RuleKind::min_max, 60, 20);
    moq.min_order_qty = 25;
    moq.order_multiple = 10;
    // Each rule with the inventory positions of the grid -20, -19.5, ..., 80 at which it
    // orders, counted by hand from its trigger: IP < S, IP <= s, IP <= r (and Q > 0).
    const std::pair<ReplenishmentRule, int> cases[] = {
        {rule(RuleKind::order_up_to, 50), 140},       // -20 .. 49.5
        {moq, 81},                                    // -20 .. 20
        {rule(RuleKind::reorder_qty, 0, 10, 5), 61},  // -20 .. 10
        {rule(RuleKind::reorder_qty, 0, 10, 0), 0},   // Q = 0 never orders
        {eoq, 120},                                   // -20 .. 39.5
    };
    for (const auto& [x, expected] : cases) {
      int fired = 0;
      for (double ip = -20; ip <= 80; ip += 0.5) {
        const OrderDecision d = decide(x, {ip, x.order_up_to, 3});
        CAPTURE(ip);
        CHECK(order_due(x, ip, x.order_up_to) == (d.count > 0));
        fired += order_due(x, ip, x.order_up_to);
      }
      CHECK(fired == expected);
    }
  }

  TEST_CASE("order_below is order_due's trigger as one threshold for whole-unit positions") {
    // Fractional and negative levels, where "IP <= s" and "IP < s + 1" part ways for
    // non-integers: floor() must be taken, not the level itself.
    const ReplenishmentRule cases[] = {
        rule(RuleKind::order_up_to, 50),       rule(RuleKind::order_up_to, 49.5),
        rule(RuleKind::up_to_eoq, -3.25),      rule(RuleKind::min_max, 60, 20),
        rule(RuleKind::min_max, 60, 20.7),     rule(RuleKind::min_max, 60, -4.5),
        rule(RuleKind::reorder_qty, 0, 10, 5), rule(RuleKind::reorder_qty, 0, 9.99, 5),
        rule(RuleKind::reorder_qty, 0, 10, 0), rule(RuleKind::reorder_qty, 0, -0.5, 1),
    };
    for (const ReplenishmentRule& x : cases) {
      for (std::int64_t ip = -30; ip <= 80; ip += 1) {
        CAPTURE(ip);
        CHECK(order_due(x, static_cast<double>(ip), x.order_up_to) ==
              (ip < order_below(x, x.order_up_to)));
      }
    }
    constexpr auto kLeast = std::numeric_limits<std::int64_t>::min();
    constexpr auto kMost = std::numeric_limits<std::int64_t>::max();
    CHECK(order_below(rule(RuleKind::reorder_qty, 0, 10, 0), 0) == kLeast);  // Q = 0: never
    CHECK(order_below(rule(RuleKind::min_max, 60, 20.7), 60) == 21);         // orders at 20, not 21
    CHECK(order_below(rule(RuleKind::reorder_qty, 0, -0.5, 1), 0) == 0);     // at -1, not 0
    CHECK(order_below(rule(RuleKind::order_up_to, 49.5), 49.5) == 50);       // at 49, not 50
    CHECK(order_below(rule(RuleKind::order_up_to, 50), 50) == 50);           // at 49, not 50
    // A target that is no number, or beyond any position, orders never / always.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(order_below(rule(RuleKind::order_up_to, 0), nan) == kLeast);
    CHECK(order_below(rule(RuleKind::order_up_to, 0), -inf) == kLeast);
    CHECK(order_below(rule(RuleKind::order_up_to, 0), inf) == kMost);
    CHECK(order_below(rule(RuleKind::order_up_to, 0), 1e300) == kMost);
    CHECK(order_below(rule(RuleKind::order_up_to, 0), -1e300) == kLeast);
  }

  TEST_CASE("minimum order quantity and order multiple always apply") {
    CHECK(apply_order_terms(0, 200, 50) == 0);
    CHECK(apply_order_terms(-3, 200, 50) == 0);
    CHECK(apply_order_terms(1, 200, 50) == 200);
    CHECK(apply_order_terms(201, 200, 50) == 250);
    CHECK(apply_order_terms(250, 200, 50) == 250);
    auto x = rule(RuleKind::order_up_to, 30);
    x.min_order_qty = 12;
    CHECK(at_ip(x, 29) == OrderDecision{12, 1});  // base stock with MOQ m: (S-1, S+m-1)
  }

  TEST_CASE("JIT's kanban target follows the contract formula") {
    // ceil(mu L (1 + alpha) + mu buffer) = ceil(10 x 5 x 1.1 + 10 x 2) = ceil(75) = 75
    CHECK(kanban_target(10, 5, 0.1, 2) == 75);
    CHECK(kanban_target(3.3, 7, 0.1, 0) == std::ceil(3.3 * 7 * 1.1));
  }

  TEST_CASE("JIC's target is forecast cover plus z sd of demand over L + R") {
    const double z = normal_quantile(0.99);
    CHECK(z == doctest::Approx(2.326348).epsilon(1e-6));
    // F = 10, L = 20, R = 7, var_d = 12, var_L = 16:
    // 270 + z sqrt(27 x 12 + 100 x 16) = 270 + z sqrt(1924)
    CHECK(forecast_target(10, 20, 7, z, 12, 16) == std::ceil(270 + z * std::sqrt(1924.0)));
  }

  TEST_CASE("EOQ and the eoq order-quantity rule") {
    CHECK(economic_order_quantity(50, 3650, 2) == doctest::Approx(std::sqrt(2 * 50 * 3650 / 2.0)));
    CHECK(economic_order_quantity(0, 3650, 2) == 0);
    auto x = rule(RuleKind::up_to_eoq, 40);
    x.eoq_setup_cost = 50;
    x.eoq_holding_per_unit_year = 2;
    // EOQ at F = 10/day: sqrt(2 x 50 x 3650 / 2) = 427.2 -> 428 > S - IP = 10
    CHECK(decide(x, {30, 40, 10}) == OrderDecision{428, 1});
    CHECK(decide(x, {40, 40, 10}) == OrderDecision{});
  }

  TEST_CASE("layers of parameters: later layers win field by field") {
    PolicyParams base;
    base.service_level = 0.95;
    base.review_period_days = 7;
    PolicyParams top;
    top.service_level = 0.99;
    const PolicyParams merged = overlay(base, top);
    CHECK(*merged.service_level == 0.99);
    CHECK(*merged.review_period_days == 7);
    CHECK_FALSE(merged.window_days.has_value());
  }
}
