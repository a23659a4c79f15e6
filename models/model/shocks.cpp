// File: models/model/shocks.cpp
#include "models/model/shocks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <boost/random/exponential_distribution.hpp>

#include "models/model/streams.h"
#include "sim/distribution.h"
#include "sim/random.h"

namespace jitsim::models {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Demand multiplier of a spike at t inside [start, end).
double spike_factor(const Shock& s, const ShockWindow& w, double t) {
  const double m = s.multiplier;
  const double d = w.end - w.start;
  const double tau = d > 0 ? (t - w.start) / d : 0;
  switch (s.shape) {
    case SpikeShape::step:
      return m;
    case SpikeShape::ramp:
      return 1 + (m - 1) * 2 * (tau < 0.5 ? tau : 1 - tau);
    case SpikeShape::viral:
      if (tau < 0.1) return 1 + (m - 1) * tau / 0.1;
      return 1 + (m - 1) * std::exp(-(t - w.start - 0.1 * d) / (0.25 * d));
  }
  return 1;
}
}  // namespace

ShockTimeline::ShockTimeline(const Scenario& scenario)
    : scenario_(&scenario),
      drawn_(scenario.shocks.size()),
      sku_spikes_(scenario.skus.size()),
      supplier_shocks_(scenario.suppliers.size()),
      carrier_shocks_(scenario.carriers.size()),
      site_shocks_(std::max<std::size_t>(1, scenario.sites.size())) {
  for (std::size_t i = 0; i < scenario.shocks.size(); ++i) {
    const Shock& s = scenario.shocks[i];
    auto add = [&](std::vector<std::vector<std::size_t>>& lists) {
      if (s.target) {
        lists[*s.target].push_back(i);
      } else {
        for (auto& list : lists) list.push_back(i);
      }
    };
    switch (s.target_kind) {
      case ShockTarget::sku:
        add(sku_spikes_);
        break;
      case ShockTarget::supplier:
        add(supplier_shocks_);
        break;
      case ShockTarget::carrier:
        add(carrier_shocks_);
        break;
      case ShockTarget::warehouse:  // every site
      case ShockTarget::site:
        add(site_shocks_);
        break;
    }
  }
}

void ShockTimeline::draw(std::uint64_t seed, std::uint64_t replication, double run_start,
                         double run_end) {
  all_.clear();
  shutdowns_.clear();
  for (std::size_t i = 0; i < scenario_->shocks.size(); ++i) {
    const Shock& s = scenario_->shocks[i];
    sim::Engine engine = sim::make_engine({seed, replication, sim::name_id("shock:" + s.id),
                                           static_cast<std::uint64_t>(Stream::shock)});
    sim::Sampler duration(s.duration_days);
    std::vector<ShockWindow>& w = drawn_[i].windows;
    w.clear();
    auto add = [&](double start) {
      const double end = start + std::max(0.0, duration(engine));
      if (!w.empty() && start <= w.back().end) {
        w.back().end = std::max(w.back().end, end);  // re-occurs while active: extend
      } else {
        w.push_back({start, end, i});
      }
    };
    if (s.start_day) {
      add(*s.start_day);
    } else if (s.rate_per_year && *s.rate_per_year > 0) {
      boost::random::exponential_distribution<double> gap(*s.rate_per_year / 365.0);
      for (double t = run_start + gap(engine); t < run_end; t += gap(engine)) add(t);
    }
    all_.insert(all_.end(), w.begin(), w.end());
    if (s.kind == ShockKind::supplier_shutdown)
      shutdowns_.insert(shutdowns_.end(), w.begin(), w.end());
  }
  auto by_start = [](const ShockWindow& a, const ShockWindow& b) {
    return a.start < b.start || (a.start == b.start && a.shock < b.shock);
  };
  std::sort(all_.begin(), all_.end(), by_start);
  std::sort(shutdowns_.begin(), shutdowns_.end(), by_start);
}

template <class F>
void ShockTimeline::for_active(const std::vector<std::size_t>& shocks, double t, F&& f) const {
  for (const std::size_t i : shocks) {
    for (const ShockWindow& w : drawn_[i].windows) {
      if (t < w.start) break;
      if (t < w.end) f(scenario_->shocks[i], w);
    }
  }
}

double ShockTimeline::demand_multiplier(std::size_t sku, double t) const {
  double m = 1;
  for_active(sku_spikes_[sku], t,
             [&](const Shock& s, const ShockWindow& w) { m *= spike_factor(s, w, t); });
  return m;
}

double ShockTimeline::max_demand_multiplier(std::size_t sku) const {
  double m = 1;
  for (const std::size_t i : sku_spikes_[sku]) {
    if (!drawn_[i].windows.empty()) m *= std::max(1.0, scenario_->shocks[i].multiplier);
  }
  return m;
}

bool ShockTimeline::supplier_shut(std::size_t supplier, double t, double* ends) const {
  bool shut = false;
  for_active(supplier_shocks_[supplier], t, [&](const Shock& s, const ShockWindow& w) {
    if (s.kind != ShockKind::supplier_shutdown) return;
    if (ends) *ends = shut ? std::max(*ends, w.end) : w.end;
    shut = true;
  });
  return shut;
}

double ShockTimeline::supplier_open_at(std::size_t supplier, double t) const {
  double end = t;
  while (supplier_shut(supplier, end, &end)) {
  }
  return end;
}

double ShockTimeline::supplier_capacity_factor(std::size_t supplier, double t) const {
  double f = 1;
  for (const std::size_t i : supplier_shocks_[supplier]) {
    const Shock& s = scenario_->shocks[i];
    for (const ShockWindow& w : drawn_[i].windows) {
      if (t < w.start) break;
      if (s.kind == ShockKind::capacity_cut && t < w.end) f *= s.factor;
      if (s.kind == ShockKind::supplier_shutdown) {
        if (t < w.end) return 0;
        if (s.recovery_days > 0 && t < w.end + s.recovery_days) {
          f *= (t - w.end) / s.recovery_days;
        }
      }
    }
  }
  return f;
}

double ShockTimeline::defect_rate(std::size_t supplier, double t, double base) const {
  double rate = base;
  bool overridden = false;
  for_active(supplier_shocks_[supplier], t, [&](const Shock& s, const ShockWindow&) {
    if (s.kind != ShockKind::quality_failure) return;
    rate = overridden ? std::max(rate, s.defect_rate) : s.defect_rate;
    overridden = true;
  });
  return rate;
}

double ShockTimeline::carrier_capacity_factor(std::size_t carrier, double t) const {
  double f = 1;
  for_active(carrier_shocks_[carrier], t, [&](const Shock& s, const ShockWindow&) {
    if (s.kind == ShockKind::capacity_cut) f *= s.factor;
  });
  return f;
}

double ShockTimeline::loss_probability(std::size_t carrier, double t, double base) const {
  double p = base;
  bool overridden = false;
  for_active(carrier_shocks_[carrier], t, [&](const Shock& s, const ShockWindow&) {
    if (s.kind != ShockKind::shipment_loss) return;
    p = overridden ? std::max(p, s.loss_probability) : s.loss_probability;
    overridden = true;
  });
  return p;
}

bool ShockTimeline::may_lose(std::size_t carrier, double base) const {
  if (base > 0) return true;
  return std::any_of(carrier_shocks_[carrier].begin(), carrier_shocks_[carrier].end(),
                     [&](std::size_t i) {
                       const Shock& s = scenario_->shocks[i];
                       return s.kind == ShockKind::shipment_loss && s.loss_probability > 0;
                     });
}

double ShockTimeline::arrival_time(std::size_t carrier, double depart, double transit) const {
  const std::vector<std::size_t>& shocks = carrier_shocks_[carrier];
  // Shocks in force at departure: whole-trip slowdowns (in_transit = false) and extra days.
  double distance = transit;
  double extra = 0;
  for_active(shocks, depart, [&](const Shock& s, const ShockWindow&) {
    if (s.kind != ShockKind::shipping_delay) return;
    extra += s.extra_days;
    if (!s.in_transit) distance *= s.delay_factor;
  });
  // Travel at speed 1 / (product of active in-transit delay factors), segment by segment.
  double t = depart;
  for (;;) {
    double speed = 1;
    double next_change = kInf;
    for (const std::size_t i : shocks) {
      const Shock& s = scenario_->shocks[i];
      if (s.kind != ShockKind::shipping_delay || !s.in_transit) continue;
      for (const ShockWindow& w : drawn_[i].windows) {
        if (t < w.start) {
          next_change = std::min(next_change, w.start);
          break;
        }
        if (t < w.end) {
          speed /= s.delay_factor;
          next_change = std::min(next_change, w.end);
          break;
        }
      }
    }
    if (distance <= speed * (next_change - t)) {
      t += distance / speed;
      break;
    }
    distance -= speed * (next_change - t);
    t = next_change;
  }
  t += extra;
  // Port closures: what would arrive in a closure arrives when it ends (possibly repeatedly).
  for (bool moved = true; moved;) {
    moved = false;
    for_active(shocks, t, [&](const Shock& s, const ShockWindow& w) {
      if (s.kind == ShockKind::port_closure && w.end > t) {
        t = w.end;
        moved = true;
      }
    });
  }
  return t;
}

bool ShockTimeline::port_closed(std::size_t carrier, double t) const {
  bool closed = false;
  for_active(carrier_shocks_[carrier], t, [&](const Shock& s, const ShockWindow&) {
    closed = closed || s.kind == ShockKind::port_closure;
  });
  return closed;
}

double ShockTimeline::dock_to_stock_factor(std::size_t site, double t) const {
  double f = 1;
  for_active(site_shocks_[site], t, [&](const Shock& s, const ShockWindow&) { f *= s.factor; });
  return f;
}

double ShockTimeline::receiving_done(std::size_t site, double start, double units,
                                     double capacity) const {
  double t = start;
  for (;;) {
    // The factor is constant until the next start or end of a window of the site's shocks.
    double next_change = kInf;
    for (const std::size_t i : site_shocks_[site]) {
      for (const ShockWindow& w : drawn_[i].windows) {
        if (w.start > t) next_change = std::min(next_change, w.start);
        if (w.end > t) next_change = std::min(next_change, w.end);
      }
    }
    const double rate = capacity * receiving_capacity_factor(site, t);
    if (rate > 0 && units <= rate * (next_change - t)) return t + units / rate;
    if (next_change == kInf) return t;  // rate 0 for ever cannot happen: windows end
    units -= rate * (next_change - t);
    t = next_change;
  }
}

double ShockTimeline::receiving_capacity_factor(std::size_t site, double t) const {
  double f = 1;
  for_active(site_shocks_[site], t, [&](const Shock& s, const ShockWindow&) {
    f *= s.kind == ShockKind::site_outage ? 0.0 : s.capacity_factor;
  });
  return f;
}

double ShockTimeline::site_open_at(std::size_t site, double t) const {
  // Outages may overlap or follow one another: move past each until none is in force.
  for (bool moved = true; moved;) {
    moved = false;
    for_active(site_shocks_[site], t, [&](const Shock& s, const ShockWindow& w) {
      if (s.kind == ShockKind::site_outage && w.end > t) {
        t = w.end;
        moved = true;
      }
    });
  }
  return t;
}

bool ShockTimeline::site_may_close(std::size_t site) const {
  for (const std::size_t i : site_shocks_[site]) {
    if (scenario_->shocks[i].kind == ShockKind::site_outage && !drawn_[i].windows.empty())
      return true;
  }
  return false;
}

}  // namespace jitsim::models
