// File: models/agents/simulation.cpp
#include "models/agents/simulation.h"

#include <cmath>

#include "sim/random.h"
#include "sim/statistics.h"

#include <fmt/format.h>

namespace jitsim::models {

ModelSetup::ModelSetup(const Scenario& sc)
    : scenario(sc),
      network(build_network(sc)),
      start_day(-sc.scenario.warmup_days),
      horizon_days(sc.scenario.horizon_days) {
  plans = plan_items(sc, network);
  for (std::size_t i = 0; i < network.items.size(); ++i) {
    item_names.push_back(item_name(sc, network, i));
    item_streams.push_back(sim::name_id("sku:" + item_names.back()));
  }
  for (const PolicySpec& p : sc.policies) rules.push_back(resolve_policy(sc, network, plans, p));
}

void World::begin(std::size_t policy_index, std::uint64_t replication_index) {
  policy = policy_index;
  replication = replication_index;
  kernel.reset(setup.start_day);
  purchase_orders.clear();
  consignments.clear();
  customer_orders.clear();
  next_purchase_order_id = next_customer_order_id = next_shipment_id = 1;
  ledgers.assign(item_count(), SkuLedger{});
  lane_ledgers.assign(setup.network.lanes.size(), LaneLedger{});
  measuring = setup.start_day >= 0;
  cash.reset(setup);
  trace.attach(nullptr, nullptr);
  watch_from = std::numeric_limits<double>::infinity();
  watch_items = nullptr;
  first_short_at = sim::kUndefined;
  shocks.draw(scenario.scenario.seed, replication, setup.start_day, setup.horizon_days);
}

Simulation::Simulation(const ModelSetup& setup)
    : world_(setup),
      customers_(world_),
      warehouse_(world_),
      suppliers_(world_),
      carriers_(world_),
      replenishment_(world_) {
  world_.links = {&warehouse_, &replenishment_, &replenishment_, &warehouse_,
                  &suppliers_, &carriers_,      &warehouse_};
}

void Simulation::dispatch(const sim::Event& e) {
  // Customer orders are most events: a test predicted taken, instead of an indirect jump whose
  // table load sits on the chain from the queue's root to the next handler.
  if (static_cast<AgentId>(e.target) == AgentId::customers) [[likely]] {
    customers_.handle(e);
    return;
  }
  switch (static_cast<AgentId>(e.target)) {
    case AgentId::customers:  // dispatched above; listed so that -Wswitch checks the rest
      break;
    case AgentId::warehouse:
      warehouse_.handle(e);
      break;
    case AgentId::suppliers:
      suppliers_.handle(e);
      break;
    case AgentId::replenishment:
      replenishment_.handle(e);
      break;
    case AgentId::clock:
      on_clock(static_cast<EventKind>(e.kind));
      break;
  }
}

void Simulation::on_clock(EventKind kind) {
  if (kind == EventKind::measure_start) {
    world_.measuring = true;
    warehouse_.start_measuring();
    if (days_) last_day_ = warehouse_.day_state();
  } else if (kind == EventKind::fee_block) {
    warehouse_.close_fee_block();
    const double next = world_.kernel.now() + kFeeBlockDays;
    if (next < world_.setup.horizon_days) {
      world_.schedule_at(next, AgentId::clock, EventKind::fee_block, 0, priority::fee_block);
    }
  } else if (kind == EventKind::snapshot) {
    record_day();
    const double next = world_.kernel.now() + 1;
    if (next < world_.setup.horizon_days) {
      world_.schedule_at(next, AgentId::clock, EventKind::snapshot, 0, priority::snapshot);
    }
  } else {
    suppliers_.on_day_start();
    carriers_.on_day_start();
    replenishment_.on_day_start();
    const double next = world_.kernel.now() + 1;
    if (next < world_.setup.horizon_days) {
      world_.schedule_at(next, AgentId::clock, EventKind::day_start, 0, priority::day_start);
    }
  }
}

void Simulation::record_day() {
  const WarehouseAgent::DayState now = warehouse_.day_state();
  const double demanded = now.units_demanded - last_day_.units_demanded;
  days_->push_back({now.on_hand, now.backlog, now.on_order,
                    demanded > 0 ? (now.units_from_stock - last_day_.units_from_stock) / demanded
                                 : sim::kUndefined,
                    now.total_cost - last_day_.total_cost, now.working_capital});
  last_day_ = now;
}

ReplicationResult Simulation::run(std::size_t policy, std::uint64_t replication,
                                  const ReplicationOptions& options) {
  World& w = world_;
  const ModelSetup& setup = w.setup;
  const Scenario& sc = w.scenario;
  w.begin(policy, replication);
  w.trace.attach(options.trace, &warehouse_);
  if (options.watch) {
    w.watch_from = options.watch->from;
    w.watch_items = &options.watch->items;
  }

  // Order matters only for same-time events: each agent schedules its own first events.
  replenishment_.reset();
  warehouse_.reset();
  suppliers_.reset();
  carriers_.reset();
  customers_.reset();
  ReplicationResult result;
  days_ = options.timeseries ? &result.days : nullptr;
  if (!w.measuring) {
    w.schedule_at(0, AgentId::clock, EventKind::measure_start, 0, priority::measure_start);
  } else {
    warehouse_.start_measuring();
    if (days_) last_day_ = warehouse_.day_state();
  }
  if (days_ && setup.horizon_days > 1) {
    days_->reserve(static_cast<std::size_t>(std::ceil(setup.horizon_days)));
    w.schedule_at(1, AgentId::clock, EventKind::snapshot, 0, priority::snapshot);
  }
  // 3PL monthly minimums are billed per 30-day block of the measured period.
  bool minimums = false;
  for (const Site& site : setup.network.sites) minimums |= site.config->fees.monthly_minimum > 0;
  if (minimums && kFeeBlockDays < setup.horizon_days) {
    w.schedule_at(kFeeBlockDays, AgentId::clock, EventKind::fee_block, 0, priority::fee_block);
  }
  // Continuous rules look at the starting position too (an initial_on_hand below S orders).
  for (std::size_t item = 0; item < w.item_count(); ++item) {
    replenishment_.position_changed(item, warehouse_.inventory_position(item));
  }
  day_clock_ = replenishment_.needs_day_clock();
  for (const Supplier& s : sc.suppliers) day_clock_ = day_clock_ || s.capacity_units_per_day;
  for (const Carrier& c : sc.carriers) day_clock_ = day_clock_ || c.capacity_units_per_day;
  if (day_clock_) {
    w.schedule_at(std::ceil(setup.start_day), AgentId::clock, EventKind::day_start, 0,
                  priority::day_start);
  }

  w.kernel.set_stop_flag(options.cancel);
  struct Share {  // what the kernel's poll turns into a share of the replication
    const std::function<void(double)>* report;
    double start, length;
  } share{options.progress, setup.start_day, setup.horizon_days - setup.start_day};
  w.kernel.set_poll(options.progress ? +[](void* c, double now) {
    const Share& s = *static_cast<const Share*>(c);
    (*s.report)(s.length > 0 ? (now - s.start) / s.length : 0.0);
  } : nullptr, &share);
  if (options.check_invariants) {
    w.kernel.run_until(setup.horizon_days, [&](const sim::Event& e) {
      dispatch(e);
      if (std::string broken = warehouse_.check_invariants(); !broken.empty()) {
        throw InvariantViolation(
            fmt::format("invariant broken at day {} after event {} of agent {}: {}", w.kernel.now(),
                        e.kind, e.target, broken));
      }
    });
  } else {
    w.kernel.run_until(setup.horizon_days, [&](const sim::Event& e) { dispatch(e); });
  }
  if (w.kernel.interrupted()) {
    result.interrupted = true;
    return result;
  }

  if (days_) record_day();  // the last day ends at the horizon
  WarehouseLedger wl;
  std::vector<WarehouseLedger> site_ledgers;
  warehouse_.finish(wl, options.per_site ? &site_ledgers : nullptr);
  result.events = w.kernel.events_executed();
  SkuLedger total;
  for (const SkuLedger& l : w.ledgers) total += l;
  const double capital_rate = sc.finance.cost_of_capital_per_year;
  result.metrics = compute_metrics(total, &wl, setup.horizon_days, capital_rate);
  if (options.watch) {
    result.first_short_at = w.first_short_at;
    result.backordered_units = total.backordered_units;
  }
  if (options.check_invariants) {
    // Money: the parts add up to the total and profit follows from it.
    const MetricValues& m = result.metrics;
    auto at = [&](Metric k) { return m[static_cast<std::size_t>(k)]; };
    const double parts =
        at(Metric::holding_cost) + at(Metric::ordering_cost) + at(Metric::transport_cost) +
        at(Metric::backorder_cost) + at(Metric::lost_sales_cost) + at(Metric::overflow_cost) +
        at(Metric::spoilage_cost) + at(Metric::fulfilment_cost) + at(Metric::outbound_cost);
    if (std::abs(parts - at(Metric::total_cost)) > 1e-6 * std::max(1.0, std::abs(parts))) {
      throw InvariantViolation(
          fmt::format("cost parts sum to {} but total_cost is {}", parts, at(Metric::total_cost)));
    }
  }
  if (options.per_sku) {
    result.per_sku.reserve(w.ledgers.size());
    for (const SkuLedger& l : w.ledgers) {
      result.per_sku.push_back(compute_metrics(l, nullptr, setup.horizon_days, capital_rate));
    }
  }
  if (options.per_site) {
    const Network& net = setup.network;
    std::vector<SkuLedger> by_site(net.sites.size());
    for (std::size_t i = 0; i < w.ledgers.size(); ++i) by_site[net.items[i].site] += w.ledgers[i];
    for (std::size_t k = 0; k < by_site.size(); ++k) {
      SiteValues v;
      v.metrics = compute_metrics(by_site[k], &site_ledgers[k], setup.horizon_days, capital_rate);
      const SkuLedger& l = by_site[k];
      v.internal_fill_rate = l.internal_units_demanded > 0
                                 ? l.internal_units_from_stock / l.internal_units_demanded
                                 : sim::kUndefined;
      result.per_site.push_back(v);
    }
    for (const LaneLedger& l : w.lane_ledgers) {
      result.per_lane.push_back({l.orders_placed, l.units_ordered, l.units_received,
                                 l.transport_cost, l.lost_in_transit_units});
    }
  }
  return result;
}

}  // namespace jitsim::models
