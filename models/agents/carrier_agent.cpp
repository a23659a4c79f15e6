// File: models/agents/carrier_agent.cpp
#include "models/agents/carrier_agent.h"

#include <algorithm>
#include <cmath>

#include "models/model/streams.h"

namespace jitsim::models {

void CarrierAgent::reset() {
  const Scenario& sc = w_.scenario;
  const double start = w_.setup.start_day;
  lanes_.resize(w_.setup.network.lanes.size());
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    const std::size_t s = w_.setup.network.lanes[i].supplier;
    const std::size_t c = w_.setup.network.lanes[i].carrier;
    const std::uint64_t lane_id =
        sim::name_id("lane:" + sc.suppliers[s].id + "->" + sc.carriers[c].id);
    const auto key = [&](Stream purpose) {
      return sim::StreamKey{sc.scenario.seed, w_.replication, lane_id,
                            static_cast<std::uint64_t>(purpose)};
    };
    Lane& lane = lanes_[i];
    lane.transit.reset(sim::make_engine(key(Stream::transit)), sc.carriers[c].transit_days, start);
    // A lane that can never lose goods skips its daily loss draws (its own stream: no other
    // draw moves); a draw of 1 is below no probability.
    lane.loss.reset(
        sim::make_engine(key(Stream::loss)),
        w_.shocks.may_lose(c, sc.carriers[c].loss_probability)
            ? sim::DistributionSpec{.kind = sim::DistributionKind::uniform, .min = 0, .max = 1}
            : sim::DistributionSpec::constant(1),
        start);
    lane.shipment_day = static_cast<long long>(std::floor(start)) - 1;
    lane.shipment_id = lane.last_charged_id = 0;
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
  Lane& lane = lanes_[w_.setup.network.item(con.item).lane];
  const auto day = static_cast<long long>(std::floor(now));
  if (day != lane.shipment_day) {  // the lane's first hand-over today opens a shipment
    lane.shipment_day = day;
    lane.shipment_id = w_.next_shipment_id++;
  }
  con.shipment = lane.shipment_id;
  con.transit_days = std::max(0.0, lane.transit.at(now));
  con.loss_draw = lane.loss.at(now);
  const std::size_t carrier = w_.setup.network.lane_of(con.item).carrier;
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
  const std::size_t carrier_index = w_.setup.network.lane_of(con.item).carrier;
  const Carrier& carrier = w_.scenario.carriers[carrier_index];
  Lane& lane = lanes_[w_.setup.network.item(con.item).lane];
  if (w_.measuring) {
    // The shipment's fixed cost goes to the SKU of its first departing consignment.
    double cost = carrier.cost_per_unit * static_cast<double>(con.quantity);
    if (con.shipment > lane.last_charged_id) cost += carrier.cost_per_shipment;
    w_.ledgers[con.item].transport_cost += cost;
  }
  lane.last_charged_id = std::max(lane.last_charged_id, con.shipment);
  con.lost =
      con.loss_draw < w_.shocks.loss_probability(carrier_index, now, carrier.loss_probability);
  const double arrives = w_.shocks.arrival_time(carrier_index, now, con.transit_days);
  w_.trace(now, TraceEvent::departure, con.item, con.quantity, 0, w_.purchase_orders[con.po].id,
           con.shipment);
  w_.schedule_at(arrives, AgentId::warehouse, EventKind::arrival, c, priority::goods);
}

}  // namespace jitsim::models
