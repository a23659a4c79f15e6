// -----------------------------------------------------------------------------
// File: models/model/plan.h
// -----------------------------------------------------------------------------
// What a scenario implies before anything is simulated: each SKU's planned demand, planned
// lead time and cost rates, and each policy resolved into one ReplenishmentRule per SKU.
// Fixed from the scenario and never learned (scenarios/README.md "Replenishment").
#pragma once

#include <cstdint>
#include <vector>

#include "models/model/network.h"
#include "models/model/policy.h"
#include "models/model/scenario.h"

namespace jitsim::models {

struct SkuPlan {
  double demand_per_day = 0;           // mu: orders/day x E[size], year average
  double demand_variance = 0;          // var_d: orders/day x E[size^2]
  double lead_time = 0;                // L_plan: supplier + transit + dock-to-stock means
  double lead_time_variance = 0;       // var_L: sum of the three variances
  double holding_per_unit_day = 0;     // h
  double unit_value = 0;               // unit_cost x supplier's multiplier (what a unit costs us)
  double lost_unit_cost = 0;           // lost_sale_penalty + max(0, price - unit_cost)
  double planned_revenue_per_day = 0;  // customer demand x price (ABC ranking)
  double customer_demand_per_day = 0;  // the part of mu that customers order here
};

/// Plans of every item-location of `network` (built from `scenario`), in its order.
std::vector<SkuPlan> plan_items(const Scenario& scenario, const Network& network);
/// The plans of the scenario's own network (one per SKU for a single site).
std::vector<SkuPlan> plan_skus(const Scenario& scenario);

/// `top` over `base`: fields set in `top` win.
PolicyParams overlay(PolicyParams base, const PolicyParams& top);

/// Which SKUs a hybrid policy treats as critical (flagged, top revenue share, lead-time CV).
std::vector<bool> critical_skus(const Scenario& scenario, const Network& network,
                                const std::vector<SkuPlan>& plans, const CriticalRule& rule);
std::vector<bool> critical_skus(const Scenario& scenario, const std::vector<SkuPlan>& plans,
                                const CriticalRule& rule);

/// `policy` resolved for every item-location (per_site and per_sku overrides, kind changes and
/// hybrid halves applied).
std::vector<ReplenishmentRule> resolve_policy(const Scenario& scenario, const Network& network,
                                              const std::vector<SkuPlan>& plans,
                                              const PolicySpec& policy);
/// The same for the scenario's own network (one rule per SKU for a single site).
std::vector<ReplenishmentRule> resolve_policy(const Scenario& scenario,
                                              const std::vector<SkuPlan>& plans,
                                              const PolicySpec& policy);

/// Units on hand at the start of the warm-up: the SKU's initial_on_hand, or the rule's
/// target (S, or r + Q for an (r, Q) rule).
std::int64_t initial_stock(const Sku& sku, const ReplenishmentRule& rule);

}  // namespace jitsim::models
