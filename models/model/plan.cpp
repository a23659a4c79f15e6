// File: models/model/plan.cpp
#include "models/model/plan.h"

#include <algorithm>
#include <cmath>
#include <limits>
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
                           const Scenario& scenario, const Network& network, std::size_t item) {
  ReplenishmentRule r;
  const ItemLocation& il = network.item(item);
  if (il.is_kit() && scenario.skus[il.sku].kit_on_order()) {
    // No stock and no replenishment: a rule that never orders (and an initial stock of 0).
    r.policy_kind = kind;
    r.order_up_to = -std::numeric_limits<double>::infinity();
    r.planned_demand_per_day = plan.demand_per_day;
    r.planned_demand_variance = plan.demand_variance;
    return r;
  }
  if (!il.is_kit() && !network.lane_of(item).from_site) {  // transfers, assembly: any quantity
    const Supplier& supplier = scenario.suppliers[network.lane_of(item).supplier];
    r.min_order_qty = supplier.min_order_qty;
    r.order_multiple = supplier.order_multiple;
  }
  r.policy_kind = kind;
  r.planned_lead_time = plan.lead_time;
  r.planned_lead_time_variance = plan.lead_time_variance;
  r.planned_demand_per_day = plan.demand_per_day;
  r.planned_demand_variance = plan.demand_variance;
  const double mu = plan.demand_per_day;
  if (kind == PolicyKind::base_stock || kind == PolicyKind::periodic) {
    r.position = p.position.value_or(PositionScope::installation);
  }
  if (p.expedite) {
    // The rule names a lane; it applies where that lane serves the item-location.
    for (const Source& src : network.item(item).expedites) {
      if (src.lane != p.expedite->lane) continue;
      r.expedite_lane = src.lane;
      r.expedite_below = std::ceil(mu * p.expedite->below_days - 1e-9);
      r.expedite_lead_time = network.lanes[src.lane].planned_lead_time;
    }
  }
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
      if (p.order_quantity) {  // TQ: Q at every review (while IP < S, when S is given)
        r.kind = RuleKind::fixed_qty;
        r.order_quantity = level_units(p.order_quantity, mu);
        if (!p.order_up_to) r.order_up_to = std::numeric_limits<double>::infinity();
      }
      break;
  }
  return r;
}

}  // namespace

std::vector<SkuPlan> plan_items(const Scenario& scenario, const Network& network) {
  // A SKU's customer demand, then its share at each item-location.
  std::vector<std::pair<double, double>> sku_demand;  // mu, var_d
  for (const Sku& sku : scenario.skus) {
    SkuPlan p;
    const Demand& d = sku.demand;
    if (d.is_replay()) {  // an order log's daily totals are in d.trace too
      plan_trace(d, p);
    } else {
      const double weekly_mean = std::accumulate(d.weekly.begin(), d.weekly.end(), 0.0) / 7.0;
      // Customers ask for whole units (sizes rounded to the nearest unit), so plan with those.
      const auto [size_mean, size_sq] = d.order_size.rounded_moments();
      p.demand_per_day = d.orders_per_day * weekly_mean * size_mean;
      p.demand_variance = d.orders_per_day * weekly_mean * size_sq;
    }
    sku_demand.emplace_back(p.demand_per_day, p.demand_variance);
  }
  std::vector<SkuPlan> plans(network.items.size());
  for (std::size_t i = 0; i < network.items.size(); ++i) {
    const ItemLocation& il = network.items[i];
    SkuPlan& p = plans[i];
    const Sku& sku = scenario.skus[il.sku];
    const bool exact_share = il.customer_share == 1.0;  // the single-site values bit for bit
    p.demand_per_day =
        exact_share ? sku_demand[il.sku].first : sku_demand[il.sku].first * il.customer_share;
    p.demand_variance =
        exact_share ? sku_demand[il.sku].second : sku_demand[il.sku].second * il.customer_share;
    p.customer_demand_per_day = p.demand_per_day;
    if (il.is_kit()) {  // made at the site: to stock, its L_plan is the mean assembly time
      const bool to_stock = !sku.kit_on_order();
      p.lead_time = to_stock ? sku.assembly_days.expected() : 0.0;
      p.lead_time_variance = to_stock ? sku.assembly_days.variance() : 0.0;
    } else {
      p.lead_time = network.lanes[il.lane].planned_lead_time;
      p.lead_time_variance = network.lanes[il.lane].planned_lead_time_variance;
    }
    p.lost_unit_cost = scenario.costs.lost_sale_penalty + std::max(0.0, sku.price - sku.unit_cost);
  }
  // Planned demand flows upstream: an item-location also plans for what the item-locations it
  // feeds will order from it (a split by the lane's share of their regular lanes; otherwise
  // all of it through their lane of lowest priority). Kit components add kit demand x quantity.
  for (const std::uint32_t i : network.downstream_first) {
    const ItemLocation& il = network.items[i];
    double shares = 0;
    for (const Source& src : il.sources) shares += network.lanes[src.lane].share;
    const bool split = network.sites[il.site].sourcing == Sourcing::split && shares > 0;
    for (const Source& src : il.sources) {
      if (src.upstream == kNoIndex) continue;
      double fraction = 0;
      if (split) {
        fraction = network.lanes[src.lane].share / shares;
      } else if (src.lane == il.lane) {
        fraction = 1;
      }
      plans[src.upstream].demand_per_day += fraction * plans[i].demand_per_day;
      plans[src.upstream].demand_variance += fraction * plans[i].demand_variance;
    }
    for (const auto& [c, quantity] : il.components) {
      const auto q = static_cast<double>(quantity);
      plans[c].demand_per_day += q * plans[i].demand_per_day;
      plans[c].demand_variance += q * q * plans[i].demand_variance;
    }
  }
  // What a unit costs us: the price of the lane of lowest priority, upstream for a transfer
  // (upstream item-locations are later in downstream_first, hence the reverse walk).
  for (auto it = network.downstream_first.rbegin(); it != network.downstream_first.rend(); ++it) {
    const ItemLocation& il = network.items[*it];
    const Sku& sku = scenario.skus[il.sku];
    SkuPlan& p = plans[*it];
    if (il.is_kit()) {
      p.unit_value = sku.unit_cost;  // the kit's own unit_cost (its parts and labour)
    } else if (const Source& primary = il.sources.front(); primary.upstream == kNoIndex) {
      p.unit_value = sku.unit_cost *
                     scenario.suppliers[network.lanes[primary.lane].supplier].unit_cost_multiplier;
    } else {
      p.unit_value = plans[primary.upstream].unit_value;
    }
    p.holding_per_unit_day = sku.holding_cost_per_unit_day
                                 ? *sku.holding_cost_per_unit_day
                                 : p.unit_value * scenario.costs.holding_rate_per_year / 365.0;
    p.planned_revenue_per_day = p.customer_demand_per_day * sku.price;
  }
  return plans;
}

std::vector<SkuPlan> plan_skus(const Scenario& scenario) {
  return plan_items(scenario, build_network(scenario));
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
  take(base.kind, top.kind);
  take(base.position, top.position);
  take(base.expedite, top.expedite);
  return base;
}

std::vector<bool> critical_skus(const Scenario& scenario, const Network& network,
                                const std::vector<SkuPlan>& plans, const CriticalRule& rule) {
  const std::size_t n = network.items.size();
  std::vector<bool> critical(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (rule.flagged && scenario.skus[network.items[i].sku].critical) critical[i] = true;
    if (rule.lead_time_cv_above && plans[i].lead_time > 0 &&
        std::sqrt(plans[i].lead_time_variance) / plans[i].lead_time > *rule.lead_time_cv_above) {
      critical[i] = true;
    }
  }
  if (rule.top_revenue_share) {
    // ABC: rank by planned revenue (ties by file order); an item-location is an "A" item while
    // the share of those ranked above it is still below the threshold.
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
  // An item-location that feeds a critical one is critical too: the buffer covers the chain.
  for (auto it = network.downstream_first.begin(); it != network.downstream_first.end(); ++it) {
    for (const std::uint32_t d : network.items[*it].downstream) {
      if (critical[d]) critical[*it] = true;
    }
  }
  return critical;
}

std::vector<bool> critical_skus(const Scenario& scenario, const std::vector<SkuPlan>& plans,
                                const CriticalRule& rule) {
  return critical_skus(scenario, build_network(scenario), plans, rule);
}

std::vector<ReplenishmentRule> resolve_policy(const Scenario& scenario, const Network& network,
                                              const std::vector<SkuPlan>& plans,
                                              const PolicySpec& policy) {
  const std::size_t n = network.items.size();
  std::vector<bool> critical(n, false);
  if (policy.kind == PolicyKind::hybrid) {
    critical = critical_skus(scenario, network, plans, policy.critical);
  }
  std::vector<ReplenishmentRule> rules;
  rules.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ItemLocation& il = network.items[i];
    PolicyParams params = policy.params;
    PolicyKind kind = policy.kind;
    if (kind == PolicyKind::hybrid) {
      kind = critical[i] ? PolicyKind::jic : PolicyKind::jit;
      params = overlay(params, critical[i] ? policy.critical_policy : policy.other_policy);
    }
    // Overrides, least specific first: the site's, the SKU's at every site, "sku@site".
    for (const auto& [site, site_params] : policy.per_site) {
      if (site == il.site) params = overlay(params, site_params);
    }
    for (const SkuOverride& o : policy.per_sku) {
      if (o.sku == il.sku && !o.site) params = overlay(params, o.params);
    }
    for (const SkuOverride& o : policy.per_sku) {
      if (o.sku == il.sku && o.site == il.site) params = overlay(params, o.params);
    }
    if (params.kind) kind = *params.kind;
    if (kind == PolicyKind::hybrid) kind = critical[i] ? PolicyKind::jic : PolicyKind::jit;
    ReplenishmentRule rule = rule_for(kind, params, plans[i], scenario, network, i);
    rule.policy_kind = policy.kind;
    rule.critical = critical[i];
    rules.push_back(rule);
  }
  return rules;
}

std::vector<ReplenishmentRule> resolve_policy(const Scenario& scenario,
                                              const std::vector<SkuPlan>& plans,
                                              const PolicySpec& policy) {
  return resolve_policy(scenario, build_network(scenario), plans, policy);
}

std::int64_t initial_stock(const Sku& sku, const ReplenishmentRule& rule) {
  if (sku.initial_on_hand) return *sku.initial_on_hand;
  const double level = rule.kind == RuleKind::reorder_qty ? rule.reorder_point + rule.order_quantity
                                                          : rule.order_up_to;
  return static_cast<std::int64_t>(std::max(0.0, level));
}

}  // namespace jitsim::models
