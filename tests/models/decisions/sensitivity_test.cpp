// File: tests/models/decisions/sensitivity_test.cpp
// The Latin hypercube, the linear metamodel and the one-at-a-time swings of `jitsim
// sensitivity`, against exact answers: stratification by construction, least squares by an
// independent calculation, and the base-stock cost on Poisson demand from theory.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model_test_support.h"
#include "models/decisions/latin_hypercube.h"
#include "models/decisions/linear_metamodel.h"
#include "models/decisions/sensitivity.h"
#include "sim/random.h"
#include "theory.h"

namespace m = jitsim::models;
using namespace jitsim::testing;

TEST_CASE("a Latin hypercube has one point in every stratum of every dimension") {
  for (const std::size_t n : {1U, 2U, 7U, 50U}) {
    const auto design = m::latin_hypercube(n, 4, 42);
    REQUIRE(design.size() == n);
    for (std::size_t j = 0; j < 4; ++j) {
      std::vector<int> hits(n, 0);
      for (const auto& row : design) {
        REQUIRE(row.size() == 4);
        CHECK(row[j] >= 0);
        CHECK(row[j] < 1);
        ++hits[static_cast<std::size_t>(std::floor(row[j] * static_cast<double>(n)))];
      }
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  }
  CHECK(m::latin_hypercube(0, 3, 1).empty());
}

TEST_CASE("a Latin hypercube is reproducible by seed and differs between seeds") {
  const auto a = m::latin_hypercube(20, 3, 7);
  CHECK(a == m::latin_hypercube(20, 3, 7));  // bit for bit
  CHECK(a != m::latin_hypercube(20, 3, 8));
  // The pairing is random: the columns are not the same permutation.
  std::vector<double> c0, c1;
  for (const auto& row : a) {
    c0.push_back(std::floor(row[0] * 20));
    c1.push_back(std::floor(row[1] * 20));
  }
  CHECK(c0 != c1);
}

TEST_CASE("the metamodel recovers an exact linear relation with R^2 = 1") {
  const auto design = m::latin_hypercube(12, 2, 3);
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (const auto& u : design) {
    const double x1 = 10 + 90 * u[0], x2 = 0.5 + 0.4 * u[1];
    x.push_back({x1, x2});
    y.push_back(3.5 + 2.25 * x1 - 40 * x2);
  }
  const m::LinearFit f = m::fit_linear(x, y);
  CHECK(f.intercept == doctest::Approx(3.5).epsilon(1e-9));
  REQUIRE(f.coefficients.size() == 2);
  CHECK(f.coefficients[0] == doctest::Approx(2.25).epsilon(1e-9));
  CHECK(f.coefficients[1] == doctest::Approx(-40).epsilon(1e-9));
  CHECK(f.r_squared == doctest::Approx(1).epsilon(1e-12));
  // Standardised: b sd(x) / sd(y), with the sample sds computed here.
  auto sd = [](const std::vector<double>& v) {
    double mean = 0;
    for (const double e : v) mean += e;
    mean /= static_cast<double>(v.size());
    double ss = 0;
    for (const double e : v) ss += (e - mean) * (e - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  };
  std::vector<double> x1s, x2s;
  for (const auto& row : x) {
    x1s.push_back(row[0]);
    x2s.push_back(row[1]);
  }
  CHECK(f.standardized[0] == doctest::Approx(2.25 * sd(x1s) / sd(y)).epsilon(1e-9));
  CHECK(f.standardized[1] == doctest::Approx(-40 * sd(x2s) / sd(y)).epsilon(1e-9));
}

TEST_CASE("on noisy data the metamodel's fit and R^2 match the normal equations") {
  // One regressor: the least-squares slope Sxy / Sxx and R^2 = Sxy^2 / (Sxx Syy), by hand.
  jitsim::sim::Engine engine = jitsim::sim::make_engine({5, 0, 1, 1});
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (int i = 0; i < 40; ++i) {
    const double xi = i * 0.5;
    x.push_back({xi});
    y.push_back(1 + 0.8 * xi + 6 * (jitsim::sim::uniform01(engine) - 0.5));
  }
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    mx += x[i][0];
    my += y[i];
  }
  mx /= 40;
  my /= 40;
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    sxx += (x[i][0] - mx) * (x[i][0] - mx);
    sxy += (x[i][0] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  const m::LinearFit f = m::fit_linear(x, y);
  CHECK(f.coefficients[0] == doctest::Approx(sxy / sxx).epsilon(1e-9));
  CHECK(f.intercept == doctest::Approx(my - sxy / sxx * mx).epsilon(1e-9));
  CHECK(f.r_squared == doctest::Approx(sxy * sxy / (sxx * syy)).epsilon(1e-9));
  CHECK(f.r_squared < 0.99);  // the noise is there
  CHECK(f.standardized[0] == doctest::Approx(std::sqrt(f.r_squared)).epsilon(1e-9));
  CHECK_THROWS_AS(m::fit_linear({{1}, {2}}, {1, 2}), std::invalid_argument);  // no residual dof
}

TEST_CASE("a response that does not vary has no standardised coefficients nor R^2") {
  // 30478.82... six times: its mean differs from it in the last bits, which is no variation.
  const std::vector<std::vector<double>> x{{1, 5}, {2, 3}, {3, 6}, {4, 1}, {5, 2}, {6, 4}};
  const std::vector<double> y(6, 30478.824028162086);
  const m::LinearFit f = m::fit_linear(x, y);
  CHECK(f.intercept == doctest::Approx(30478.824028162086));
  CHECK(std::isnan(f.r_squared));
  CHECK(std::isnan(f.standardized[0]));
  CHECK(std::isnan(f.standardized[1]));
}

TEST_CASE("--param text is parsed or refused with a reason") {
  const m::SensitivityParameter p = m::parse_sensitivity_parameter("policies.bs.level=20:30");
  CHECK(p.key == "policies.bs.level");
  CHECK(p.low == 20);
  CHECK(p.high == 30);
  CHECK(p.integer);
  CHECK(m::sensitivity_override(p, 24.6) == "policies.bs.level=25");
  const m::SensitivityParameter q = m::parse_sensitivity_parameter("costs.order_cost=-0.5:1e2");
  CHECK_FALSE(q.integer);
  CHECK(q.low == -0.5);
  CHECK(m::sensitivity_override(q, 0.25) == "costs.order_cost=0.25");
  for (const char* bad : {"costs.order_cost", "=1:2", "k=1", "k=a:2", "k=1:", "k=2:1", "k=1:1",
                          "k=1:inf", "k=nan:1"}) {
    CHECK_THROWS_AS(m::parse_sensitivity_parameter(bad), std::invalid_argument);
  }
}

namespace {

// Base stock on Poisson(5/day) unit demand, lead time 4, back-orders, h = 0.1 and b = 0.7 per
// unit-day: the expected cost per day at level S is h E[(S - D)+] + b E[(D - S)+], D ~ P(20)
// (scenarios/validation/base_stock_poisson.toml). Two policies: "bs" (the swung level) and
// "fixed" (level 25 throughout).
constexpr double kHorizon = 2000, kH = 0.1, kB = 0.7;

std::string base_stock_toml() {
  Chain c;
  c.scenario =
      fmt::format("horizon_days = {}\nwarmup_days = 50\nseed = 7\nreplications = 24", kHorizon);
  c.costs = fmt::format("backorder_cost_per_unit_day = {}", kB);
  c.warehouse = "unmet_demand = \"backorder\"";
  c.supplier = "lead_time_days = 4";
  c.sku = fmt::format(
      "unit_cost = 10\nprice = 15\nholding_cost_per_unit_day = {}\ninitial_on_hand = "
      "\"policy\"\ndemand = {{ orders_per_day = 5, order_size = 1 }}",
      kH);
  c.policies =
      "[[policies]]\nname = \"bs\"\nkind = \"base_stock\"\nlevel = 25\n"
      "[[policies]]\nname = \"fixed\"\nkind = \"base_stock\"\nlevel = 25";
  return c.toml();
}

// The command's loader: the scenario with each point's --set overrides (and `extra`) applied
// by the scenario loader, as `jitsim sensitivity` does; counts its calls in `loads`.
m::ScenarioLoader loader_of(const std::string& toml, std::vector<std::string> extra = {},
                            int* loads = nullptr) {
  return [=](const std::vector<std::string>& sets) -> std::optional<m::Scenario> {
    if (loads) ++*loads;
    std::vector<std::string> all = extra;
    all.insert(all.end(), sets.begin(), sets.end());
    m::LoadResult r = m::load_scenario_text(toml, "test.toml", ".", all);
    REQUIRE(r.ok());
    return *r.scenario;
  };
}

double exact_cost(int level) {
  const Poisson d(20);
  return kHorizon * (kH * d.expected_left(level) + kB * d.expected_right(level));
}

}  // namespace

TEST_CASE("a base-stock swing matches the exact Poisson cost at both ends") {
  const std::string toml = base_stock_toml();
  const m::ScenarioLoader load = loader_of(toml);
  m::SensitivityOptions o;
  o.parameters = {m::parse_sensitivity_parameter("policies.bs.level=21:29")};
  o.policies = {0, 1};
  o.compare_a = 0;
  o.compare_b = 1;
  o.replications = 24;
  o.seed = 7;
  o.samples = 0;  // the swings only
  const auto r = m::run_sensitivity(load, o);
  REQUIRE(r);
  REQUIRE(r->swings.size() == 1);
  const m::SwingRow& row = r->swings[0];
  for (const bool high : {false, true}) {
    const m::SwingEnd& e = high ? row.high : row.low;
    const int level = high ? 29 : 21;
    check_matches_theory(e.cost[0], exact_cost(level), fmt::format("cost at S = {}", level), 0.03);
    check_matches_theory(e.cost[1], exact_cost(25), "cost of the fixed policy", 0.03);
    // The paired difference is the mean of the per-replication differences (an identity).
    REQUIRE(e.a_values.size() == 24);
    double sum = 0;
    for (std::size_t i = 0; i < e.a_values.size(); ++i) sum += e.a_values[i] - e.b_values[i];
    CHECK(e.difference.mean_diff == doctest::Approx(sum / 24).epsilon(1e-12));
    CHECK(e.difference.mean_diff == doctest::Approx(e.cost[0].mean - e.cost[1].mean).epsilon(1e-9));
  }
  // Common random numbers: the fixed policy sees the same futures at both ends of the swing.
  CHECK(row.low.b_values == row.high.b_values);
  CHECK(m::swing_width(row, 0) ==
        doctest::Approx(std::abs(row.high.cost[0].mean - row.low.cost[0].mean)));
}

TEST_CASE("the global view runs a reproducible design and fits every series") {
  const std::string toml = base_stock_toml();
  int loads = 0;
  const m::ScenarioLoader load = loader_of(toml, {"scenario.replications=4"}, &loads);
  m::SensitivityOptions o;
  o.parameters = {m::parse_sensitivity_parameter("policies.bs.level=15:35")};
  o.policies = {0, 1};
  o.replications = 4;
  o.seed = 11;
  o.samples = 6;
  const auto a = m::run_sensitivity(load, o);
  const auto b = m::run_sensitivity(load, o);
  REQUIRE(a);
  REQUIRE(a->global);
  CHECK(loads == 2 * (2 + 6));
  const m::GlobalView& g = *a->global;
  REQUIRE(g.points.size() == 6);
  for (const auto& p : g.points) {
    CHECK(p[0] == std::round(p[0]));  // an integer key gets integer values
    CHECK(p[0] >= 15);
    CHECK(p[0] <= 35);
  }
  CHECK(g.points == b->global->points);
  CHECK(g.mean_cost == b->global->mean_cost);
  REQUIRE(g.policy_fits.size() == 2);
  // The fixed policy's cost does not depend on the parameter: its slope is 0 up to rounding.
  CHECK(std::abs(g.policy_fits[1].coefficients[0]) < 1e-6 * std::abs(g.policy_fits[1].intercept));
  for (std::size_t i = 0; i < g.points.size(); ++i) {
    CHECK(g.mean_difference[i] == doctest::Approx(g.mean_cost[i][0] - g.mean_cost[i][1]));
  }
}
