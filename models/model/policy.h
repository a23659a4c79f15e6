// -----------------------------------------------------------------------------
// File: models/model/policy.h
// -----------------------------------------------------------------------------
// Replenishment policies as plain values. A ReplenishmentRule is one SKU's resolved policy
// (levels in units, review clock, forecast settings); decide() turns the inventory position
// and, for forecast-driven rules, the forecast into an order quantity. No kernel, no I/O:
// every rule is unit-testable with numbers alone. Glossary: models/README.md.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "models/model/scenario.h"

namespace jitsim::models {

/// When a rule looks at the inventory position.
enum class ReviewMode {
  continuous,  // after every change of IP (demand, receipt, rejection, loss)
  daily,       // once a day at day start (JIT with batch = "daily")
  periodic     // at the review clock: days 0, R, 2R, ... (and -warmup + kR before day 0)
};

/// How the order quantity follows from IP.
enum class RuleKind {
  order_up_to,  // IP < S: order S - IP (base_stock, periodic, jit, jic "up_to")
  reorder_qty,  // while IP <= r: order Q (rq)
  min_max,      // IP <= s: order S - IP (ss)
  up_to_eoq,    // IP < S: order max(EOQ, S - IP) (jic "eoq")
  fixed_qty     // IP < S (no S: always): order Q (periodic with order_quantity: the TQ policy)
};

/// Where S comes from.
enum class TargetSource {
  fixed,     // a number from the scenario (or level_days x mu)
  kanban,    // JIT: ceil(mu x (L_plan + T_signal) x (1 + safety_factor) + mu x buffer_days)
  forecast,  // JIC: F (L + R) + z sqrt((L + R) var_d + F^2 var_L), rounded up
};

/// One SKU's replenishment rule, resolved from a policy spec and the SKU's plan.
struct ReplenishmentRule {
  PolicyKind policy_kind = PolicyKind::jit;  // what the analyst chose (for reports)
  bool critical = false;                     // hybrid: this SKU got the JIC half
  ReviewMode review = ReviewMode::continuous;
  RuleKind kind = RuleKind::order_up_to;
  TargetSource target_source = TargetSource::fixed;
  double review_period_days = 7;
  double order_up_to = 0;     // S (fixed rules; the initial S of the others)
  double reorder_point = 0;   // r or s
  double order_quantity = 0;  // Q
  // kanban (jit)
  double safety_factor = 0.1;
  double buffer_days = 0;
  double signal_wait_days = 0;  // T_signal: how long a signal may wait to be sent (daily: 1)
  bool adapt = false;           // re-estimate mu daily as the 28-day moving average of demand
  // forecast (jic)
  Forecast forecast = Forecast::moving_average;
  double window_days = 28;
  double alpha = 0.1;
  double z = 0;                          // standard normal quantile of the service level
  double eoq_setup_cost = 0;             // K
  double eoq_holding_per_unit_year = 0;  // H
  // planning constants of the SKU
  double planned_lead_time = 0;           // L_plan
  double planned_lead_time_variance = 0;  // var_L
  double planned_demand_per_day = 0;      // mu
  double planned_demand_variance = 0;     // var_d
  std::int64_t min_order_qty = 1;         // of the supplier of the lane of lowest priority
  std::int64_t order_multiple = 1;
  // networks
  PositionScope position = PositionScope::installation;  // echelon: + every downstream position
  std::uint32_t expedite_lane = std::numeric_limits<std::uint32_t>::max();  // none
  double expedite_below = 0;      // ceil(mu x below_days): the expedited position's floor
  double expedite_lead_time = 0;  // the expedite lane's planned lead time
  bool expedites() const { return expedite_lane != std::numeric_limits<std::uint32_t>::max(); }
};

/// JIT's kanban target: ceil(mu L (1 + safety_factor) + mu buffer_days), where L is the loop's
/// lead time: the planned lead time plus the time a signal may wait before it is sent.
double kanban_target(double mu, double lead_time, double safety_factor, double buffer_days);

/// JIC's order-up-to level F (L + R) + z sqrt((L + R) var_d + F^2 var_L), rounded up.
double forecast_target(double forecast, double lead_time, double review_period, double z,
                       double var_d, double var_lead_time);

/// Economic order quantity sqrt(2 K D / H) for D units a year; 0 when K or H is 0.
double economic_order_quantity(double setup_cost, double annual_demand,
                               double holding_per_unit_year);

/// Standard normal quantile (service level -> z).
double normal_quantile(double p);

/// A raw quantity after the supplier's terms: 0 if q_raw <= 0, else
/// max(min_order_qty, ceil(q_raw / order_multiple) x order_multiple).
std::int64_t apply_order_terms(double q_raw, std::int64_t min_order_qty,
                               std::int64_t order_multiple);

/// What a rule sees when it decides.
struct PolicyInputs {
  double inventory_position = 0;  // on hand + on order - backlog
  double order_up_to = 0;         // the current S (kanban/forecast rules recompute it)
  double forecast_per_day = 0;    // F (EOQ's annual demand is 365 F)
};

/// `count` purchase orders of `quantity` units each (after MOQ and multiple); count 0: none.
struct OrderDecision {
  std::int64_t quantity = 0;
  std::int64_t count = 0;
  bool operator==(const OrderDecision&) const = default;
};

/// Whether the rule's trigger fires at inventory position `ip`: decide() orders nothing
/// otherwise (and, with S above s, always orders when it fires). Cheap and inline: most
/// inventory changes under continuous review order nothing.
inline bool order_due(const ReplenishmentRule& rule, double ip, double order_up_to) {
  switch (rule.kind) {
    case RuleKind::order_up_to:
    case RuleKind::up_to_eoq:
      return ip < order_up_to;
    case RuleKind::fixed_qty:
      return ip < order_up_to && rule.order_quantity > 0;
    case RuleKind::min_max:
      return ip <= rule.reorder_point;
    case RuleKind::reorder_qty:
      return ip <= rule.reorder_point && rule.order_quantity > 0;
  }
  return false;
}

/// The same trigger as one integer threshold for whole-unit positions (inventory positions
/// are whole units): order_due(rule, ip, S) == (ip < order_below(rule, S)) for every integer
/// ip, so continuous review makes one integer comparison per inventory change (no conversion).
inline std::int64_t order_below(const ReplenishmentRule& rule, double order_up_to) {
  // The least integer n with (ip < n) == (ip < x) for all integers ip: ceil(x), with NaN and
  // -inf (never) and values beyond any position clamped.
  const auto integer_above = [](double x) {
    constexpr double kLimit = 0x1p62;
    if (!(x > -kLimit)) return std::numeric_limits<std::int64_t>::min();
    if (x > kLimit) return std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(std::ceil(x));
  };
  switch (rule.kind) {
    case RuleKind::order_up_to:
    case RuleKind::up_to_eoq:
      return integer_above(order_up_to);
    case RuleKind::fixed_qty:
      if (rule.order_quantity > 0) return integer_above(order_up_to);
      break;
    case RuleKind::min_max:
      return integer_above(std::floor(rule.reorder_point) + 1);  // ip <= s
    case RuleKind::reorder_qty:
      if (rule.order_quantity > 0) return integer_above(std::floor(rule.reorder_point) + 1);
      break;
  }
  return std::numeric_limits<std::int64_t>::min();  // never
}

/// What to order now. reorder_qty places as many orders of Q as bring IP above r.
OrderDecision decide(const ReplenishmentRule& rule, const PolicyInputs& in);

/// The S of a rule at a forecast F with observed daily variance var_d (kanban rules use F as mu).
double current_target(const ReplenishmentRule& rule, double forecast, double var_d);

}  // namespace jitsim::models
