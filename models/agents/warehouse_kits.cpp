// File: models/agents/warehouse_kits.cpp
// Kits at a site (scenarios/README.md "Kits"): the WarehouseAgent's members that reserve a
// kit's components, consume them and assemble the kit.
//
// A kit order is either a customer order of an on_order kit or an assembly order (a purchase
// order without a lane) of a to_stock kit. It takes each component from stock at once and puts
// a waiting entry (marker kKitEntry, FIFO with the component's other orders) in the
// component's queue for the rest; reserved units count as owed to sites (internal_owed), so a
// component's backlog stays its own customers'. When the last entry is filled the components
// are consumed and the order is assembled: the site's assembly capacity (FIFO, like
// receiving) then assembly_days, drawn per kit order. An on_order kit's customer order then
// goes to picking; a to_stock kit's units become sellable like a receipt.
#include <algorithm>

#include <fmt/format.h>

#include "models/agents/warehouse_agent.h"
#include "models/model/streams.h"

namespace jitsim::models {

void WarehouseAgent::reset_kits() {
  const Network& net = w_.setup.network;
  kits_.clear();
  kit_orders_.clear();
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (!net.items[i].is_kit()) continue;
    items_[i].kit = static_cast<std::uint32_t>(kits_.size());
    KitState& k = kits_.emplace_back();
    k.item = static_cast<std::uint32_t>(i);
    k.engine =
        sim::make_engine({w_.scenario.scenario.seed, w_.replication, w_.setup.item_streams[i],
                          static_cast<std::uint64_t>(Stream::assembly)});
    k.assembly_days = sim::Sampler(w_.sku_of(i).assembly_days);
    k.made = 0;
    k.made_at_start = 0;
  }
}

// A customer order of `quantity` units of on_order kit `item`. The kit units whose components
// are all on hand are served from stock; under lost sales the rest is lost and takes nothing,
// otherwise the order waits whole, its short units reserving components as they arrive.
// `id` and `pick_time` were given to it at arrival, as to every customer order.
void WarehouseAgent::receive_kit_order(std::size_t item, std::int64_t quantity, std::uint64_t id,
                                       double pick_time) {
  const double now = w_.kernel.now();
  ItemStock& s = items_[item];
  const auto& components = w_.setup.network.items[item].components;
  std::int64_t ready = quantity;
  for (const auto& [c, q] : components) ready = std::min(ready, items_[c].on_hand / q);
  const std::int64_t rest = quantity - ready;
  const bool waits = rest > 0 && s.unmet != UnmetDemand::lost_sales;
  CustomerCounts& counts = s.customers;
  counts.orders += 1;
  counts.full_orders += rest == 0;
  counts.demanded += quantity;
  counts.from_stock += ready;
  record_day(s.site, now, quantity, ready);
  if (rest > 0 && now >= w_.watch_from) [[unlikely]]
    w_.note_short(item, now);
  const auto kit = static_cast<std::uint32_t>(item);
  w_.trace(now, TraceEvent::customer_order, kit, quantity, id, 0, 0);
  // The kit's customers are its components' customers: their forecasts see the kit demand.
  for (const auto& [c, q] : components) {
    if (w_.links.demand->observes_demand(c)) w_.links.demand->observe_demand(c, quantity * q);
  }
  if (ready > 0) {  // served from stock: its components are consumed now
    for (const auto& [c, q] : components) {
      ItemStock& part = items_[c];
      take_for_kit(c, ready * q);
      part.customers.demanded += ready * q;
      part.customers.from_stock += ready * q;
      record_day(part.site, now, ready * q, ready * q);
      consume(c, ready * q, true);
    }
    kits_[s.kit].made += ready;
    w_.trace(now, TraceEvent::kit_consumed, kit, ready, id, 0, 0);  // the kit units they make
    s.accepted += ready;  // made and set aside at once: no kit stock
    s.allocated += ready;
  }
  // `quantity` stays what was asked when the rest is lost (otif: not in full).
  CustomerOrder order{id, kit, kNoIndex, 0, quantity, ready, now, pick_time, {}};
  if (waits) {
    const std::uint32_t ko = kit_orders_.acquire({kit, 0, rest, kNoIndex, id});
    std::uint32_t missing = 0;
    for (const auto& [c, q] : components) missing += reserve(c, rest * q, ko, false) ? 1 : 0;
    set_backlog(item, s.backlog + rest);
    counts.backordered += rest;
    enqueue_waiting(s, order);
    kit_orders_[ko].missing = missing;
    if (missing == 0) finish_kit_order(ko);  // not reached: some component is short
  } else {
    lose(item, rest);
    if (ready > 0) {
      const std::uint32_t idx = w_.customer_orders.acquire(order);
      w_.trace(now, TraceEvent::assembly_started, kit, ready, id, 0, 0);
      w_.schedule_at(assembly_done(item, ready), AgentId::warehouse, EventKind::assembled, idx,
                     priority::picking);
    }
  }
  for (const auto& [c, q] : components) position_changed_at(c);
  position_changed_at(item);
}

// A to_stock kit's assembly order `po` (placed by its policy, no lane): it reserves components.
void WarehouseAgent::receive_assembly_order(std::uint32_t po) {
  const PurchaseOrder& p = w_.purchase_orders[po];
  const std::uint32_t item = p.item;
  const std::int64_t units = p.quantity;
  const std::uint32_t ko = kit_orders_.acquire({item, 0, units, po, p.id});
  const auto& components = w_.setup.network.items[item].components;
  std::uint32_t missing = 0;
  for (const auto& [c, q] : components) {
    // The components' demand: their forecasts see it as a transfer's.
    if (w_.links.demand->observes_demand(c)) w_.links.demand->observe_demand(c, units * q);
    missing += reserve(c, units * q, ko, true) ? 1 : 0;
  }
  kit_orders_[ko].missing = missing;
  if (missing == 0) finish_kit_order(ko);
  for (const auto& [c, q] : components) position_changed_at(c);
}

// Takes `units` of `component` for kit order `kit_order`: what is on hand now, and a waiting
// entry for the rest. They count as the component's customer demand (an on_order kit) or as
// internal demand (an assembly order, like a transfer). Returns whether it waits.
bool WarehouseAgent::reserve(std::uint32_t component, std::int64_t units, std::uint32_t kit_order,
                             bool internal) {
  ItemStock& s = items_[component];
  const double now = w_.kernel.now();
  const std::int64_t taken = take_for_kit(component, units);
  if (internal) {
    s.customers.internal_demanded += units;
    s.customers.internal_from_stock += taken;
  } else {
    s.customers.demanded += units;
    s.customers.from_stock += taken;
    record_day(s.site, now, units, taken);
  }
  if (taken == units) return false;
  s.internal_owed += units - taken;
  enqueue_waiting(s, {kit_order, component, kKitEntry, 0, units, taken, now, 0.0, {}});
  return true;
}

// `units` of `component`, already set aside, go into kits: shipped (not sold: the kit's price
// is the revenue) for an on_order kit's customer, internal for an assembly order.
void WarehouseAgent::consume(std::uint32_t component, std::int64_t units, bool for_customer) {
  ItemStock& s = items_[component];
  s.consumed += units;
  if (for_customer) {
    s.customers.shipped += units;
    s.customers.to_kits += units;
  }
  w_.trace(w_.kernel.now(), TraceEvent::kit_consumed, component, units, 0, 0, 0);
}

// One of the kit order's component entries is filled.
void WarehouseAgent::component_ready(std::uint32_t kit_order) {
  if (--kit_orders_[kit_order].missing == 0) finish_kit_order(kit_order);
}

// Every component of the kit order is set aside: consume them and assemble.
void WarehouseAgent::finish_kit_order(std::uint32_t kit_order) {
  const KitOrder k = kit_orders_[kit_order];
  kit_orders_.release(kit_order);
  const double now = w_.kernel.now();
  const bool customer = k.po == kNoIndex;
  for (const auto& [c, q] : w_.setup.network.items[k.kit].components) {
    consume(c, k.units * q, customer);
  }
  ItemStock& s = items_[k.kit];
  kits_[s.kit].made += k.units;
  w_.trace(now, TraceEvent::kit_consumed, k.kit, k.units, customer ? k.id : 0,
           customer ? 0 : w_.purchase_orders[k.po].id, 0);
  const double done = assembly_done(k.kit, k.units);
  if (!customer) {  // a to_stock kit: the units become sellable like a receipt
    const std::uint32_t c =
        w_.consignments.acquire({k.po, k.kit, kNoIndex, k.units, 0, 0, 0, 0, false});
    w_.trace(now, TraceEvent::assembly_started, k.kit, k.units, 0, w_.purchase_orders[k.po].id, 0);
    w_.schedule_at(done, AgentId::warehouse, EventKind::sellable, c, priority::goods);
    return;
  }
  // The customer order waits at the kit (by arrival: kit orders of one kit finish in order,
  // so it is the first one in practice).
  std::size_t at = 0;
  while (s.waiting[at].id != k.id) ++at;
  CustomerOrder order = s.waiting[at];
  for (; at + 1 < s.waiting.size(); ++at) s.waiting[at] = s.waiting[at + 1];
  s.waiting.pop_back();
  set_backlog(k.kit, s.backlog - k.units);
  s.accepted += k.units;
  s.allocated += k.units;
  order.allocated = order.quantity;
  w_.trace(now, TraceEvent::assembly_started, k.kit, order.quantity, order.id, 0, 0);
  w_.schedule_at(done, AgentId::warehouse, EventKind::assembled, w_.customer_orders.acquire(order),
                 priority::picking);
}

// When `units` of kit `kit_item` starting assembly now are done: FIFO at the site's capacity
// (units a day, worked off like receiving), then the kit's assembly_days.
double WarehouseAgent::assembly_done(std::size_t kit_item, std::int64_t units) {
  const double now = w_.kernel.now();
  SiteState& site = sites_[items_[kit_item].site];
  double done = now;
  if (const auto& cap = site.config->assembly_capacity_units_per_day) {
    site.assembly_free_at =
        std::max(site.assembly_free_at, now) + static_cast<double>(units) / *cap;
    done = site.assembly_free_at;
  }
  KitState& k = kits_[items_[kit_item].kit];
  return done + k.assembly_days(k.engine);
}

// An on_order kit's customer order is assembled: it is picked and shipped like any order.
void WarehouseAgent::on_assembled(std::uint32_t idx) {
  const CustomerOrder order = w_.customer_orders[idx];
  w_.customer_orders.release(idx);
  w_.trace(w_.kernel.now(), TraceEvent::assembled, order.item, order.allocated, order.id, 0, 0);
  pick_order(order);
}

std::string WarehouseAgent::check_kit_invariants() const {
  if (kits_.empty()) return {};
  const Network& net = w_.setup.network;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const ItemStock& s = items_[i];
    if (s.kit_on_order && (s.on_hand != 0 || s.on_order != 0)) {
      return fmt::format("kit {}: an on_order kit holds {} on hand, {} on order",
                         w_.setup.item_names[i], s.on_hand, s.on_order);
    }
    // Components: units consumed = units per kit x kit units given all their components.
    std::int64_t expected = 0;
    for (const std::uint32_t k : net.items[i].kits) {
      for (const auto& [c, q] : net.items[k].components) {
        if (c == i) expected += q * kits_[items_[k].kit].made;
      }
    }
    if (s.consumed != expected) {
      return fmt::format("SKU {}: {} units consumed by kits, but its kits need {}",
                         w_.setup.item_names[i], s.consumed, expected);
    }
  }
  return {};
}

}  // namespace jitsim::models
