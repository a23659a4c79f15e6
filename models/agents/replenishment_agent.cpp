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
  if (!w_.scenario.sites.empty()) set_up_network_hooks();  // a network file
}

void ReplenishmentAgent::set_up_network_hooks() {
  const Network& net = w_.setup.network;
  const std::size_t n = items_.size();
  for (std::size_t i = 0; i < n; ++i) {
    SkuControl& c = items_[i];
    c.hooks = false;
    c.open_orders.clear();
    c.echelon.clear();
    c.watchers.clear();
    c.split_units.assign(
        net.sites[net.items[i].site].sourcing == Sourcing::split ? net.items[i].sources.size() : 0,
        0.0);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const ReplenishmentRule& rule = rule_of(i);
    SkuControl& c = items_[i];
    if (rule.expedites()) c.hooks = true;
    if (rule.position != PositionScope::echelon) continue;
    // The echelon: this item-location and every one downstream of it (a tree walk; the
    // network has no cycles).
    c.echelon.push_back(static_cast<std::uint32_t>(i));
    for (std::size_t k = 0; k < c.echelon.size(); ++k) {
      for (const std::uint32_t d : net.items[c.echelon[k]].downstream) {
        if (std::find(c.echelon.begin(), c.echelon.end(), d) == c.echelon.end()) {
          c.echelon.push_back(d);
        }
      }
    }
    if (rule.review != ReviewMode::continuous) continue;
    c.hooks = true;
    for (std::size_t k = 1; k < c.echelon.size(); ++k) {
      items_[c.echelon[k]].watchers.push_back(static_cast<std::uint32_t>(i));
      items_[c.echelon[k]].hooks = true;
    }
  }
  for (std::size_t i = 0; i < n; ++i) set_target(i, items_[i].target);
}

double ReplenishmentAgent::position(std::size_t item) const {
  const SkuControl& c = items_[item];
  if (c.echelon.empty()) return static_cast<double>(w_.links.on_order->inventory_position(item));
  std::int64_t sum = 0;
  for (const std::uint32_t j : c.echelon) sum += w_.links.on_order->inventory_position(j);
  return static_cast<double>(sum);
}

void ReplenishmentAgent::on_position_hook(std::size_t item, std::int64_t inventory_position) {
  const ReplenishmentRule& rule = rule_of(item);
  SkuControl& c = items_[item];
  if (rule.review == ReviewMode::continuous) {
    const double ip = c.echelon.empty() ? static_cast<double>(inventory_position) : position(item);
    if (ip < static_cast<double>(c.regular_below)) place_orders(item, ip);
  }
  if (rule.expedites()) expedite(item);
  for (const std::uint32_t a : c.watchers) {
    const double ip = position(a);
    if (ip < static_cast<double>(items_[a].regular_below)) place_orders(a, ip);
  }
}

// The dual-index rule: the expedited position (on hand - owed + what is planned to arrive
// in [now, now + the expedite lane's lead time]) is topped up to ceil(mu x below_days) on it.
void ReplenishmentAgent::expedite(std::size_t item) {
  const ReplenishmentRule& rule = rule_of(item);
  SkuControl& c = items_[item];
  // Due within the expedite lane's lead time from now; an overdue order is not counted: the
  // rule reacts to a late ocean as to a missing one.
  const double now = w_.kernel.now(), horizon = now + rule.expedite_lead_time;
  std::int64_t near = 0;
  std::size_t kept = 0;
  for (const auto& [index, id] : c.open_orders) {
    const PurchaseOrder& p = w_.purchase_orders[index];
    if (p.id != id || p.outstanding <= 0) continue;  // settled (its slot may be reused)
    c.open_orders[kept++] = {index, id};
    const double due = p.placed_at + w_.setup.network.lanes[p.lane].planned_lead_time;
    if (due >= now && due <= horizon) {
      near += p.outstanding;
    }
  }
  c.open_orders.resize(kept);
  const auto expedited = static_cast<double>(w_.links.on_order->net_inventory(item) + near);
  if (expedited >= rule.expedite_below) return;
  const auto shortfall = static_cast<std::int64_t>(rule.expedite_below - expedited);
  for (const Source& src : w_.setup.network.items[item].expedites) {
    if (src.lane == rule.expedite_lane) {
      place_on(item, src, lane_terms(src.lane, shortfall));
      return;
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
  SkuControl& c = items_[item];
  c.target = target;
  c.regular_below = rule.review == ReviewMode::continuous ? order_below(rule, target) : kNever;
  orders_below_[item] = c.hooks ? std::numeric_limits<std::int64_t>::max() : c.regular_below;
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
  for (std::int64_t k = 0; k < d.count; ++k) order_units(item, d.quantity);
}

// The site's sourcing picks the lanes of a regular order.
void ReplenishmentAgent::order_units(std::size_t item, std::int64_t quantity) {
  const Network& net = w_.setup.network;
  const ItemLocation& il = net.items[item];
  if (il.sources.size() == 1) {
    place_on(item, il.sources.front(), quantity);
    return;
  }
  if (il.sources.empty()) {  // a to-stock kit: an assembly order at its own site
    place_on(item, Source{kNoIndex, kNoIndex}, quantity);
    return;
  }
  switch (net.sites[il.site].sourcing) {
    case Sourcing::first:
      place_on(item, il.sources.front(), quantity);
      return;
    case Sourcing::backup:
      // The first lane whose source is available; none: the lane of lowest priority.
      for (const Source& src : il.sources) {
        if (!available(src)) continue;
        place_on(item, src,
                 &src == &il.sources.front() ? quantity : lane_terms(src.lane, quantity));
        return;
      }
      place_on(item, il.sources.front(), quantity);
      return;
    case Sourcing::split:
      split_order(item, quantity);
      return;
  }
}

// Each lane's cumulative units stay as close as possible to its share of the cumulative total:
// the order's units go to the lanes behind their share, in proportion to how far behind they
// are (largest remainders for the last units), then each part takes its lane's order terms.
void ReplenishmentAgent::split_order(std::size_t item, std::int64_t quantity) {
  const Network& net = w_.setup.network;
  const ItemLocation& il = net.items[item];
  std::vector<double>& done = items_[item].split_units;
  const std::size_t n = il.sources.size();
  double shares = 0, total = 0;
  for (std::size_t l = 0; l < n; ++l) {
    shares += net.lanes[il.sources[l].lane].share;
    total += done[l];
  }
  const double after = total + static_cast<double>(quantity);
  split_scratch_.assign(n, 0.0);
  split_parts_.assign(n, 0);
  double behind = 0;
  std::size_t furthest = 0;
  for (std::size_t l = 0; l < n; ++l) {
    const double share =
        shares > 0 ? net.lanes[il.sources[l].lane].share / shares : 1.0 / static_cast<double>(n);
    const double deficit = share * after - done[l];
    if (deficit > share * after - done[furthest]) furthest = l;
    split_scratch_[l] = std::max(0.0, deficit);
    behind += split_scratch_[l];
  }
  if (!(behind > 0)) {
    split_parts_[furthest] = quantity;
  } else {
    std::int64_t given = 0;
    for (std::size_t l = 0; l < n; ++l) {
      const double exact = static_cast<double>(quantity) * split_scratch_[l] / behind;
      split_parts_[l] = static_cast<std::int64_t>(std::floor(exact));
      split_scratch_[l] = exact - std::floor(exact);  // now the remainder
      given += split_parts_[l];
    }
    for (; given < quantity; ++given) {  // fewer passes than lanes
      std::size_t best = 0;
      for (std::size_t l = 1; l < n; ++l) {
        if (split_scratch_[l] > split_scratch_[best]) best = l;
      }
      split_parts_[best] += 1;
      split_scratch_[best] = -1;
    }
  }
  for (std::size_t l = 0; l < n; ++l) {
    if (split_parts_[l] <= 0) continue;
    const std::int64_t q = lane_terms(il.sources[l].lane, split_parts_[l]);
    done[l] += static_cast<double>(q);
    place_on(item, il.sources[l], q);
  }
}

// A lane is unavailable while its supplier is shut down or its carrier's port is closed; a
// lane from a site always is.
bool ReplenishmentAgent::available(const Source& source) const {
  const Lane& lane = w_.setup.network.lanes[source.lane];
  if (lane.from_site) return true;
  const double now = w_.kernel.now();
  return !w_.shocks.supplier_shut(lane.supplier, now) && !w_.shocks.port_closed(lane.carrier, now);
}

std::int64_t ReplenishmentAgent::lane_terms(std::uint32_t lane, std::int64_t quantity) const {
  const Lane& l = w_.setup.network.lanes[lane];
  if (l.from_site) return quantity;
  const Supplier& s = w_.scenario.suppliers[l.supplier];
  return apply_order_terms(static_cast<double>(quantity), s.min_order_qty, s.order_multiple);
}

void ReplenishmentAgent::place_on(std::size_t item, const Source& source, std::int64_t quantity) {
  const double now = w_.kernel.now();
  const std::uint64_t id = w_.next_purchase_order_id++;
  const std::uint32_t po =
      w_.purchase_orders.acquire({id, static_cast<std::uint32_t>(item), quantity, quantity, now,
                                  source.lane, source.upstream});
  w_.links.on_order->add_on_order(item, quantity);
  if (w_.measuring) {
    w_.ledgers[item].orders_placed += 1;
    w_.ledgers[item].ordering_cost += w_.scenario.costs.order_cost;
    if (source.lane != kNoIndex) {
      LaneLedger& lane = w_.lane_ledgers[source.lane];
      lane.orders_placed += 1;
      lane.units_ordered += static_cast<double>(quantity);
    }
  }
  w_.trace(now, TraceEvent::purchase_order, static_cast<std::uint32_t>(item), quantity, 0, id, 0,
           source.lane);
  if (rule_of(item).expedites()) items_[item].open_orders.emplace_back(po, id);
  if (source.upstream == kNoIndex && source.lane != kNoIndex) {
    w_.links.supply->place(po);
  } else {
    w_.links.transfers->receive_transfer_order(po);
  }
}

void ReplenishmentAgent::handle(const sim::Event& e) {
  if (static_cast<EventKind>(e.kind) == EventKind::review)
    review(static_cast<std::size_t>(e.payload));
}

}  // namespace jitsim::models
