// -----------------------------------------------------------------------------
// File: models/agents/warehouse_agent.h
// -----------------------------------------------------------------------------
// The sites of the network: 3PL fulfilment centres, distribution centres, stores. Per
// item-location (a SKU at a site) it keeps on-hand stock (FIFO lots when the SKU expires), the
// orders still owed units (customers' and downstream sites' transfer orders, FIFO or by
// priority) and the units on order. It fills each order from stock at arrival, backorders /
// loses / holds the rest of a customer's (a transfer always waits), picks orders through each
// site's `pickers` servers and ships them (transfers through the lane's carrier), receives
// consignments (receiving capacity, dock-to-stock, defect inspection) and after every change of
// inventory position asks the replenishment agent whether to order. It also keeps the measured
// ledgers: counts and time integrals.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/agents/world.h"
#include "sim/distribution.h"
#include "sim/random.h"
#include "sim/statistics.h"

namespace jitsim::models {

class WarehouseAgent final : public StockSource,
                             public CustomerOrderDesk,
                             public OnOrderBook,
                             public TransferDesk {
 public:
  explicit WarehouseAgent(World& world) : w_(world) {}

  /// Places initial stock at the start of the warm-up and clears everything else.
  void reset();
  void handle(const sim::Event& event);

  /// A customer order of `quantity` units of `item` arrives now; true if filled complete.
  bool receive_customer_order(std::size_t item, std::int64_t quantity) override;
  /// `quantity` more units of `item` are on order (a purchase order was placed).
  void add_on_order(std::size_t item, std::int64_t quantity) override;
  /// A downstream site's order `po` on its upstream item-location arrives now.
  void receive_transfer_order(std::uint32_t po) override;

  std::int64_t on_hand(std::size_t item) const { return items_[item].on_hand; }
  std::int64_t backlog(std::size_t item) const { return items_[item].backlog; }
  std::int64_t on_order(std::size_t item) const { return items_[item].on_order; }
  /// Units owed to downstream sites' transfer orders.
  std::int64_t transfers_owed(std::size_t item) const { return items_[item].internal_owed; }
  /// IP = on hand + on order - backlog (customers' and downstream sites' orders owed).
  std::int64_t inventory_position(std::size_t item) const override {
    const ItemStock& s = items_[item];
    return s.on_hand + s.on_order - s.backlog - s.internal_owed;
  }
  /// On hand - everything owed (the expedited position adds only the near part of on order).
  std::int64_t net_inventory(std::size_t item) const override {
    const ItemStock& s = items_[item];
    return s.on_hand - s.backlog - s.internal_owed;
  }

  /// Day 0: restart the time integrals so that only [0, horizon) is measured.
  void start_measuring();
  /// At the horizon: fills the time integrals and money of every ledger, and the warehouse's
  /// (pooled over sites) in `out` and each site's in `per_site` (when not null).
  void finish(WarehouseLedger& out, std::vector<WarehouseLedger>* per_site = nullptr);

  /// Pooled stock now and measured totals so far (for daily time series).
  struct DayState {
    double on_hand = 0, backlog = 0, on_order = 0;
    double units_demanded = 0, units_from_stock = 0, total_cost = 0;  // since day 0
    double working_capital = 0;                                       // now
  };
  /// A 30-day block of 3PL billing ends now: each site's monthly_minimum shortfall is billed.
  void close_fee_block();
  DayState day_state() const;

  /// Returns a description of the first broken conservation identity, or an empty string.
  std::string check_invariants() const;

  /// The item-location's stock, for the trace rows of every agent.
  StockLevels stock_levels(std::uint32_t item) const override {
    const ItemStock& s = items_[item];
    return {s.on_hand, s.backlog, s.on_order};
  }

 private:
  struct Lot {
    std::int64_t quantity = 0;
    double expires_at = 0;
  };
  // What happened to customer demand, counted per order without asking whether the period is
  // measured: integer counts are exact, so the measured ledger is their difference.
  struct CustomerCounts {
    std::int64_t orders = 0, full_orders = 0;  // orders; those served completely at arrival
    std::int64_t instant = 0;                  // orders shipped the moment they arrived
    std::int64_t demanded = 0, from_stock = 0, backordered = 0, lost = 0, shipped = 0;  // units
    std::int64_t internal_demanded = 0, internal_from_stock = 0;  // transfer orders' units
    std::int64_t to_kits = 0;        // of `shipped`: components that went into on_order kits
    std::int64_t picked_orders = 0;  // shipped, other than `instant` ones
    std::int64_t transfer_orders = 0, transfer_units = 0;  // shipped to downstream sites
  };
  struct ItemStock {
    std::int64_t on_hand = 0;
    std::int64_t backlog = 0;        // owed to customers
    std::int64_t internal_owed = 0;  // owed to downstream sites' transfer orders
    std::int64_t on_order = 0;
    // The site's settings the per-order path reads, copied here at reset() (cache-hot).
    std::uint32_t site = 0;
    bool instant_pick = true;  // no pickers: an order ships the moment it is filled...
    bool fast_ship = true;     // ...and the site has no outage in this replication
    bool storage_limited = false;
    UnmetDemand unmet = UnmetDemand::backorder;
    bool by_priority = false;  // the site allocates by requester priority
    bool perishable = false;
    bool expiry_pending = false;   // an expiry event is scheduled for the oldest lot
    bool kit_on_order = false;     // an on_order kit: its customer orders take components
    bool outbound = false;         // an outbound carrier delivers its customer orders
    std::uint32_t kit = kNoIndex;  // a kit: index into kits_
    Ring<Lot> lots;                // perishable SKUs only, oldest first
    Ring<CustomerOrder> waiting;   // customer orders still owed units, oldest first
    sim::Engine defects;
    sim::TimeIntegral on_hand_days, backlog_days, on_order_days, stockout_days;
    std::int64_t units_per_pallet = 0;  // pallet storage fees only (0: none)
    sim::TimeIntegral pallet_days;
    bool cycle_open = false;  // a receipt has opened a replenishment cycle
    bool cycle_lost = false;  // a unit was lost during the open cycle
    // Lifetime totals (measured or not) for the conservation identities.
    std::int64_t initial = 0, accepted = 0, allocated = 0, spoiled = 0;
    std::int64_t ordered = 0, arrived = 0, lost_in_transit = 0;
    std::int64_t consumed = 0;          // a component: units that went into kits (any kind)
    CustomerCounts customers;           // lifetime too; the ledger takes their growth since...
    CustomerCounts customers_at_start;  // ...start_measuring() (see close_ledger)
  };

  void set_on_hand(std::size_t item, std::int64_t value);
  void set_backlog(std::size_t item, std::int64_t value);
  void set_on_order(std::size_t item, std::int64_t value);
  std::int64_t take_from_stock(std::size_t item, std::int64_t wanted);
  void put_away(std::size_t item, std::int64_t units);
  void schedule_expiry(std::size_t item);
  void lose(std::size_t item, std::int64_t units);
  void inventory_changed(std::size_t item);
  void send_to_picking(const CustomerOrder& order);
  void enqueue_waiting(ItemStock& s, const CustomerOrder& order);
  void ship_transfer(const CustomerOrder& order);
  void start_pick(std::uint32_t order);  // an index into World::customer_orders
  void complete(const CustomerOrder& order);
  void ship(const CustomerOrder& order, double now, std::int64_t& shipped, double& wait_sum);

  // Kits (warehouse_kits.cpp): customer orders of on_order kits and assembly orders of
  // to_stock kits reserve components FIFO, then go through the site's assembly.
  // The inlined per-order helpers, out of line for warehouse_kits.cpp.
  std::int64_t take_for_kit(std::size_t item, std::int64_t wanted);
  void position_changed_at(std::size_t item);
  void pick_order(const CustomerOrder& order);
  void reset_kits();
  void receive_kit_order(std::size_t item, std::int64_t quantity, std::uint64_t id,
                         double pick_time);
  void receive_assembly_order(std::uint32_t po);
  bool reserve(std::uint32_t component, std::int64_t units, std::uint32_t kit_order, bool internal);
  void consume(std::uint32_t component, std::int64_t units, bool for_customer);
  void component_ready(std::uint32_t kit_order);
  void finish_kit_order(std::uint32_t kit_order);
  double assembly_done(std::size_t kit_item, std::int64_t units);
  void on_assembled(std::uint32_t order);
  std::string check_kit_invariants() const;

  // Outbound delivery (warehouse_outbound.cpp): the carrier to the customer's door.
  void reset_outbound();
  /// Customer order `id` of `item`, `asked` units arrived at `arrived_at`, ships `units` now
  /// (`instant`: at arrival, counted in CustomerCounts::instant).
  void deliver(std::size_t item, std::uint64_t id, std::int64_t asked, std::int64_t units,
               double arrived_at, bool instant);
  void close_outbound(std::size_t item, SkuLedger& l) const;

  void settle_purchase_order(std::uint32_t po, std::int64_t units);
  void on_arrival(std::uint32_t consignment);
  void on_sellable(std::uint32_t consignment);
  void on_pick_done(std::uint32_t order);
  void on_patience_expired(std::size_t item);
  void on_expiry(std::size_t item);
  void record_day(std::uint32_t site, double t, std::int64_t demanded, std::int64_t served);
  double time_to_recover(const DailyFill& fill) const;
  // Fills the time integrals and money of ledger `l` of item-location `item` as at time t.
  void close_ledger(std::size_t item, double t, SkuLedger& l) const;

  /// One site's receiving, picking and storage.
  struct SiteState {
    const Warehouse* config = nullptr;
    std::int64_t total_on_hand = 0;  // kept only with a storage capacity
    sim::TimeIntegral overflow_units_days;
    double dock_free_at = 0;  // receiving: when the dock has worked off what it holds
    sim::Engine dock_engine, pick_engine;
    sim::Sampler dock_to_stock, pick_time;
    std::int64_t busy_pickers = 0;
    Ring<std::uint32_t> pick_queue;
    bool may_close = false;  // a site_outage stops it at some time in this replication
    // Customer waits of orders completed since start_measuring(), except those shipped at
    // once (wait 0, counted per item-location in CustomerCounts::instant)...
    std::vector<double> waits;
    // ...and their sum, added up as they come (the order of a sum over waits: the same bits),
    // where the additions overlap other work instead of forming one chain at the end.
    double wait_sum = 0;
    DailyFill daily_fill;         // this site's customers (networks only)
    double assembly_free_at = 0;  // kits: when assembly has worked off what it holds
    // 3PL billing blocks (monthly_minimum > 0 only): the open block and the shortfalls so far.
    double block_start = 0, fees_at_block_start = 0, minimum_shortfall = 0;
  };
  /// The activity fees of every site's item-locations measured up to `t`, into site_fees_.
  void sum_site_fees(double t);
  void count_instant_orders();  // fills instant_per_site_

  /// A kit item-location's assembly draws and its count of kit units given all components.
  struct KitState {
    std::uint32_t item = 0;
    sim::Engine engine;
    sim::Sampler assembly_days;
    std::int64_t made = 0;           // lifetime: kit units whose components were all consumed
    std::int64_t made_at_start = 0;  // at start_measuring()
  };
  /// A kit order waiting for components: a customer order of an on_order kit (po kNoIndex;
  /// it waits in the kit's `waiting` too) or a to_stock kit's assembly order.
  struct KitOrder {
    std::uint32_t kit = 0;      // item-location
    std::uint32_t missing = 0;  // component lines still short
    std::int64_t units = 0;     // kit units waiting for components
    std::uint32_t po = kNoIndex;
    std::uint64_t id = 0;  // the customer order's id (on_order)
  };
  /// A component's waiting entry for a kit order: `po` holds this marker, `id` the KitOrder.
  static constexpr std::uint32_t kKitEntry = kNoIndex - 1;
  /// An item-location's outbound settings and what its deliveries add up to (measured: costs
  /// of shipments in the period, the rest for orders that arrived in it).
  struct ItemOutbound {
    sim::Sampler delivery;
    std::uint64_t key = 0;  // the stream's Philox key; order id added: one draw per order
    double per_order = 0, per_unit = 0;
    bool promised = false;
    double promise = 0;
    double delivered = 0, delivery_sum = 0, on_time = 0, cost = 0;
  };
  std::vector<ItemOutbound> outbound_;  // by item-location
  std::vector<KitState> kits_;
  Pool<KitOrder> kit_orders_;
  double p95_wait(const std::vector<double>& waits, std::size_t instant);

  World& w_;
  std::vector<ItemStock> items_;
  std::vector<SiteState> sites_;
  std::vector<double> pooled_waits_;           // every site's waits (finish() of a network)
  std::vector<double> site_fees_;              // by site: sum_site_fees()
  std::vector<double> site_peaks_;             // by site: peak working capital (finish())
  std::vector<double> select_scratch_;         // working memory of the p95 wait's selection
  std::vector<std::size_t> instant_per_site_;  // finish(): measured instant orders by site
  // Pooled units demanded and served from stock per day of the run (for time to recover).
  DailyFill daily_fill_;
};

}  // namespace jitsim::models
