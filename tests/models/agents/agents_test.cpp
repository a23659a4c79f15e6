// File: tests/models/agents/agents_test.cpp
// Each agent driven alone: a World begun as Simulation::run begins it, hand-made collaborators
// behind the agent links (agent_links.h), and hand-made events, orders and consignments.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "model_test_support.h"
#include "models/agents/carrier_agent.h"
#include "models/agents/customer_agent.h"
#include "models/agents/replenishment_agent.h"
#include "models/agents/supplier_agent.h"
#include "models/agents/warehouse_agent.h"

using namespace jitsim::testing;
namespace m = jitsim::models;

namespace {

// Records every position it is told of (its threshold makes every change "due").
class RecordingWatcher final : public m::PositionWatcher {
 public:
  explicit RecordingWatcher(std::size_t skus) {
    orders_below_.assign(skus, std::numeric_limits<std::int64_t>::max());
  }
  std::vector<std::pair<double, std::int64_t>> seen;  // (time, position)
  const m::World* world = nullptr;

 private:
  void reorder(std::size_t, std::int64_t ip) override {
    seen.emplace_back(world->kernel.now(), ip);
  }
};

class RecordingDesks final : public m::CustomerOrderDesk,
                             public m::DemandObserver,
                             public m::OnOrderBook,
                             public m::PurchaseOrderDesk,
                             public m::ConsignmentDesk {
 public:
  explicit RecordingDesks(const m::World& w) : w_(w) {}
  std::vector<std::pair<double, std::int64_t>> customer_orders;  // (time, quantity)
  std::int64_t observed = 0;
  std::int64_t position = 0;  // what the book reports as IP
  std::int64_t added_on_order = 0;
  std::vector<std::uint32_t> placed;                          // purchase order indexes
  std::vector<std::pair<double, std::uint32_t>> handed_over;  // (time, consignment)

  bool receive_customer_order(std::size_t, std::int64_t q) override {
    customer_orders.emplace_back(w_.kernel.now(), q);
    return true;
  }
  bool observes_demand(std::size_t) const override { return true; }
  void observe_demand(std::size_t, std::int64_t units) override { observed += units; }
  void add_on_order(std::size_t, std::int64_t q) override {
    added_on_order += q;
    position += q;
  }
  std::int64_t inventory_position(std::size_t) const override { return position; }
  std::int64_t net_inventory(std::size_t) const override { return position; }
  void place(std::uint32_t po) override { placed.push_back(po); }
  void hand_over(std::uint32_t c) override { handed_over.emplace_back(w_.kernel.now(), c); }

 private:
  const m::World& w_;
};

// One scenario, one World, begun at replication 0 of policy 0.
struct Stage {
  explicit Stage(const Chain& c) : scenario(c.load()), setup(scenario), world(setup) {
    world.begin(0, 0);
  }
  m::Scenario scenario;
  m::ModelSetup setup;
  m::World world;
};

}  // namespace

TEST_SUITE("agents alone") {
  TEST_CASE("warehouse: orders take stock, the rest waits; a receipt serves the backlog FIFO") {
    Chain c;
    c.scenario = "horizon_days = 20\nseed = 1";
    c.policies = "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10";  // 10 on hand
    Stage st(c);
    m::World& w = st.world;
    RecordingWatcher watcher(1);
    watcher.world = &w;
    w.links.positions = &watcher;
    m::WarehouseAgent wh(w);
    RecordingTrace trace;
    wh.reset();
    w.trace.attach(&trace, &wh);
    REQUIRE(wh.on_hand(0) == 10);

    wh.receive_customer_order(0, 4);  // served at once
    wh.receive_customer_order(0, 8);  // 6 served, 2 wait
    CHECK(wh.on_hand(0) == 0);
    CHECK(wh.backlog(0) == 2);
    wh.add_on_order(0, 5);
    CHECK(wh.inventory_position(0) == 3);
    // A hand-made consignment of the 5 units reaches the dock at day 2.
    const std::uint32_t po = w.purchase_orders.acquire({1, 0, 5, 5, 0.0});
    const std::uint32_t con = w.consignments.acquire({po, 0, 0, 5, 0.0, 1, 2.0, 1.0, false});
    w.schedule_at(2, m::AgentId::warehouse, m::EventKind::arrival, con, m::priority::goods);
    w.kernel.run_until(20, [&](const jitsim::sim::Event& e) { wh.handle(e); });

    CHECK(wh.backlog(0) == 0);
    CHECK(wh.on_hand(0) == 3);
    CHECK(wh.on_order(0) == 0);
    CHECK(wh.check_invariants().empty());
    // The buyer heard every change of the position made by the warehouse, in order (units
    // put on order are the buyer's own doing).
    const std::vector<std::pair<double, std::int64_t>> expected{{0.0, 6}, {0.0, -2}, {2.0, 3}};
    CHECK(watcher.seen == expected);
    // The receipt row shows the stock after it: backlog served first, the rest on the shelf.
    const auto receipts = trace.of("receipt");
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].on_hand == 3);
    CHECK(receipts[0].backlog == 0);
    CHECK(trace.of("customer_shipped").size() == 2);
    m::WarehouseLedger wl;
    wh.finish(wl);
    CHECK(w.ledgers[0].units_demanded == 12);
    CHECK(w.ledgers[0].units_from_stock == 10);
    CHECK(w.ledgers[0].backordered_units == 2);
  }

  TEST_CASE("buyer: continuous review orders S - IP; a periodic review orders at its days") {
    Chain c;
    c.scenario = "horizon_days = 30\nseed = 1";
    c.policies =
        "[[policies]]\nname = \"bs\"\nkind = \"base_stock\"\nlevel = 10\n"
        "[[policies]]\nname = \"rs\"\nkind = \"periodic\"\nreview_period_days = 7\n"
        "order_up_to = 20";
    Stage st(c);
    m::World& w = st.world;
    RecordingDesks desks(w);
    w.links.on_order = &desks;
    w.links.supply = &desks;
    SUBCASE("base stock") {
      m::ReplenishmentAgent buyer(w);
      buyer.reset();
      desks.position = 7;
      buyer.position_changed(0, 7);
      REQUIRE(desks.placed.size() == 1);
      CHECK(w.purchase_orders[desks.placed[0]].quantity == 3);
      CHECK(desks.added_on_order == 3);
      buyer.position_changed(0, 10);  // at the target: nothing
      CHECK(desks.placed.size() == 1);
      CHECK(w.ledgers[0].orders_placed == 1);
    }
    SUBCASE("periodic (R = 7): reviews at days 0, 7, 14, 21, 28 against the book's IP") {
      w.begin(1, 0);
      m::ReplenishmentAgent buyer(w);
      buyer.reset();
      desks.position = 20;
      std::vector<double> review_days;
      w.kernel.run_until(30, [&](const jitsim::sim::Event& e) {
        desks.position -= 5;  // the book's IP falls 5 before each review
        const std::size_t before = desks.placed.size();
        buyer.handle(e);
        if (desks.placed.size() > before) review_days.push_back(w.kernel.now());
      });
      CHECK(review_days == std::vector<double>{0, 7, 14, 21, 28});
      for (const std::uint32_t po : desks.placed) CHECK(w.purchase_orders[po].quantity == 5);
      buyer.position_changed(0, 0);  // continuous changes do not order a periodic rule
      CHECK(desks.placed.size() == 5);
    }
  }

  TEST_CASE("customers: a replayed trace places one order per day at day + 0.5") {
    Chain c;
    c.scenario = "horizon_days = 5\nseed = 1";
    c.sku = "unit_cost = 10\nprice = 20\n" + trace_demand({3, 0, 2, 7, 1});
    Stage st(c);
    m::World& w = st.world;
    RecordingDesks desks(w);
    w.links.fulfilment = &desks;
    w.links.demand = &desks;
    m::CustomerAgent customers(w);
    customers.reset();
    w.kernel.run_until(5, [&](const jitsim::sim::Event& e) { customers.handle(e); });
    const std::vector<std::pair<double, std::int64_t>> expected{
        {0.5, 3}, {2.5, 2}, {3.5, 7}, {4.5, 1}};
    CHECK(desks.customer_orders == expected);
    CHECK(desks.observed == 13);
  }

  TEST_CASE("supplier hands goods over after the lead time; carrier lands them after transit") {
    Chain c;
    c.scenario = "horizon_days = 30\nseed = 1";
    c.supplier = "lead_time_days = 4";
    c.carrier = "transit_days = 3";
    Stage st(c);
    m::World& w = st.world;
    RecordingDesks desks(w);
    w.links.transport = &desks;
    m::SupplierAgent supplier(w);
    supplier.reset();
    const std::uint32_t po = w.purchase_orders.acquire({1, 0, 12, 12, 0.0});
    w.kernel.run_until(1, [&](const jitsim::sim::Event& e) { supplier.handle(e); });
    supplier.place(po);  // at day 1
    w.kernel.run_until(30, [&](const jitsim::sim::Event& e) { supplier.handle(e); });
    REQUIRE(desks.handed_over.size() == 1);
    CHECK(desks.handed_over[0].first == 5);
    const std::uint32_t con = desks.handed_over[0].second;
    CHECK(w.consignments[con].quantity == 12);

    // The carrier ships it (a new world clock at day 5) and schedules its arrival.
    w.kernel.reset(5);
    m::CarrierAgent carrier(w);
    carrier.reset();
    carrier.hand_over(con);
    std::vector<std::pair<double, std::uint32_t>> arrivals;
    w.kernel.run_until(30, [&](const jitsim::sim::Event& e) {
      if (static_cast<m::AgentId>(e.target) == m::AgentId::warehouse &&
          static_cast<m::EventKind>(e.kind) == m::EventKind::arrival) {
        arrivals.emplace_back(w.kernel.now(), static_cast<std::uint32_t>(e.payload));
      }
    });
    REQUIRE(arrivals.size() == 1);
    CHECK(arrivals[0].first == 8);
    CHECK(w.consignments[arrivals[0].second].quantity == 12);
  }
}
