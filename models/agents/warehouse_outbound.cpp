// File: models/agents/warehouse_outbound.cpp
// Outbound delivery: the carrier from a site to the customer's door ([warehouse.outbound], a
// site's `outbound`, a SKU's own). An order ships once, with every unit it will get, so it is
// charged once per order and per unit shipped; it reaches the door a delivery-days draw after
// it ships, and is on time and in full (otif) when complete and within the promise of its
// arrival. Draws come from a stream of their own, keyed by the order's id, so the same order
// gets the same delivery time under every policy and no other stream moves.
#include <limits>

#include "models/agents/warehouse_agent.h"
#include "models/model/streams.h"

namespace jitsim::models {

void WarehouseAgent::reset_outbound() {
  const Network& net = w_.setup.network;
  outbound_.resize(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Sku& sku = w_.sku_of(i);
    const std::optional<Outbound>& own = sku.outbound;
    const std::optional<Outbound>& site = net.sites[items_[i].site].config->outbound;
    const Outbound* o = own ? &*own : (site ? &*site : nullptr);
    ItemOutbound& out = outbound_[i];
    out.delivered = out.delivery_sum = out.on_time = out.cost = 0;
    items_[i].outbound = o != nullptr;
    if (!o) {
      out.promised = false;
      continue;
    }
    out.key = sim::stream_seed({w_.scenario.scenario.seed, w_.replication, w_.setup.item_streams[i],
                                static_cast<std::uint64_t>(Stream::outbound_delivery)});
    out.delivery = sim::Sampler(o->delivery_days);
    out.per_order = o->cost_per_order;
    out.per_unit = o->cost_per_unit;
    out.promised = o->promise_days.has_value();
    out.promise = o->promise_days.value_or(std::numeric_limits<double>::infinity());
  }
}

void WarehouseAgent::deliver(std::size_t item, std::uint64_t id, std::int64_t asked,
                             std::int64_t units, double arrived_at, bool instant) {
  ItemOutbound& o = outbound_[item];
  const double now = w_.kernel.now();
  double at = now;  // no outbound carrier: the customer collects at the dock
  if (items_[item].outbound) {
    sim::Engine engine(o.key + id);  // a distinct Philox key per order: draw k is order k's
    at += o.delivery(engine);
    if (w_.measuring) o.cost += o.per_order + o.per_unit * static_cast<double>(units);
    w_.trace(at, TraceEvent::customer_delivered, static_cast<std::uint32_t>(item), units, id, 0, 0);
  }
  if (arrived_at < 0) return;      // measured by arrival: the order came in the warm-up
  if (!instant) o.delivered += 1;  // instant ones: CustomerCounts::instant
  const double days = at - arrived_at;
  o.delivery_sum += days;
  if (o.promised && units == asked && days <= o.promise) o.on_time += 1;
}

void WarehouseAgent::close_outbound(std::size_t i, SkuLedger& l) const {
  const ItemStock& s = items_[i];
  const ItemOutbound& o = outbound_[i];
  l.outbound_cost = o.cost;
  l.delivered_orders =
      static_cast<double>(s.customers.instant - s.customers_at_start.instant) + o.delivered;
  l.delivery_days_sum = o.delivery_sum;
  l.promised_orders = o.promised ? l.customer_orders : 0;
  l.otif_orders = o.on_time;
}

}  // namespace jitsim::models
