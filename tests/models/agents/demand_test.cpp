// -----------------------------------------------------------------------------
// File: tests/models/agents/demand_test.cpp
// -----------------------------------------------------------------------------
// Customer demand (scenarios/README.md "Demand"): the shape of the non-homogeneous Poisson rate
// (weekly factors, annual seasonality, trend), order sizes, trace replay and demand spikes.
// Counts of simulated orders are compared with the integral of the contract's rate, computed
// here independently, within a few Poisson standard deviations.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <numbers>

#include "model_test_support.h"
#include "models/model/plan.h"

using jitsim::models::Metric;
using namespace jitsim::testing;

namespace {

int weekday_of(double t) {
  const auto d = static_cast<long long>(std::floor(t));
  return static_cast<int>(((d % 7) + 7) % 7);
}

// Simpson integral of f over [a, b].
template <class F>
double integrate(F f, double a, double b, int n = 2000) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return s * h / 3;
}

// A chain whose stock never runs out, so that only the demand matters.
Chain demand_chain(const std::string& demand, double horizon, double warmup = 0) {
  Chain c;
  c.scenario = fmt::format("horizon_days = {}\nwarmup_days = {}\nseed = 11", horizon, warmup);
  c.sku = "unit_cost = 10\nprice = 20\n" + demand;
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 100000";
  return c;
}

}  // namespace

TEST_SUITE("demand") {
  TEST_CASE("weekly factors shape the rate by weekday = floor(day) mod 7, warm-up included") {
    const std::vector<double> weekly{1.0, 2.0, 0.0, 1.0, 0.5, 3.0, 1.0};
    // 700 weeks measured plus 3 weeks and 3 days of warm-up (negative days: weekday 4..6 first).
    const auto sc = demand_chain(
                        "demand = { orders_per_day = 10, weekly = [1.0, 2.0, 0.0, 1.0, 0.5, 3.0, "
                        "1.0] }",
                        4900, 24)
                        .load();
    RecordingTrace trace;
    run_once(sc, 0, 0, &trace, false);
    std::vector<double> count(7, 0.0), days(7, 0.0);
    for (long long d = -24; d < 4900; ++d)
      days[static_cast<std::size_t>(weekday_of(static_cast<double>(d)))] += 1;
    for (const TraceLine& l : trace.of("customer_order")) {
      count[static_cast<std::size_t>(weekday_of(l.time))] += 1;
    }
    for (int k = 0; k < 7; ++k) {
      const double expected = 10 * weekly[k] * days[k];
      check_count(count[k], expected, expected, fmt::format("orders on weekday {}", k));
    }
    CHECK(count[2] == 0);  // a zero factor means no demand at all
  }

  TEST_CASE("annual seasonality: amplitude and peak day") {
    const double lam = 20, A = 0.5, peak = 100, years = 20;
    const auto sc = demand_chain(
                        "demand = { orders_per_day = 20, annual_amplitude = 0.5, "
                        "annual_peak_day = 100 }",
                        365 * years)
                        .load();
    RecordingTrace trace;
    run_once(sc, 0, 0, &trace, false);
    const int bins = 12;
    std::vector<double> count(bins, 0.0);
    for (const TraceLine& l : trace.of("customer_order")) {
      const double doy = std::fmod(l.time, 365.0);
      count[static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(doy / (365.0 / bins))))] +=
          1;
    }
    int max_bin = 0;
    for (int b = 0; b < bins; ++b) {
      const double lo = b * 365.0 / bins, hi = (b + 1) * 365.0 / bins;
      const double expected =
          years * integrate(
                      [&](double t) {
                        return lam * (1 + A * std::cos(2 * std::numbers::pi * (t - peak) / 365));
                      },
                      lo, hi);
      check_count(count[b], expected, expected, fmt::format("orders in season bin {}", b));
      if (count[b] > count[max_bin]) max_bin = b;
    }
    CHECK(max_bin == static_cast<int>(peak / (365.0 / bins)));  // the peak day's bin
  }

  TEST_CASE("trend: rate x (1 + trend)^(day / 365), also before day 0") {
    const double lam = 50, g = 0.5;
    const auto sc =
        demand_chain("demand = { orders_per_day = 50, trend_per_year = 0.5 }", 730, 365).load();
    RecordingTrace trace;
    const auto result = run_once(sc, 0, 0, &trace, false);
    double years[3] = {0, 0, 0};  // [-365, 0), [0, 365), [365, 730)
    for (const TraceLine& l : trace.of("customer_order")) {
      years[static_cast<int>(std::floor(l.time / 365.0)) + 1] += 1;
    }
    const double base = lam * 365 * g / std::log(1 + g);  // integral over [0, 365)
    const double expected[3] = {base / (1 + g), base, base * (1 + g)};
    for (int y = 0; y < 3; ++y) {
      check_count(years[y], expected[y], expected[y], fmt::format("orders in year {}", y - 1));
    }
    // Only [0, horizon) is measured.
    CHECK(value_of(result.metrics, Metric::units_demanded) == years[1] + years[2]);
  }

  TEST_CASE("order sizes are rounded to whole units; a size of 0 places no order") {
    // 0.4 -> 0 (no order), 1.6 -> 2, 3.2 -> 3 with probabilities 1/4, 1/4, 1/2.
    const double lam = 10, horizon = 4000;
    const auto sc = demand_chain(
                        "demand = { orders_per_day = 10, order_size = { dist = \"empirical\", "
                        "values = [0.4, 1.6, 3.2], weights = [1, 1, 2] } }",
                        horizon)
                        .load();
    RecordingTrace trace;
    const auto result = run_once(sc, 0, 0, &trace, false);
    double orders = 0, twos = 0, units = 0;
    bool whole = true;
    for (const TraceLine& l : trace.of("customer_order")) {
      orders += 1;
      units += static_cast<double>(l.quantity);
      if (l.quantity == 2) twos += 1;
      whole = whole && (l.quantity == 2 || l.quantity == 3);
    }
    CHECK(whole);
    const double n = lam * horizon;
    check_count(orders, 0.75 * n, 0.75 * n, "customer orders (size 0 places none)");
    check_count(twos, orders / 3, orders * (1.0 / 3) * (2.0 / 3), "orders of size 2");
    CHECK(value_of(result.metrics, Metric::units_demanded) == units);
    check_count(units, 2.0 * n, n * (0.25 * 4 + 0.5 * 9), "units demanded");
  }

  TEST_CASE("a fixed order size is rounded the same way: 2.5 -> 3, 2.4 -> 2, 0.4 -> no orders") {
    for (const auto& [size, units] : {std::pair{2.5, 3}, {2.4, 2}, {0.4, 0}}) {
      CAPTURE(size);
      RecordingTrace trace;
      const auto result = run_once(
          demand_chain(fmt::format("demand = {{ orders_per_day = 3, order_size = {} }}", size), 50)
              .load(),
          0, 0, &trace, false);
      const auto orders = trace.of("customer_order");
      if (units == 0) {
        CHECK(orders.empty());
      } else {
        check_count(static_cast<double>(orders.size()), 3 * 50, 3 * 50, "customer orders");
      }
      for (const TraceLine& l : orders) CHECK(l.quantity == units);
      CHECK(value_of(result.metrics, Metric::units_demanded) ==
            static_cast<double>(units) * static_cast<double>(orders.size()));
    }
  }

  // Regression: the plan once used the unrounded size distribution's moments.
  TEST_CASE("planned demand mu is the mean of the demand actually generated (rounded sizes)") {
    // Sizes 0.4 -> 0, 1.6 -> 2, 3.2 -> 3: the customers ask for 2.0 units per order on average,
    // so mu = orders_per_day x E[size] must be 20, not 10 x E[unrounded size] = 21.
    const auto sc = demand_chain(
                        "demand = { orders_per_day = 10, order_size = { dist = \"empirical\", "
                        "values = [0.4, 1.6, 3.2], weights = [1, 1, 2] } }",
                        100)
                        .load();
    const auto plans = jitsim::models::plan_skus(sc);
    CHECK(plans[0].demand_per_day == doctest::Approx(20.0));
    // var_d = orders_per_day x E[size^2] of the rounded sizes: 10 x (0.25 x 4 + 0.5 x 9) = 55.
    CHECK(plans[0].demand_variance == doctest::Approx(55.0));
  }

  TEST_CASE("trace replay: one order per day at day + 0.5, exact quantities, warm-up wraps") {
    const std::vector<double> rows{3, 0, 5, 2.4, 7};
    Chain c = demand_chain(trace_demand(rows), 10, 3);
    const auto sc = c.load();
    RecordingTrace trace;
    const auto result = run_once(sc, 0, 0, &trace);
    std::vector<std::pair<double, std::int64_t>> expected;
    double measured = 0;
    for (long long d = -3; d < 10; ++d) {
      const auto q = std::llround(rows[static_cast<std::size_t>(((d % 5) + 5) % 5)]);
      if (q > 0) expected.emplace_back(static_cast<double>(d) + 0.5, q);
      if (d >= 0) measured += static_cast<double>(q);
    }
    std::vector<std::pair<double, std::int64_t>> got;
    for (const TraceLine& l : trace.of("customer_order")) got.emplace_back(l.time, l.quantity);
    CHECK(got == expected);
    CHECK(value_of(result.metrics, Metric::units_demanded) == measured);
  }

  TEST_CASE("trace with Poisson noise: each day's quantity is Poisson with the trace value") {
    const std::vector<double> rows{4, 10, 0};
    const double horizon = 6000;
    const auto sc = demand_chain(trace_demand(rows, true), horizon).load();
    RecordingTrace trace;
    run_once(sc, 0, 0, &trace, false);
    double sum[3] = {0, 0, 0}, sum_sq[3] = {0, 0, 0};
    bool half_past = true;
    for (const TraceLine& l : trace.of("customer_order")) {
      const auto k = static_cast<std::size_t>(static_cast<long long>(std::floor(l.time)) % 3);
      sum[k] += static_cast<double>(l.quantity);
      sum_sq[k] += static_cast<double>(l.quantity * l.quantity);
      half_past = half_past && l.time - std::floor(l.time) == 0.5;
    }
    CHECK(half_past);
    const double n = horizon / 3;  // days per row
    for (int k = 0; k < 2; ++k) {
      const double mean = sum[k] / n;
      check_count(mean, rows[k], rows[k] / n, fmt::format("mean of row {}", k));
      const double var = sum_sq[k] / n - mean * mean;  // zero days are included as zeros
      CHECK(var == doctest::Approx(rows[k]).epsilon(0.1));
    }
    CHECK(sum[2] == 0);  // a mean of 0 never orders
  }

  TEST_CASE("demand spikes on a trace multiply the day's quantity") {
    Chain c = demand_chain(trace_demand({10}), 8);
    c.extra =
        "[[shocks]]\nid = \"x\"\nkind = \"demand_spike\"\nsku = \"a\"\nstart_day = 2\n"
        "duration_days = 3\nmultiplier = 1.5\n";
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    std::vector<std::int64_t> q;
    for (const TraceLine& l : trace.of("customer_order")) q.push_back(l.quantity);
    CHECK(q == std::vector<std::int64_t>{10, 10, 15, 15, 15, 10, 10, 10});
  }

  TEST_CASE("demand spike shapes: orders in the window follow the integral of m(t)") {
    const double lam = 200, start = 100, dur = 50, m = 4;
    // The contract's m(t), written independently of the model.
    auto shape_factor = [&](const std::string& shape, double t) {
      if (t < start || t >= start + dur) return 1.0;
      const double u = t - start;
      if (shape == "step") return m;
      if (shape == "ramp") {
        const double half = dur / 2;
        return u < half ? 1 + (m - 1) * u / half : 1 + (m - 1) * (dur - u) / half;
      }
      const double tenth = dur / 10;  // viral
      return u < tenth ? 1 + (m - 1) * u / tenth : 1 + (m - 1) * std::exp(-(u - tenth) / (dur / 4));
    };
    for (const std::string shape : {"step", "ramp", "viral"}) {
      Chain c = demand_chain("demand = { orders_per_day = 200 }", 170);
      c.extra = fmt::format(
          "[[shocks]]\nid = \"x\"\nkind = \"demand_spike\"\nsku = \"a\"\nstart_day = 100\n"
          "duration_days = 50\nmultiplier = 4\nshape = \"{}\"\n",
          shape);
      RecordingTrace trace;
      run_once(c.load(), 0, 0, &trace, false);
      // Ten bins over the window plus one before and one after it.
      std::vector<double> edges{80, 100};
      for (int k = 1; k <= 10; ++k) edges.push_back(start + k * dur / 10);
      edges.push_back(170);
      std::vector<double> count(edges.size() - 1, 0.0);
      for (const TraceLine& l : trace.of("customer_order")) {
        for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
          if (l.time >= edges[b] && l.time < edges[b + 1]) count[b] += 1;
        }
      }
      for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
        const double expected = integrate([&](double t) { return lam * shape_factor(shape, t); },
                                          edges[b], edges[b + 1]);
        check_count(count[b], expected, expected,
                    fmt::format("{}: orders in [{}, {})", shape, edges[b], edges[b + 1]));
      }
    }
  }
}
