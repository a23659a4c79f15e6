// File: models/agents/supplier_agent.cpp
#include "models/agents/supplier_agent.h"

#include <algorithm>
#include <cmath>

#include "models/model/streams.h"

namespace jitsim::models {

void SupplierAgent::reset() {
  const Scenario& sc = w_.scenario;
  suppliers_.resize(sc.suppliers.size());
  for (std::size_t i = 0; i < sc.suppliers.size(); ++i) {
    State& st = suppliers_[i];
    st.queue.clear();
    st.lead_time.reset(sim::make_engine({sc.scenario.seed, w_.replication,
                                         sim::name_id("supplier:" + sc.suppliers[i].id),
                                         static_cast<std::uint64_t>(Stream::lead_time)}),
                       sc.suppliers[i].lead_time_days, w_.setup.start_day);
    st.day = static_cast<long long>(std::floor(w_.setup.start_day)) - 1;
    st.capacity_today = st.used_today = st.debt = 0;
  }
  // Wake suppliers when their shutdowns end, to release what waited.
  for (const ShockWindow& win : w_.shocks.shutdowns()) {
    if (win.end >= w_.setup.horizon_days || win.end < w_.setup.start_day) continue;
    const Shock& shock = sc.shocks[win.shock];
    for (std::size_t i = 0; i < sc.suppliers.size(); ++i) {
      if (shock.target && *shock.target != i) continue;
      w_.schedule_at(win.end, AgentId::suppliers, EventKind::supplier_reopen, i, priority::goods);
    }
  }
}

std::size_t SupplierAgent::supplier_of(std::uint32_t po) const {
  return w_.setup.network.lanes[w_.purchase_orders[po].lane].supplier;
}

void SupplierAgent::refresh_bucket(std::size_t s) {
  State& st = suppliers_[s];
  const double now = w_.kernel.now();
  const auto day = static_cast<long long>(std::floor(now));
  if (day == st.day) return;
  st.day = day;
  const double full = *w_.scenario.suppliers[s].capacity_units_per_day;
  st.capacity_today = full * w_.shocks.supplier_capacity_factor(s, std::max(now, double(day)));
  const double repaid = std::min(st.debt, st.capacity_today);
  st.debt -= repaid;
  st.used_today = repaid;
}

bool SupplierAgent::try_release(std::size_t s, std::uint32_t po) {
  const double now = w_.kernel.now();
  if (w_.shocks.supplier_shut(s, now)) return false;
  if (w_.scenario.suppliers[s].capacity_units_per_day) {
    refresh_bucket(s);
    State& st = suppliers_[s];
    const auto qty = static_cast<double>(w_.purchase_orders[po].quantity);
    if (st.used_today + qty > st.capacity_today) {
      // Whole orders only; one bigger than a day's capacity goes on a fresh day and borrows.
      if (st.used_today > 0 || st.capacity_today <= 0) return false;
      st.debt += qty - st.capacity_today;
      st.used_today = st.capacity_today;
    } else {
      st.used_today += qty;
    }
  }
  release(s, po);
  return true;
}

void SupplierAgent::place(std::uint32_t po) {
  const std::size_t s = supplier_of(po);
  State& st = suppliers_[s];
  if (!st.queue.empty() || !try_release(s, po)) st.queue.push_back(po);
}

void SupplierAgent::release_queued(std::size_t s) {
  State& st = suppliers_[s];
  while (!st.queue.empty() && try_release(s, st.queue.front())) st.queue.pop_front();
}

void SupplierAgent::on_day_start() {
  for (std::size_t s = 0; s < suppliers_.size(); ++s) {
    if (w_.scenario.suppliers[s].capacity_units_per_day) release_queued(s);
  }
}

void SupplierAgent::release(std::size_t s, std::uint32_t po) {
  const double now = w_.kernel.now();
  const PurchaseOrder& order = w_.purchase_orders[po];
  const double ready = now + std::max(0.0, suppliers_[s].lead_time.at(now));
  const std::uint32_t c =
      w_.consignments.acquire({po, order.item, order.lane, order.quantity, 0, 0, 0, 0, false});
  w_.trace(now, TraceEvent::released, order.item, order.quantity, 0, order.id, 0, order.lane);
  w_.schedule_at(ready, AgentId::suppliers, EventKind::handover, c, priority::goods);
}

void SupplierAgent::on_handover(std::uint32_t c) {
  Consignment& con = w_.consignments[c];
  const std::size_t s = w_.setup.network.lanes[con.lane].supplier;
  const double now = w_.kernel.now();
  double reopens = now;
  if (w_.shocks.supplier_shut(s, now, &reopens)) {  // due during a shutdown: at its end
    w_.schedule_at(w_.shocks.supplier_open_at(s, reopens), AgentId::suppliers, EventKind::handover,
                   c, priority::goods);
    return;
  }
  con.defect_rate = w_.shocks.defect_rate(s, now, w_.scenario.suppliers[s].defect_rate);
  w_.links.transport->hand_over(c);
}

void SupplierAgent::handle(const sim::Event& e) {
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::handover:
      on_handover(static_cast<std::uint32_t>(e.payload));
      break;
    case EventKind::supplier_reopen: {
      // The day's bucket was sized while shut (factor 0): size it again at the reopening,
      // keeping what the day already released and what earlier days borrowed.
      const auto s = static_cast<std::size_t>(e.payload);
      if (const auto& cap = w_.scenario.suppliers[s].capacity_units_per_day) {
        refresh_bucket(s);
        suppliers_[s].capacity_today =
            *cap * w_.shocks.supplier_capacity_factor(s, w_.kernel.now());
      }
      release_queued(s);
      break;
    }
    default:
      break;
  }
}

}  // namespace jitsim::models
