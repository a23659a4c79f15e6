// -----------------------------------------------------------------------------
// File: tests/models/agents/order_log_test.cpp
// -----------------------------------------------------------------------------
// Order-log demand in the simulation (scenarios/README.md "order-log form"): exact replay puts
// every logged order at its time with its quantity (totals exact); the day bootstrap replays,
// each day, exactly one log day of the same weekday, the same one for every SKU, differing
// between replications and reproducible; its mean daily demand matches the log's.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "model_test_support.h"
#include "models/model/plan.h"

using jitsim::models::Metric;
using namespace jitsim::testing;

namespace {

// Writes `text` to a fresh temporary CSV and returns its absolute path.
std::string orders_csv(const std::string& text) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("jitsim-order-log-sim-{}", static_cast<long>(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / fmt::format("orders{}.csv", counter++);
  std::ofstream(path) << text;
  return path.string();
}

// A chain whose stock never runs out; SKU "a" (and "b" when `with_b`) read the log at `path`.
Chain log_chain(const std::string& path, const std::string& resample, double horizon,
                double warmup = 0, bool with_b = false) {
  Chain c;
  c.scenario = fmt::format("horizon_days = {}\nwarmup_days = {}\nseed = 5", horizon, warmup);
  const std::string demand =
      fmt::format("demand = {{ orders_file = \"{}\", resample = \"{}\" }}", path, resample);
  c.sku = "unit_cost = 10\nprice = 20\n" + demand;
  if (with_b) {
    c.extra = fmt::format(
        "[[skus]]\nid = \"b\"\nsupplier = \"s\"\ncarrier = \"c\"\nunit_cost = 1\nprice = 2\n{}\n",
        demand);
  }
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 100000";
  return c;
}

struct Logged {
  double time;
  std::string sku;
  std::int64_t quantity;
};

std::string csv_of(const std::vector<Logged>& rows) {
  std::string text = "time,sku,quantity\n";
  for (const Logged& l : rows) text += fmt::format("{},{},{}\n", l.time, l.sku, l.quantity);
  return text;
}

}  // namespace

TEST_SUITE("order log") {
  TEST_CASE("exact replay: every order at its time, the log's units and orders exactly") {
    // Several orders a day, out of order in the file, a day without orders, a 0 (no order).
    const std::vector<Logged> rows{{2.75, "a", 3}, {0.25, "a", 1}, {0.5, "b", 4}, {2.125, "a", 2},
                                   {0.25, "a", 5}, {4.0, "a", 1},  {3.5, "a", 0}, {4.999, "b", 6}};
    const std::string path = orders_csv(csv_of(rows));
    const auto sc = log_chain(path, "none", 5, 0, true).load();
    RecordingTrace trace;
    jitsim::models::ReplicationOptions options;
    options.trace = &trace;
    options.per_sku = true;
    const jitsim::models::ModelSetup setup(sc);
    jitsim::models::Simulation sim(setup);
    const auto result = sim.run(0, 0, options);
    for (const auto& [item, name] : {std::pair{0, "a"}, std::pair{1, "b"}}) {
      CAPTURE(name);
      std::vector<std::pair<double, std::int64_t>> expected;
      double units = 0;
      for (const Logged& l : rows) {
        if (l.sku == name && l.quantity > 0) expected.emplace_back(l.time, l.quantity);
        if (l.sku == name) units += static_cast<double>(l.quantity);
      }
      std::stable_sort(expected.begin(), expected.end(),
                       [](const auto& x, const auto& y) { return x.first < y.first; });
      std::vector<std::pair<double, std::int64_t>> got;
      for (const TraceLine& l : trace.of("customer_order", item)) {
        got.emplace_back(l.time, l.quantity);
      }
      CHECK(got == expected);
      CHECK(value_of(result.per_sku[static_cast<std::size_t>(item)], Metric::units_demanded) ==
            units);
    }
    CHECK(value_of(result.metrics, Metric::units_demanded) == 22);
    // Every replication replays the same orders.
    RecordingTrace again;
    run_once(sc, 0, 7, &again);
    CHECK(again.of("customer_order").size() == trace.of("customer_order").size());
    for (std::size_t i = 0; i < again.of("customer_order").size(); ++i) {
      CHECK(again.of("customer_order")[i].time == trace.of("customer_order")[i].time);
    }
  }

  TEST_CASE("dated log: orders land on the day counted from the earliest date") {
    const std::string path = orders_csv(
        "created,sku,quantity\n2024-03-05T06:00:00-05:00,a,2\n2024-03-03,a,1\n"
        "2024-03-04 18:00,a,4\n");
    Chain c = log_chain(path, "none", 3, 2);
    c.sku = fmt::format(
        "unit_cost = 10\nprice = 20\ndemand = {{ orders_file = \"{}\", columns = {{ time = "
        "\"created\" }} }}",
        path);
    RecordingTrace trace;
    const auto result = run_once(c.load(), 0, 0, &trace);
    std::vector<std::pair<double, std::int64_t>> got;
    for (const TraceLine& l : trace.of("customer_order")) got.emplace_back(l.time, l.quantity);
    // Warm-up days -2 and -1 wrap to log days 1 and 2, as a trace's do.
    const std::vector<std::pair<double, std::int64_t>> expected{
        {-2 + 0.75, 4}, {-1 + 0.25, 2}, {0.5, 1}, {1.75, 4}, {2.25, 2}};
    CHECK(got == expected);
    CHECK(value_of(result.metrics, Metric::units_demanded) == 7);
  }

  TEST_CASE("bootstrap: each day replays one log day of its weekday, shared by the SKUs") {
    // 20 log days; day j: SKU a orders j + 1 units at 0.1 and 1 unit at 0.6, SKU b 100 + j.
    std::vector<Logged> rows;
    for (int j = 0; j < 20; ++j) {
      rows.push_back({j + 0.6, "a", 1});
      rows.push_back({j + 0.1, "a", j + 1});
      rows.push_back({j + 0.3, "b", 100 + j});
    }
    const std::string path = orders_csv(csv_of(rows));
    const auto sc = log_chain(path, "days", 140, 10, true).load();
    std::vector<std::vector<int>> drawn;  // per replication: the log day of every run day
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      RecordingTrace trace;
      run_once(sc, 0, rep, &trace, false);
      std::map<long long, std::vector<TraceLine>> by_day;
      for (const TraceLine& l : trace.of("customer_order")) {
        by_day[static_cast<long long>(std::floor(l.time))].push_back(l);
      }
      std::vector<int> days;
      for (long long k = -10; k < 140; ++k) {
        CAPTURE(k);
        const auto& o = by_day[k];
        REQUIRE(o.size() == 3);
        const auto j = static_cast<int>(o[0].quantity - 1);  // a's first order names the day
        CHECK(((k % 7) + 7) % 7 == j % 7);
        CHECK(o[0].item == 0);
        CHECK(o[0].time == doctest::Approx(static_cast<double>(k) + 0.1));
        CHECK(o[1].item == 1);  // b replays the same log day
        CHECK(o[1].quantity == 100 + j);
        CHECK(o[1].time == doctest::Approx(static_cast<double>(k) + 0.3));
        CHECK(o[2].quantity == 1);
        CHECK(o[2].time == doctest::Approx(static_cast<double>(k) + 0.6));
        days.push_back(j);
      }
      // Every log day of a weekday is drawn (150 days, at most 3 candidates each).
      CHECK(std::set<int>(days.begin(), days.end()).size() == 20);
      drawn.push_back(days);
    }
    CHECK(drawn[0] != drawn[1]);  // replications differ
    CHECK(drawn[1] != drawn[2]);
    RecordingTrace again;
    run_once(sc, 0, 1, &again, false);
    std::vector<int> days;
    for (const TraceLine& l : again.of("customer_order", 0)) {
      if (l.time - std::floor(l.time) < 0.2) days.push_back(static_cast<int>(l.quantity - 1));
    }
    CHECK(days == drawn[1]);  // same seed and replication: the same days
  }

  TEST_CASE("bootstrap: mean daily demand matches the log's within its interval") {
    // 4 weeks of irregular daily totals (a weekly pattern and noise), several orders a day.
    std::vector<Logged> rows;
    double total = 0;
    for (int j = 0; j < 28; ++j) {
      const int orders = 1 + (j * 7 + 3) % 5 + (j % 7 == 5 ? 4 : 0);
      for (int i = 0; i < orders; ++i) {
        const std::int64_t q = 1 + (j * 13 + i * 7) % 4;
        rows.push_back({j + (i + 0.5) / (orders + 1), "a", q});
        total += static_cast<double>(q);
      }
    }
    const double log_mean = total / 28;
    const std::string path = orders_csv(csv_of(rows));
    const auto sc = log_chain(path, "days", 70).load();
    const auto plans = jitsim::models::plan_skus(sc);
    CHECK(plans[0].demand_per_day == doctest::Approx(log_mean));
    const auto runs = replicate(sc, 0, 400);
    std::vector<double> per_day;
    for (const auto& v : runs) per_day.push_back(value_of(v, Metric::units_demanded) / 70);
    const auto s = jitsim::sim::summarize(per_day);
    check_matches_theory(s, log_mean, "mean daily demand of the bootstrap", 0.01);
    CHECK(s.sd > 0);  // the replications differ
  }

  TEST_CASE("policies, churn and shocks work on an order log") {
    std::vector<Logged> rows;
    for (int j = 0; j < 14; ++j) rows.push_back({j + 0.5, "a", 5 + j % 3});
    Chain c = log_chain(orders_csv(csv_of(rows)), "days", 60);
    c.policies =
        "[[policies]]\nname = \"jit\"\nkind = \"jit\"\n[[policies]]\nname = \"jic\"\n"
        "kind = \"jic\"\nservice_level = 0.95";
    c.extra =
        "[customers]\nchurn_per_short_order = 0.05\n"
        "[[shocks]]\nid = \"x\"\nkind = \"demand_spike\"\nsku = \"a\"\nstart_day = 10\n"
        "duration_days = 5\nmultiplier = 2\n";
    const auto sc = c.load();
    RecordingTrace trace;
    run_once(sc, 0, 0, &trace);  // invariants checked
    for (const TraceLine& l : trace.of("customer_order")) {
      if (l.time >= 10 && l.time < 15) CHECK(l.quantity >= 10);  // doubled
    }
    run_once(sc, 1, 0);
  }
}
