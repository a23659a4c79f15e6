// File: models/agents/replenishment_agent.cpp
#include "models/agents/replenishment_agent.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jitsim::models {

namespace {
constexpr std::size_t kAdaptWindowDays = 28;  // JIT adapt: mu = 28-day moving average
long long day_of(double t) {
  return static_cast<long long>(std::floor(t));
}
}  // namespace

void ReplenishmentAgent::DemandHistory::reset(std::size_t capacity, long long first_day,
                                              double initial_level) {
  days.assign(std::max<std::size_t>(capacity, 1), 0.0);
  filled = next = 0;
  today = first_day;
  today_units = 0;
  smoothed = initial_level;
}

void ReplenishmentAgent::DemandHistory::roll_to(long long day, double alpha) {
  while (today < day) {  // close today (and any silent days after it)
    days[next] = today_units;
    next = (next + 1) % days.size();
    filled = std::min(filled + 1, days.size());
    smoothed = alpha * today_units + (1 - alpha) * smoothed;
    today_units = 0;
    ++today;
  }
}

bool ReplenishmentAgent::DemandHistory::stats(std::size_t window, double& mean,
                                              double& variance) const {
  const std::size_t n = std::min(window, filled);
  if (n == 0) return false;
  double sum = 0, sum_sq = 0;
  for (std::size_t k = 1; k <= n; ++k) {
    const double x = days[(next + days.size() - k) % days.size()];
    sum += x;
    sum_sq += x * x;
  }
  mean = sum / static_cast<double>(n);
  variance = n > 1 ? std::max(0.0, (sum_sq - sum * mean) / static_cast<double>(n - 1)) : -1;
  return true;
}

void ReplenishmentAgent::reset() {
  rules_ = w_.setup.rules[w_.policy].data();
  const std::size_t n = w_.item_count();
  items_.resize(n);
  orders_below_.assign(n, kNever);
  const double start = w_.setup.start_day;
  for (std::size_t i = 0; i < n; ++i) {
    const ReplenishmentRule& rule = rule_of(i);
    SkuControl& c = items_[i];
    set_target(i, rule.order_up_to);
    std::size_t window = 1;
    if (rule.target_source == TargetSource::forecast) {
      window = static_cast<std::size_t>(std::ceil(rule.window_days));
    }
    if (rule.adapt) window = std::max(window, kAdaptWindowDays);
    c.keeps_history = rule.target_source == TargetSource::forecast || rule.adapt;
    c.history.reset(window, day_of(start), rule.planned_demand_per_day);
    if (rule.review == ReviewMode::periodic) {
      w_.schedule_at(start, AgentId::replenishment, EventKind::review, i, priority::review);
    }
  }
}

bool ReplenishmentAgent::needs_day_clock() const {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const ReplenishmentRule& rule = rule_of(i);
    if (rule.review == ReviewMode::daily || rule.adapt) return true;
  }
  return false;
}

void ReplenishmentAgent::record_demand(std::size_t item, std::int64_t units) {
  DemandHistory& h = items_[item].history;
  h.roll_to(day_of(w_.kernel.now()), rule_of(item).alpha);
  h.today_units += static_cast<double>(units);
}

double ReplenishmentAgent::forecast(std::size_t item, double& var_d) {
  const ReplenishmentRule& rule = rule_of(item);
  DemandHistory& h = items_[item].history;
  h.roll_to(day_of(w_.kernel.now()), rule.alpha);
  var_d = rule.planned_demand_variance;
  if (rule.forecast == Forecast::plan) return rule.planned_demand_per_day;
  double mean = 0, variance = -1;
  if (!h.stats(static_cast<std::size_t>(std::ceil(rule.window_days)), mean, variance)) {
    return rule.planned_demand_per_day;  // no history yet
  }
  if (variance >= 0) var_d = variance;
  return rule.forecast == Forecast::moving_average ? mean : h.smoothed;
}

void ReplenishmentAgent::refresh_forecast_target(std::size_t item) {
  double var_d = 0;
  const double f = forecast(item, var_d);
  set_target(item, current_target(rule_of(item), f, var_d));
}

void ReplenishmentAgent::set_target(std::size_t item, double target) {
  const ReplenishmentRule& rule = rule_of(item);
  items_[item].target = target;
  orders_below_[item] = rule.review == ReviewMode::continuous ? order_below(rule, target) : kNever;
}

void ReplenishmentAgent::on_day_start() {
  const double now = w_.kernel.now();
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const ReplenishmentRule& rule = rule_of(i);
    if (rule.adapt) {
      DemandHistory& h = items_[i].history;
      h.roll_to(day_of(now), rule.alpha);
      double mean = 0, variance = 0;
      if (h.stats(kAdaptWindowDays, mean, variance)) {
        set_target(i, current_target(rule, mean, variance));
      }
    }
    if (rule.review == ReviewMode::daily) decide_and_order(i);
  }
}

void ReplenishmentAgent::review(std::size_t item) {
  const ReplenishmentRule& rule = rule_of(item);
  if (rule.target_source == TargetSource::forecast) refresh_forecast_target(item);
  decide_and_order(item);
  // Reviews run at -warmup + kR before day 0, then at 0, R, 2R, ...
  const double now = w_.kernel.now();
  double next = now + rule.review_period_days;
  if (now < 0 && next > 0) next = 0;
  if (next < w_.setup.horizon_days) {
    w_.schedule_at(next, AgentId::replenishment, EventKind::review, item, priority::review);
  }
}

void ReplenishmentAgent::place_orders(std::size_t item, double ip) {
  const ReplenishmentRule& rule = rule_of(item);
  double f = rule.planned_demand_per_day;
  if (rule.kind == RuleKind::up_to_eoq) {
    double var_d = 0;
    f = forecast(item, var_d);
  }
  const OrderDecision d = decide(rule, {ip, items_[item].target, f});
  const double now = w_.kernel.now();
  for (std::int64_t k = 0; k < d.count; ++k) {
    const std::uint32_t po =
        w_.purchase_orders.acquire({w_.next_purchase_order_id++, static_cast<std::uint32_t>(item),
                                    d.quantity, d.quantity, now});
    w_.links.on_order->add_on_order(item, d.quantity);
    if (w_.measuring) {
      w_.ledgers[item].orders_placed += 1;
      w_.ledgers[item].ordering_cost += w_.scenario.costs.order_cost;
    }
    w_.trace(now, TraceEvent::purchase_order, static_cast<std::uint32_t>(item), d.quantity, 0,
             w_.purchase_orders[po].id, 0);
    w_.links.supply->place(po);
  }
}

void ReplenishmentAgent::handle(const sim::Event& e) {
  if (static_cast<EventKind>(e.kind) == EventKind::review)
    review(static_cast<std::size_t>(e.payload));
}

}  // namespace jitsim::models
