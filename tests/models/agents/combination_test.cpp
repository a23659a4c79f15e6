// File: tests/models/agents/combination_test.cpp
// Random scenarios that switch on features together (pickers, patience, perishables, receiving
// and storage limits, supplier and carrier capacities, MOQs, defects, losses, every shock kind,
// every policy kind, replayed demand histories), each run by every policy with the conservation
// check after every event. The other tests take features one or two at a time against exact
// results; this one looks for what only their combinations break, and for properties that hold
// in any scenario: a Simulation reused across policies gives what a fresh one gives, the
// optional outputs and the check change no result, every policy sees the same demand (common
// random numbers), the metrics keep their identities and ranges, and two threads give the
// results of one.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model_test_support.h"
#include "models/agents/experiment.h"
#include "sim/random.h"

using jitsim::models::Metric;
using namespace jitsim::testing;
namespace m = jitsim::models;
namespace sim = jitsim::sim;

namespace {

// Draws the parts of a scenario.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : engine_(sim::make_engine({.seed = seed})) {}
  double u() { return sim::uniform01(engine_); }
  bool chance(double p) { return u() < p; }
  double between(double lo, double hi) { return lo + (hi - lo) * u(); }
  int below(int n) { return std::min(n - 1, static_cast<int>(u() * n)); }
  std::string number(double lo, double hi) { return fmt::format("{:.3f}", between(lo, hi)); }

  // A random quantity with mean about `mean`: a number or any distribution kind.
  std::string quantity(double mean) {
    const double sd = mean * between(0.1, 0.6);
    switch (below(8)) {
      case 0:
        return fmt::format("{:.3f}", mean);
      case 1:
        return fmt::format("{{ dist = \"exponential\", mean = {:.3f} }}", mean);
      case 2:
        return fmt::format("{{ dist = \"uniform\", min = {:.3f}, max = {:.3f} }}", mean * 0.5,
                           mean * 1.5);
      case 3:
        return fmt::format("{{ dist = \"normal\", mean = {:.3f}, sd = {:.3f} }}", mean, sd);
      case 4:
        return fmt::format("{{ dist = \"lognormal\", mean = {:.3f}, sd = {:.3f} }}", mean, sd);
      case 5:
        return fmt::format("{{ dist = \"gamma\", mean = {:.3f}, sd = {:.3f} }}", mean, sd);
      case 6:
        return fmt::format(
            "{{ dist = \"empirical\", values = [{:.3f}, {:.3f}], weights = [1, 3] }}", mean * 0.5,
            mean * 7 / 6);
      default:
        return fmt::format("{{ dist = \"fixed\", value = {:.3f} }}", mean);
    }
  }

 private:
  sim::Engine engine_;
};

std::string warehouse(Dice& d) {
  std::string t;
  switch (d.below(3)) {
    case 0:
      t += "unmet_demand = \"backorder\"\n";
      break;
    case 1:
      t += "unmet_demand = \"lost_sales\"\n";
      break;
    default:
      t += fmt::format("unmet_demand = \"patience\"\npatience_days = {}\n", d.number(0.2, 6));
  }
  if (d.chance(0.5)) t += fmt::format("dock_to_stock_days = {}\n", d.quantity(d.between(0.1, 2)));
  if (d.chance(0.4)) {
    t += fmt::format("receiving_capacity_units_per_day = {}\n", 30 + d.below(300));
  }
  if (d.chance(0.5)) {
    t += fmt::format("pickers = {}\npick_time_days = {}\n", 1 + d.below(3),
                     d.quantity(d.between(0.005, 0.05)));
  }
  if (d.chance(0.4)) {
    t += fmt::format("storage_capacity_units = {}\noverflow_cost_per_unit_day = {}\n",
                     20 + d.below(400), d.number(0, 1));
  }
  return t;
}

std::string supplier(Dice& d, int i) {
  std::string t = fmt::format("[[suppliers]]\nid = \"s{}\"\nlead_time_days = {}\n", i,
                              d.quantity(d.between(1, 12)));
  if (d.chance(0.4)) t += fmt::format("capacity_units_per_day = {}\n", 20 + d.below(200));
  if (d.chance(0.4)) t += fmt::format("defect_rate = {}\n", d.number(0, 0.2));
  if (d.chance(0.4)) t += fmt::format("min_order_qty = {}\n", 1 + d.below(60));
  if (d.chance(0.4)) t += fmt::format("order_multiple = {}\n", 1 + d.below(12));
  if (d.chance(0.3)) t += fmt::format("unit_cost_multiplier = {}\n", d.number(0.8, 1.3));
  return t;
}

std::string carrier(Dice& d, int i) {
  std::string t = fmt::format("[[carriers]]\nid = \"c{}\"\ntransit_days = {}\n", i,
                              d.chance(0.2) ? "0" : d.quantity(d.between(0.5, 10)));
  if (d.chance(0.4)) t += fmt::format("capacity_units_per_day = {}\n", 20 + d.below(300));
  if (d.chance(0.5)) {
    t += fmt::format("cost_per_shipment = {}\ncost_per_unit = {}\n", d.number(0, 500),
                     d.number(0, 2));
  }
  if (d.chance(0.4)) t += fmt::format("loss_probability = {}\n", d.number(0, 0.1));
  return t;
}

std::string sku(Dice& d, int i, int suppliers, int carriers) {
  const double cost = d.between(2, 50);
  std::string t = fmt::format(
      "[[skus]]\nid = \"k{}\"\nunit_cost = {:.3f}\nprice = {:.3f}\nsupplier = \"s{}\"\n"
      "carrier = \"c{}\"\ncritical = {}\n",
      i, cost, cost * d.between(0.9, 3), d.below(suppliers), d.below(carriers), d.chance(0.4));
  if (d.chance(0.3)) t += fmt::format("shelf_life_days = {}\n", d.number(5, 60));
  if (d.chance(0.3)) t += fmt::format("initial_on_hand = {}\n", d.below(200));
  if (d.chance(0.2)) t += fmt::format("holding_cost_per_unit_day = {}\n", d.number(0, 0.5));
  if (d.chance(0.15)) {  // a replayed daily history, with or without Poisson noise
    std::vector<double> daily(static_cast<std::size_t>(7 + d.below(60)));
    for (double& q : daily) q = d.chance(0.2) ? 0 : std::round(d.between(0, 40) * 10) / 10;
    return t + trace_demand(daily, d.chance(0.5)) + "\n";
  }
  std::string demand = fmt::format("orders_per_day = {}", d.number(0.5, 15));
  if (d.chance(0.5)) demand += fmt::format(", order_size = {}", d.quantity(d.between(1, 4)));
  if (d.chance(0.3)) {
    demand += fmt::format(", weekly = [{}, {}, {}, {}, {}, {}, {}]", d.number(0.2, 2),
                          d.number(0.2, 2), d.number(0.2, 2), d.number(0.2, 2), d.number(0.2, 2),
                          d.number(0, 2), d.number(0, 2));
  }
  if (d.chance(0.3)) {
    demand += fmt::format(", annual_amplitude = {}, annual_peak_day = {}", d.number(0, 0.9),
                          d.below(365));
  }
  if (d.chance(0.3)) demand += fmt::format(", trend_per_year = {}", d.number(-0.5, 1));
  return t + "demand = { " + demand + " }\n";
}

// One policy of every kind, with random parameters.
std::string policies(Dice& d) {
  const auto days_or_units = [&](const char* key, double lo_days, double hi_days) {
    return d.chance(0.5)
               ? fmt::format("{}_days = {}\n", key, d.number(lo_days, hi_days))
               : fmt::format("{} = {}\n", key, static_cast<int>(d.between(lo_days, hi_days) * 8));
  };
  std::string t;
  t += fmt::format(
      "[[policies]]\nname = \"jit\"\nkind = \"jit\"\nsafety_factor = {}\nbuffer_days = {}\n"
      "batch = \"{}\"\nadapt = {}\n",
      d.number(0, 0.5), d.number(0, 3), d.chance(0.5) ? "daily" : "none", d.chance(0.3));
  t += fmt::format(
      "[[policies]]\nname = \"jic\"\nkind = \"jic\"\nservice_level = {}\n"
      "review_period_days = {}\norder_quantity = \"{}\"\n",
      d.number(0.6, 0.999), 1 + d.below(14), d.chance(0.3) ? "eoq" : "up_to");
  switch (d.below(3)) {
    case 0:
      t += "forecast = \"plan\"\n";
      break;
    case 1:
      t += fmt::format("forecast = \"moving_average\"\nwindow_days = {}\n", 3 + d.below(40));
      break;
    default:
      t += fmt::format("forecast = \"exp_smoothing\"\nalpha = {}\n", d.number(0.05, 0.9));
  }
  t += fmt::format(
      "[[policies]]\nname = \"hybrid\"\nkind = \"hybrid\"\n"
      "critical = {{ flagged = {}, top_revenue_share = {}, lead_time_cv_above = {} }}\n"
      "critical_policy = {{ service_level = {} }}\nother_policy = {{ safety_factor = {} }}\n",
      d.chance(0.5), d.number(0.01, 1), d.number(0, 1), d.number(0.8, 0.99), d.number(0, 0.4));
  t += "[[policies]]\nname = \"base_stock\"\nkind = \"base_stock\"\n" +
       days_or_units("level", 1, 20);
  if (d.chance(0.3)) t += fmt::format("per_sku = {{ \"k0\" = {{ level = {} }} }}\n", d.below(60));
  t += "[[policies]]\nname = \"rq\"\nkind = \"rq\"\n" + days_or_units("reorder_point", 0, 15) +
       fmt::format("order_quantity = {}\n", 1 + d.below(120));
  const int s = d.below(100);
  t += fmt::format(
      "[[policies]]\nname = \"ss\"\nkind = \"ss\"\nreorder_point = {}\norder_up_to = {}\n", s,
      s + 1 + d.below(100));
  t += fmt::format(
           "[[policies]]\nname = \"periodic\"\nkind = \"periodic\"\nreview_period_days = {}\n",
           1 + d.below(10)) +
       days_or_units("order_up_to", 2, 25);
  return t;
}

std::string shock(Dice& d, int i, int suppliers, int carriers, int skus, int warmup) {
  const std::string supplier = fmt::format("supplier = \"s{}\"\n", d.below(suppliers));
  const std::string carrier = fmt::format("carrier = \"c{}\"\n", d.below(carriers));
  const auto target = [&](const std::string& t) { return d.chance(0.8) ? t : std::string(); };
  std::string t = fmt::format("[[shocks]]\nid = \"x{}\"\n", i);
  t += d.chance(0.5) ? fmt::format("start_day = {}\n", d.number(-warmup, 200))
                     : fmt::format("occurrence = {{ rate_per_year = {} }}\n", d.number(0.5, 8));
  t += fmt::format("duration_days = {}\n", d.quantity(d.between(2, 30)));
  switch (d.below(8)) {
    case 0:
      return t + "kind = \"shipping_delay\"\n" + target(carrier) +
             fmt::format("delay_factor = {}\nextra_days = {}\nin_transit = {}\n", d.number(1, 3),
                         d.number(0, 5), d.chance(0.5));
    case 1:
      return t + "kind = \"port_closure\"\n" + target(carrier);
    case 2:
      return t + "kind = \"supplier_shutdown\"\n" + target(supplier) +
             fmt::format("recovery_days = {}\n", d.number(0, 20));
    case 3:
      return t + "kind = \"capacity_cut\"\n" + (d.chance(0.5) ? supplier : carrier) +
             fmt::format("factor = {}\n", d.number(0.1, 0.9));
    case 4:
      return t + "kind = \"quality_failure\"\n" + target(supplier) +
             fmt::format("defect_rate = {}\n", d.number(0.1, 0.9));
    case 5: {
      const char* shapes[] = {"step", "ramp", "viral"};
      return t + "kind = \"demand_spike\"\n" +
             target(fmt::format("sku = \"k{}\"\n", d.below(skus))) +
             fmt::format("multiplier = {}\nshape = \"{}\"\n", d.number(1.2, 6), shapes[d.below(3)]);
    }
    case 6:
      return t + "kind = \"receiving_slowdown\"\n" +
             fmt::format("factor = {}\ncapacity_factor = {}\n", d.number(1, 4), d.number(0.2, 1));
    default:
      return t + "kind = \"shipment_loss\"\n" + target(carrier) +
             fmt::format("loss_probability = {}\n", d.number(0.05, 0.8));
  }
}

std::string random_scenario(std::uint64_t seed) {
  Dice d(seed);
  const int suppliers = 1 + d.below(2), carriers = 1 + d.below(2), skus = 1 + d.below(3);
  const int warmup = d.below(60);
  std::string t = fmt::format(
      "[scenario]\nhorizon_days = {}\nwarmup_days = {}\nseed = {}\n[costs]\n"
      "holding_rate_per_year = {}\norder_cost = {}\nbackorder_cost_per_unit = {}\n"
      "backorder_cost_per_unit_day = {}\nlost_sale_penalty = {}\npipeline_holding = {}\n"
      "[warehouse]\n{}",
      100 + d.below(200), warmup, seed, d.number(0, 0.5), d.number(0, 100), d.number(0, 2),
      d.number(0, 1), d.number(0, 3), d.chance(0.5), warehouse(d));
  for (int i = 0; i < suppliers; ++i) t += supplier(d, i);
  for (int i = 0; i < carriers; ++i) t += carrier(d, i);
  for (int i = 0; i < skus; ++i) t += sku(d, i, suppliers, carriers);
  t += policies(d);
  const int shocks = d.below(4);
  for (int i = 0; i < shocks; ++i) t += shock(d, i, suppliers, carriers, skus, warmup);
  return t;
}

double value(const m::MetricValues& v, Metric metric) {
  return v[static_cast<std::size_t>(metric)];
}

bool same_bits(const m::MetricValues& a, const m::MetricValues& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  }
  return true;
}

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) + 1e-6;
}

}  // namespace

TEST_CASE("random combinations of features: conservation after every event, and properties") {
  constexpr Metric kCostParts[] = {Metric::holding_cost,    Metric::ordering_cost,
                                   Metric::transport_cost,  Metric::backorder_cost,
                                   Metric::lost_sales_cost, Metric::overflow_cost,
                                   Metric::spoilage_cost};
  constexpr Metric kFractions[] = {Metric::fill_rate, Metric::order_fill_rate,
                                   Metric::cycle_service_level, Metric::stockout_time_fraction};
  constexpr Metric kUnits[] = {Metric::units_demanded,       Metric::units_shipped,
                               Metric::orders_placed,        Metric::lost_sales_units,
                               Metric::spoiled_units,        Metric::rejected_units,
                               Metric::lost_in_transit_units};
  int runs = 0, with_demand = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const std::string toml = random_scenario(seed);
    INFO("scenario (seed ", seed, "):\n", toml);
    const m::Scenario sc = scenario_from(toml);
    const m::ModelSetup setup(sc);
    const std::uint64_t replication = seed % 3;
    const double horizon = sc.scenario.horizon_days;
    m::Simulation reused(setup);  // runs every policy in turn
    double demanded = -1;
    for (std::size_t p = 0; p < sc.policies.size(); ++p) {
      INFO("policy ", sc.policies[p].name, ", replication ", replication);
      m::ReplicationOptions checked;
      checked.check_invariants = true;
      m::ReplicationResult a;
      REQUIRE_NOTHROW(a = reused.run(p, replication, checked));
      m::ReplicationOptions per_sku;
      per_sku.per_sku = true;
      const m::ReplicationResult b = m::Simulation(setup).run(p, replication, per_sku);
      CHECK(same_bits(a.metrics, b.metrics));
      CHECK(a.events == b.events);
      m::ReplicationOptions timeseries;  // adds the daily recording events, changes no result
      timeseries.timeseries = true;
      const m::ReplicationResult c = m::Simulation(setup).run(p, replication, timeseries);
      CHECK(same_bits(a.metrics, c.metrics));
      CHECK(c.days.size() == static_cast<std::size_t>(std::ceil(horizon)));
      ++runs;

      const m::MetricValues& x = a.metrics;
      // Common random numbers: demand does not depend on the policy.
      if (demanded < 0) demanded = value(x, Metric::units_demanded);
      CHECK(value(x, Metric::units_demanded) == demanded);
      double parts = 0;
      for (const Metric part : kCostParts) {
        CHECK(value(x, part) >= 0);
        parts += value(x, part);
      }
      CHECK(close(value(x, Metric::total_cost), parts));
      CHECK(close(value(x, Metric::cost_per_day), value(x, Metric::total_cost) / horizon));
      // Accounting profit: the economic total less the lost margin and spoilage, plus the
      // penalty actually paid per lost unit.
      const double operating = value(x, Metric::total_cost) - value(x, Metric::lost_sales_cost) -
                               value(x, Metric::spoilage_cost);
      CHECK(close(value(x, Metric::profit),
                  value(x, Metric::revenue) - value(x, Metric::purchase_cost) - operating -
                      sc.costs.lost_sale_penalty * value(x, Metric::lost_sales_units)));
      for (const Metric f : kFractions) {
        const double v = value(x, f);
        CHECK((std::isnan(v) || (v >= 0 && v <= 1)));
      }
      for (const Metric u : kUnits) {
        const double v = value(x, u);
        CHECK(v >= 0);
        CHECK(v == std::floor(v));
      }
      if (value(x, Metric::units_demanded) > 0) {
        ++with_demand;
        CHECK_FALSE(std::isnan(value(x, Metric::fill_rate)));
      }
      // Per SKU, the units add up to the totals.
      REQUIRE(b.per_sku.size() == sc.skus.size());
      for (const Metric u : kUnits) {
        if (!m::info(u).per_sku) continue;
        double sum = 0;
        for (const m::MetricValues& s : b.per_sku) sum += value(s, u);
        CHECK(sum == value(x, u));
      }
    }
  }
  // The draws produced runs with demand for nearly all of them (else the checks above say little).
  CHECK(with_demand >= runs * 9 / 10);
}

TEST_CASE("random combinations of features: the same results whatever the thread count") {
  for (std::uint64_t seed = 101; seed <= 112; ++seed) {
    const std::string toml = random_scenario(seed);
    INFO("scenario (seed ", seed, "):\n", toml);
    const m::Scenario sc = scenario_from(toml);
    const m::ModelSetup setup(sc);
    m::ExperimentOptions options;
    for (std::size_t p = 0; p < sc.policies.size(); ++p) options.policies.push_back(p);
    options.replications = 4;
    const m::ExperimentResult one = m::run_experiment(setup, options);
    options.threads = 2;
    const m::ExperimentResult two = m::run_experiment(setup, options);
    CHECK(one.events == two.events);
    REQUIRE(one.policies.size() == two.policies.size());
    for (std::size_t p = 0; p < one.policies.size(); ++p) {
      const m::PolicyResults &a = one.policies[p], &b = two.policies[p];
      REQUIRE(a.runs.size() == b.runs.size());
      for (std::size_t r = 0; r < a.runs.size(); ++r) CHECK(same_bits(a.runs[r], b.runs[r]));
      // The breakdown (item-locations, sites, lanes) folds identically too.
      REQUIRE(a.breakdown.size() == m::BreakdownLayout(setup).size());
      REQUIRE(a.breakdown.size() == b.breakdown.size());
      for (std::size_t k = 0; k < a.breakdown.size(); ++k) {
        const auto sa = a.breakdown[k].state(), sb = b.breakdown[k].state();
        CHECK(sa.n == sb.n);
        CHECK(std::bit_cast<std::uint64_t>(sa.mean) == std::bit_cast<std::uint64_t>(sb.mean));
        CHECK(std::bit_cast<std::uint64_t>(sa.m2) == std::bit_cast<std::uint64_t>(sb.m2));
      }
    }
  }
}
