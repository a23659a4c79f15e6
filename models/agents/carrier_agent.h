// -----------------------------------------------------------------------------
// File: models/agents/carrier_agent.h
// -----------------------------------------------------------------------------
// Every carrier. A shipment is everything one supplier hands one carrier on one day: one
// transit-time draw, one loss draw, one cost_per_shipment. Each consignment travels that long
// from its own departure; daily capacity lets the excess wait (FIFO) for the next day, and
// shocks stretch transit times or hold shipments at a closed port (models/model/shocks.h).
#pragma once

#include <cstdint>
#include <vector>

#include "models/agents/world.h"
#include "models/model/daily_draws.h"

namespace jitsim::models {

class CarrierAgent final : public ConsignmentDesk {
 public:
  explicit CarrierAgent(World& world) : w_(world) {}

  void reset();
  /// A supplier (or an upstream site) hands consignment `c` over now.
  void hand_over(std::uint32_t c) override;
  /// A new day: capacity-limited carriers send what waited.
  void on_day_start();

 private:
  struct Route {  // one (from, carrier, to): what shares a day's shipment
    DailyDraws transit;
    DailyDraws loss;
    long long shipment_day = 0;
    std::uint64_t shipment_id = 0;      // shipment of shipment_day
    std::uint64_t last_charged_id = 0;  // shipments depart in order, so ids charged rise
  };
  struct State {
    Ring<std::uint32_t> queue;  // consignments waiting for capacity
    long long day = 0;
    double capacity_today = 0;
    double used_today = 0;
  };
  void refresh_bucket(std::size_t carrier);
  void depart(std::uint32_t c);
  void send_queued(std::size_t carrier);

  World& w_;
  std::vector<Route> routes_;  // by Network::routes
  std::vector<State> carriers_;
};

}  // namespace jitsim::models
