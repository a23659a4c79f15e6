// -----------------------------------------------------------------------------
// File: models/agents/simulation.h
// -----------------------------------------------------------------------------
// One replication of one policy, start to finish. A Simulation owns a kernel and one of each
// agent; it is reused for many replications (one per thread), so that after the first run
// nothing is allocated per event.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "models/agents/carrier_agent.h"
#include "models/agents/customer_agent.h"
#include "models/agents/replenishment_agent.h"
#include "models/agents/supplier_agent.h"
#include "models/agents/warehouse_agent.h"
#include "models/agents/world.h"
#include "models/model/metrics.h"

namespace jitsim::models {

/// Thrown by a run with invariant checks on, at the first broken identity.
class InvariantViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One measured day, pooled over SKUs: stock at its end, fill rate and cost within it, and the
/// working capital at its end (cash tied up: scenarios/README.md "Fees and working capital").
struct DayValues {
  double on_hand = 0, backlog = 0, on_order = 0, fill_rate = 0, cost = 0, working_capital = 0;
};
inline constexpr std::array<std::string_view, 6> kDayValueNames{
    "on_hand", "backlog", "on_order", "fill_rate", "cost", "working_capital"};

/// One site's metrics (the metrics of the run, at that site) and its service to downstream
/// sites' transfer orders.
struct SiteValues {
  MetricValues metrics{};
  double internal_fill_rate = 0;  // transfer units served from stock at arrival / demanded
};

/// What travelled on one lane (per_lane.csv), in kLaneValueNames order.
using LaneValues = std::array<double, 5>;
inline constexpr std::array<std::string_view, 5> kLaneValueNames{
    "orders_placed", "units_ordered", "units_received", "transport_cost", "lost_in_transit_units"};

struct ReplicationOptions {
  bool check_invariants = false;  // verify conservation of units after every event
  bool per_sku = false;           // also return every item-location's metrics
  bool per_site = false;          // also return every site's and lane's values
  bool timeseries = false;        // also return one DayValues per measured day
  TraceSink* trace = nullptr;     // receives every step (jitsim trace)
  /// When set, the run also returns first_short_at and backordered_units (jitsim stress).
  const StockoutWatch* watch = nullptr;
  /// When set (by another thread), the replication stops within a few thousand events and
  /// returns with `interrupted` true and nothing else meaningful.
  const std::atomic<bool>* cancel = nullptr;
  /// When set, called every few thousand events with the share of the replication's simulated
  /// time (warm-up included) done so far, in [0, 1).
  const std::function<void(double)>* progress = nullptr;
};

struct ReplicationResult {
  MetricValues metrics{};
  std::vector<MetricValues> per_sku;  // when asked for: by item-location
  std::vector<SiteValues> per_site;   // when asked for: by site
  std::vector<LaneValues> per_lane;   // with per_site: by lane
  std::vector<DayValues> days;        // when asked for: days 0 .. horizon - 1
  // With ReplicationOptions::watch: the time of the first watched short order (NaN: none
  // before the horizon) and the units backordered over the measured period.
  double first_short_at = 0;
  double backordered_units = 0;
  std::uint64_t events = 0;
  bool interrupted = false;  // stopped by ReplicationOptions::cancel: drop this result
};

class Simulation {
 public:
  explicit Simulation(const ModelSetup& setup);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs replication `replication` of policy `policy` (index into the scenario's policies).
  ReplicationResult run(std::size_t policy, std::uint64_t replication,
                        const ReplicationOptions& options = {});

 private:
  void dispatch(const sim::Event& e);
  // Out of line: the clock's rare events keep the dispatch of every event a bare jump.
  [[gnu::noinline]] void on_clock(EventKind kind);
  void record_day();

  std::vector<DayValues>* days_ = nullptr;  // where record_day() writes, when recording
  WarehouseAgent::DayState last_day_;
  World world_;
  CustomerAgent customers_;
  WarehouseAgent warehouse_;
  SupplierAgent suppliers_;
  CarrierAgent carriers_;
  ReplenishmentAgent replenishment_;
  bool day_clock_ = false;
};

}  // namespace jitsim::models
