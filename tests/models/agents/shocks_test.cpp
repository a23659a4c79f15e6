// -----------------------------------------------------------------------------
// File: tests/models/agents/shocks_test.cpp
// -----------------------------------------------------------------------------
// Shocks (scenarios/README.md "Shocks"): every kind of the contract's table with a start_day window
// over a deterministic flow (one order a day at day + 0.5, fixed lead and transit times), so
// the trace's times can be compared with the contract's rule worked out here; random
// occurrences, merging and common random numbers through ShockTimeline and paired runs.
// (Demand spike shapes are in demand_test.cpp.)
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "model_test_support.h"

using jitsim::models::Metric;
using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {

// One unit demanded at every day + 0.5; each sale reorders one unit (base stock), released at
// once, handed to the carrier `lead` days later, travelling `transit` days.
Chain daily_flow(const std::string& shock, double horizon = 80, double transit = 10) {
  Chain c;
  c.scenario = fmt::format("horizon_days = {}", horizon);
  c.supplier = "lead_time_days = 1";
  c.carrier = fmt::format("transit_days = {}", transit);
  c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({1});
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 30";
  c.extra = "[[shocks]]\nid = \"x\"\n" + shock + "\n";
  return c;
}

// Purchase order -> time of its (single) event of this kind.
std::map<std::uint64_t, double> time_by_po(const RecordingTrace& trace, std::string_view event) {
  std::map<std::uint64_t, double> out;
  for (const TraceLine& l : trace.of(event)) out[l.purchase_order] = l.time;
  return out;
}

// Units per calendar day of an event kind.
std::map<long long, std::int64_t> units_by_day(const RecordingTrace& trace,
                                               std::string_view event) {
  std::map<long long, std::int64_t> out;
  for (const TraceLine& l : trace.of(event)) {
    out[static_cast<long long>(std::floor(l.time))] += l.quantity;
  }
  return out;
}

}  // namespace

TEST_SUITE("shocks") {
  TEST_CASE("shipping_delay, in_transit = true: everything moving in the window slows down") {
    const double a = 20, b = 30, f = 2, extra = 3, T = 10;
    // The contract's rule: speed 1/f inside [a, b), extra days for departures in the window.
    auto arrival = [&](double s) {
      double pos = s, left = T;
      if (pos < a) {
        if (pos + left <= a) return pos + left;
        left -= a - pos;
        pos = a;
      }
      if (pos < b) {
        if (left * f <= b - pos) {
          pos += left * f;
          left = 0;
        } else {
          left -= (b - pos) / f;
          pos = b;
        }
      }
      return pos + left + (s >= a && s < b ? extra : 0);
    };
    RecordingTrace trace;
    run_once(daily_flow("kind = \"shipping_delay\"\ncarrier = \"c\"\nstart_day = 20\n"
                        "duration_days = 10\ndelay_factor = 2\nextra_days = 3")
                 .load(),
             0, 0, &trace);
    const auto departed = time_by_po(trace, "departure");
    int checked = 0;
    for (const auto& [po, t] : time_by_po(trace, "arrival")) {
      CAPTURE(departed.at(po));
      CHECK(t == doctest::Approx(arrival(departed.at(po))));
      ++checked;
    }
    CHECK(checked > 50);
  }

  TEST_CASE("shipping_delay, in_transit = false: only departures in the window are slower") {
    RecordingTrace trace;
    run_once(daily_flow("kind = \"shipping_delay\"\ncarrier = \"c\"\nstart_day = 20\n"
                        "duration_days = 10\ndelay_factor = 2\nextra_days = 3\n"
                        "in_transit = false")
                 .load(),
             0, 0, &trace);
    const auto departed = time_by_po(trace, "departure");
    for (const auto& [po, t] : time_by_po(trace, "arrival")) {
      const double s = departed.at(po);
      CAPTURE(s);
      CHECK(t == doctest::Approx(s >= 20 && s < 30 ? s + 10 * 2 + 3 : s + 10));
    }
  }

  TEST_CASE("port_closure: shipments that would arrive in the window arrive when it ends") {
    RecordingTrace trace;
    run_once(
        daily_flow("kind = \"port_closure\"\ncarrier = \"c\"\nstart_day = 40\nduration_days = 5")
            .load(),
        0, 0, &trace);
    const auto departed = time_by_po(trace, "departure");
    int held = 0;
    for (const auto& [po, t] : time_by_po(trace, "arrival")) {
      const double nominal = departed.at(po) + 10;
      CHECK(t == doctest::Approx(nominal >= 40 && nominal < 45 ? 45 : nominal));
      if (nominal >= 40 && nominal < 45) ++held;
    }
    CHECK(held == 5);
  }

  TEST_CASE("supplier_shutdown: no release or hand-over in the window; both move to its end") {
    RecordingTrace trace;
    run_once(daily_flow("kind = \"supplier_shutdown\"\nsupplier = \"s\"\nstart_day = 20.2\n"
                        "duration_days = 9.8")
                 .load(),
             0, 0, &trace);
    const auto placed = time_by_po(trace, "purchase_order");
    const auto released = time_by_po(trace, "released");
    const auto departed = time_by_po(trace, "departure");
    auto shut = [](double t) { return t >= 20.2 && t < 30; };
    int moved = 0;
    for (const auto& [po, t] : placed) {
      const double r = shut(t) ? 30 : t;
      CAPTURE(t);
      CHECK(released.at(po) == doctest::Approx(r));
      if (departed.count(po)) {
        const double h = shut(r + 1) ? 30 : r + 1;
        CHECK(departed.at(po) == doctest::Approx(h));
        if (shut(r + 1)) ++moved;
      }
    }
    CHECK(moved == 1);  // released at 19.5, due at 20.5
  }

  // Regression: reopening once reset the day's capacity bucket, releasing two days' capacity
  // on the reopening day (16 units instead of 8 here).
  TEST_CASE("supplier_shutdown: capacity ramps from 0 to full over recovery_days") {
    // Capacity 10 a day, orders of 4 units queue during [20, 25).
    for (const double recovery : {0.0, 5.0}) {
      Chain c;
      c.scenario = "horizon_days = 40";
      c.supplier = "lead_time_days = 1\ncapacity_units_per_day = 10";
      c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({4});
      c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 40";
      c.extra = fmt::format(
          "[[shocks]]\nid = \"x\"\nkind = \"supplier_shutdown\"\nsupplier = \"s\"\n"
          "start_day = 20\nduration_days = 5\nrecovery_days = {}\n",
          recovery);
      RecordingTrace trace;
      run_once(c.load(), 0, 0, &trace);
      auto released = units_by_day(trace, "released");
      CAPTURE(recovery);
      for (long long d = 20; d < 25; ++d) CHECK(released[d] == 0);
      if (recovery == 0) {
        CHECK(released[25] == 8);  // full capacity at once: two whole orders
      } else {
        // Day 25 + k has capacity 10 k / 5; at most one whole order may borrow ahead.
        double cum_cap = 0, cum = 0;
        for (long long k = 0; k < 5; ++k) {
          cum_cap += 10.0 * static_cast<double>(k) / 5;
          cum += static_cast<double>(released[25 + k]);
          CAPTURE(k);
          CHECK(cum <= cum_cap + 4);
        }
        CHECK(released[25] == 0);
        CHECK(cum >= 12);  // and the ramp does release
      }
    }
  }

  TEST_CASE("capacity_cut on a supplier and on a carrier multiplies their daily capacity") {
    for (const bool on_carrier : {false, true}) {
      Chain c;
      c.scenario = "horizon_days = 40";
      if (on_carrier) {
        c.carrier = "transit_days = 1\ncapacity_units_per_day = 10";
      } else {
        c.supplier = "lead_time_days = 1\ncapacity_units_per_day = 10";
      }
      c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 8 }";
      c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 60";
      c.extra = fmt::format(
          "[[shocks]]\nid = \"x\"\nkind = \"capacity_cut\"\n{} = \"{}\"\nstart_day = 10\n"
          "duration_days = 10\nfactor = 0.5\n",
          on_carrier ? "carrier" : "supplier", on_carrier ? "c" : "s");
      RecordingTrace trace;
      run_once(c.load(), 0, 0, &trace);
      auto per_day = units_by_day(trace, on_carrier ? "departure" : "released");
      CAPTURE(on_carrier);
      std::int64_t in_window = 0;
      for (long long d = 10; d < 20; ++d) {
        CAPTURE(d);
        CHECK(per_day[d] <= 5);
        in_window += per_day[d];
      }
      CHECK(in_window >= 45);  // demand 8 a day keeps a queue: the cut capacity is used
      std::int64_t after = 0;
      for (long long d = 20; d < 25; ++d) after += per_day[d];
      CHECK(after > 5 * 5);  // full capacity again works the queue off
    }
  }

  TEST_CASE("quality_failure: its defect rate applies to goods handed over in the window") {
    RecordingTrace trace;
    const auto r = run_once(daily_flow("kind = \"quality_failure\"\nsupplier = \"s\"\n"
                                       "start_day = 10\nduration_days = 10\ndefect_rate = 1",
                                       40, 1)
                                .load(),
                            0, 0, &trace)
                       .metrics;
    std::int64_t handed_in_window = 0;
    for (const TraceLine& l : trace.of("departure")) {
      if (l.time >= 10 && l.time < 20) handed_in_window += l.quantity;
    }
    CHECK(handed_in_window >= 10);
    CHECK(value_of(r, Metric::rejected_units) == static_cast<double>(handed_in_window));
  }

  TEST_CASE("receiving_slowdown: dock-to-stock x factor, receiving capacity x capacity_factor") {
    Chain c = daily_flow(
        "kind = \"receiving_slowdown\"\nstart_day = 10\nduration_days = 10\nfactor = 3\n"
        "capacity_factor = 0.5",
        40, 1);
    c.warehouse = "dock_to_stock_days = 1\nreceiving_capacity_units_per_day = 100";
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    const auto arrived = time_by_po(trace, "arrival");
    int slowed = 0;
    for (const auto& [po, t] : time_by_po(trace, "receipt")) {
      const double a = arrived.at(po);
      const bool in = a >= 10 && a < 20;
      CAPTURE(a);
      CHECK(t - a == doctest::Approx(in ? 1.0 / 50 + 3 : 1.0 / 100 + 1));
      slowed += in;
    }
    CHECK(slowed == 10);
  }

  TEST_CASE("shipment_loss: the loss probability of departures in the window") {
    RecordingTrace trace;
    const auto r = run_once(daily_flow("kind = \"shipment_loss\"\ncarrier = \"c\"\n"
                                       "start_day = 10\nduration_days = 10\nloss_probability = 1",
                                       40, 1)
                                .load(),
                            0, 0, &trace)
                       .metrics;
    const auto departed = time_by_po(trace, "departure");
    std::int64_t expected = 0;
    for (const TraceLine& l : trace.of("departure")) {
      if (l.time >= 10 && l.time < 20) expected += l.quantity;
    }
    for (const auto& [po, t] : time_by_po(trace, "lost_in_transit")) {
      CHECK(departed.at(po) >= 10);
      CHECK(departed.at(po) < 20);
    }
    CHECK(expected >= 10);
    CHECK(value_of(r, Metric::lost_in_transit_units) == static_cast<double>(expected));
  }

  TEST_CASE(
      "may_lose: a carrier's own loss probability, or a shipment_loss shock that can hit it") {
    const auto may_lose = [](const std::string& shock, double base) {
      const auto sc = daily_flow(shock).load();
      return m::ShockTimeline(sc).may_lose(0, base);  // before any draw: every replication
    };
    const std::string delay =
        "kind = \"shipping_delay\"\nstart_day = 5\nduration_days = 1\n"
        "extra_days = 2";
    CHECK_FALSE(may_lose(delay, 0));
    CHECK(may_lose(delay, 0.01));
    CHECK(
        may_lose("kind = \"shipment_loss\"\ncarrier = \"c\"\noccurrence = { rate_per_year = 0.1 "
                 "}\nduration_days = 1\nloss_probability = 0.5",
                 0));
    CHECK(
        may_lose("kind = \"shipment_loss\"\nstart_day = 5\nduration_days = 1\n"
                 "loss_probability = 0.5",
                 0));  // no target: every carrier
    CHECK_FALSE(
        may_lose("kind = \"shipment_loss\"\ncarrier = \"c\"\nstart_day = 5\n"
                 "duration_days = 1\nloss_probability = 0",
                 0));
  }

  TEST_CASE("random occurrences: Poisson starts at rate_per_year over warm-up and horizon") {
    Chain c = daily_flow(
        "kind = \"port_closure\"\noccurrence = { rate_per_year = 3 }\nduration_days = 0.001");
    c.scenario = "horizon_days = 1460\nwarmup_days = 365";
    const auto sc = c.load();
    m::ShockTimeline timeline(sc);
    const int reps = 2000;
    double count = 0, before_zero = 0;
    for (int r = 0; r < reps; ++r) {
      timeline.draw(7, static_cast<std::uint64_t>(r), -365, 1460);
      for (const m::ShockWindow& w : timeline.windows()) {
        count += 1;
        before_zero += w.start < 0;
        CHECK(w.start >= -365);
        CHECK(w.start < 1460);
      }
    }
    // 5 years at 3 a year; overlaps of 0.001-day windows are negligible.
    check_count(count / reps, 15, 15.0 / reps, "windows per replication");
    check_count(before_zero, count / 5, count * 0.2 * 0.8, "starts in the warm-up");
  }

  TEST_CASE("an occurrence that starts while the shock is active extends it") {
    Chain c = daily_flow(
        "kind = \"port_closure\"\noccurrence = { rate_per_year = 40 }\nduration_days = 10");
    c.scenario = "horizon_days = 1000";
    const auto sc = c.load();
    m::ShockTimeline timeline(sc);
    double windows = 0;
    for (int r = 0; r < 200; ++r) {
      timeline.draw(7, static_cast<std::uint64_t>(r), 0, 1000);
      const auto& w = timeline.windows();
      for (std::size_t i = 0; i < w.size(); ++i) {
        CHECK(w[i].end - w[i].start >= 10 - 1e-9);
        if (i + 1 < w.size()) CHECK(w[i].end < w[i + 1].start);  // merged: disjoint
      }
      windows += static_cast<double>(w.size());
    }
    // Starts come at 40/365 a day; a window closes when no start follows within 10 days, so
    // merged windows number rate x T x exp(-rate x 10) on average.
    const double rate = 40.0 / 365;
    const double expected = rate * 1000 * std::exp(-rate * 10);
    CHECK(windows / 200 == doctest::Approx(expected).epsilon(0.08));
  }

  TEST_CASE("common random numbers: every policy sees the same shocks and the same demand") {
    Chain c;
    c.scenario = "horizon_days = 300\nwarmup_days = 30\nseed = 99";
    c.supplier = "lead_time_days = { dist = \"gamma\", mean = 5, sd = 2 }";
    c.carrier = "transit_days = { dist = \"uniform\", min = 2, max = 6 }\nloss_probability = 0.05";
    c.sku =
        "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 7, order_size = { dist = "
        "\"poisson\", mean = 2 } }";
    c.policies =
        "[[policies]]\nname = \"jit\"\nkind = \"jit\"\n[[policies]]\nname = \"jic\"\nkind = "
        "\"jic\"\n";
    c.extra =
        "[[shocks]]\nid = \"spike\"\nkind = \"demand_spike\"\noccurrence = { rate_per_year = 4 "
        "}\nduration_days = { dist = \"exponential\", mean = 20 }\nmultiplier = 3\n"
        "[[shocks]]\nid = \"fire\"\nkind = \"supplier_shutdown\"\noccurrence = { rate_per_year "
        "= 2 }\nduration_days = 10\n";
    const auto sc = c.load();
    const m::ModelSetup setup(sc);
    m::Simulation sim(setup);
    for (std::uint64_t r = 0; r < 4; ++r) {
      std::vector<std::vector<std::pair<double, std::int64_t>>> orders(2);
      std::vector<double> demanded(2);
      for (std::size_t p = 0; p < 2; ++p) {
        RecordingTrace trace;
        m::ReplicationOptions o;
        o.trace = &trace;
        demanded[p] = value_of(sim.run(p, r, o).metrics, Metric::units_demanded);
        for (const TraceLine& l : trace.of("customer_order")) {
          orders[p].emplace_back(l.time, l.quantity);
        }
      }
      CAPTURE(r);
      CHECK(demanded[0] == demanded[1]);
      CHECK(orders[0] == orders[1]);
    }
    // The timeline depends on (seed, replication, shock id) only.
    m::ShockTimeline t1(sc), t2(sc);
    t1.draw(99, 3, -30, 300);
    t2.draw(99, 3, -30, 300);
    REQUIRE(t1.windows().size() == t2.windows().size());
    for (std::size_t i = 0; i < t1.windows().size(); ++i) {
      CHECK(t1.windows()[i].start == t2.windows()[i].start);
      CHECK(t1.windows()[i].end == t2.windows()[i].end);
    }
  }
}

TEST_SUITE("shocks") {
  // Regression: a capacity factor of 0 once made the dock's finishing time infinite (a crash).
  TEST_CASE("receiving_slowdown with capacity_factor 0 stops receiving only while it lasts") {
    Chain c = daily_flow(
        "kind = \"receiving_slowdown\"\nstart_day = 10\nduration_days = 2\ncapacity_factor = 0", 30,
        1);
    c.warehouse = "receiving_capacity_units_per_day = 100";
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    const auto arrived = time_by_po(trace, "arrival");
    const auto received = time_by_po(trace, "receipt");
    for (const auto& [po, a] : arrived) {
      CAPTURE(a);
      REQUIRE(received.count(po));
      // Held during the window, then worked off at full capacity, FIFO.
      if (a < 10) CHECK(received.at(po) == doctest::Approx(a + 0.01));
      if (a >= 12) CHECK(received.at(po) <= a + 0.05);
    }
  }

  // Regression: same cause as the recovery test above.
  TEST_CASE("a supplier shutdown ending within a day does not grant a second day of capacity") {
    // Capacity 10 a day; SKUs a and b each order 6 units a day, so a queue builds and every
    // day releases one order of 6 at its start. The shutdown [20.2, 20.4) sits inside day 20,
    // whose capacity that release has already used: reopening must not add another day's.
    Chain c;
    c.scenario = "horizon_days = 40";
    c.supplier = "lead_time_days = 1\ncapacity_units_per_day = 10";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({6});
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 40";
    c.extra = fmt::format(
        "[[skus]]\nid = \"b\"\nsupplier = \"s\"\ncarrier = \"c\"\nunit_cost = 10\n"
        "price = 20\n{}\n[[shocks]]\nid = \"x\"\nkind = \"supplier_shutdown\"\n"
        "supplier = \"s\"\nstart_day = 20.2\nduration_days = 0.2\n",
        trace_demand({6}));
    RecordingTrace trace;
    run_once(c.load(), 0, 0, &trace);
    for (const auto& [day, units] : units_by_day(trace, "released")) {
      CAPTURE(day);
      CHECK(units <= 10);
    }
  }
}
