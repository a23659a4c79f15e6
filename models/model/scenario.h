// -----------------------------------------------------------------------------
// File: models/model/scenario.h
// -----------------------------------------------------------------------------
// The scenario: one supply chain and the policies to compare on it, as plain data.
// It mirrors the scenario file (shared contract: scenarios/README.md); every field is in the
// file's units (days, currency, units) and defaults to "no friction". Loading and validation
// live in models/io/scenario_loader.h; the simulation reads this and nothing else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/distribution.h"

namespace jitsim::models {

using sim::DistributionSpec;

struct ScenarioInfo {
  std::string name;
  double horizon_days = 0;  // measured period [0, horizon)
  double warmup_days = 0;   // simulated before day 0, not measured
  std::uint64_t seed = 1;
  std::int64_t replications = 30;
  bool operator==(const ScenarioInfo&) const = default;
};

struct Costs {
  double holding_rate_per_year = 0.25;  // fraction of unit cost per unit-year on hand
  double order_cost = 0;                // per purchase order
  double backorder_cost_per_unit = 0;   // once per unit backordered
  double backorder_cost_per_unit_day = 0;
  double lost_sale_penalty = 0;  // per lost unit, on top of the lost margin
  bool pipeline_holding = false;
  bool operator==(const Costs&) const = default;
};

enum class UnmetDemand { backorder, lost_sales, patience };

/// Payment terms and the price of capital ([finance]): they price the working capital that a
/// policy ties up; none of them is part of total_cost.
struct Finance {
  double supplier_payment_days = 30;  // suppliers are paid this long after goods are received
  double customer_payment_days = 0;   // customers pay this long after their order ships
  double cost_of_capital_per_year = 0.10;
  bool operator==(const Finance&) const = default;
};

/// A 3PL's activity-based fees at one site ([warehouse.fees], or a site's `fees`); all 0: none.
struct Fees {
  double receiving_per_unit = 0;      // per unit received from a lane
  double storage_per_unit_day = 0;    // per unit-day on hand
  double storage_per_pallet_day = 0;  // per pallet-day: ceil(on hand / units_per_pallet) per SKU
  double pick_per_order = 0;          // per order shipped (customer or transfer)
  double pick_per_unit = 0;           // per unit shipped
  double kitting_per_unit = 0;        // per kit unit assembled
  double monthly_minimum = 0;         // per 30-day block of the measured period
  bool operator==(const Fees&) const = default;
};

/// Delivery to the customer's door from a site ([warehouse.outbound], a site's `outbound`, or a
/// SKU's own): the carrier's charges, its delivery time after shipping, and the promise that
/// otif is scored against (nullopt: no promise, the item-location counts in no otif).
struct Outbound {
  double cost_per_order = 0;  // per customer order shipped
  double cost_per_unit = 0;   // per unit shipped
  DistributionSpec delivery_days = DistributionSpec::constant(0);
  std::optional<double> promise_days;
  bool operator==(const Outbound&) const = default;
};

struct Warehouse {
  UnmetDemand unmet_demand = UnmetDemand::backorder;
  double patience_days = 0;
  DistributionSpec dock_to_stock_days = DistributionSpec::constant(0);
  std::optional<double> receiving_capacity_units_per_day;  // nullopt: unlimited
  std::optional<std::int64_t> pickers;                     // nullopt: unlimited (instant picking)
  DistributionSpec pick_time_days = DistributionSpec::constant(0);
  std::optional<double> storage_capacity_units;  // nullopt: unlimited
  double overflow_cost_per_unit_day = 0;
  std::optional<double> assembly_capacity_units_per_day;  // kits; nullopt: unlimited
  Fees fees;
  std::optional<Outbound> outbound;  // nullopt: customers collect at the dock (no cost, no draw)
  bool operator==(const Warehouse&) const = default;
};

struct Supplier {
  std::string id;
  DistributionSpec lead_time_days;
  std::optional<double> capacity_units_per_day;  // nullopt: unlimited
  double defect_rate = 0;
  std::int64_t min_order_qty = 1;
  std::int64_t order_multiple = 1;
  double unit_cost_multiplier = 1;
  bool operator==(const Supplier&) const = default;
};

/// How a site divides a SKU's replenishment over its lanes (models/model/network.h).
enum class Sourcing { first, backup, split };
/// Who gets scarce stock first among waiting customer orders and downstream sites' orders.
enum class Allocation { fifo, priority };

/// A stocking location of a network ([[sites]]): every [warehouse] key, and how it sources.
struct SiteSpec {
  std::string id;
  Warehouse warehouse;  // the [warehouse] table's values where the site sets none
  Sourcing sourcing = Sourcing::first;
  Allocation allocation = Allocation::fifo;
  std::int64_t priority = 0;  // for an upstream site's priority allocation: lower first
  bool operator==(const SiteSpec&) const = default;
};

/// A replenishment path into a site ([[lanes]]): from a supplier or another site (a transfer).
struct LaneSpec {
  std::string id;
  bool from_site = false;
  std::size_t from = 0;  // index into Scenario::suppliers, or Scenario::sites if from_site
  std::size_t to = 0;    // index into Scenario::sites
  std::size_t carrier = 0;
  std::vector<std::size_t> skus;  // indices into Scenario::skus; empty: all the site stocks
  std::int64_t priority = 1;      // order of preference (ties: file order)
  double share = 1;               // for "split"
  bool expedite = false;          // used only by a policy's expediting rule
  bool operator==(const LaneSpec&) const = default;
};

struct Carrier {
  std::string id;
  DistributionSpec transit_days;
  std::optional<double> capacity_units_per_day;  // nullopt: unlimited
  double cost_per_shipment = 0;
  double cost_per_unit = 0;
  double loss_probability = 0;
  bool operator==(const Carrier&) const = default;
};

/// One component line of a kit's bill of materials.
struct BomLine {
  std::size_t sku = 0;  // index into Scenario::skus
  std::int64_t quantity = 1;
  bool operator==(const BomLine&) const = default;
};
enum class Assembly { on_order, to_stock };

/// Where a SKU's customers order: one site's share of its orders.
struct DemandSite {
  std::size_t site = 0;  // index into Scenario::sites
  double share = 1;
  bool operator==(const DemandSite&) const = default;
};

/// How an order log is replayed: as logged, or by a bootstrap of whole days.
enum class OrderResample { none, days };

/// Customer demand of one SKU: a non-homogeneous Poisson stream of orders, a daily trace, or
/// an order log.
struct Demand {
  double orders_per_day = 0;
  DistributionSpec order_size = DistributionSpec::constant(1);
  std::array<double, 7> weekly{1, 1, 1, 1, 1, 1, 1};  // factor by weekday = floor(day) mod 7
  double annual_amplitude = 0;
  double annual_peak_day = 0;
  double trend_per_year = 0;
  // Trace form: when trace_file is set, the Poisson fields above are unused.
  std::string trace_file;    // as written in the scenario (relative to it)
  std::string trace_column;  // column holding the daily quantities
  bool trace_poisson_noise = false;
  std::vector<double> trace;  // loaded daily quantities, trace[0] is day 0; order logs: the
                              // log's daily totals of the SKU (for plans and forecasts)
  // Order-log form: when orders_file is set, the Poisson fields and the trace form are unused.
  std::string orders_file;  // as written in the scenario (relative to it)
  std::string orders_sku;   // the log's SKU whose rows this SKU replays
  OrderResample orders_resample = OrderResample::none;
  std::string time_column = "time", sku_column = "sku", quantity_column = "quantity";
  // The loaded log of this SKU, by log day j = 0 .. log_days - 1 (day 0 is the log's first
  // day, shared by every SKU reading the file): the orders of day j are the indices
  // [order_day_begin[j], order_day_begin[j + 1]), in time order.
  std::vector<std::uint32_t> order_day_begin;
  std::vector<double> order_time;  // time of day in [0, 1)
  std::vector<std::int64_t> order_quantity;
  bool is_trace() const { return !trace_file.empty(); }
  bool is_orders() const { return !orders_file.empty(); }
  /// Replays data (a trace or an order log) rather than drawing a Poisson stream.
  bool is_replay() const { return is_trace() || is_orders(); }
  std::size_t log_days() const { return order_day_begin.empty() ? 0 : order_day_begin.size() - 1; }
  bool operator==(const Demand&) const = default;
};

struct Sku {
  std::string id;
  double unit_cost = 0;
  double price = 0;
  std::size_t supplier = 0;  // index into Scenario::suppliers
  std::size_t carrier = 0;   // index into Scenario::carriers
  bool critical = false;
  double shelf_life_days = 0;                       // 0: never expires
  std::optional<std::int64_t> initial_on_hand;      // nullopt: the policy's target
  std::optional<double> holding_cost_per_unit_day;  // overrides holding_rate_per_year
  std::optional<std::int64_t> units_per_pallet;     // for storage_per_pallet_day fees
  std::optional<Outbound> outbound;                 // replaces its sites' outbound
  Demand demand;
  // Networks: where customers order (empty: the first site), and kits.
  std::vector<DemandSite> demand_sites;
  std::vector<BomLine> bom;  // empty: not a kit
  Assembly assembly = Assembly::on_order;
  DistributionSpec assembly_days = DistributionSpec::constant(0);
  bool is_kit() const { return !bom.empty(); }
  /// A kit assembled as its customer orders arrive: no stock, no replenishment of its own.
  bool kit_on_order() const { return is_kit() && assembly == Assembly::on_order; }
  bool operator==(const Sku&) const = default;
};

enum class PolicyKind { jit, jic, hybrid, base_stock, rq, ss, periodic };
enum class Forecast { moving_average, exp_smoothing, plan };
enum class OrderQuantityRule { up_to, eoq };
enum class SignalBatching { daily, none };
/// Which inventory position a base_stock or periodic rule reads.
enum class PositionScope { installation, echelon };

/// The dual-index expediting rule of a policy: top up the expedited position on this lane.
struct ExpediteRule {
  std::size_t lane = 0;  // index into Scenario::lanes
  double below_days = 0;
  bool operator==(const ExpediteRule&) const = default;
};

/// A stock quantity given in units, or in days of planned demand (x mu, rounded up).
struct Level {
  double amount = 0;
  bool in_days = false;
  bool operator==(const Level&) const = default;
};

/// One layer of policy parameters. Unset fields fall through to the layer below
/// (per-SKU override -> hybrid half -> policy -> defaults; see models/model/policy.h).
struct PolicyParams {
  // jit
  std::optional<double> safety_factor;  // default 0.1
  std::optional<double> buffer_days;    // default 0
  std::optional<SignalBatching> batch;  // default daily
  std::optional<bool> adapt;            // default false
  // jic (review_period_days also for periodic)
  std::optional<double> service_level;                   // default 0.98
  std::optional<double> review_period_days;              // default 7
  std::optional<Forecast> forecast;                      // default moving_average
  std::optional<double> window_days;                     // default 28
  std::optional<double> alpha;                           // default 0.1
  std::optional<OrderQuantityRule> order_quantity_rule;  // key "order_quantity" of jic
  // base_stock / rq / ss / periodic ("x" or "x_days")
  std::optional<Level> level;
  std::optional<Level> reorder_point;
  std::optional<Level> order_quantity;  // rq's Q
  std::optional<Level> order_up_to;
  // any kind
  std::optional<PolicyKind> kind;         // per_sku / per_site only: a different rule for these
  std::optional<PositionScope> position;  // base_stock, periodic
  std::optional<ExpediteRule> expedite;
  bool operator==(const PolicyParams&) const = default;
};

/// Which SKUs a hybrid policy treats as critical (any named criterion suffices).
struct CriticalRule {
  bool flagged = true;
  std::optional<double> top_revenue_share;
  std::optional<double> lead_time_cv_above;
  bool operator==(const CriticalRule&) const = default;
};

struct SkuOverride {
  std::size_t sku = 0;              // index into Scenario::skus
  std::optional<std::size_t> site;  // "sku@site": this item-location only; nullopt: every site
  PolicyParams params;
  bool operator==(const SkuOverride&) const = default;
};

struct PolicySpec {
  std::string name;
  PolicyKind kind = PolicyKind::jit;
  PolicyParams params;
  // hybrid only
  CriticalRule critical;
  PolicyParams critical_policy;  // overrides for the jic half
  PolicyParams other_policy;     // overrides for the jit half
  std::vector<SkuOverride> per_sku;
  std::vector<std::pair<std::size_t, PolicyParams>> per_site;  // by index into Scenario::sites
  bool operator==(const PolicySpec&) const = default;
};

enum class ShockKind {
  shipping_delay,
  port_closure,
  supplier_shutdown,
  capacity_cut,
  quality_failure,
  demand_spike,
  receiving_slowdown,
  shipment_loss,
  site_outage
};
enum class ShockTarget { warehouse, supplier, carrier, sku, site };
enum class SpikeShape { step, ramp, viral };

struct Shock {
  std::string id;
  ShockKind kind = ShockKind::shipping_delay;
  ShockTarget target_kind = ShockTarget::carrier;
  std::optional<std::size_t> target;  // index into the target kind's list; nullopt: all of them
  std::optional<double> start_day;    // exactly one of start_day and rate_per_year is set
  std::optional<double> rate_per_year;
  DistributionSpec duration_days;
  double delay_factor = 1;     // shipping_delay
  double extra_days = 0;       // shipping_delay
  bool in_transit = true;      // shipping_delay
  double recovery_days = 0;    // supplier_shutdown
  double factor = 1;           // capacity_cut; receiving_slowdown (dock-to-stock)
  double capacity_factor = 1;  // receiving_slowdown
  double defect_rate = 0;      // quality_failure
  double multiplier = 1;       // demand_spike
  SpikeShape shape = SpikeShape::step;
  double loss_probability = 0;  // shipment_loss
  bool operator==(const Shock&) const = default;
};

/// Customers' memory of stock-outs ([customers]): every customer order not filled complete at
/// arrival lowers its item-location's demand rate by `churn_per_short_order` of the current
/// rate; the lost share decays back exponentially with time constant `churn_recovery_days`.
struct Customers {
  double churn_per_short_order = 0;  // 0: no churn (the default; draws nothing)
  double churn_recovery_days = 90;
  bool churn() const { return churn_per_short_order > 0; }
  bool operator==(const Customers&) const = default;
};

/// One swept parameter: a --set key path and its values. A text axis (strings, e.g. enum
/// choices, or booleans) keeps its values in `labels`, and `values` holds their indices
/// 0..n-1, so that grids, points and counts are the same for every axis
/// (models/io/sweep_values.h formats them).
struct SweepAxis {
  enum class Kind { number, text, boolean };
  std::string parameter;
  std::vector<double> values;
  std::vector<std::string> labels;  // text and boolean axes: the values as written
  Kind kind = Kind::number;
  bool categorical() const { return kind != Kind::number; }
  bool operator==(const SweepAxis&) const = default;
};

struct Scenario {
  ScenarioInfo scenario;
  Costs costs;
  Finance finance;
  Warehouse warehouse;
  std::vector<SiteSpec> sites;  // empty: the single site [warehouse]
  std::vector<LaneSpec> lanes;  // with sites only
  std::vector<Supplier> suppliers;
  std::vector<Carrier> carriers;
  std::vector<Sku> skus;
  std::vector<PolicySpec> policies;
  std::vector<Shock> shocks;
  std::vector<SweepAxis> sweep;
  Customers customers;
  bool operator==(const Scenario&) const = default;
};

std::string_view to_string(UnmetDemand v);
std::string_view to_string(PolicyKind v);
std::string_view to_string(Forecast v);
std::string_view to_string(OrderQuantityRule v);
std::string_view to_string(SignalBatching v);
std::string_view to_string(ShockKind v);
std::string_view to_string(ShockTarget v);
std::string_view to_string(SpikeShape v);
std::string_view to_string(Sourcing v);
std::string_view to_string(Allocation v);
std::string_view to_string(Assembly v);
std::string_view to_string(OrderResample v);
std::string_view to_string(PositionScope v);

/// The name of the pair of policies `a` and `b` in paired outputs (paired.csv, run.json).
std::string pair_name(std::string_view a, std::string_view b);

}  // namespace jitsim::models
