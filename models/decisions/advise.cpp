// File: models/decisions/advise.cpp
#include "models/decisions/advise.h"

#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "models/agents/world.h"
#include "sim/statistics.h"

namespace jitsim::models {

namespace {

double mean_of(const std::vector<double>& x) {
  return sim::summarize(x).mean;
}

}  // namespace

void choose_policy(ClassPoint& p, double min_fill_rate) {
  const std::size_t policies = p.cost.size();
  p.cost_mean.assign(policies, 0);
  p.fill_mean.assign(policies, 0);
  p.meets.assign(policies, 0);
  bool any = false;
  std::size_t best = 0, best_fill = 0;
  for (std::size_t k = 0; k < policies; ++k) {
    p.cost_mean[k] = mean_of(p.cost[k]);
    p.fill_mean[k] = mean_of(p.fill[k]);
    // A class without customer demand has no fill rate to miss.
    p.meets[k] = std::isnan(p.fill_mean[k]) || p.fill_mean[k] >= min_fill_rate;
    if (p.meets[k] && (!any || p.cost_mean[k] < p.cost_mean[best])) {
      best = k;
      any = true;
    }
    if (p.fill_mean[k] > p.fill_mean[best_fill]) best_fill = k;
  }
  p.meets_min_fill = any;
  p.recommended = any ? best : best_fill;
  // Confidence: replications in which the recommendation is the cheapest policy that meets
  // the minimum in that replication (paired: every policy saw the same futures).
  const std::size_t reps = policies ? p.cost[0].size() : 0;
  std::size_t wins = 0;
  for (std::size_t r = 0; r < reps; ++r) {
    auto ok = [&](std::size_t k) {
      return std::isnan(p.fill[k][r]) || p.fill[k][r] >= min_fill_rate;
    };
    std::size_t winner = policies;
    for (std::size_t k = 0; k < policies; ++k) {
      if (ok(k) && (winner == policies || p.cost[k][r] < p.cost[winner][r])) winner = k;
    }
    if (winner == p.recommended) ++wins;
  }
  p.confidence = reps ? static_cast<double>(wins) / static_cast<double>(reps) : 0;
}

std::optional<AdvisePoint> evaluate_point(const Scenario& scenario,
                                          const std::vector<SkuClass>& classes,
                                          const AdviseSettings& settings) {
  std::vector<std::size_t> policies(scenario.policies.size());
  std::iota(policies.begin(), policies.end(), 0);
  Candidate candidate(scenario, policies);
  RunSettings run = settings.run;
  run.breakdown_runs = true;
  if (!candidate.run_more(settings.replications, run)) return std::nullopt;
  const ModelSetup setup(candidate.scenario());
  const BreakdownLayout layout(setup);
  AdvisePoint point;
  for (const SkuClass& c : classes) {
    ClassPoint cp;
    cp.cost.resize(policies.size());
    cp.fill.resize(policies.size());
    for (std::size_t k = 0; k < policies.size(); ++k) {
      for (const Breakdown& b : candidate.results(k).breakdown_runs) {
        const ClassTotals t = class_totals(layout, b, c.items);
        cp.cost[k].push_back(t.total_cost);
        cp.fill[k].push_back(t.fill_rate());
      }
    }
    choose_policy(cp, settings.min_fill_rate);
    point.classes.push_back(std::move(cp));
  }
  return point;
}

AdviseResult advise(const Scenario& scenario, const AdviseSettings& settings) {
  AdviseResult out;
  for (const PolicySpec& p : scenario.policies) out.policies.push_back(p.name);
  for (const Sku& s : scenario.skus) out.sku_ids.push_back(s.id);
  out.replications = settings.replications;
  out.axes = settings.axes.empty() ? default_axes(scenario) : settings.axes;
  const std::vector<SkuClass> classes = classify_skus(ModelSetup(scenario));

  auto run_point = [&](const Scenario& sc, const StressAxis* axis,
                       double value) -> std::optional<AdvisePoint> {
    if (settings.on_point) settings.on_point(axis, value);
    auto p = evaluate_point(sc, classes, settings);
    if (p) {
      p->value = value;
      ++out.points;
      out.replications_spent += settings.replications * scenario.policies.size();
    }
    return p;
  };
  const std::optional<AdvisePoint> base = run_point(scenario, nullptr, 0);
  if (!base) {
    out.cancelled = true;
    return out;
  }
  for (std::size_t c = 0; c < classes.size(); ++c) {
    out.classes.push_back({classes[c], base->classes[c], {}});
  }
  for (const StressAxis& axis : out.axes) {
    // Points of this axis, shared by the classes (their searches often visit the same ones).
    std::map<double, AdvisePoint> cache;
    cache.emplace(axis.neutral, *base);
    bool cancelled = false;
    auto point_at = [&](double v) -> const AdvisePoint* {
      auto it = cache.find(v);
      if (it != cache.end()) return &it->second;
      std::optional<AdvisePoint> p =
          run_point(scenario_at(scenario, settings.base_dir, axis, v), &axis, v);
      if (!p) {
        cancelled = true;
        return nullptr;
      }
      return &cache.emplace(v, std::move(*p)).first->second;
    };
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const ClassAt class_at = [&](double v) -> const ClassPoint* {
        const AdvisePoint* p = point_at(v);
        return p ? &p->classes[c] : nullptr;
      };
      for (const double end : {axis.lo, axis.hi}) {
        if (end == axis.neutral) continue;
        std::optional<BreakEven> be =
            search_break_even(axis, end, settings.bisection_steps, class_at);
        if (!be) {
          out.cancelled = true;
          return out;
        }
        out.classes[c].break_even.push_back(std::move(*be));
      }
    }
    if (cancelled) {
      out.cancelled = true;
      return out;
    }
  }
  return out;
}

}  // namespace jitsim::models
