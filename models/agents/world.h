// -----------------------------------------------------------------------------
// File: models/agents/world.h
// -----------------------------------------------------------------------------
// What the agents of one replication share: the kernel, the compiled scenario (ModelSetup),
// the shock timeline, the records that travel between agents (purchase orders, consignments,
// customer orders) and the ledgers that metrics are computed from.
//
// Life of a purchase order: ReplenishmentAgent places it -> SupplierAgent releases it within
// capacity and hands it over after the lead time -> CarrierAgent ships it (grouped into
// shipments) -> WarehouseAgent receives it, rejects defects and makes the rest sellable.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "models/agents/agent_links.h"
#include "models/agents/cash_book.h"
#include "models/agents/pool.h"
#include "models/agents/trace.h"
#include "models/model/metrics.h"
#include "models/model/network.h"
#include "models/model/plan.h"
#include "models/model/scenario.h"
#include "models/model/shocks.h"
#include "sim/kernel.h"

namespace jitsim::models {

/// The scenario compiled for simulation: its network of item-locations and lanes, and per
/// item-location the plan and every policy's rule.
struct ModelSetup {
  explicit ModelSetup(const Scenario& scenario);
  const Sku& sku_of(std::size_t item) const { return scenario.skus[network.items[item].sku]; }

  const Scenario& scenario;
  Network network;
  std::vector<std::string> item_names;                // by item-location (models/model/network.h)
  std::vector<std::uint64_t> item_streams;            // the entity keying each one's streams
  std::vector<SkuPlan> plans;                         // by item-location
  std::vector<std::vector<ReplenishmentRule>> rules;  // [policy][item-location]
  double start_day = 0;                               // -warmup_days
  double horizon_days = 0;
};

/// What `jitsim stress` watches (its time to survive): the first customer order from time `from`
/// on, at an item-location whose `items` entry is non-zero (by item-location), that is not
/// served complete from stock.
struct StockoutWatch {
  double from = std::numeric_limits<double>::infinity();
  std::vector<char> items;
};

/// What travels on one lane over the measured period (per_lane.csv).
struct LaneLedger {
  double orders_placed = 0, units_ordered = 0, units_received = 0, transport_cost = 0,
         lost_in_transit_units = 0;
};

/// Who handles an event (sim::Event::target).
enum class AgentId : std::uint32_t { clock, customers, warehouse, suppliers, replenishment };

/// What an event means (sim::Event::kind); the payload is the index named in the comment.
enum class EventKind : std::uint16_t {
  measure_start,     // clock: day 0, start measuring
  snapshot,          // clock: a measured day ended (daily time series)
  day_start,         // clock: a new day (capacity buckets, daily signals)
  demand,            // customers: item-location
  trace_day,         // customers: item-location
  arrival,           // warehouse: consignment reaches the dock
  sellable,          // warehouse: consignment received and put away
  pick_done,         // warehouse: customer order (in World::customer_orders)
  patience_expired,  // warehouse: item-location whose oldest waiting order gives up
  expiry,            // warehouse: item-location whose oldest lot expires
  handover,          // suppliers: consignment ready for the carrier
  supplier_reopen,   // suppliers: supplier whose shutdown ended
  review,            // replenishment: item-location
  assembled,         // warehouse: an on_order kit's customer order (in World::customer_orders)
  fee_block,         // clock: a 30-day block of 3PL billing ended (monthly_minimum)
  log_day,           // customers: SKU with an order log, a new day of it
  log_order,         // customers: SKU with an order log, its next logged order
};

/// Order among events at the same instant: the day starts, goods land, then customers come.
namespace priority {
inline constexpr sim::Priority measure_start = 0;
inline constexpr sim::Priority snapshot = 1;
inline constexpr sim::Priority fee_block = 2;  // before anything else of the block's first day
inline constexpr sim::Priority day_start = 10;
inline constexpr sim::Priority expiry = 15;
inline constexpr sim::Priority goods = 20;  // arrivals, put-away, hand-overs, reopenings
inline constexpr sim::Priority review = 40;
inline constexpr sim::Priority demand = 50;
inline constexpr sim::Priority picking = 60;
inline constexpr sim::Priority patience = 70;
}  // namespace priority

struct PurchaseOrder {
  std::uint64_t id = 0;  // 1, 2, ... in placing order within a replication
  std::uint32_t item = 0;
  std::int64_t quantity = 0;
  std::int64_t outstanding = 0;  // units neither received nor lost yet
  double placed_at = 0;
  std::uint32_t lane = 0;             // index into Network::lanes
  std::uint32_t upstream = kNoIndex;  // a transfer: the item-location it is placed on
};

/// Units of one purchase order travelling together (a split at a carrier makes two).
struct Consignment {
  std::uint32_t po = 0;  // index into World::purchase_orders
  std::uint32_t item = 0;
  std::uint32_t lane = 0;  // the purchase order's lane
  std::int64_t quantity = 0;
  double defect_rate = 0;      // of the supplier when it handed the goods over
  std::uint64_t shipment = 0;  // id of the shipment it travels in
  double transit_days = 0;     // the shipment's nominal transit draw
  double loss_draw = 0;        // the shipment's uniform draw: lost if below the loss probability
  bool lost = false;           // lost in transit (discovered when it should have arrived)
};

/// A customer order, or a downstream site's transfer order (po set) waiting for stock.
struct CustomerOrder {
  std::uint64_t id = 0;  // 1, 2, ... in arrival order within a replication (0: a transfer)
  std::uint32_t item = 0;
  std::uint32_t po = kNoIndex;  // a transfer order: index into World::purchase_orders
  std::int64_t priority = 0;    // for "priority" allocation: customers 0, sites their own
  std::int64_t quantity = 0;
  std::int64_t allocated = 0;  // units set aside for it so far
  double arrived_at = 0;
  double pick_time = 0;  // drawn at arrival
  sim::EventId patience;
};

/// State shared by the agents of one replication.
struct World {
  explicit World(const ModelSetup& model)
      : setup(model), scenario(model.scenario), shocks(model.scenario) {}

  const ModelSetup& setup;
  const Scenario& scenario;
  std::size_t policy = 0;
  std::uint64_t replication = 0;
  sim::Kernel kernel;
  ShockTimeline shocks;
  Pool<PurchaseOrder> purchase_orders;
  Pool<Consignment> consignments;
  Pool<CustomerOrder> customer_orders;  // being picked (orders owed units wait by item-location)
  std::uint64_t next_purchase_order_id = 1;
  std::uint64_t next_customer_order_id = 1;
  std::uint64_t next_shipment_id = 1;
  std::vector<SkuLedger> ledgers;        // by item-location, measured period only
  std::vector<LaneLedger> lane_ledgers;  // by lane, measured period only
  bool measuring = false;                // now in [0, horizon)
  CashBook cash;                         // working capital (warehouse, carriers)
  Tracer trace;                          // writes to the sink of `jitsim trace`, if attached
  // The stockout watch (StockoutWatch): infinite `watch_from` when off, so that the one test
  // on a short order's path is all it costs.
  double watch_from = std::numeric_limits<double>::infinity();
  const std::vector<char>* watch_items = nullptr;
  double first_short_at = std::numeric_limits<double>::quiet_NaN();  // none seen yet

  AgentLinks links;  // how the agents reach each other (agent_links.h)

  /// Starts replication `replication_index` of policy `policy_index`: the clock at the start of
  /// the warm-up, no records, fresh ledgers, this replication's shocks, no trace. The agents
  /// are reset after this (Simulation::run, or a test driving one agent).
  void begin(std::size_t policy_index, std::uint64_t replication_index);

  /// A customer order at `item` short of stock at `now` (>= watch_from).
  void note_short(std::size_t item, double now) {
    if (std::isnan(first_short_at) && (*watch_items)[item] != 0) first_short_at = now;
  }

  const ReplenishmentRule& rule(std::size_t item) const { return setup.rules[policy][item]; }
  std::size_t item_count() const { return setup.network.items.size(); }
  /// The SKU stocked by item-location `item`: its index in the scenario, and its data.
  std::size_t sku_index(std::size_t item) const { return setup.network.items[item].sku; }
  const Sku& sku_of(std::size_t item) const { return scenario.skus[sku_index(item)]; }

  /// Schedules an event of the model; the handle is needed only to cancel it.
  sim::EventId schedule_at(double t, AgentId target, EventKind kind, std::uint64_t payload,
                           sim::Priority p) {
    return kernel.schedule_at(
        t, {static_cast<std::uint32_t>(target), static_cast<std::uint16_t>(kind), payload}, p);
  }
};

}  // namespace jitsim::models
