// -----------------------------------------------------------------------------
// File: models/agents/replenishment_agent.h
// -----------------------------------------------------------------------------
// The buyer: runs each item-location's ReplenishmentRule (models/model/policy.h) on the warehouse's
// inventory position (installation, or echelon: with every downstream position), at the moments
// the rule reviews (after every change, once a day, or on its review clock), keeps the demand
// history that forecasts and adaptive kanbans read, and places orders on the item-location's
// lanes as its site's sourcing says (first, backup, split): with a supplier, or on the upstream
// item-location for a transfer. The dual-index expediting rule tops up the expedited position
// on the expedite lane after every change.
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

  /// Per-item-location state for this replication; schedules the first periodic reviews.
  void reset();
  void handle(const sim::Event& event);

  /// Whether the running policy's rule for `item` reads its demand history (set at reset()).
  bool observes_demand(std::size_t item) const override { return items_[item].keeps_history; }
  /// `units` of `item` were demanded now (feeds forecasts).
  void observe_demand(std::size_t item, std::int64_t units) override {
    if (items_[item].keeps_history) record_demand(item, units);
  }
  /// A new day: daily rules decide, adaptive kanbans re-estimate mu.
  void on_day_start();

  /// Whether any rule of the running policy needs the day clock.
  bool needs_day_clock() const;

  /// Current target S of `item` (for reports and tests).
  double target(std::size_t item) const { return items_[item].target; }

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
    // Networks. With hooks, every change of position calls reorder(), which checks the rule's
    // own threshold (regular_below), the expediting rule and the echelon rules watching it.
    bool hooks = false;
    std::int64_t regular_below = kNever;
    std::vector<double> split_units;  // units ordered per source so far ("split")
    std::vector<std::pair<std::uint32_t, std::uint64_t>> open_orders;  // (pool index, id)
    std::vector<std::uint32_t> echelon;   // the item-locations whose positions it sums
    std::vector<std::uint32_t> watchers;  // continuous echelon rules that include it
  };

  // The running policy's rules, cached at reset(): World::rule() is a chain of five loads.
  const ReplenishmentRule& rule_of(std::size_t item) const { return rules_[item]; }
  void set_target(std::size_t item, double target);
  void review(std::size_t item);
  void decide_and_order(std::size_t item) {
    const double ip = position(item);
    if (order_due(rule_of(item), ip, items_[item].target)) place_orders(item, ip);
  }
  // A continuous rule's position fell below its threshold (orders_below_, order_below()), or
  // the item-location has hooks (networks: expediting, echelon rules).
  void reorder(std::size_t item, std::int64_t inventory_position) override {
    if (!items_[item].hooks) {
      place_orders(item, static_cast<double>(inventory_position));
    } else {
      on_position_hook(item, inventory_position);
    }
  }
  void on_position_hook(std::size_t item, std::int64_t inventory_position);
  /// The position the item-location's rule reads (installation or echelon).
  double position(std::size_t item) const;
  void place_orders(std::size_t item, double inventory_position);
  void order_units(std::size_t item, std::int64_t quantity);
  void split_order(std::size_t item, std::int64_t quantity);
  void place_on(std::size_t item, const Source& source, std::int64_t quantity);
  bool available(const Source& source) const;
  std::int64_t lane_terms(std::uint32_t lane, std::int64_t quantity) const;
  void expedite(std::size_t item);
  void set_up_network_hooks();
  void record_demand(std::size_t item, std::int64_t units);
  void refresh_forecast_target(std::size_t item);
  double forecast(std::size_t item, double& var_d);

  World& w_;
  std::vector<SkuControl> items_;
  const ReplenishmentRule* rules_ = nullptr;
  std::vector<double> split_scratch_;      // deficits of a split order's lanes
  std::vector<std::int64_t> split_parts_;  // units of a split order per lane
};

}  // namespace jitsim::models
