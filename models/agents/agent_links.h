// File: models/agents/agent_links.h
// The narrow interfaces through which the agents of a replication talk to each other. An agent
// knows the others only through these, so a test can drive one agent alone with hand-made
// collaborators (tests/models/agents/agents_test.cpp). Goods that travel in time go through the
// kernel's events instead (a carrier's arrival at the warehouse).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace jitsim::models {

/// Where customer orders go (the warehouse).
class CustomerOrderDesk {
 public:
  virtual ~CustomerOrderDesk() = default;
  /// A customer order of `quantity` units of `item` arrives now. Returns whether it was
  /// filled complete from stock at arrival (what churn reads).
  virtual bool receive_customer_order(std::size_t item, std::int64_t quantity) = 0;
};

/// Who learns of customer demand as it arrives (the buyer, for forecasts).
class DemandObserver {
 public:
  virtual ~DemandObserver() = default;
  /// Whether `item`'s demand is read at all (asked once per replication, after reset).
  virtual bool observes_demand(std::size_t item) const = 0;
  virtual void observe_demand(std::size_t item, std::int64_t units) = 0;
};

/// Who is told of every change of a SKU's inventory position (the buyer, continuous review).
/// The frequent "no order due" case is decided inline against the thresholds the watcher
/// publishes; only a due order makes the (virtual) call.
class PositionWatcher {
 public:
  virtual ~PositionWatcher() = default;
  void position_changed(std::size_t item, std::int64_t inventory_position) {
    if (inventory_position < orders_below_[item]) reorder(item, inventory_position);
  }

 protected:
  /// Per SKU: an order is due when the position falls below this (the least integer: never).
  std::vector<std::int64_t> orders_below_;
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
  virtual void reorder(std::size_t item, std::int64_t inventory_position) = 0;
};

/// The stock-keeping side of a purchase order (the warehouse): units now on order.
class OnOrderBook {
 public:
  virtual ~OnOrderBook() = default;
  virtual void add_on_order(std::size_t item, std::int64_t quantity) = 0;
  /// IP = on hand + on order - backlog, for periodic reviews.
  virtual std::int64_t inventory_position(std::size_t item) const = 0;
  /// On hand - backlog (everything owed), for the expedited position.
  virtual std::int64_t net_inventory(std::size_t item) const = 0;
};

/// Where downstream sites' orders on an upstream item-location go (the warehouse): `po`
/// indexes World::purchase_orders. A to_stock kit's assembly orders (no lane) come here too.
class TransferDesk {
 public:
  virtual ~TransferDesk() = default;
  virtual void receive_transfer_order(std::uint32_t po) = 0;
};

/// Where purchase orders go (the suppliers): `po` indexes World::purchase_orders.
class PurchaseOrderDesk {
 public:
  virtual ~PurchaseOrderDesk() = default;
  virtual void place(std::uint32_t po) = 0;
};

/// Where produced goods are handed over for shipping (the carriers): `consignment` indexes
/// World::consignments.
class ConsignmentDesk {
 public:
  virtual ~ConsignmentDesk() = default;
  virtual void hand_over(std::uint32_t consignment) = 0;
};

/// The links of one replication's agents (set by the Simulation, or by a test).
struct AgentLinks {
  CustomerOrderDesk* fulfilment = nullptr;  // customers -> warehouse
  DemandObserver* demand = nullptr;         // customers -> buyer
  PositionWatcher* positions = nullptr;     // warehouse -> buyer
  OnOrderBook* on_order = nullptr;          // buyer -> warehouse
  PurchaseOrderDesk* supply = nullptr;      // buyer -> suppliers
  ConsignmentDesk* transport = nullptr;     // suppliers, sites -> carriers
  TransferDesk* transfers = nullptr;        // buyer -> upstream site
};

}  // namespace jitsim::models
