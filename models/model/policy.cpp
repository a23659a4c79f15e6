// File: models/model/policy.cpp
#include "models/model/policy.h"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>

namespace jitsim::models {

namespace {
// Levels are whole units; a tiny tolerance keeps exact products (e.g. 10 x 2.0) from rounding
// up to the next unit through floating-point noise.
double ceil_units(double x) {
  return std::ceil(x - 1e-9);
}
}  // namespace

double kanban_target(double mu, double lead_time, double safety_factor, double buffer_days) {
  return ceil_units(mu * lead_time * (1 + safety_factor) + mu * buffer_days);
}

double forecast_target(double forecast, double lead_time, double review_period, double z,
                       double var_d, double var_lead_time) {
  const double cover = lead_time + review_period;
  const double sd = std::sqrt(std::max(0.0, cover * var_d + forecast * forecast * var_lead_time));
  return ceil_units(forecast * cover + z * sd);
}

double economic_order_quantity(double setup_cost, double annual_demand,
                               double holding_per_unit_year) {
  if (setup_cost <= 0 || holding_per_unit_year <= 0 || annual_demand <= 0) return 0;
  return std::sqrt(2 * setup_cost * annual_demand / holding_per_unit_year);
}

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

std::int64_t apply_order_terms(double q_raw, std::int64_t min_order_qty,
                               std::int64_t order_multiple) {
  if (!(q_raw > 0)) return 0;
  const auto multiple = static_cast<double>(std::max<std::int64_t>(1, order_multiple));
  const auto rounded = static_cast<std::int64_t>(std::ceil(q_raw / multiple - 1e-9) * multiple);
  return std::max(min_order_qty, rounded);
}

double current_target(const ReplenishmentRule& rule, double forecast, double var_d) {
  switch (rule.target_source) {
    case TargetSource::fixed:
      return rule.order_up_to;
    case TargetSource::kanban:
      return kanban_target(forecast, rule.planned_lead_time + rule.signal_wait_days,
                           rule.safety_factor, rule.buffer_days);
    case TargetSource::forecast:
      return forecast_target(forecast, rule.planned_lead_time, rule.review_period_days, rule.z,
                             var_d, rule.planned_lead_time_variance);
  }
  return rule.order_up_to;
}

OrderDecision decide(const ReplenishmentRule& rule, const PolicyInputs& in) {
  const double ip = in.inventory_position;
  if (!order_due(rule, ip, in.order_up_to)) return {};
  double q_raw = 0;
  std::int64_t count = 1;
  switch (rule.kind) {
    case RuleKind::order_up_to:
    case RuleKind::min_max:
      q_raw = in.order_up_to - ip;
      break;
    case RuleKind::up_to_eoq: {
      const double eoq = economic_order_quantity(rule.eoq_setup_cost, 365.0 * in.forecast_per_day,
                                                 rule.eoq_holding_per_unit_year);
      q_raw = std::max(std::ceil(eoq), in.order_up_to - ip);
      break;
    }
    case RuleKind::fixed_qty:
      q_raw = rule.order_quantity;
      break;
    case RuleKind::reorder_qty: {
      q_raw = rule.order_quantity;
      const std::int64_t q = apply_order_terms(q_raw, rule.min_order_qty, rule.order_multiple);
      count = static_cast<std::int64_t>(
                  std::floor((rule.reorder_point - ip) / static_cast<double>(q))) +
              1;
      break;
    }
  }
  const std::int64_t quantity = apply_order_terms(q_raw, rule.min_order_qty, rule.order_multiple);
  return quantity > 0 ? OrderDecision{quantity, count} : OrderDecision{};
}

}  // namespace jitsim::models
