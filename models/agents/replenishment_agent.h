// -----------------------------------------------------------------------------
// File: models/agents/replenishment_agent.h
// -----------------------------------------------------------------------------
// The buyer: runs each SKU's ReplenishmentRule (models/model/policy.h) on the warehouse's inventory
// position, at the moments the rule reviews (after every change, once a day, or on its review
// clock), keeps the demand history that forecasts and adaptive kanbans read, and places
// purchase orders with the SKU's supplier.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/agents/warehouse_agent.h"
#include "models/agents/world.h"
#include "models/model/policy.h"

namespace jitsim::models {

class ReplenishmentAgent final : public PositionWatcher, public DemandObserver {
 public:
  explicit ReplenishmentAgent(World& world) : w_(world) {}

  /// Per-SKU state for this replication; schedules the first periodic reviews.
  void reset();
  void handle(const sim::Event& event);

  /// Whether the running policy's rule for `sku` reads its demand history (set at reset()).
  bool observes_demand(std::size_t sku) const override { return skus_[sku].keeps_history; }
  /// `units` of `sku` were demanded now (feeds forecasts).
  void observe_demand(std::size_t sku, std::int64_t units) override {
    if (skus_[sku].keeps_history) record_demand(sku, units);
  }
  /// A new day: daily rules decide, adaptive kanbans re-estimate mu.
  void on_day_start();

  /// Whether any rule of the running policy needs the day clock.
  bool needs_day_clock() const;

  /// Current target S of `sku` (for reports and tests).
  double target(std::size_t sku) const { return skus_[sku].target; }

 private:
  /// Units demanded per day over the last `capacity` complete days, plus today's so far.
  struct DemandHistory {
    std::vector<double> days;  // circular
    std::size_t filled = 0;    // complete days recorded (<= days.size())
    std::size_t next = 0;      // slot of the next complete day
    long long today = 0;
    double today_units = 0;
    double smoothed = 0;  // exponential smoothing of daily demand
    void reset(std::size_t capacity, long long first_day, double initial_level);
    void roll_to(long long day, double alpha);
    // Mean and sample variance of the last `window` complete days (fewer if not recorded yet).
    bool stats(std::size_t window, double& mean, double& variance) const;
  };
  struct SkuControl {
    double target = 0;
    bool keeps_history = false;  // forecasts or an adaptive kanban read the demand history
    DemandHistory history;
  };

  // The running policy's rules, cached at reset(): World::rule() is a chain of five loads.
  const ReplenishmentRule& rule_of(std::size_t sku) const { return rules_[sku]; }
  void set_target(std::size_t sku, double target);
  void review(std::size_t sku);
  void decide_and_order(std::size_t sku) {
    const auto ip = static_cast<double>(w_.links.on_order->inventory_position(sku));
    if (order_due(rule_of(sku), ip, skus_[sku].target)) place_orders(sku, ip);
  }
  // A continuous rule's position fell below its threshold (orders_below_, order_below()).
  void reorder(std::size_t sku, std::int64_t inventory_position) override {
    place_orders(sku, static_cast<double>(inventory_position));
  }
  void place_orders(std::size_t sku, double inventory_position);
  void record_demand(std::size_t sku, std::int64_t units);
  void refresh_forecast_target(std::size_t sku);
  double forecast(std::size_t sku, double& var_d);

  World& w_;
  std::vector<SkuControl> skus_;
  const ReplenishmentRule* rules_ = nullptr;
};

}  // namespace jitsim::models
