// -----------------------------------------------------------------------------
// File: models/model/metrics.h
// -----------------------------------------------------------------------------
// The metrics every run reports (scenarios/README.md), their accumulation inside one
// replication (SkuLedger: one per SKU, summed for totals so that ratios are ratios of sums),
// and their final per-replication values.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace jitsim::models {

enum class Metric : std::size_t {
  total_cost,
  cost_per_day,
  holding_cost,
  ordering_cost,
  transport_cost,
  backorder_cost,
  lost_sales_cost,
  overflow_cost,
  spoilage_cost,
  purchase_cost,
  fill_rate,
  order_fill_rate,
  cycle_service_level,
  avg_on_hand_units,
  avg_on_hand_value,
  avg_backorders_units,
  lost_sales_units,
  lost_sales_per_day,
  orders_placed,
  orders_per_day,
  inventory_turnover,
  stockout_time_fraction,
  avg_customer_wait_days,
  p95_customer_wait_days,
  units_demanded,
  units_shipped,
  revenue,
  profit,
  spoiled_units,
  rejected_units,
  lost_in_transit_units,
  time_to_recover_days,
  // money: 3PL fees and working capital ([finance], [warehouse.fees])
  fulfilment_cost,
  avg_pipeline_value,
  dio_days,
  dpo_days,
  dso_days,
  cash_conversion_cycle_days,
  avg_working_capital,
  peak_working_capital,
  financing_cost,
  // customers: churn after stock-outs ([customers])
  demand_lost_to_churn_units,
  // outbound delivery and promises ([warehouse.outbound], a SKU's `outbound`)
  outbound_cost,
  avg_delivery_days,
  otif,
  count
};
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::count);

struct MetricInfo {
  std::string_view name;
  bool lower_is_better;  // direction of "better" for paired comparisons
  bool per_sku;          // also reported per SKU (warehouse-level metrics are not)
};

/// Name, direction and scope of every metric, in Metric order.
const std::array<MetricInfo, kMetricCount>& metric_info();
inline const MetricInfo& info(Metric m) {
  return metric_info()[static_cast<std::size_t>(m)];
}

/// The metrics compared pairwise between policies (scenarios/README.md "paired").
inline constexpr std::array<Metric, 12> kPairedMetrics{
    Metric::total_cost,        Metric::cost_per_day,
    Metric::fill_rate,         Metric::order_fill_rate,
    Metric::avg_on_hand_value, Metric::avg_backorders_units,
    Metric::lost_sales_units,  Metric::profit,
    Metric::fulfilment_cost,   Metric::avg_working_capital,
    Metric::outbound_cost,     Metric::otif};

/// One value per metric (NaN where undefined).
using MetricValues = std::array<double, kMetricCount>;

/// What one SKU accumulates over the measured period [0, horizon): counts, money, integrals.
/// Fields add up across SKUs, so the warehouse total is the sum of the SKUs' ledgers.
struct SkuLedger {
  double units_demanded = 0;
  double units_from_stock = 0;  // served from on hand at the moment of demand
  double customer_orders = 0;
  double full_orders = 0;  // served completely at arrival
  double backordered_units = 0;
  double lost_units = 0;
  double orders_placed = 0;
  double units_shipped = 0;
  double spoiled_units = 0;
  double rejected_units = 0;
  double lost_in_transit_units = 0;
  double cycles_closed = 0;
  double cycles_met = 0;
  double internal_units_demanded = 0;    // by downstream sites' transfer orders
  double internal_units_from_stock = 0;  // of those, served from on hand at arrival
  double churn_lost_units = 0;  // units of the arrivals that churn turned away (never ordered)
  // Outbound: orders that arrived in the period and reached the customer (some units), the sum
  // of their days from order to door, the orders scored against a promise and those of them
  // delivered complete within it.
  double delivered_orders = 0;
  double delivery_days_sum = 0;
  double promised_orders = 0;
  double otif_orders = 0;
  // money
  double holding_cost = 0;
  double ordering_cost = 0;
  double transport_cost = 0;
  double backorder_cost = 0;
  double lost_sales_cost = 0;    // lost units x (penalty + lost margin): economic cost
  double lost_sale_penalty = 0;  // lost units x penalty: the part the books pay (profit)
  double spoilage_cost = 0;
  double purchase_cost = 0;
  double revenue = 0;
  double shipped_value = 0;    // units shipped x unit cost (for turnover)
  double fulfilment_fees = 0;  // a 3PL's activity fees: receiving, storage, picking, kitting
  double outbound_cost = 0;    // the outbound carrier: per order and per unit shipped
  double units_received = 0;   // from lanes, at the moment they become sellable (rejects too)
  // working capital: payments due in the period (value, value x realised delay in days)
  double supplier_paid_value = 0, supplier_paid_value_days = 0;
  double customer_paid_value = 0, customer_paid_value_days = 0;
  // time integrals (unit-days)
  double on_hand_days = 0;
  double on_hand_value_days = 0;
  double backlog_days = 0;
  double stockout_days = 0;
  double sku_days = 0;               // SKU-time measured (denominator of the stockout fraction)
  double pallet_days = 0;            // pallet-days on hand (with pallet storage fees)
  double pipeline_value_days = 0;    // handed to carriers, not yet sellable, x unit cost
  double receivable_value_days = 0;  // shipped and not yet paid by customers, at price
  double payable_value_days = 0;     // received and not yet paid to suppliers, at purchase cost
  // Not additive: the greatest working capital of this item-location; totals and sites take
  // WarehouseLedger::peak_working_capital instead (operator+= leaves it alone).
  double peak_working_capital = 0;

  SkuLedger& operator+=(const SkuLedger& o);
};

/// Warehouse-level quantities that no single SKU owns.
struct WarehouseLedger {
  double overflow_cost = 0;
  double avg_customer_wait_days = 0;  // NaN when no order completed
  double p95_customer_wait_days = 0;
  double time_to_recover_days = 0;  // NaN when no shock ended in the period
  double minimum_fee_cost = 0;      // monthly_minimum shortfalls (part of fulfilment_cost)
  double peak_working_capital = 0;  // of the pooled item-locations
};

/// Metric values of a ledger over `horizon_days`. Warehouse-level metrics come from `warehouse`
/// (pass nullptr for a single SKU's view: they are then NaN).
/// total_cost: the economic cost that ranks policies (holding + ordering + transport + backorder
/// + lost sales + overflow + spoilage + fulfilment + outbound; purchase cost excluded). The one
/// place that sums them. `warehouse_cost`: the warehouse-level parts (overflow, monthly minimum
/// shortfalls).
double total_cost(const SkuLedger& ledger, double warehouse_cost);

/// A 30-day block of 3PL billing: the monthly_minimum applies to each (scenarios/README.md).
inline constexpr double kFeeBlockDays = 30;

/// Daily pooled customer demand and units served from stock, from `first_day` on (index 0).
struct DailyFill {
  double first_day = 0;
  std::vector<double> demanded, served;
};

/// A shock occurrence's window (start, end) in days.
struct Window {
  double start = 0, end = 0;
};

/// time_to_recover_days: for each window ending inside [0, horizon), the days from its end
/// until the trailing kRecoveryTrailingDays fill rate is within kRecoveryTolerance of its level
/// over the kRecoveryBaselineDays before the window began (the rest of the horizon if never);
/// the mean over windows, undefined if none.
inline constexpr double kRecoveryBaselineDays = 28;
inline constexpr double kRecoveryTrailingDays = 7;
inline constexpr double kRecoveryTolerance = 0.01;
double time_to_recover(const DailyFill& fill, const std::vector<Window>& windows, double horizon);

MetricValues compute_metrics(const SkuLedger& ledger, const WarehouseLedger* warehouse,
                             double horizon_days);
/// The same, with financing_cost priced at `cost_of_capital_per_year` (the other is at 0).
MetricValues compute_metrics(const SkuLedger& ledger, const WarehouseLedger* warehouse,
                             double horizon_days, double cost_of_capital_per_year);

}  // namespace jitsim::models
