// File: models/agents/customer_agent.cpp
#include "models/agents/customer_agent.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "models/model/streams.h"

namespace jitsim::models {

namespace {
int weekday(double t) {
  const auto d = static_cast<long long>(std::floor(t));
  return static_cast<int>(((d % 7) + 7) % 7);
}
}  // namespace

double CustomerAgent::rate(std::size_t sku, double t) const {
  const Demand& d = w_.scenario.skus[sku].demand;
  double r = d.orders_per_day * d.weekly[static_cast<std::size_t>(weekday(t))];
  if (d.annual_amplitude != 0) {
    r *= 1 + d.annual_amplitude * std::cos(2 * std::numbers::pi * (t - d.annual_peak_day) / 365.0);
  }
  if (d.trend_per_year != 0) r *= std::pow(1 + d.trend_per_year, t / 365.0);
  if (!w_.shocks.empty()) r *= w_.shocks.demand_multiplier(sku, t);
  return std::max(0.0, r);
}

void CustomerAgent::reset() {
  const Scenario& sc = w_.scenario;
  items_.resize(sc.skus.size());
  const double start = w_.setup.start_day, end = w_.setup.horizon_days;
  churning_ = sc.customers.churn();
  lost_.assign(churning_ ? w_.item_count() : 0, LostShare{0, start});
  log_days_ = sim::make_engine(sim::StreamKey{sc.scenario.seed, w_.replication,
                                              sim::name_id("order-log days"),
                                              static_cast<std::uint64_t>(Stream::order_days)});
  drawn_ = false;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Demand& d = sc.skus[i].demand;
    ItemDemand& s = items_[i];
    const auto& where = w_.setup.network.customer_items[i];
    if (where.empty()) continue;  // no site takes its customers' orders
    s.item = where.size() == 1 ? where.front().first : kNoIndex;
    // The buyer was reset first.
    s.observed = s.item != kNoIndex && w_.links.demand->observes_demand(s.item);
    const std::uint64_t entity = sim::name_id("sku:" + sc.skus[i].id);
    const auto key = [&](Stream purpose) {
      return sim::StreamKey{sc.scenario.seed, w_.replication, entity,
                            static_cast<std::uint64_t>(purpose)};
    };
    if (churning_) s.churn = sim::make_engine(key(Stream::churn));
    if (s.item == kNoIndex) {
      s.site_choice = sim::make_engine(key(Stream::site_choice));
      if (s.sites.empty()) {  // built at the first replication, kept for the others
        std::vector<double> cumulative;
        for (const auto& [item, share] : where) cumulative.push_back(share);
        s.sites = sim::GuideTable(std::move(cumulative));
      }
    }
    if (d.is_orders()) {  // the run's first (maybe partial) day starts at its start
      if (d.log_days() > 0) {
        w_.schedule_at(start, AgentId::customers, EventKind::log_day, i, priority::demand);
      }
      continue;
    }
    if (d.is_trace()) {
      s.arrivals = sim::make_engine(key(Stream::trace_noise));
      const double first = std::floor(start) + 0.5;
      w_.schedule_at(first < start ? first + 1 : first, AgentId::customers, EventKind::trace_day, i,
                     priority::demand);
      continue;
    }
    s.arrivals = sim::make_engine(key(Stream::demand_arrivals));
    s.sizes = sim::make_engine(key(Stream::order_sizes));
    s.size = sim::Sampler(d.order_size);
    s.fixed_quantity =
        d.order_size.kind == sim::DistributionKind::fixed ? whole_units(d.order_size.value) : -1;
    const double weekly_max = *std::max_element(d.weekly.begin(), d.weekly.end());
    const double weekly_min = *std::min_element(d.weekly.begin(), d.weekly.end());
    const double trend_max = d.trend_per_year == 0
                                 ? 1.0
                                 : std::max(std::pow(1 + d.trend_per_year, start / 365.0),
                                            std::pow(1 + d.trend_per_year, end / 365.0));
    const double spike_max = w_.shocks.max_demand_multiplier(i);
    s.rate_bound =
        d.orders_per_day * weekly_max * (1 + std::abs(d.annual_amplitude)) * trend_max * spike_max;
    s.thinning = weekly_max != weekly_min || d.annual_amplitude != 0 || d.trend_per_year != 0 ||
                 spike_max != 1;
    if (!(s.rate_bound > 0)) continue;  // no customers
    s.gaps.reset(s.rate_bound);
    schedule_next(i, start);
  }
}

// Inlined into handle(): it runs once per customer order. Only for SKUs with customers
// (rate_bound > 0).
[[gnu::always_inline]] inline void CustomerAgent::schedule_next(std::size_t item, double after) {
  ItemDemand& s = items_[item];
  double t = after;
  if (!s.thinning) {  // the same draws in the same order, a batch ahead
    t += s.gaps.next(s.arrivals);
    if (t < w_.setup.horizon_days) {
      w_.schedule_at(t, AgentId::customers, EventKind::demand, item, priority::demand);
    }
    return;
  }
  boost::random::exponential_distribution<double> gap(s.rate_bound);
  for (;;) {
    t += gap(s.arrivals);
    if (t >= w_.setup.horizon_days) return;
    // Thinning (Lewis and Shedler): accept a candidate with probability rate(t) / bound.
    if (sim::uniform01(s.arrivals) * s.rate_bound < rate(item, t)) break;
  }
  w_.schedule_at(t, AgentId::customers, EventKind::demand, item, priority::demand);
}

void CustomerAgent::handle(const sim::Event& e) {
  const auto item = static_cast<std::size_t>(e.payload);
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::trace_day:
      on_trace_day(item);
      return;
    case EventKind::log_day:
      on_log_day(item);
      return;
    case EventKind::log_order:
      on_log_order(item);
      return;
    default:
      break;
  }
  ItemDemand& s = items_[item];
  const std::int64_t quantity =
      s.fixed_quantity >= 0 ? s.fixed_quantity : whole_units(s.size(s.sizes));
  // The next order is scheduled first: its time does not depend on this one, and scheduled
  // early it is off the chain of dependent instructions that leads to the next event. Only
  // customers schedule at priority::demand, so no tie between events changes order.
  schedule_next(item, w_.kernel.now());
  place(item, quantity);
}

// The nearest whole unit; below one the cast's truncation differs from floor() but places no
// order either way (and avoids a library call per order).
std::int64_t CustomerAgent::whole_units(double size) {
  const double rounded = size + 0.5;
  return rounded >= 1 ? static_cast<std::int64_t>(rounded) : 0;
}

void CustomerAgent::on_trace_day(std::size_t item) {
  const Demand& d = w_.scenario.skus[item].demand;
  const double now = w_.kernel.now();
  const auto n = static_cast<long long>(d.trace.size());
  if (n > 0) {
    // Day k of the run replays trace row k; the warm-up (negative days) wraps to the end.
    const auto day = static_cast<long long>(std::floor(now));
    const double mean = d.trace[static_cast<std::size_t>(((day % n) + n) % n)] *
                        w_.shocks.demand_multiplier(item, now);
    std::int64_t quantity = std::llround(mean);
    if (d.trace_poisson_noise) {
      quantity = mean > 0 ? boost::random::poisson_distribution<std::int64_t, double>(mean)(
                                items_[item].arrivals)
                          : 0;
    }
    place(item, quantity);
  }
  if (now + 1 < w_.setup.horizon_days) {
    w_.schedule_at(now + 1, AgentId::customers, EventKind::trace_day, item, priority::demand);
  }
}

// Day k of the run replays log day k mod n (exact replay; the warm-up wraps to the end, as a
// trace does), or a log day of k's weekday drawn uniformly (resample = "days"): log day j has
// weekday j mod 7 like run day j, so weekly patterns survive.
void CustomerAgent::on_log_day(std::size_t item) {
  const Demand& d = w_.scenario.skus[item].demand;
  ItemDemand& s = items_[item];
  const double now = w_.kernel.now();
  const auto day = static_cast<long long>(std::floor(now));
  const auto n = static_cast<long long>(d.log_days());
  long long j = ((day % n) + n) % n;
  if (d.orders_resample == OrderResample::days) {
    if (!drawn_ || drawn_day_ != day) {  // the first of the day's SKUs draws for all
      drawn_u_ = sim::uniform01(log_days_);
      drawn_day_ = day, drawn_ = true;
    }
    const long long w = weekday(now);
    const long long count = (n - w + 6) / 7;  // log days j < n with j mod 7 == w (n >= 7)
    j = w + 7 * std::min(count - 1, static_cast<long long>(drawn_u_ * static_cast<double>(count)));
  }
  s.next = d.order_day_begin[static_cast<std::size_t>(j)];
  s.end = d.order_day_begin[static_cast<std::size_t>(j) + 1];
  s.day = static_cast<double>(day);
  while (s.next < s.end && s.day + d.order_time[s.next] < now) ++s.next;  // before the run
  schedule_log_order(item);
  if (s.day + 1 < w_.setup.horizon_days) {
    w_.schedule_at(s.day + 1, AgentId::customers, EventKind::log_day, item, priority::demand);
  }
}

void CustomerAgent::schedule_log_order(std::size_t item) {
  ItemDemand& s = items_[item];
  if (s.next >= s.end) return;
  double t = s.day + w_.scenario.skus[item].demand.order_time[s.next];
  // Within the day even where rounding would reach the next (whose event resets the cursor).
  if (t >= s.day + 1) t = std::nextafter(s.day + 1, s.day);
  if (t < w_.setup.horizon_days) {
    w_.schedule_at(t, AgentId::customers, EventKind::log_order, item, priority::demand);
  }
}

void CustomerAgent::on_log_order(std::size_t item) {
  ItemDemand& s = items_[item];
  std::int64_t quantity = w_.scenario.skus[item].demand.order_quantity[s.next++];
  if (!w_.shocks.empty()) {
    const double m = w_.shocks.demand_multiplier(item, w_.kernel.now());
    if (m != 1) quantity = std::llround(static_cast<double>(quantity) * m);
  }
  schedule_log_order(item);
  place(item, quantity);
}

void CustomerAgent::place(std::size_t sku, std::int64_t quantity) {
  if (quantity <= 0) return;  // a size of 0 places no order
  ItemDemand& s = items_[sku];
  if (s.item != kNoIndex) [[likely]] {
    if (churning_ && turned_away(s, s.item, quantity)) [[unlikely]] {
      return;
    }
    if (s.observed) w_.links.demand->observe_demand(s.item, quantity);
    const bool complete = w_.links.fulfilment->receive_customer_order(s.item, quantity);
    if (churning_ && !complete) short_order(s.item);
    return;
  }
  // demand_sites: the site of this order, the first whose cumulative share exceeds u.
  const auto& where = w_.setup.network.customer_items[sku];
  const std::uint32_t item = where[s.sites.index(sim::uniform01(s.site_choice))].first;
  if (churning_ && turned_away(s, item, quantity)) return;
  if (w_.links.demand->observes_demand(item)) w_.links.demand->observe_demand(item, quantity);
  const bool complete = w_.links.fulfilment->receive_customer_order(item, quantity);
  if (churning_ && !complete) short_order(item);
}

// ---- churn ----

double CustomerAgent::lost_share(std::size_t item, double t) const {
  const LostShare& l = lost_[item];
  if (l.share == 0) return 0;  // the common case: no stock-out yet, no exp()
  return l.share * std::exp(-(t - l.since) / w_.scenario.customers.churn_recovery_days);
}

// Thinning against the unreduced rate: the arrival (drawn exactly as without churn) is kept
// with probability 1 - L(t). The uniform is drawn for every arrival, kept or not, so arrival k
// reads draw k under every policy (common random numbers).
bool CustomerAgent::turned_away(ItemDemand& s, std::size_t item, std::int64_t quantity) {
  const double now = w_.kernel.now();
  const double u = sim::uniform01(s.churn);
  if (u >= lost_share(item, now)) return false;
  if (w_.measuring) w_.ledgers[item].churn_lost_units += static_cast<double>(quantity);
  w_.trace(now, TraceEvent::customer_churned, static_cast<std::uint32_t>(item), quantity);
  return true;
}

// The rate falls by churn_per_short_order of the current rate: 1 - L becomes (1 - L)(1 - f).
void CustomerAgent::short_order(std::size_t item) {
  const double now = w_.kernel.now();
  const double l = lost_share(item, now);
  lost_[item] = {l + w_.scenario.customers.churn_per_short_order * (1 - l), now};
}

}  // namespace jitsim::models
