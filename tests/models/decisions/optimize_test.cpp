// File: tests/models/decisions/optimize_test.cpp
// The ranking-and-selection procedure on synthetic numbers, and `optimize` on base stock with
// Poisson demand and backorders against the exact newsvendor optimum (Hadley and Whitin;
// Zipkin): per day, G(S) = h E[(S - X)+] + b E[(X - S)+] with X ~ Poisson(lambda L), minimised
// by the smallest S with P(X <= S) >= b / (b + h); fill rate P(X <= S - 1).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "model_test_support.h"
#include "models/decisions/optimize.h"
#include "models/decisions/ranking_selection.h"
#include "theory.h"

namespace m = jitsim::models;
using namespace jitsim::testing;

namespace {

// k settings with the given means; replication r adds the same common noise to every setting
// (as common random numbers do) plus a smaller noise of its own.
class NormalSource : public m::SampleSource {
 public:
  NormalSource(std::vector<double> means, double common_sd, double own_sd)
      : means_(std::move(means)), common_sd_(common_sd), own_sd_(own_sd), x_(means_.size()) {}
  std::size_t size() const override { return means_.size(); }
  bool run_more(std::size_t i, std::uint64_t count) override {
    for (std::uint64_t c = 0; c < count; ++c) {
      const std::size_t r = x_[i].size();
      boost::random::mt19937 common(static_cast<std::uint32_t>(1000 + r));
      boost::random::mt19937 own(static_cast<std::uint32_t>(7 + 100003 * i + r));
      boost::random::normal_distribution<double> z;
      x_[i].push_back(means_[i] + common_sd_ * z(common) + own_sd_ * z(own));
    }
    calls_ += count;
    return true;
  }
  std::vector<double> values(std::size_t i, std::size_t) const override { return x_[i]; }
  std::uint64_t calls() const { return calls_; }

 private:
  std::vector<double> means_;
  double common_sd_, own_sd_;
  std::vector<std::vector<double>> x_;
  std::uint64_t calls_ = 0;
};

double half_width(const std::vector<double>& x) {
  const jitsim::sim::Summary s = jitsim::sim::summarize(x);
  return 0.5 * (s.ci95_high - s.ci95_low);
}

// One SKU, Poisson(lam) unit demand, lead time L, holding h and backorder b per unit-day.
std::string newsvendor_chain(double lam, double lead_time, double h, double b, double horizon) {
  Chain c;
  c.scenario =
      fmt::format("horizon_days = {}\nwarmup_days = {}\nseed = 3", horizon, 10 * lead_time);
  c.costs = fmt::format("backorder_cost_per_unit_day = {}", b);
  c.warehouse = "unmet_demand = \"backorder\"";
  c.supplier = fmt::format("lead_time_days = {}", lead_time);
  c.sku = fmt::format(
      "unit_cost = 10\nprice = 20\nholding_cost_per_unit_day = {}\n"
      "demand = {{ orders_per_day = {}, order_size = 1 }}",
      h, lam);
  c.policies = "[[policies]]\nname = \"bs\"\nkind = \"base_stock\"\nlevel = 1";
  return c.toml();
}

struct Case {
  double lam, lead_time, h, b;
};

struct Outcome {
  m::OptimizeResult result;
  std::vector<int> levels;
};

Outcome optimize_levels(const std::string& toml, const std::vector<int>& levels,
                        m::OptimizeProblem problem, unsigned threads = 1) {
  std::vector<m::Candidate> candidates;
  m::SweepAxis axis{"policies.bs.level", {}, {}, {}};
  for (const int s : levels) {
    m::LoadResult r =
        m::load_scenario_text(toml, "test.toml", ".", {fmt::format("policies.bs.level={}", s)});
    REQUIRE(r.ok());
    candidates.emplace_back(*r.scenario, std::vector<std::size_t>{0});
    axis.values.push_back(s);
  }
  problem.params = {axis};
  m::RunSettings settings;
  settings.threads = threads;
  Outcome out{m::optimize(candidates, m::grid_points(problem.params), problem, settings), levels};
  return out;
}

int chosen_level(const Outcome& o) {
  REQUIRE(o.result.best >= 0);
  return o.levels[static_cast<std::size_t>(o.result.best)];
}

}  // namespace

TEST_CASE("KN picks the best of well separated settings and respects the budget") {
  NormalSource source({10.0, 10.8, 11.5, 12.0, 13.0}, 2.0, 0.3);
  m::SelectionOptions o;
  o.tolerance = 0.02;  // delta = 0.2
  o.budget = 1000;
  const m::SelectionResult r = m::select_best(source, o);
  CHECK(r.best == 0);
  CHECK(r.separated);
  CHECK(r.spent == source.calls());
  CHECK(r.spent <= o.budget);
  for (std::size_t i = 1; i < 5; ++i) CHECK(r.settings[i].status == m::SelectionStatus::excluded);
}

TEST_CASE("higher-is-better objectives pick the largest mean") {
  NormalSource source({0.90, 0.95, 0.80}, 0.02, 0.005);
  m::SelectionOptions o;
  o.lower_is_better = false;
  o.tolerance = 0.01;
  o.budget = 600;
  const m::SelectionResult r = m::select_best(source, o);
  CHECK(r.best == 1);
  CHECK(r.separated);
}

TEST_CASE("settings that cannot be told apart use the budget, and more budget narrows them") {
  const std::vector<double> equal{5.0, 5.0, 5.0};
  std::vector<double> widths;
  for (const std::uint64_t budget : {60u, 300u, 1500u}) {
    NormalSource source(equal, 1.0, 0.5);
    m::SelectionOptions o;
    o.tolerance = 1e-6;
    o.budget = budget;
    const m::SelectionResult r = m::select_best(source, o);
    CHECK_FALSE(r.separated);
    CHECK(r.spent <= budget);
    CHECK(r.spent + equal.size() > budget);  // it did use what it had
    CHECK(r.best >= 0);
    widths.push_back(half_width(source.values(static_cast<std::size_t>(r.best), 0)));
    for (const m::SettingOutcome& s : r.settings) {
      CHECK(
          (s.status == m::SelectionStatus::best || s.status == m::SelectionStatus::not_separated));
    }
  }
  CHECK(widths[1] < widths[0]);
  CHECK(widths[2] < widths[1]);
}

TEST_CASE("constraints: clearly failed settings stop, met ones may win") {
  // Column 1 (the constraint) is the same numbers as the objective here: "objective <= 11.2"
  // makes the two best-looking settings the only feasible ones, and the best is setting 0.
  NormalSource source({10.0, 11.0, 12.0, 14.0}, 0.3, 0.1);
  m::SelectionOptions o;
  o.constraints = {{false, 11.5}};
  o.tolerance = 0.01;
  o.budget = 800;
  const m::SelectionResult r = m::select_best(source, o);
  CHECK(r.best == 0);
  CHECK(r.settings[2].status == m::SelectionStatus::infeasible);
  CHECK(r.settings[3].status == m::SelectionStatus::infeasible);
  CHECK(r.settings[0].constraints[0] == m::Feasibility::feasible);
}

TEST_CASE("constraints are parsed with their metric and side") {
  std::string error;
  const m::MetricConstraint c = m::parse_constraint(" fill_rate >= 0.95 ", error);
  CHECK(error.empty());
  CHECK(c.metric == m::Metric::fill_rate);
  CHECK(c.bound.at_least);
  CHECK(c.bound.bound == 0.95);
  CHECK(c.text() == "fill_rate>=0.95");
  m::parse_constraint("lost_sales_units<=3", error);
  CHECK(error.empty());
  m::parse_constraint("fill_rate=0.9", error);
  CHECK(error.find("expected METRIC>=BOUND") != std::string::npos);
  m::parse_constraint("fillrate>=0.9", error);
  CHECK(error.find("no metric 'fillrate'") != std::string::npos);
  m::parse_constraint("fill_rate>=x", error);
  CHECK(error.find("not a number") != std::string::npos);
}

TEST_CASE("grids are every combination, the first axis slowest") {
  const std::vector<m::SweepAxis> axes{{"a", {1, 2}, {}, {}}, {"b", {10, 20, 30}, {}, {}}};
  const auto points = m::grid_points(axes);
  REQUIRE(points.size() == 6);
  CHECK(points[0] == std::vector<double>{1, 10});
  CHECK(points[2] == std::vector<double>{1, 30});
  CHECK(points[3] == std::vector<double>{2, 10});
  CHECK(m::grid_size(axes) == 6);
}

TEST_SUITE("validation") {
  TEST_CASE("optimize finds the newsvendor base-stock level within its indifference zone") {
    const double horizon = 1500;
    for (const Case c : {Case{5, 4, 0.1, 0.7}, Case{2, 7, 1, 9}, Case{10, 2, 0.5, 0.5}}) {
      const Poisson X(c.lam * c.lead_time);
      const auto cost = [&](int s) { return c.h * X.expected_left(s) + c.b * X.expected_right(s); };
      int best = 0;
      while (X.cdf(best) < c.b / (c.b + c.h)) ++best;
      std::vector<int> levels;
      for (int s = std::max(0, best - 5); s <= best + 5; ++s) levels.push_back(s);
      m::OptimizeProblem problem;
      const Outcome o =
          optimize_levels(newsvendor_chain(c.lam, c.lead_time, c.h, c.b, horizon), levels, problem);
      const int chosen = chosen_level(o);
      INFO("lambda ", c.lam, " L ", c.lead_time, " h ", c.h, " b ", c.b, ": S* = ", best,
           ", chosen ", chosen, ", delta ", o.result.delta, ", spent ", o.result.spent);
      CHECK(o.result.separated);
      CHECK(o.result.spent <= 50 * levels.size());
      // delta is in total_cost over the horizon; G is per day.
      CHECK((cost(chosen) - cost(best)) * horizon <= o.result.delta);
      // The exact optimum is strictly better than its neighbours here by more than delta.
      CHECK(o.result.delta < (std::min(cost(best - 1), cost(best + 1)) - cost(best)) * horizon);
      CHECK(chosen == best);
    }
  }

  TEST_CASE("with a fill-rate constraint optimize finds the smallest level that meets it") {
    const double horizon = 1500;
    for (const Case c : {Case{5, 4, 0.1, 0.7}, Case{2, 7, 1, 9}}) {
      const Poisson X(c.lam * c.lead_time);
      int unconstrained = 0;
      while (X.cdf(unconstrained) < c.b / (c.b + c.h)) ++unconstrained;
      // A bound halfway between the fill rates of two levels above the cost optimum: the
      // smallest level meeting it is `target`, and neither side is a near miss.
      const int target = unconstrained + 3;
      const double bound = 0.5 * (X.cdf(target - 2) + X.cdf(target - 1));
      std::vector<int> levels;
      for (int s = unconstrained - 2; s <= target + 3; ++s) levels.push_back(s);
      m::OptimizeProblem problem;
      problem.constraints = {{m::Metric::fill_rate, {true, bound}}};
      problem.budget = 100 * levels.size();
      const Outcome o =
          optimize_levels(newsvendor_chain(c.lam, c.lead_time, c.h, c.b, horizon), levels, problem);
      const int chosen = chosen_level(o);
      INFO("lambda ", c.lam, " L ", c.lead_time, ": bound ", bound, ", target ", target,
           ", chosen ", chosen, ", spent ", o.result.spent);
      CHECK(X.cdf(chosen - 1) >= bound);  // truly feasible
      CHECK(chosen == target);
      for (std::size_t i = 0; i < levels.size(); ++i) {
        if (levels[i] < target) {
          CHECK(o.result.candidates[i].status == m::SelectionStatus::infeasible);
        }
      }
    }
  }
}

TEST_CASE("optimize gives the same result with 1 and 2 threads") {
  m::OptimizeProblem problem;
  problem.constraints = {{m::Metric::fill_rate, {true, 0.9}}};
  const std::string toml = newsvendor_chain(5, 4, 0.1, 0.7, 400);
  const std::vector<int> levels{22, 24, 25, 26, 27, 28};
  const Outcome one = optimize_levels(toml, levels, problem, 1);
  const Outcome two = optimize_levels(toml, levels, problem, 2);
  REQUIRE(one.result.candidates.size() == two.result.candidates.size());
  CHECK(one.result.best == two.result.best);
  CHECK(one.result.spent == two.result.spent);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    CHECK(one.result.candidates[i].replications == two.result.candidates[i].replications);
    CHECK(one.result.candidates[i].objective.mean == two.result.candidates[i].objective.mean);
    CHECK(one.result.candidates[i].status == two.result.candidates[i].status);
  }
  CHECK(m::optimize_csv(problem, one.result) == m::optimize_csv(problem, two.result));
}
