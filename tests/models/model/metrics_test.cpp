// File: tests/models/model/metrics_test.cpp
// Metric arithmetic as plain functions: total cost and time to recover, by hand-made ledgers.
#include "models/model/metrics.h"

#include <doctest/doctest.h>

#include <cmath>

namespace m = jitsim::models;

TEST_SUITE("metrics") {
  TEST_CASE("total cost is the sum of its seven parts; purchase cost is not one") {
    m::SkuLedger l;
    l.holding_cost = 1;
    l.ordering_cost = 2;
    l.transport_cost = 4;
    l.backorder_cost = 8;
    l.lost_sales_cost = 16;
    l.spoilage_cost = 32;
    l.purchase_cost = 1000;
    CHECK(m::total_cost(l, 64) == 127);
    const auto v = m::compute_metrics(l, nullptr, 10);
    CHECK(v[static_cast<std::size_t>(m::Metric::total_cost)] == 63);
    CHECK(v[static_cast<std::size_t>(m::Metric::cost_per_day)] == doctest::Approx(6.3));
  }

  TEST_CASE("time to recover: trailing 7-day fill back within 0.01 of the 28 days before") {
    // 100 days, 10 units a day; all served except days 30-44, half served.
    m::DailyFill fill;
    fill.first_day = 0;
    fill.demanded.assign(101, 10.0);
    fill.served.assign(101, 10.0);
    for (int d = 30; d < 45; ++d) fill.served[static_cast<std::size_t>(d)] = 5;
    // The trailing window [d - 7, d) is clear of the bad days first at d = 52: 12 days after
    // the shock's end at 40.
    CHECK(m::time_to_recover(fill, {{30, 40}}, 100) == 12);
    // The mean over occurrences; a window ending at or after the horizon, or before day 0,
    // does not count.
    CHECK(m::time_to_recover(fill, {{30, 40}, {30, 44}, {90, 100}, {-20, -5}}, 100) == 10);
    // Never recovered: the rest of the horizon.
    for (int d = 45; d <= 100; ++d) fill.served[static_cast<std::size_t>(d)] = 9.8;
    CHECK(m::time_to_recover(fill, {{30, 40}}, 100) == 60);
    // Within the tolerance (0.995 vs 1.0) counts as recovered.
    for (int d = 45; d <= 100; ++d) fill.served[static_cast<std::size_t>(d)] = 9.95;
    CHECK(m::time_to_recover(fill, {{30, 40}}, 100) == 12);
    // No window, or no demand before the shock: undefined.
    CHECK(std::isnan(m::time_to_recover(fill, {}, 100)));
    for (int d = 0; d < 30; ++d) fill.demanded[static_cast<std::size_t>(d)] = 0;
    CHECK(std::isnan(m::time_to_recover(fill, {{30, 40}}, 100)));
  }
}
