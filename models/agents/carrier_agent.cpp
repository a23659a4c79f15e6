// File: models/agents/carrier_agent.cpp
#include "models/agents/carrier_agent.h"

#include <algorithm>
#include <cmath>

#include "models/model/streams.h"

namespace jitsim::models {

void CarrierAgent::reset() {
  const Scenario& sc = w_.scenario;
  const double start = w_.setup.start_day;
  const Network& net = w_.setup.network;
  routes_.resize(net.routes.size());
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    Route& route = routes_[r];
    const std::size_t c = net.routes[r].carrier;
    // Without sites a route is "supplier->carrier", the streams' old name.
    const std::uint64_t route_id = sim::name_id("lane:" + net.routes[r].name);
    const auto key = [&](Stream purpose) {
      return sim::StreamKey{sc.scenario.seed, w_.replication, route_id,
                            static_cast<std::uint64_t>(purpose)};
    };
    route.transit.reset(sim::make_engine(key(Stream::transit)), sc.carriers[c].transit_days, start);
    // A route that can never lose goods skips its daily loss draws (its own stream: no other
    // draw moves); a draw of 1 is below no probability.
    route.loss.reset(
        sim::make_engine(key(Stream::loss)),
        w_.shocks.may_lose(c, sc.carriers[c].loss_probability)
            ? sim::DistributionSpec{.kind = sim::DistributionKind::uniform, .min = 0, .max = 1}
            : sim::DistributionSpec::constant(1),
        start);
    route.shipment_day = static_cast<long long>(std::floor(start)) - 1;
    route.shipment_id = route.last_charged_id = 0;
  }
  carriers_.resize(sc.carriers.size());
  for (State& st : carriers_) {
    st.queue.clear();
    st.day = static_cast<long long>(std::floor(start)) - 1;
    st.capacity_today = st.used_today = 0;
  }
}

void CarrierAgent::hand_over(std::uint32_t c) {
  const double now = w_.kernel.now();
  Consignment& con = w_.consignments[c];
  w_.cash.pipeline_changed(con.item, now, con.quantity);  // in the pipeline until sellable
  const Lane& lane = w_.setup.network.lanes[con.lane];
  Route& route = routes_[lane.route];
  const auto day = static_cast<long long>(std::floor(now));
  if (day != route.shipment_day) {  // the route's first hand-over today opens a shipment
    route.shipment_day = day;
    route.shipment_id = w_.next_shipment_id++;
  }
  con.shipment = route.shipment_id;
  con.transit_days = std::max(0.0, route.transit.at(now));
  con.loss_draw = route.loss.at(now);
  const std::size_t carrier = lane.carrier;
  if (!w_.scenario.carriers[carrier].capacity_units_per_day) {
    depart(c);
    return;
  }
  carriers_[carrier].queue.push_back(c);
  send_queued(carrier);
}

void CarrierAgent::refresh_bucket(std::size_t carrier) {
  State& st = carriers_[carrier];
  const double now = w_.kernel.now();
  const auto day = static_cast<long long>(std::floor(now));
  if (day == st.day) return;
  st.day = day;
  st.used_today = 0;
  st.capacity_today = *w_.scenario.carriers[carrier].capacity_units_per_day *
                      w_.shocks.carrier_capacity_factor(carrier, now);
}

void CarrierAgent::send_queued(std::size_t carrier) {
  refresh_bucket(carrier);
  State& st = carriers_[carrier];
  while (!st.queue.empty()) {
    const auto room = static_cast<std::int64_t>(std::floor(st.capacity_today - st.used_today));
    if (room <= 0) return;
    const std::uint32_t c = st.queue.front();
    Consignment& con = w_.consignments[c];
    if (con.quantity > room) {
      // Split: `room` units leave now as their own consignment; the rest keeps waiting.
      Consignment part = con;
      part.quantity = room;
      con.quantity -= room;
      st.used_today += static_cast<double>(room);
      depart(w_.consignments.acquire(part));
      return;
    }
    st.used_today += static_cast<double>(con.quantity);
    st.queue.pop_front();
    depart(c);
  }
}

void CarrierAgent::on_day_start() {
  for (std::size_t c = 0; c < carriers_.size(); ++c) {
    if (!carriers_[c].queue.empty()) send_queued(c);
  }
}

void CarrierAgent::depart(std::uint32_t c) {
  const double now = w_.kernel.now();
  Consignment& con = w_.consignments[c];
  const std::size_t carrier_index = w_.setup.network.lanes[con.lane].carrier;
  const Carrier& carrier = w_.scenario.carriers[carrier_index];
  Route& route = routes_[w_.setup.network.lanes[con.lane].route];
  if (w_.measuring) {
    // The shipment's fixed cost goes to the SKU of its first departing consignment.
    double cost = carrier.cost_per_unit * static_cast<double>(con.quantity);
    if (con.shipment > route.last_charged_id) cost += carrier.cost_per_shipment;
    w_.ledgers[con.item].transport_cost += cost;
    w_.lane_ledgers[con.lane].transport_cost += cost;
  }
  route.last_charged_id = std::max(route.last_charged_id, con.shipment);
  con.lost =
      con.loss_draw < w_.shocks.loss_probability(carrier_index, now, carrier.loss_probability);
  const double arrives = w_.shocks.arrival_time(carrier_index, now, con.transit_days);
  w_.trace(now, TraceEvent::departure, con.item, con.quantity, 0, w_.purchase_orders[con.po].id,
           con.shipment, con.lane);
  w_.schedule_at(arrives, AgentId::warehouse, EventKind::arrival, c, priority::goods);
}

}  // namespace jitsim::models
