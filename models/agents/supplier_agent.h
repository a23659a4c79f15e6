// -----------------------------------------------------------------------------
// File: models/agents/supplier_agent.h
// -----------------------------------------------------------------------------
// Every supplier: purchase orders queue FIFO and are released whole within the daily capacity
// (an order larger than a whole day's capacity takes the day and borrows from the next ones);
// orders released on the same day share one lead-time draw, each counted from its own release;
// goods are then handed to the SKU's carrier. A shutdown stops releases and hand-overs (those
// due move to its end) and capacity then ramps back linearly over recovery_days.
#pragma once

#include <cstdint>
#include <vector>

#include "models/agents/world.h"
#include "models/model/daily_draws.h"

namespace jitsim::models {

class SupplierAgent final : public PurchaseOrderDesk {
 public:
  explicit SupplierAgent(World& world) : w_(world) {}

  void reset();
  void handle(const sim::Event& event);
  /// A purchase order (index into World::purchase_orders) reaches its supplier now.
  void place(std::uint32_t po) override;
  /// A new day: capacity-limited suppliers release what now fits.
  void on_day_start();

 private:
  struct State {
    Ring<std::uint32_t> queue;  // purchase orders not yet released
    DailyDraws lead_time;
    long long day = 0;  // day of the capacity bucket below
    double capacity_today = 0;
    double used_today = 0;
    double debt = 0;  // units released beyond earlier days' capacity, paid from the next days
  };
  std::size_t supplier_of(std::uint32_t po) const;
  void refresh_bucket(std::size_t s);
  bool try_release(std::size_t s, std::uint32_t po);
  void release(std::size_t s, std::uint32_t po);
  void release_queued(std::size_t s);
  void on_handover(std::uint32_t consignment);

  World& w_;
  std::vector<State> suppliers_;
};

}  // namespace jitsim::models
