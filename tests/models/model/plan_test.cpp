// File: tests/models/model/plan_test.cpp
// What a scenario implies before simulating: policies resolved per SKU from the plans.
#include <doctest/doctest.h>

#include <cmath>

#include "model_test_support.h"
#include "models/model/plan.h"
#include "models/model/policy.h"

using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {
// The one SKU's resolved rule under the scenario's first policy.
m::ReplenishmentRule resolved(const Chain& c) {
  const m::Scenario sc = c.load();
  const auto plans = m::plan_skus(sc);
  return m::resolve_policy(sc, plans, sc.policies[0])[0];
}
}  // namespace

TEST_SUITE("plan") {
  TEST_CASE("the kanban target counts the signal wait in the loop's lead time") {
    // mu = 10/day, L_plan = 4 (lead time) + 1 (transit) = 5 days, safety factor 0.1.
    Chain c;
    c.supplier = "lead_time_days = 4";
    c.carrier = "transit_days = 1";
    c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 10 }";
    SUBCASE("batch = daily: a signal may wait a day, T_signal = 1") {
      c.policies = "[[policies]]\nname = \"jit\"\nkind = \"jit\"";
      const auto r = resolved(c);
      CHECK(r.signal_wait_days == 1);
      CHECK(r.order_up_to == std::ceil(10 * (5 + 1) * 1.1 - 1e-9));  // 66, not 55
      // adapt re-estimates mu and keeps the same formula: at the planned mean, the same S.
      CHECK(m::current_target(r, 10, 0) == r.order_up_to);
    }
    SUBCASE("batch = none: every signal is sent at once, T_signal = 0") {
      c.policies = "[[policies]]\nname = \"jit\"\nkind = \"jit\"\nbatch = \"none\"";
      const auto r = resolved(c);
      CHECK(r.signal_wait_days == 0);
      CHECK(r.order_up_to == std::ceil(10 * 5 * 1.1 - 1e-9));  // 55
      CHECK(m::current_target(r, 10, 0) == r.order_up_to);
    }
    SUBCASE("buffer days and safety factor on top") {
      c.policies =
          "[[policies]]\nname = \"jit\"\nkind = \"jit\"\nsafety_factor = 0.5\n"
          "buffer_days = 2";
      const auto r = resolved(c);
      CHECK(r.order_up_to == std::ceil(10 * 6 * 1.5 + 10 * 2 - 1e-9));  // 110
    }
  }
}
