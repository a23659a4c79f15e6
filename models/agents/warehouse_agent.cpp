// File: models/agents/warehouse_agent.cpp
#include "models/agents/warehouse_agent.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include <fmt/format.h>
#include <boost/random/binomial_distribution.hpp>

#include "models/model/streams.h"

namespace jitsim::models {

void WarehouseAgent::reset() {
  const Scenario& sc = w_.scenario;
  const Network& net = w_.setup.network;
  const double start = w_.setup.start_day;
  const std::uint64_t seed = sc.scenario.seed, rep = w_.replication;
  const bool track_days = !w_.shocks.empty();
  const auto days = static_cast<std::size_t>(std::ceil(w_.setup.horizon_days - start)) + 1;
  const auto fresh_days = [&](DailyFill& fill) {
    fill.first_day = std::floor(start);
    fill.demanded.assign(days, 0.0);
    fill.served.assign(days, 0.0);
  };
  sites_.resize(net.sites.size());
  for (std::size_t k = 0; k < sites_.size(); ++k) {
    SiteState& site = sites_[k];
    const Warehouse& cfg = *net.sites[k].config;
    // The first site keeps the streams of the single [warehouse].
    const std::uint64_t id =
        sim::name_id(k == 0 ? std::string("warehouse") : "site:" + net.sites[k].id);
    site.config = &cfg;
    site.dock_engine =
        sim::make_engine({seed, rep, id, static_cast<std::uint64_t>(Stream::dock_to_stock)});
    site.pick_engine =
        sim::make_engine({seed, rep, id, static_cast<std::uint64_t>(Stream::pick_times)});
    site.dock_to_stock = sim::Sampler(cfg.dock_to_stock_days);
    site.pick_time = sim::Sampler(cfg.pick_time_days);
    site.dock_free_at = start;
    site.busy_pickers = 0;
    site.pick_queue.clear();
    site.waits.clear();
    site.wait_sum = 0;
    site.total_on_hand = 0;
    site.overflow_units_days.restart(start, 0);
    site.may_close = w_.shocks.site_may_close(k);
    site.assembly_free_at = start;
    site.block_start = site.fees_at_block_start = site.minimum_shortfall = 0;
    if (track_days && sites_.size() > 1) fresh_days(site.daily_fill);
  }

  items_.resize(w_.item_count());
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Sku& sku = w_.sku_of(i);
    ItemStock& s = items_[i];
    const std::uint32_t site = net.items[i].site;
    const Warehouse& cfg = *net.sites[site].config;
    s.site = site;
    s.instant_pick = !cfg.pickers;
    s.fast_ship = s.instant_pick && !sites_[site].may_close;
    s.storage_limited = cfg.storage_capacity_units.has_value();
    s.unmet = cfg.unmet_demand;
    s.by_priority = net.sites[site].allocation == Allocation::priority;
    s.on_hand = s.backlog = s.internal_owed = s.on_order = 0;
    s.perishable = sku.shelf_life_days > 0;
    s.expiry_pending = false;
    s.kit_on_order = sku.kit_on_order();
    s.kit = kNoIndex;  // set by reset_kits()
    s.lots.clear();
    s.waiting.clear();
    s.defects = sim::make_engine(
        {seed, rep, w_.setup.item_streams[i], static_cast<std::uint64_t>(Stream::defects)});
    s.cycle_open = s.cycle_lost = false;
    s.accepted = s.allocated = s.spoiled = 0;
    s.ordered = s.arrived = s.lost_in_transit = s.consumed = 0;
    s.customers = s.customers_at_start = {};
    s.on_hand_days.restart(start, 0);
    s.backlog_days.restart(start, 0);
    s.on_order_days.restart(start, 0);
    s.stockout_days.restart(start, 1);
    s.units_per_pallet = cfg.fees.storage_per_pallet_day > 0 ? sku.units_per_pallet.value_or(1) : 0;
    s.pallet_days.restart(start, 0);
    s.initial = initial_stock(sku, w_.rule(i));
    put_away(i, s.initial);
    w_.trace(start, TraceEvent::initial_stock, static_cast<std::uint32_t>(i), s.initial, 0, 0, 0);
  }
  if (track_days) fresh_days(daily_fill_);
  reset_kits();
  reset_outbound();
}

// ---- stock bookkeeping: every change goes through these, so integrals stay exact ----
// The helpers marked always_inline run once or more per customer order; as calls, their
// register saves and restores cost ~5 % of a model run (measured with callgrind).

[[gnu::always_inline]] inline void WarehouseAgent::set_on_hand(std::size_t item,
                                                               std::int64_t value) {
  ItemStock& s = items_[item];
  const double now = w_.kernel.now();
  if (s.storage_limited) {
    SiteState& site = sites_[s.site];
    site.total_on_hand += value - s.on_hand;
    site.overflow_units_days.set(now, std::max(0.0, static_cast<double>(site.total_on_hand) -
                                                        *site.config->storage_capacity_units));
  }
  w_.cash.on_hand_changed(item, now, value - s.on_hand);
  if (s.units_per_pallet > 0) [[unlikely]] {
    const std::int64_t pallets = (value + s.units_per_pallet - 1) / s.units_per_pallet;  // ceil
    s.pallet_days.set(now, static_cast<double>(pallets));
  }
  s.on_hand = value;
  s.on_hand_days.set(now, static_cast<double>(value));
  s.stockout_days.set(now, value == 0 ? 1.0 : 0.0);
}

// The buyer decides on the position the warehouse holds (continuous review).
[[gnu::always_inline]] inline void WarehouseAgent::inventory_changed(std::size_t item) {
  w_.links.positions->position_changed(item, inventory_position(item));
}

void WarehouseAgent::set_backlog(std::size_t item, std::int64_t value) {
  items_[item].backlog = value;
  items_[item].backlog_days.set(w_.kernel.now(), static_cast<double>(value));
}

void WarehouseAgent::set_on_order(std::size_t item, std::int64_t value) {
  items_[item].on_order = value;
  items_[item].on_order_days.set(w_.kernel.now(), static_cast<double>(value));
}

void WarehouseAgent::add_on_order(std::size_t item, std::int64_t quantity) {
  items_[item].ordered += quantity;
  set_on_order(item, items_[item].on_order + quantity);
}

[[gnu::always_inline]] inline std::int64_t WarehouseAgent::take_from_stock(std::size_t item,
                                                                           std::int64_t wanted) {
  ItemStock& s = items_[item];
  const std::int64_t taken = std::min(wanted, s.on_hand);
  if (taken <= 0) return 0;
  if (s.perishable) {  // oldest lots first
    std::int64_t left = taken;
    while (left > 0) {
      Lot& lot = s.lots.front();
      const std::int64_t t = std::min(left, lot.quantity);
      lot.quantity -= t;
      left -= t;
      if (lot.quantity == 0) s.lots.pop_front();
    }
  }
  s.allocated += taken;
  set_on_hand(item, s.on_hand - taken);
  return taken;
}

void WarehouseAgent::put_away(std::size_t item, std::int64_t units) {
  if (units <= 0) return;
  ItemStock& s = items_[item];
  if (s.perishable) {
    s.lots.push_back({units, w_.kernel.now() + w_.sku_of(item).shelf_life_days});
    schedule_expiry(item);
  }
  set_on_hand(item, s.on_hand + units);
}

// One pending expiry event per SKU at most: for its oldest lot (later lots expire later).
void WarehouseAgent::schedule_expiry(std::size_t item) {
  ItemStock& s = items_[item];
  if (s.expiry_pending || s.lots.empty()) return;
  const double at = s.lots.front().expires_at;
  if (at < w_.setup.horizon_days) {
    w_.schedule_at(at, AgentId::warehouse, EventKind::expiry, item, priority::expiry);
    s.expiry_pending = true;
  }
}

void WarehouseAgent::lose(std::size_t item, std::int64_t units) {
  if (units <= 0) return;
  items_[item].customers.lost += units;
  items_[item].cycle_lost = true;
}

void WarehouseAgent::record_day(std::uint32_t site, double t, std::int64_t demanded,
                                std::int64_t served) {
  if (daily_fill_.demanded.empty()) return;
  const auto day = static_cast<std::size_t>(std::floor(t) - daily_fill_.first_day);
  if (day >= daily_fill_.demanded.size()) return;
  daily_fill_.demanded[day] += static_cast<double>(demanded);
  daily_fill_.served[day] += static_cast<double>(served);
  DailyFill& own = sites_[site].daily_fill;
  if (own.demanded.empty()) return;
  own.demanded[day] += static_cast<double>(demanded);
  own.served[day] += static_cast<double>(served);
}

// ---- customer orders ----

bool WarehouseAgent::receive_customer_order(std::size_t item, std::int64_t quantity) {
  const double now = w_.kernel.now();
  ItemStock& s = items_[item];
  const std::uint64_t id = w_.next_customer_order_id++;
  // One pick time per order in arrival order at its site (none needed when picking is instant).
  const double pick_time =
      s.instant_pick ? 0.0 : sites_[s.site].pick_time(sites_[s.site].pick_engine);
  const std::int64_t served = take_from_stock(item, quantity);
  const std::int64_t rest = quantity - served;
  // An on_order kit holds no stock (nothing was taken), so its orders are never served here:
  // testing it only when units are short keeps the served order's path as it was.
  if (rest > 0 && s.kit_on_order) [[unlikely]] {
    receive_kit_order(item, quantity, id, pick_time);
    return false;
  }
  CustomerCounts& counts = s.customers;
  counts.orders += 1;
  counts.full_orders += rest == 0;
  counts.demanded += quantity;
  counts.from_stock += served;
  record_day(s.site, now, quantity, served);
  if (rest > 0 && now >= w_.watch_from) [[unlikely]]
    w_.note_short(item, now);
  if (rest == 0 && s.fast_ship) {  // the common case needs no order record
    counts.shipped += quantity;
    counts.instant += 1;
    w_.cash.shipped(item, now, static_cast<double>(quantity) * w_.sku_of(item).price,
                    w_.ledgers[item]);
    w_.trace(now, TraceEvent::customer_order, static_cast<std::uint32_t>(item), quantity, id, 0, 0);
    w_.trace(now, TraceEvent::customer_shipped, static_cast<std::uint32_t>(item), quantity, id, 0,
             0);
    if (s.outbound) [[unlikely]]
      deliver(item, id, quantity, quantity, now, true);
    inventory_changed(item);
    return true;
  }
  if (rest > 0 && s.unmet != UnmetDemand::lost_sales) {  // the customer waits for the rest
    set_backlog(item, s.backlog + rest);
    counts.backordered += rest;
    w_.trace(now, TraceEvent::customer_order, static_cast<std::uint32_t>(item), quantity, id, 0, 0);
    // Filled field by field in place: a record built on the stack and copied is read back
    // with wide loads over narrow stores, which stalls store forwarding (measured: ~10 % of
    // the run time of a backorder-heavy model).
    const sim::EventId patience =
        s.unmet == UnmetDemand::patience
            ? w_.schedule_at(now + sites_[s.site].config->patience_days, AgentId::warehouse,
                             EventKind::patience_expired, item, priority::patience)
            : sim::EventId{};
    if (s.by_priority) {
      enqueue_waiting(s, {id, static_cast<std::uint32_t>(item), kNoIndex, 0, quantity, served, now,
                          pick_time, patience});
    } else {
      CustomerOrder& order = s.waiting.emplace_back_for_overwrite();  // every field below
      order.id = id;
      order.item = static_cast<std::uint32_t>(item);
      order.po = kNoIndex;
      order.priority = 0;
      order.quantity = quantity;
      order.allocated = served;
      order.arrived_at = now;
      order.pick_time = pick_time;
      order.patience = patience;
    }
  } else {
    lose(item, rest);  // lost sales: the customer takes what there is
    w_.trace(now, TraceEvent::customer_order, static_cast<std::uint32_t>(item), quantity, id, 0, 0);
    send_to_picking(
        {id, static_cast<std::uint32_t>(item), kNoIndex, 0, quantity, served, now, pick_time, {}});
  }
  inventory_changed(item);
  return rest == 0;
}

[[gnu::always_inline]] inline void WarehouseAgent::send_to_picking(const CustomerOrder& order) {
  if (order.allocated == 0) return;  // nothing to ship
  const ItemStock& s = items_[order.item];
  if (s.fast_ship) {
    complete(order);
    return;
  }
  SiteState& site = sites_[s.site];
  if (s.instant_pick) {  // no pickers, but an outage holds what is filled until it ends
    const double open = w_.shocks.site_open_at(s.site, w_.kernel.now());
    if (open == w_.kernel.now()) {
      complete(order);
    } else {
      w_.schedule_at(open, AgentId::warehouse, EventKind::pick_done,
                     w_.customer_orders.acquire(order), priority::picking);
    }
    return;
  }
  const std::uint32_t idx = w_.customer_orders.acquire(order);
  if (site.busy_pickers < *site.config->pickers) {
    start_pick(idx);
  } else {
    site.pick_queue.push_back(idx);
  }
}

std::int64_t WarehouseAgent::take_for_kit(std::size_t item, std::int64_t wanted) {
  return take_from_stock(item, wanted);
}
void WarehouseAgent::position_changed_at(std::size_t item) {
  inventory_changed(item);
}
void WarehouseAgent::pick_order(const CustomerOrder& order) {
  send_to_picking(order);
}

void WarehouseAgent::start_pick(std::uint32_t order) {
  const std::uint32_t site_index = items_[w_.customer_orders[order].item].site;
  SiteState& site = sites_[site_index];
  ++site.busy_pickers;
  // A pick that would start during an outage starts when the site reopens (one under way
  // when an outage begins finishes).
  const double start =
      site.may_close ? w_.shocks.site_open_at(site_index, w_.kernel.now()) : w_.kernel.now();
  w_.schedule_at(start + w_.customer_orders[order].pick_time, AgentId::warehouse,
                 EventKind::pick_done, order, priority::picking);
}

void WarehouseAgent::on_pick_done(std::uint32_t order) {
  SiteState& site = sites_[items_[w_.customer_orders[order].item].site];
  complete(w_.customer_orders[order]);
  w_.customer_orders.release(order);
  if (!site.config->pickers) return;  // an order held by an outage, no picker involved
  --site.busy_pickers;
  if (!site.pick_queue.empty()) {
    const std::uint32_t next = site.pick_queue.front();
    site.pick_queue.pop_front();
    start_pick(next);
  }
}

[[gnu::always_inline]] inline void WarehouseAgent::complete(const CustomerOrder& order) {
  if (order.po != kNoIndex) {
    ship_transfer(order);
    return;
  }
  std::int64_t shipped = 0;
  SiteState& site = sites_[items_[order.item].site];
  const double now = w_.kernel.now();
  ship(order, now, shipped, site.wait_sum);
  items_[order.item].customers.shipped += shipped;
  items_[order.item].customers.picked_orders += 1;
  w_.cash.shipped(order.item, now, static_cast<double>(shipped) * w_.sku_of(order.item).price,
                  w_.ledgers[order.item]);
}

// Counts a completed order's units into `shipped` and its wait into `wait_sum` and waits_.
// The totals are the caller's: a receipt that completes many orders keeps them in registers
// (as members they made two chains of dependent loads and stores through the loop).
[[gnu::always_inline]] inline void WarehouseAgent::ship(const CustomerOrder& order, double now,
                                                        std::int64_t& shipped, double& wait_sum) {
  shipped += order.allocated;
  const double wait = now - order.arrived_at;
  sites_[items_[order.item].site].waits.push_back(wait);
  wait_sum += wait;
  w_.trace(now, TraceEvent::customer_shipped, order.item, order.allocated, order.id, 0, 0);
  deliver(order.item, order.id, order.quantity, order.allocated, order.arrived_at, false);
}

void WarehouseAgent::on_patience_expired(std::size_t item) {
  ItemStock& s = items_[item];
  // Every customer waits the same patience, so the one expiring is the oldest customer order
  // still waiting (the first: transfer orders, which never give up, may stand before it).
  std::size_t k = 0;
  while (s.waiting[k].po != kNoIndex) ++k;
  CustomerOrder order = s.waiting[k];
  if (k == 0) {
    s.waiting.pop_front();
  } else {
    for (; k + 1 < s.waiting.size(); ++k) s.waiting[k] = s.waiting[k + 1];
    s.waiting.pop_back();
  }
  const std::int64_t unfilled = order.quantity - order.allocated;
  set_backlog(item, s.backlog - unfilled);
  lose(item, unfilled);
  w_.trace(w_.kernel.now(), TraceEvent::customer_cancelled, static_cast<std::uint32_t>(item),
           unfilled, order.id, 0, 0);
  // The customer keeps what was set aside; `quantity` stays what was asked (otif: not in full).
  send_to_picking(order);
  inventory_changed(item);
}

// ---- transfers: downstream sites' orders on an upstream item-location ----

// Priority allocation keeps the waiting orders sorted by (priority, arrival): a new order goes
// after every order of its priority or a lower one.
void WarehouseAgent::enqueue_waiting(ItemStock& s, const CustomerOrder& order) {
  std::size_t at = s.waiting.size();
  if (s.by_priority) {
    while (at > 0 && s.waiting[at - 1].priority > order.priority) --at;
  }
  s.waiting.insert(at, order);
}

void WarehouseAgent::receive_transfer_order(std::uint32_t po) {
  const PurchaseOrder& p = w_.purchase_orders[po];
  if (p.lane == kNoIndex) {  // a to_stock kit's assembly order, at its own site
    receive_assembly_order(po);
    return;
  }
  const std::size_t item = p.upstream;
  // A transfer is this item-location's demand: a forecast here sees it as customers' orders.
  if (w_.links.demand->observes_demand(item)) w_.links.demand->observe_demand(item, p.quantity);
  ItemStock& s = items_[item];
  const double now = w_.kernel.now();
  const double pick_time =
      s.instant_pick ? 0.0 : sites_[s.site].pick_time(sites_[s.site].pick_engine);
  const std::int64_t served = take_from_stock(item, p.quantity);
  s.customers.internal_demanded += p.quantity;
  s.customers.internal_from_stock += served;
  const CustomerOrder order{
      0,          static_cast<std::uint32_t>(item),
      po,         w_.setup.network.sites[w_.setup.network.items[p.item].site].priority,
      p.quantity, served,
      now,        pick_time,
      {}};
  w_.trace(now, TraceEvent::transfer_order, static_cast<std::uint32_t>(item), p.quantity, 0, p.id,
           0, p.lane);
  if (served == p.quantity) {
    send_to_picking(order);
  } else {  // never lost: it waits for the rest
    s.internal_owed += p.quantity - served;
    enqueue_waiting(s, order);
  }
  inventory_changed(item);
}

// A picked transfer order leaves with the lane's carrier, like a supplier's hand-over.
void WarehouseAgent::ship_transfer(const CustomerOrder& order) {
  const PurchaseOrder& p = w_.purchase_orders[order.po];
  const std::uint32_t c =
      w_.consignments.acquire({order.po, p.item, p.lane, order.allocated, 0, 0, 0, 0, false});
  items_[order.item].customers.transfer_orders += 1;
  items_[order.item].customers.transfer_units += order.allocated;
  w_.trace(w_.kernel.now(), TraceEvent::transfer_shipped, order.item, order.allocated, 0, p.id, 0,
           p.lane);
  w_.links.transport->hand_over(c);
}

// ---- inbound ----

void WarehouseAgent::on_arrival(std::uint32_t idx) {
  const Consignment& c = w_.consignments[idx];
  const double now = w_.kernel.now();
  const std::uint64_t po = w_.purchase_orders[c.po].id;
  if (c.lost) {
    ItemStock& s = items_[c.item];
    s.lost_in_transit += c.quantity;
    set_on_order(c.item, s.on_order - c.quantity);
    w_.cash.pipeline_changed(c.item, now, -c.quantity);
    if (w_.measuring) {
      w_.ledgers[c.item].lost_in_transit_units += static_cast<double>(c.quantity);
      w_.lane_ledgers[c.lane].lost_in_transit_units += static_cast<double>(c.quantity);
    }
    w_.trace(now, TraceEvent::lost_in_transit, c.item, c.quantity, 0, po, c.shipment, c.lane);
    const std::size_t item = c.item;
    settle_purchase_order(c.po, c.quantity);
    w_.consignments.release(idx);
    inventory_changed(item);
    return;
  }
  // Receiving works units off FIFO at its (possibly shocked) capacity, then dock-to-stock.
  const std::uint32_t site_index = items_[c.item].site;
  SiteState& site = sites_[site_index];
  double done = now;
  if (const auto& cap = site.config->receiving_capacity_units_per_day) {
    // An outage is a receiving capacity of 0 while it lasts.
    site.dock_free_at = w_.shocks.receiving_done(site_index, std::max(site.dock_free_at, now),
                                                 static_cast<double>(c.quantity), *cap);
    done = site.dock_free_at;
  } else if (site.may_close) {
    done = w_.shocks.site_open_at(site_index, now);
  }
  double sellable =
      done + site.dock_to_stock(site.dock_engine) * w_.shocks.dock_to_stock_factor(site_index, now);
  if (site.may_close) sellable = w_.shocks.site_open_at(site_index, sellable);
  w_.trace(now, TraceEvent::arrival, c.item, c.quantity, 0, po, c.shipment, c.lane);
  w_.schedule_at(sellable, AgentId::warehouse, EventKind::sellable, idx, priority::goods);
}

void WarehouseAgent::on_sellable(std::uint32_t idx) {
  const Consignment c = w_.consignments[idx];
  w_.consignments.release(idx);
  const std::size_t item = c.item;
  ItemStock& s = items_[item];
  const double now = w_.kernel.now();
  std::int64_t rejected = 0;
  if (c.defect_rate > 0) {
    rejected = boost::random::binomial_distribution<std::int64_t, double>(c.quantity,
                                                                          c.defect_rate)(s.defects);
  }
  const std::int64_t accepted = c.quantity - rejected;
  s.arrived += c.quantity;
  set_on_order(item, s.on_order - c.quantity);
  SkuLedger& l = w_.ledgers[item];
  // What the supplier charges; a transfer moves goods already paid, an assembled kit is
  // made of components already paid (c.lane is kNoIndex) and was in no carrier's pipeline.
  if (c.lane != kNoIndex) {
    w_.cash.pipeline_changed(item, now, -c.quantity);
    const Lane& lane = w_.setup.network.lanes[c.lane];
    if (!lane.from_site) {
      const double value =
          static_cast<double>(c.quantity) *
          (w_.sku_of(item).unit_cost * w_.scenario.suppliers[lane.supplier].unit_cost_multiplier);
      w_.cash.received(item, now, value, l);  // payable (any time: it may fall due in the period)
      if (w_.measuring) l.purchase_cost += value;
    }
    if (w_.measuring) {
      w_.lane_ledgers[c.lane].units_received += static_cast<double>(c.quantity);
      l.units_received += static_cast<double>(c.quantity);
    }
  }
  if (w_.measuring) l.rejected_units += static_cast<double>(rejected);
  if (accepted > 0) {
    // A receipt closes the running replenishment cycle: met if net inventory just before it
    // is >= 0 and no unit was lost during it.
    if (s.cycle_open && w_.measuring) {
      w_.ledgers[item].cycles_closed += 1;
      if (s.on_hand - s.backlog >= 0 && !s.cycle_lost) w_.ledgers[item].cycles_met += 1;
    }
    s.cycle_open = true;
    s.cycle_lost = false;
  }
  const std::uint64_t po = w_.purchase_orders[c.po].id;
  settle_purchase_order(c.po, c.quantity);
  // Backlog first, oldest order first; the rest goes on the shelf. The units are allocated
  // first and the stock updated, so the receipt's trace row shows the state after it (as every
  // row does); then the completed orders are shipped or picked, in order. The backlog changes
  // once, at this instant, however many orders the receipt serves.
  std::int64_t units = accepted;
  std::int64_t from_backlog = 0;  // locals: the orders' fields could alias members
  std::int64_t to_transfers = 0;  // the part of it owed to downstream sites
  std::size_t completed = 0;      // removed together at the end: no queue bookkeeping per order
  const std::size_t waiting = s.waiting.size();
  while (units > 0 && completed < waiting) {
    CustomerOrder& order = s.waiting[completed];
    const std::int64_t give = std::min(units, order.quantity - order.allocated);
    order.allocated += give;
    units -= give;
    from_backlog += give;
    if (order.po != kNoIndex) to_transfers += give;
    if (order.allocated < order.quantity) break;  // the units ran out
    ++completed;
  }
  s.accepted += accepted;
  s.allocated += from_backlog;
  s.internal_owed -= to_transfers;
  if (from_backlog > to_transfers) set_backlog(item, s.backlog - (from_backlog - to_transfers));
  put_away(item, units);
  w_.trace(now, TraceEvent::receipt, static_cast<std::uint32_t>(item), accepted, 0, po, c.shipment,
           c.lane);
  if (rejected > 0)
    w_.trace(now, TraceEvent::rejected, static_cast<std::uint32_t>(item), rejected, 0, po,
             c.shipment, c.lane);
  std::int64_t shipped = 0;
  SiteState& site = sites_[s.site];
  double wait_sum = site.wait_sum;  // written back below: nothing in the loop completes a
                                    // customer order through complete() (picking is an event)
  const bool timers = s.unmet == UnmetDemand::patience;
  for (std::size_t i = 0; i < completed; ++i) {
    CustomerOrder& order = s.waiting[i];
    if (order.po != kNoIndex) {
      if (order.po == kKitEntry) {  // reserved for a kit order: assembled when all are there
        component_ready(static_cast<std::uint32_t>(order.id));
      } else {
        send_to_picking(order);
      }
      continue;
    }
    if (timers) w_.kernel.cancel(order.patience);
    if (s.instant_pick) {
      ship(order, now, shipped, wait_sum);
      ++s.customers.picked_orders;
    } else {
      send_to_picking(order);
    }
  }
  s.waiting.pop_front(completed);
  site.wait_sum = wait_sum;
  s.customers.shipped += shipped;
  if (shipped > 0) {
    w_.cash.shipped(item, now, static_cast<double>(shipped) * w_.sku_of(item).price, l);
  }
  inventory_changed(item);
}

void WarehouseAgent::settle_purchase_order(std::uint32_t po, std::int64_t units) {
  if ((w_.purchase_orders[po].outstanding -= units) == 0) w_.purchase_orders.release(po);
}

void WarehouseAgent::on_expiry(std::size_t item) {
  ItemStock& s = items_[item];
  s.expiry_pending = false;
  const double now = w_.kernel.now();
  std::int64_t spoiled = 0;
  while (!s.lots.empty() && s.lots.front().expires_at <= now) {
    spoiled += s.lots.front().quantity;
    s.lots.pop_front();
  }
  if (spoiled > 0) {
    s.spoiled += spoiled;
    set_on_hand(item, s.on_hand - spoiled);
    if (w_.measuring) w_.ledgers[item].spoiled_units += static_cast<double>(spoiled);
    w_.trace(now, TraceEvent::expired, static_cast<std::uint32_t>(item), spoiled, 0, 0, 0);
  }
  schedule_expiry(item);
  if (spoiled > 0) inventory_changed(item);
}

void WarehouseAgent::handle(const sim::Event& e) {
  const auto payload = static_cast<std::uint32_t>(e.payload);
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::arrival:
      on_arrival(payload);
      break;
    case EventKind::sellable:
      on_sellable(payload);
      break;
    case EventKind::pick_done:
      on_pick_done(payload);
      break;
    case EventKind::patience_expired:
      on_patience_expired(payload);
      break;
    case EventKind::expiry:
      on_expiry(payload);
      break;
    case EventKind::assembled:
      on_assembled(payload);
      break;
    default:
      break;
  }
}

// ---- measurement ----

void WarehouseAgent::start_measuring() {
  const double now = w_.kernel.now();
  for (ItemStock& s : items_) {
    s.on_hand_days.restart(now, static_cast<double>(s.on_hand));
    s.backlog_days.restart(now, static_cast<double>(s.backlog));
    s.on_order_days.restart(now, static_cast<double>(s.on_order));
    s.stockout_days.restart(now, s.on_hand == 0 ? 1.0 : 0.0);
    s.customers_at_start = s.customers;
    s.pallet_days.restart(now, s.pallet_days.value());
  }
  for (KitState& k : kits_) k.made_at_start = k.made;
  w_.cash.start_measuring(now);
  for (SiteState& site : sites_) {
    site.block_start = now;
    site.fees_at_block_start = site.minimum_shortfall = 0;
    site.overflow_units_days.restart(now, site.overflow_units_days.value());
    site.waits.clear();
    site.wait_sum = 0;
  }
}

// Measured orders shipped the moment they arrived, per site, in one pass over item-locations.
void WarehouseAgent::count_instant_orders() {
  instant_per_site_.assign(sites_.size(), 0);
  for (const ItemStock& s : items_) {
    instant_per_site_[s.site] +=
        static_cast<std::size_t>(s.customers.instant - s.customers_at_start.instant);
  }
}

void WarehouseAgent::close_ledger(std::size_t i, double t, SkuLedger& l) const {
  const Scenario& sc = w_.scenario;
  const ItemStock& s = items_[i];
  const SkuPlan& plan = w_.setup.plans[i];
  const Sku& sku = w_.sku_of(i);
  const auto measured = [&](std::int64_t CustomerCounts::*count) {
    return static_cast<double>(s.customers.*count - s.customers_at_start.*count);
  };
  l.customer_orders = measured(&CustomerCounts::orders);
  l.full_orders = measured(&CustomerCounts::full_orders);
  l.units_demanded = measured(&CustomerCounts::demanded);
  l.units_from_stock = measured(&CustomerCounts::from_stock);
  l.backordered_units = measured(&CustomerCounts::backordered);
  l.lost_units = measured(&CustomerCounts::lost);
  l.units_shipped = measured(&CustomerCounts::shipped);
  l.internal_units_demanded = measured(&CustomerCounts::internal_demanded);
  l.internal_units_from_stock = measured(&CustomerCounts::internal_from_stock);
  l.on_hand_days = s.on_hand_days.integral(t);
  l.on_hand_value_days = l.on_hand_days * sku.unit_cost;
  l.backlog_days = s.backlog_days.integral(t);
  l.stockout_days = s.stockout_days.integral(t);
  l.sku_days = std::max(0.0, t);
  double stocked_days = l.on_hand_days;
  if (sc.costs.pipeline_holding) stocked_days += s.on_order_days.integral(t);
  l.holding_cost = stocked_days * plan.holding_per_unit_day;
  l.backorder_cost = sc.costs.backorder_cost_per_unit * l.backordered_units +
                     sc.costs.backorder_cost_per_unit_day * l.backlog_days;
  l.lost_sales_cost = l.lost_units * plan.lost_unit_cost;
  l.lost_sale_penalty = l.lost_units * sc.costs.lost_sale_penalty;
  l.spoilage_cost = l.spoiled_units * sku.unit_cost;
  l.revenue = (l.units_shipped - measured(&CustomerCounts::to_kits)) * sku.price;  // kits: theirs
  l.shipped_value = l.units_shipped * sku.unit_cost;
  // 3PL fees. Picking: orders and units shipped to customers (a kit's, not its components')
  // and to downstream sites; kitting: kit units assembled here.
  const Fees& fees = w_.setup.network.sites[s.site].config->fees;
  l.pallet_days = s.units_per_pallet > 0 ? s.pallet_days.integral(t) : 0.0;
  const double picked_orders = measured(&CustomerCounts::instant) +
                               measured(&CustomerCounts::picked_orders) +
                               measured(&CustomerCounts::transfer_orders);
  const double picked_units = l.units_shipped - measured(&CustomerCounts::to_kits) +
                              measured(&CustomerCounts::transfer_units);
  const double kits_made =
      s.kit != kNoIndex ? static_cast<double>(kits_[s.kit].made - kits_[s.kit].made_at_start) : 0;
  l.fulfilment_fees =
      fees.receiving_per_unit * l.units_received + fees.storage_per_unit_day * l.on_hand_days +
      fees.storage_per_pallet_day * l.pallet_days + fees.pick_per_order * picked_orders +
      fees.pick_per_unit * picked_units + fees.kitting_per_unit * kits_made;
  close_outbound(i, l);
}

// One pass over the item-locations for all sites (a network's blocks close together).
void WarehouseAgent::sum_site_fees(double t) {
  site_fees_.assign(sites_.size(), 0.0);
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (!(sites_[items_[i].site].config->fees.monthly_minimum > 0)) continue;
    SkuLedger l = w_.ledgers[i];
    close_ledger(i, t, l);
    site_fees_[items_[i].site] += l.fulfilment_fees;
  }
}

// The block's activity fees against the minimum for its length (a shorter last block: pro rata).
void WarehouseAgent::close_fee_block() {
  const double now = w_.kernel.now();
  const bool any = std::any_of(sites_.begin(), sites_.end(), [&](const SiteState& site) {
    return site.config->fees.monthly_minimum > 0 && now > site.block_start;
  });
  if (!any) return;
  sum_site_fees(now);
  for (std::uint32_t k = 0; k < sites_.size(); ++k) {
    SiteState& site = sites_[k];
    const double minimum = site.config->fees.monthly_minimum;
    if (!(minimum > 0) || !(now > site.block_start)) continue;
    const double fees = site_fees_[k];
    const double due = minimum * (now - site.block_start) / kFeeBlockDays;
    site.minimum_shortfall += std::max(0.0, due - (fees - site.fees_at_block_start));
    site.fees_at_block_start = fees;
    site.block_start = now;
  }
}

WarehouseAgent::DayState WarehouseAgent::day_state() const {
  const double now = w_.kernel.now();
  DayState d;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const ItemStock& s = items_[i];
    d.on_hand += static_cast<double>(s.on_hand);
    d.backlog += static_cast<double>(s.backlog);
    d.on_order += static_cast<double>(s.on_order);
    SkuLedger l = w_.ledgers[i];
    close_ledger(i, now, l);
    d.units_demanded += l.units_demanded;
    d.units_from_stock += l.units_from_stock;
    d.total_cost += total_cost(l, 0);
  }
  d.working_capital = w_.cash.working_capital(now);
  for (const SiteState& site : sites_) {
    d.total_cost +=
        site.overflow_units_days.integral(now) * site.config->overflow_cost_per_unit_day;
  }
  return d;
}

void WarehouseAgent::finish(WarehouseLedger& out, std::vector<WarehouseLedger>* per_site) {
  const double end = w_.setup.horizon_days;
  close_fee_block();  // the last block ends at the horizon
  for (std::size_t i = 0; i < items_.size(); ++i) close_ledger(i, end, w_.ledgers[i]);
  w_.cash.finish(w_.ledgers, site_peaks_, out.peak_working_capital);
  out.minimum_fee_cost = 0;
  for (const SiteState& site : sites_) out.minimum_fee_cost += site.minimum_shortfall;
  const auto waits = [&](WarehouseLedger& l, const std::vector<double>& all, double sum,
                         std::size_t instant) {
    const std::size_t orders = instant + all.size();
    if (orders == 0) {
      l.avg_customer_wait_days = l.p95_customer_wait_days = sim::kUndefined;
    } else {
      l.avg_customer_wait_days = sum / static_cast<double>(orders);
      l.p95_customer_wait_days = p95_wait(all, instant);
    }
  };
  if (per_site) per_site->assign(sites_.size(), WarehouseLedger{});
  count_instant_orders();
  std::size_t instant_total = 0;
  for (const std::size_t n : instant_per_site_) instant_total += n;
  out.overflow_cost = 0;
  double wait_sum = 0;
  for (std::size_t k = 0; k < sites_.size(); ++k) {
    const SiteState& site = sites_[k];
    const double overflow =
        site.overflow_units_days.integral(end) * site.config->overflow_cost_per_unit_day;
    out.overflow_cost += overflow;
    wait_sum += site.wait_sum;
    if (per_site) {
      WarehouseLedger& l = (*per_site)[k];
      l.overflow_cost = overflow;
      l.minimum_fee_cost = site.minimum_shortfall;
      l.peak_working_capital = site_peaks_[k];
      waits(l, site.waits, site.wait_sum, instant_per_site_[k]);
      l.time_to_recover_days =
          sites_.size() == 1 ? time_to_recover(daily_fill_) : time_to_recover(site.daily_fill);
    }
  }
  if (sites_.size() == 1) {
    waits(out, sites_[0].waits, wait_sum, instant_total);
  } else {
    pooled_waits_.clear();
    for (const SiteState& site : sites_) {
      pooled_waits_.insert(pooled_waits_.end(), site.waits.begin(), site.waits.end());
    }
    waits(out, pooled_waits_, wait_sum, instant_total);
  }
  out.time_to_recover_days = time_to_recover(daily_fill_);
}

// The waits, sorted, are `instant` zeros followed by `waits` sorted: select within `waits`
// only the order statistics that fall beyond the zeros.
double WarehouseAgent::p95_wait(const std::vector<double>& waits, std::size_t instant) {
  const std::size_t n = instant + waits.size();
  const sim::QuantileRank r = sim::quantile_rank(n, 0.95);
  double below = 0, above = 0;
  if (r.lo >= instant) {
    std::tie(below, above) = sim::adjacent_order_statistics(waits, r.lo - instant, select_scratch_);
  } else {
    if (r.lo + 1 >= n) return 0.0;
    if (r.lo + 1 >= instant) above = *std::min_element(waits.begin(), waits.end());
  }
  return r.between(below, above);
}

double WarehouseAgent::time_to_recover(const DailyFill& fill) const {
  if (fill.demanded.empty()) return models::time_to_recover(fill, {}, w_.setup.horizon_days);
  std::vector<Window> windows;
  windows.reserve(w_.shocks.windows().size());
  for (const ShockWindow& win : w_.shocks.windows()) windows.push_back({win.start, win.end});
  return models::time_to_recover(fill, windows, w_.setup.horizon_days);
}

std::string WarehouseAgent::check_invariants() const {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const ItemStock& s = items_[i];
    const std::string& id = w_.setup.item_names[i];
    if (s.on_hand < 0 || s.backlog < 0 || s.internal_owed < 0 || s.on_order < 0) {
      return fmt::format(
          "SKU {}: negative stock (on hand {}, backlog {}, owed to sites {}, on order {})", id,
          s.on_hand, s.backlog, s.internal_owed, s.on_order);
    }
    if (s.perishable) {
      std::int64_t lots = 0;
      for (std::size_t k = 0; k < s.lots.size(); ++k) lots += s.lots[k].quantity;
      if (lots != s.on_hand) {
        return fmt::format("SKU {}: lots hold {} units but on hand is {}", id, lots, s.on_hand);
      }
    }
    std::int64_t owed = 0, owed_to_sites = 0;
    for (std::size_t k = 0; k < s.waiting.size(); ++k) {
      const CustomerOrder& o = s.waiting[k];
      (o.po == kNoIndex ? owed : owed_to_sites) += o.quantity - o.allocated;
      if (s.by_priority && k > 0 && s.waiting[k - 1].priority > o.priority) {
        return fmt::format("SKU {}: waiting orders out of priority order", id);
      }
    }
    if (owed != s.backlog || owed_to_sites != s.internal_owed) {
      return fmt::format(
          "SKU {}: waiting orders are owed {} units (sites {}) but the backlog is {} (sites {})",
          id, owed, owed_to_sites, s.backlog, s.internal_owed);
    }
    // Stock: what came in is on the shelf, set aside for customers or spoiled.
    if (s.initial + s.accepted != s.on_hand + s.allocated + s.spoiled) {
      return fmt::format(
          "SKU {}: initial {} + accepted {} != on hand {} + allocated {} + spoiled {}", id,
          s.initial, s.accepted, s.on_hand, s.allocated, s.spoiled);
    }
    // Demand: every unit asked for was set aside, is still owed, or was lost.
    const CustomerCounts& c = s.customers;
    if (c.demanded + c.internal_demanded != s.allocated + s.backlog + s.internal_owed + c.lost) {
      return fmt::format(
          "SKU {}: demanded {} + by sites {} != allocated {} + backlog {} + owed to sites {} + "
          "lost {}",
          id, c.demanded, c.internal_demanded, s.allocated, s.backlog, s.internal_owed, c.lost);
    }
    // Supply: every unit ordered is on order, arrived at the dock, or was lost in transit.
    if (s.ordered != s.on_order + s.arrived + s.lost_in_transit) {
      return fmt::format("SKU {}: ordered {} != on order {} + arrived {} + lost in transit {}", id,
                         s.ordered, s.on_order, s.arrived, s.lost_in_transit);
    }
  }
  return check_kit_invariants();
}

}  // namespace jitsim::models
