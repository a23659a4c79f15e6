// File: models/model/plan.cpp
#include "models/model/plan.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jitsim::models {

namespace {

// Mean and variance of one day's demand of a trace (what the trace itself says).
void plan_trace(const Demand& d, SkuPlan& plan) {
  if (d.trace.empty()) return;
  double sum = 0, sum_sq = 0;
  for (const double q : d.trace) sum += q, sum_sq += q * q;
  const auto n = static_cast<double>(d.trace.size());
  plan.demand_per_day = sum / n;
  const double spread = n > 1 ? (sum_sq - sum * sum / n) / (n - 1) : 0.0;
  plan.demand_variance = d.trace_poisson_noise ? plan.demand_per_day + spread : spread;
}

double level_units(const std::optional<Level>& level, double mu) {
  if (!level) return 0;
  return level->in_days ? std::ceil(level->amount * mu - 1e-9) : level->amount;
}

ReplenishmentRule rule_for(PolicyKind kind, const PolicyParams& p, const SkuPlan& plan,
                           const Sku& sku, const Scenario& scenario) {
  const Supplier& supplier = scenario.suppliers[sku.supplier];
  ReplenishmentRule r;
  r.policy_kind = kind;
  r.planned_lead_time = plan.lead_time;
  r.planned_lead_time_variance = plan.lead_time_variance;
  r.planned_demand_per_day = plan.demand_per_day;
  r.planned_demand_variance = plan.demand_variance;
  r.min_order_qty = supplier.min_order_qty;
  r.order_multiple = supplier.order_multiple;
  const double mu = plan.demand_per_day;
  switch (kind) {
    case PolicyKind::jit:
    case PolicyKind::hybrid:  // not reached: hybrid resolves to jit or jic per SKU
      r.review = p.batch.value_or(SignalBatching::daily) == SignalBatching::daily
                     ? ReviewMode::daily
                     : ReviewMode::continuous;
      r.kind = RuleKind::order_up_to;
      r.target_source = TargetSource::kanban;
      r.safety_factor = p.safety_factor.value_or(0.1);
      r.buffer_days = p.buffer_days.value_or(0);
      r.adapt = p.adapt.value_or(false);
      // A kanban loop counts the signal's collection interval in its lead time: a daily batch
      // may hold a signal for up to a day before it is sent.
      r.signal_wait_days = r.review == ReviewMode::daily ? 1.0 : 0.0;
      r.order_up_to =
          kanban_target(mu, plan.lead_time + r.signal_wait_days, r.safety_factor, r.buffer_days);
      break;
    case PolicyKind::jic:
      r.review = ReviewMode::periodic;
      r.review_period_days = p.review_period_days.value_or(7);
      r.kind = p.order_quantity_rule.value_or(OrderQuantityRule::up_to) == OrderQuantityRule::eoq
                   ? RuleKind::up_to_eoq
                   : RuleKind::order_up_to;
      r.target_source = TargetSource::forecast;
      r.forecast = p.forecast.value_or(Forecast::moving_average);
      r.window_days = p.window_days.value_or(28);
      r.alpha = p.alpha.value_or(0.1);
      r.z = normal_quantile(p.service_level.value_or(0.98));
      r.eoq_setup_cost = scenario.costs.order_cost;
      r.eoq_holding_per_unit_year = plan.holding_per_unit_day * 365;
      r.order_up_to = forecast_target(mu, plan.lead_time, r.review_period_days, r.z,
                                      plan.demand_variance, plan.lead_time_variance);
      break;
    case PolicyKind::base_stock:
      r.order_up_to = level_units(p.level, mu);
      break;
    case PolicyKind::rq:
      r.kind = RuleKind::reorder_qty;
      r.reorder_point = level_units(p.reorder_point, mu);
      r.order_quantity = level_units(p.order_quantity, mu);
      break;
    case PolicyKind::ss:
      r.kind = RuleKind::min_max;
      r.reorder_point = level_units(p.reorder_point, mu);
      r.order_up_to = level_units(p.order_up_to, mu);
      break;
    case PolicyKind::periodic:
      r.review = ReviewMode::periodic;
      r.review_period_days = p.review_period_days.value_or(7);
      r.order_up_to = level_units(p.order_up_to, mu);
      break;
  }
  return r;
}

}  // namespace

std::vector<SkuPlan> plan_skus(const Scenario& scenario) {
  std::vector<SkuPlan> plans;
  plans.reserve(scenario.skus.size());
  const Warehouse& wh = scenario.warehouse;
  for (const Sku& sku : scenario.skus) {
    const Supplier& supplier = scenario.suppliers[sku.supplier];
    const Carrier& carrier = scenario.carriers[sku.carrier];
    SkuPlan p;
    const Demand& d = sku.demand;
    if (d.is_trace()) {
      plan_trace(d, p);
    } else {
      const double weekly_mean = std::accumulate(d.weekly.begin(), d.weekly.end(), 0.0) / 7.0;
      // Customers ask for whole units (sizes rounded to the nearest unit), so plan with those.
      const auto [size_mean, size_sq] = d.order_size.rounded_moments();
      p.demand_per_day = d.orders_per_day * weekly_mean * size_mean;
      p.demand_variance = d.orders_per_day * weekly_mean * size_sq;
    }
    p.lead_time = supplier.lead_time_days.expected() + carrier.transit_days.expected() +
                  wh.dock_to_stock_days.expected();
    p.lead_time_variance = supplier.lead_time_days.variance() + carrier.transit_days.variance() +
                           wh.dock_to_stock_days.variance();
    p.unit_value = sku.unit_cost * supplier.unit_cost_multiplier;
    p.holding_per_unit_day = sku.holding_cost_per_unit_day
                                 ? *sku.holding_cost_per_unit_day
                                 : p.unit_value * scenario.costs.holding_rate_per_year / 365.0;
    p.lost_unit_cost = scenario.costs.lost_sale_penalty + std::max(0.0, sku.price - sku.unit_cost);
    p.planned_revenue_per_day = p.demand_per_day * sku.price;
    plans.push_back(p);
  }
  return plans;
}

PolicyParams overlay(PolicyParams base, const PolicyParams& top) {
  auto take = [](auto& field, const auto& over) {
    if (over) field = over;
  };
  take(base.safety_factor, top.safety_factor);
  take(base.buffer_days, top.buffer_days);
  take(base.batch, top.batch);
  take(base.adapt, top.adapt);
  take(base.service_level, top.service_level);
  take(base.review_period_days, top.review_period_days);
  take(base.forecast, top.forecast);
  take(base.window_days, top.window_days);
  take(base.alpha, top.alpha);
  take(base.order_quantity_rule, top.order_quantity_rule);
  take(base.level, top.level);
  take(base.reorder_point, top.reorder_point);
  take(base.order_quantity, top.order_quantity);
  take(base.order_up_to, top.order_up_to);
  return base;
}

std::vector<bool> critical_skus(const Scenario& scenario, const std::vector<SkuPlan>& plans,
                                const CriticalRule& rule) {
  const std::size_t n = scenario.skus.size();
  std::vector<bool> critical(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (rule.flagged && scenario.skus[i].critical) critical[i] = true;
    if (rule.lead_time_cv_above && plans[i].lead_time > 0 &&
        std::sqrt(plans[i].lead_time_variance) / plans[i].lead_time > *rule.lead_time_cv_above) {
      critical[i] = true;
    }
  }
  if (rule.top_revenue_share) {
    // ABC: rank by planned revenue (ties by file order); a SKU is an "A" item while the share
    // of the SKUs ranked above it is still below the threshold.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return plans[a].planned_revenue_per_day > plans[b].planned_revenue_per_day;
    });
    double total = 0;
    for (const SkuPlan& p : plans) total += p.planned_revenue_per_day;
    double above = 0;
    for (const std::size_t i : order) {
      if (total > 0 && above / total < *rule.top_revenue_share) critical[i] = true;
      above += plans[i].planned_revenue_per_day;
    }
  }
  return critical;
}

std::vector<ReplenishmentRule> resolve_policy(const Scenario& scenario,
                                              const std::vector<SkuPlan>& plans,
                                              const PolicySpec& policy) {
  const std::size_t n = scenario.skus.size();
  std::vector<const PolicyParams*> per_sku(n, nullptr);
  for (const SkuOverride& o : policy.per_sku) per_sku[o.sku] = &o.params;
  std::vector<bool> critical(n, false);
  if (policy.kind == PolicyKind::hybrid) critical = critical_skus(scenario, plans, policy.critical);

  std::vector<ReplenishmentRule> rules;
  rules.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    PolicyParams params = policy.params;
    PolicyKind kind = policy.kind;
    if (kind == PolicyKind::hybrid) {
      kind = critical[i] ? PolicyKind::jic : PolicyKind::jit;
      params = overlay(params, critical[i] ? policy.critical_policy : policy.other_policy);
    }
    if (per_sku[i]) params = overlay(params, *per_sku[i]);
    ReplenishmentRule rule = rule_for(kind, params, plans[i], scenario.skus[i], scenario);
    rule.policy_kind = policy.kind;
    rule.critical = critical[i];
    rules.push_back(rule);
  }
  return rules;
}

std::int64_t initial_stock(const Sku& sku, const ReplenishmentRule& rule) {
  if (sku.initial_on_hand) return *sku.initial_on_hand;
  const double level = rule.kind == RuleKind::reorder_qty ? rule.reorder_point + rule.order_quantity
                                                          : rule.order_up_to;
  return static_cast<std::int64_t>(std::max(0.0, level));
}

}  // namespace jitsim::models
