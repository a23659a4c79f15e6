// -----------------------------------------------------------------------------
// File: models/agents/customer_agent.h
// -----------------------------------------------------------------------------
// Customers of every SKU: a non-homogeneous Poisson stream of orders per SKU, with rate
// orders_per_day x weekly[weekday] x (1 + A cos(2 pi (t - peak) / 365)) x (1 + trend)^(t/365)
// x demand-spike factors, sampled exactly by thinning; or a replayed daily trace; or a replayed
// order log (each logged order at its time, days as logged or drawn by a weekday bootstrap).
// Churn ([customers]): each arrival is then kept with probability 1 - L(t), L the item-location's
// share of customers lost to stock-outs (one more uniform per arrival from a stream of its own,
// so the arrivals and sizes are those without churn and a policy that never runs out sees
// exactly the same orders).
#pragma once

#include <array>
#include <vector>

#include "models/agents/world.h"
#include "sim/batched_draws.h"
#include "sim/distribution.h"
#include "sim/guide_table.h"
#include "sim/random.h"

namespace jitsim::models {

class CustomerAgent {
 public:
  explicit CustomerAgent(World& world) : w_(world) {}

  /// Seeds the SKUs' demand streams for this replication and schedules their first orders.
  void reset();
  void handle(const sim::Event& event);

  /// Demand rate (orders per day) of SKU `sku` at time t, shocks included.
  double rate(std::size_t sku, double t) const;

 private:
  // One SKU's customers (events carry the SKU's index). Where they order: one item-location,
  // or, with demand_sites, one drawn per order by the sites' shares.
  struct ItemDemand {
    std::uint32_t item = 0;  // kNoIndex: drawn per order
    sim::Engine site_choice;
    sim::GuideTable sites;  // with demand_sites: the cumulative shares of `where`
    sim::Engine arrivals;
    sim::Engine sizes;
    sim::Sampler size;
    std::int64_t fixed_quantity = -1;  // a fixed order size, rounded once; -1: drawn per order
    double rate_bound = 0;             // >= rate(t) over the whole run
    bool thinning = false;             // false: the rate is constant and equal to rate_bound
    // Constant rate only: inter-arrival gaps, drawn a batch ahead (the same values).
    sim::BatchedExponential<> gaps;
    // The buyer's rule reads this SKU's demand history (copied at reset: skips a call and
    // three loads per order for rules that do not).
    bool observed = false;
    sim::Engine churn;  // with churn: one uniform per arrival
    // Order log: the orders [next, end) of the log day being replayed, on day `day`.
    std::uint32_t next = 0, end = 0;
    double day = 0;
  };
  // The share of an item-location's customers lost to churn, as of `since`; it decays as
  // exp(-(t - since) / churn_recovery_days).
  struct LostShare {
    double share = 0;
    double since = 0;
  };
  double lost_share(std::size_t item, double t) const;
  /// Churn: whether this arrival is turned away (then counted and traced here).
  bool turned_away(ItemDemand& s, std::size_t item, std::int64_t quantity);
  /// Churn: an order of `item` was not filled complete at arrival.
  void short_order(std::size_t item);
  void schedule_next(std::size_t item, double after);
  static std::int64_t whole_units(double size);
  void on_trace_day(std::size_t item);
  void on_log_day(std::size_t item);
  void schedule_log_order(std::size_t item);
  void on_log_order(std::size_t item);
  void place(std::size_t sku, std::int64_t quantity);

  World& w_;
  std::vector<ItemDemand> items_;
  bool churning_ = false;        // [customers] churn_per_short_order > 0
  std::vector<LostShare> lost_;  // by item-location, with churn only
  // Day bootstrap of order logs: one uniform per simulated day, shared by all its SKUs so that
  // a day's mix of SKUs survives (SKUs of one file replay the same log day).
  sim::Engine log_days_;
  long long drawn_day_ = 0;
  bool drawn_ = false;
  double drawn_u_ = 0;
};

}  // namespace jitsim::models
