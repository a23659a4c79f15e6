// -----------------------------------------------------------------------------
// File: models/model/shocks.h
// -----------------------------------------------------------------------------
// Shocks of one replication. Every occurrence and duration is drawn when the replication
// starts, from streams keyed by (seed, replication, shock id), so every policy faces the same
// shocks; the simulation then only asks "what is in force at time t" (scenarios/README.md
// "Shocks").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/model/scenario.h"

namespace jitsim::models {

/// One occurrence of a shock, [start, end) in days. Overlapping occurrences of the same shock
/// are merged into one window.
struct ShockWindow {
  double start = 0;
  double end = 0;
  std::size_t shock = 0;  // index into Scenario::shocks
};

class ShockTimeline {
 public:
  /// Builds the index of which shock touches which supplier, carrier and SKU.
  explicit ShockTimeline(const Scenario& scenario);

  /// Draws every shock's windows over [run_start, run_end) for one replication.
  void draw(std::uint64_t seed, std::uint64_t replication, double run_start, double run_end);

  /// Every window of this replication, ordered by start (ties by shock order).
  const std::vector<ShockWindow>& windows() const { return all_; }
  bool empty() const { return all_.empty(); }

  /// Demand multiplier m(t) of `sku` (product over active demand spikes).
  double demand_multiplier(std::size_t sku, double t) const;
  /// An upper bound of demand_multiplier over the whole run (for thinning).
  double max_demand_multiplier(std::size_t sku) const;

  /// Whether `supplier` is shut down at t, and if so when the shutdown ends.
  bool supplier_shut(std::size_t supplier, double t, double* ends = nullptr) const;
  /// First time >= t at which `supplier` is not shut down.
  double supplier_open_at(std::size_t supplier, double t) const;
  /// Capacity factor of `supplier` at t: capacity cuts times the post-shutdown recovery ramp
  /// (0 while shut).
  double supplier_capacity_factor(std::size_t supplier, double t) const;
  /// Defect rate of goods `supplier` hands over at t (a quality failure overrides `base`).
  double defect_rate(std::size_t supplier, double t, double base) const;

  /// Capacity factor of `carrier` at t (capacity cuts).
  double carrier_capacity_factor(std::size_t carrier, double t) const;
  /// Loss probability of a shipment departing at t on `carrier` (shipment_loss overrides).
  double loss_probability(std::size_t carrier, double t, double base) const;
  /// Whether loss_probability(carrier, t, base) can exceed 0 at any t in any replication.
  bool may_lose(std::size_t carrier, double base) const;
  /// Arrival time of a shipment departing at `depart` with nominal transit `transit`, after
  /// shipping delays (speed 1/delay_factor, extra_days) and port closures.
  double arrival_time(std::size_t carrier, double depart, double transit) const;

  /// Whether `carrier` is under a port closure at t.
  bool port_closed(std::size_t carrier, double t) const;

  /// Dock-to-stock factor and receiving-capacity factor of `site` at t (receiving slowdowns).
  double dock_to_stock_factor(std::size_t site, double t) const;
  double receiving_capacity_factor(std::size_t site, double t) const;
  /// When `site`'s dock that starts at `start` on `units` finishes, working at `capacity`
  /// units/day times the receiving-capacity factor in force (which may change, even to 0).
  double receiving_done(std::size_t site, double start, double units, double capacity) const;
  /// First time >= t at which `site` is not under a site outage (t itself when open).
  double site_open_at(std::size_t site, double t) const;
  /// Whether `site` has any outage window in this replication.
  bool site_may_close(std::size_t site) const;

  /// Ends of supplier shutdowns (when held orders can be released again).
  const std::vector<ShockWindow>& shutdowns() const { return shutdowns_; }

 private:
  struct Drawn {
    std::vector<ShockWindow> windows;  // merged, ordered
  };
  template <class F>
  void for_active(const std::vector<std::size_t>& shocks, double t, F&& f) const;

  const Scenario* scenario_;
  std::vector<Drawn> drawn_;  // by shock
  std::vector<ShockWindow> all_;
  std::vector<ShockWindow> shutdowns_;
  // Which shocks touch which entity (indices into scenario shocks), by kind of effect.
  std::vector<std::vector<std::size_t>> sku_spikes_;
  std::vector<std::vector<std::size_t>> supplier_shocks_;
  std::vector<std::vector<std::size_t>> carrier_shocks_;
  std::vector<std::vector<std::size_t>> site_shocks_;  // by site (one without [[sites]])
};

}  // namespace jitsim::models
