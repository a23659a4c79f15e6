// File: tests/models/decisions/advise_test.cpp
// jitsim advise: the ABC classes, class totals against the run's own totals, the choice of a
// policy, the obvious cases, and a break-even point against an independent fine sweep.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model_test_support.h"
#include "models/decisions/advise.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_writer.h"

namespace m = jitsim::models;
namespace sim = jitsim::sim;
using namespace jitsim::testing;

namespace {

m::Scenario load_file(const std::string& relative) {
  const m::LoadResult r = m::load_scenario(std::string(JITSIM_SOURCE_DIR) + "/" + relative);
  REQUIRE(r.ok());
  return *r.scenario;
}

// Seven SKUs with planned revenues 50, 20, 10, 8, 6, 4, 2 (price x orders/day, unit sizes):
// total 100, so the shares above each are 0, .5, .7, .8, .88, .94, .98.
std::string catalogue() {
  const std::vector<std::pair<double, double>> price_rate{{10, 5}, {4, 5}, {5, 2}, {8, 1},
                                                          {3, 2},  {2, 2}, {1, 2}};
  std::string out =
      "[scenario]\nhorizon_days = 100\nwarmup_days = 10\nseed = 3\nreplications = 4\n"
      "[[suppliers]]\nid = \"s\"\nlead_time_days = 1\n[[carriers]]\nid = \"c\"\n"
      "transit_days = 1\n";
  for (std::size_t i = 0; i < price_rate.size(); ++i) {
    out += fmt::format(
        "[[skus]]\nid = \"k{}\"\nunit_cost = 1\nprice = {}\nsupplier = \"s\"\ncarrier = "
        "\"c\"\ncritical = {}\ndemand = {{ orders_per_day = {} }}\n",
        i, price_rate[i].first, i == 5 ? "true" : "false", price_rate[i].second);
  }
  return out +
         "[[policies]]\nname = \"lean\"\nkind = \"base_stock\"\nlevel_days = 1\n"
         "[[policies]]\nname = \"fat\"\nkind = \"base_stock\"\nlevel_days = 6\n";
}

std::vector<std::size_t> class_skus(const std::vector<m::SkuClass>& classes,
                                    const std::string& name) {
  for (const m::SkuClass& c : classes) {
    if (c.name == name) return c.skus;
  }
  return {};
}

}  // namespace

TEST_CASE("ABC letters follow the revenue shares ranked above each SKU") {
  // Shares above: k0 0, k1 .5, k2 .7, k3 .8 (not < .8: B), k4 .88, k5 .94 (B), k6 .98 (C).
  const std::vector<char> letters = m::abc_letters({50, 20, 10, 8, 6, 4, 2});
  CHECK(letters == std::vector<char>{'A', 'A', 'A', 'B', 'B', 'B', 'C'});
  // Order of the input does not matter, ties go by position.
  CHECK(m::abc_letters({2, 50, 8}) == std::vector<char>{'C', 'A', 'B'});
  CHECK(m::abc_letters({5, 5}) == std::vector<char>{'A', 'A'});
  CHECK(m::abc_letters({0, 0}) == std::vector<char>{'C', 'C'});
}

TEST_CASE("classes of a catalogue: A, B, C by planned revenue and the critical flag") {
  const m::Scenario sc = scenario_from(catalogue());
  const m::ModelSetup setup(sc);
  const std::vector<m::SkuClass> classes = m::classify_skus(setup);
  REQUIRE(classes.size() == 4);
  CHECK(class_skus(classes, "A") == std::vector<std::size_t>{0, 1, 2});
  CHECK(class_skus(classes, "B") == std::vector<std::size_t>{3, 4, 5});
  CHECK(class_skus(classes, "C") == std::vector<std::size_t>{6});
  CHECK(class_skus(classes, "critical") == std::vector<std::size_t>{5});
  // One site: item-location i is SKU i.
  for (const m::SkuClass& c : classes) CHECK(c.items == c.skus);
}

TEST_CASE("class totals add up to the run's own total cost and fill rate") {
  const m::Scenario sc = scenario_from(catalogue());
  const m::ModelSetup setup(sc);
  const m::BreakdownLayout layout(setup);
  const std::vector<m::SkuClass> classes = m::classify_skus(setup);
  m::Candidate cand(sc, {0, 1});
  m::RunSettings run;
  run.breakdown_runs = true;
  REQUIRE(cand.run_more(4, run));
  for (std::size_t slot = 0; slot < 2; ++slot) {
    const std::vector<double> cost = cand.values(slot, m::Metric::total_cost);
    const std::vector<double> fill = cand.values(slot, m::Metric::fill_rate);
    const auto& runs = cand.results(slot).breakdown_runs;
    REQUIRE(runs.size() == 4);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      m::ClassTotals sum;
      for (const m::SkuClass& c : classes) {
        if (c.name == "critical") continue;  // overlaps A, B, C
        const m::ClassTotals t = m::class_totals(layout, runs[r], c.items);
        sum.total_cost += t.total_cost;
        sum.units_demanded += t.units_demanded;
        sum.units_from_stock += t.units_from_stock;
      }
      // No storage limit: the run's total cost is the SKUs' (no overflow cost).
      CHECK(sum.total_cost == doctest::Approx(cost[r]).epsilon(1e-12));
      CHECK(sum.fill_rate() == doctest::Approx(fill[r]).epsilon(1e-12));
    }
    CHECK(fill[0] < 1);  // the lean policy misses some demand: the fill check compares something
  }
}

TEST_CASE("the choice: cheapest meeting the minimum, confidence counted per replication") {
  m::ClassPoint p;
  // Policy 0 cheap but short of 0.9 fill on average; 1 and 2 meet it, 1 cheaper on average.
  p.cost = {{1, 1, 1, 1}, {5, 5, 5, 9}, {6, 6, 6, 6}};
  p.fill = {{0.5, 0.5, 0.95, 0.5}, {0.95, 0.95, 0.95, 0.95}, {0.99, 0.99, 0.99, 0.99}};
  m::choose_policy(p, 0.9);
  CHECK(p.meets_min_fill);
  CHECK(p.recommended == 1);
  CHECK(p.cost_mean[1] == doctest::Approx(6));
  // Replication 2: policy 0 meets 0.9 there and is cheapest; replication 3: policy 2 is.
  CHECK(p.confidence == doctest::Approx(0.5));
  m::choose_policy(p, 0.999);  // nobody meets it: the best fill is named
  CHECK_FALSE(p.meets_min_fill);
  CHECK(p.recommended == 2);
}

TEST_CASE("obvious cases: calm domestic chain with dear stock is JIT, erratic ocean is JIC") {
  m::AdviseSettings settings;
  settings.replications = 12;
  settings.run.threads = 2;
  for (const auto& [file, expected] :
       {std::pair<std::string, std::string>{"scenarios/advise_calm_domestic.toml", "jit"},
        {"scenarios/advise_erratic_ocean.toml", "jic"}}) {
    const m::Scenario sc = load_file(file);
    const std::vector<m::SkuClass> classes = m::classify_skus(m::ModelSetup(sc));
    REQUIRE(classes.size() == 4);  // A, B, C and critical
    const auto point = m::evaluate_point(sc, classes, settings);
    REQUIRE(point);
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const m::ClassPoint& p = point->classes[c];
      INFO(file, " class ", classes[c].name, ": ", sc.policies[p.recommended].name, " confidence ",
           p.confidence);
      CHECK(p.meets_min_fill);
      // A hybrid gives the critical SKUs the JIC rule: for that class it is JIC too.
      const std::string& name = sc.policies[p.recommended].name;
      if (classes[c].name == "critical" && expected == "jic") {
        CHECK((name == "jic" || name == "hybrid"));
      } else {
        CHECK(name == expected);
      }
      CHECK(p.confidence >= 0.9);
    }
  }
}

namespace {

// One SKU, JIT against JIC: the longer the trucks take (a delay the plans do not know), the
// more JIT's back-orders cost, until JIC's safety stock pays for itself.
m::Scenario delay_chain(double delay_factor) {
  Chain c;
  c.scenario = "horizon_days = 200\nwarmup_days = 40\nseed = 5\nreplications = 40";
  c.costs = "holding_rate_per_year = 0.5\norder_cost = 1\nbackorder_cost_per_unit_day = 2";
  c.supplier = "lead_time_days = 2";
  c.carrier = "transit_days = 3";
  c.sku = "unit_cost = 100\nprice = 200\ndemand = { orders_per_day = 20 }";
  c.policies =
      "[[policies]]\nname = \"jit\"\nkind = \"jit\"\nsafety_factor = 0.2\n"
      "[[policies]]\nname = \"jic\"\nkind = \"jic\"\nservice_level = 0.99\n"
      "review_period_days = 2\nforecast = \"plan\"";
  if (delay_factor != 1) {
    // Written here, not by scenario_at: the sweep must not share the code it checks.
    c.extra = fmt::format(
        "[[shocks]]\nid = \"d\"\nkind = \"shipping_delay\"\nstart_day = -40\n"
        "duration_days = 240\ndelay_factor = {}",
        delay_factor);
  }
  return c.load();
}

}  // namespace

TEST_CASE("a break-even point along carrier delay lies where a fine sweep changes sign") {
  const m::Scenario sc = delay_chain(1);
  m::AdviseSettings settings;
  settings.min_fill_rate = 0;  // cost alone decides: the crossing is the paired difference's
  settings.replications = 40;
  settings.run.threads = 2;
  settings.axes = {*m::find_axis(m::default_axes(sc), "carrier_delay")};
  const m::AdviseResult r = m::advise(sc, settings);
  REQUIRE_FALSE(r.cancelled);
  REQUIRE(r.classes.size() == 1);  // one SKU: class A only
  const m::ClassAdvice& a = r.classes[0];
  CHECK(r.policies[a.at_scenario.recommended] == "jit");
  const m::BreakEven* up = nullptr;
  for (const m::BreakEven& be : a.break_even) {
    if (be.hi > 1) up = &be;
    if (be.hi <= 1) CHECK_FALSE(be.flips);  // shorter trucks only help JIT
  }
  REQUIRE(up != nullptr);
  REQUIRE(up->flips);
  CHECK_FALSE(up->by_fill);
  CHECK(r.policies[up->to] == "jic");
  REQUIRE(up->ci95_low <= up->at);
  REQUIRE(up->at <= up->ci95_high);
  INFO("break-even at x", up->at, " (", up->ci95_low, "-", up->ci95_high, ")");
  // The sweep: JIT minus JIC total cost, paired, at 16 factors across the searched side.
  std::vector<double> grid, diff, low, high;
  for (int i = 0; i <= 15; ++i) {
    const double f = 1 + (up->hi - 1) * i / 15.0;
    m::Candidate cand(delay_chain(f), {0, 1});
    REQUIRE(cand.run_more(40, m::RunSettings{}));
    const sim::PairedSummary d = sim::summarize_paired(cand.values(0, m::Metric::total_cost),
                                                       cand.values(1, m::Metric::total_cost), true);
    grid.push_back(f);
    diff.push_back(d.mean_diff);
    low.push_back(d.ci95_low);
    high.push_back(d.ci95_high);
  }
  // A sign change exists, and every sign change lies inside the reported interval (widened by
  // one grid step, the sweep's own resolution).
  const double step = grid[1] - grid[0];
  int changes = 0;
  for (std::size_t i = 1; i < grid.size(); ++i) {
    if ((diff[i - 1] <= 0) != (diff[i] <= 0)) {
      ++changes;
      INFO("sweep changes sign between x", grid[i - 1], " and x", grid[i]);
      CHECK(grid[i] >= up->ci95_low - step);
      CHECK(grid[i - 1] <= up->ci95_high + step);
    }
  }
  CHECK(changes >= 1);
  // Outside the interval the sweep agrees with the side it is on, significantly.
  for (std::size_t i = 0; i < grid.size(); ++i) {
    INFO("x", grid[i], ": paired difference ", diff[i], " (", low[i], ", ", high[i], ")");
    if (grid[i] < up->ci95_low - step) CHECK(diff[i] < 0);
    if (grid[i] > up->ci95_high + step) CHECK(diff[i] > 0);
  }
  // The interval is informative: narrower than a third of the side searched.
  CHECK(up->ci95_high - up->ci95_low < (up->hi - 1) / 3);
}

TEST_CASE("axes change what they say and nothing at their neutral value") {
  const m::Scenario sc = load_file("scenarios/advise_erratic_ocean.toml");
  const std::vector<m::StressAxis> axes = m::default_axes(sc);
  for (const m::StressAxis& axis : axes) {
    CHECK(m::scenario_at(sc, ".", axis, axis.neutral) == sc);
  }
  const m::Scenario delayed = m::scenario_at(sc, ".", *m::find_axis(axes, "carrier_delay"), 1.5);
  REQUIRE(delayed.shocks.size() == sc.shocks.size() + 1);
  CHECK(delayed.shocks.back().delay_factor == 1.5);
  CHECK_FALSE(delayed.shocks.back().target.has_value());  // every carrier
  CHECK(*delayed.shocks.back().start_day == -sc.scenario.warmup_days);
  const m::Scenario spread =
      m::scenario_at(sc, ".", *m::find_axis(axes, "lead_time_variability"), 2);
  CHECK(spread.suppliers[0].lead_time_days.mean == sc.suppliers[0].lead_time_days.mean);
  CHECK(spread.suppliers[0].lead_time_days.sd == 2 * sc.suppliers[0].lead_time_days.sd);
  const m::Scenario volatile_demand =
      m::scenario_at(sc, ".", *m::find_axis(axes, "demand_volatility"), 0);
  CHECK(volatile_demand.skus[0].demand.order_size.is_constant());
  const m::Scenario outage = m::scenario_at(sc, ".", *m::find_axis(axes, "supplier_outage"), 30);
  REQUIRE(outage.shocks.size() == sc.shocks.size() + 1);
  CHECK(outage.shocks.back().kind == m::ShockKind::supplier_shutdown);
  CHECK(outage.shocks.back().duration_days.expected() == 30);
  // Spread scaling keeps the mean of every kind it changes.
  sim::DistributionSpec u;
  u.kind = sim::DistributionKind::uniform;
  u.min = 2;
  u.max = 6;
  CHECK(m::scale_spread(u, 0.5).min == 3);
  CHECK(m::scale_spread(u, 0.5).max == 5);
  sim::DistributionSpec e;
  e.kind = sim::DistributionKind::exponential;
  e.mean = 4;
  CHECK(m::scale_spread(e, 2).expected() == doctest::Approx(4));
  CHECK(std::sqrt(m::scale_spread(e, 2).variance()) == doctest::Approx(8));
}
