// File: models/model/metrics.cpp
#include "models/model/metrics.h"

#include <algorithm>
#include <cmath>

#include "sim/statistics.h"

namespace jitsim::models {

const std::array<MetricInfo, kMetricCount>& metric_info() {
  static const std::array<MetricInfo, kMetricCount> table{{
      {"total_cost", true, true},
      {"cost_per_day", true, true},
      {"holding_cost", true, true},
      {"ordering_cost", true, true},
      {"transport_cost", true, true},
      {"backorder_cost", true, true},
      {"lost_sales_cost", true, true},
      {"overflow_cost", true, false},
      {"spoilage_cost", true, true},
      {"purchase_cost", true, true},
      {"fill_rate", false, true},
      {"order_fill_rate", false, true},
      {"cycle_service_level", false, true},
      {"avg_on_hand_units", true, true},
      {"avg_on_hand_value", true, true},
      {"avg_backorders_units", true, true},
      {"lost_sales_units", true, true},
      {"lost_sales_per_day", true, true},
      {"orders_placed", true, true},
      {"orders_per_day", true, true},
      {"inventory_turnover", false, true},
      {"stockout_time_fraction", true, true},
      {"avg_customer_wait_days", true, false},
      {"p95_customer_wait_days", true, false},
      {"units_demanded", false, true},
      {"units_shipped", false, true},
      {"revenue", false, true},
      {"profit", false, true},
      {"spoiled_units", true, true},
      {"rejected_units", true, true},
      {"lost_in_transit_units", true, true},
      {"time_to_recover_days", true, false},
      {"fulfilment_cost", true, true},
      {"avg_pipeline_value", true, true},
      {"dio_days", true, true},
      {"dpo_days", false, true},
      {"dso_days", true, true},
      {"cash_conversion_cycle_days", true, true},
      {"avg_working_capital", true, true},
      {"peak_working_capital", true, true},
      {"financing_cost", true, true},

      {"demand_lost_to_churn_units", true, true},

      {"outbound_cost", true, true},
      {"avg_delivery_days", true, true},
      {"otif", false, true},
  }};
  return table;
}

SkuLedger& SkuLedger::operator+=(const SkuLedger& o) {
  units_demanded += o.units_demanded;
  units_from_stock += o.units_from_stock;
  customer_orders += o.customer_orders;
  full_orders += o.full_orders;
  backordered_units += o.backordered_units;
  lost_units += o.lost_units;
  orders_placed += o.orders_placed;
  units_shipped += o.units_shipped;
  spoiled_units += o.spoiled_units;
  rejected_units += o.rejected_units;
  lost_in_transit_units += o.lost_in_transit_units;
  cycles_closed += o.cycles_closed;
  cycles_met += o.cycles_met;
  internal_units_demanded += o.internal_units_demanded;
  internal_units_from_stock += o.internal_units_from_stock;
  churn_lost_units += o.churn_lost_units;
  delivered_orders += o.delivered_orders;
  delivery_days_sum += o.delivery_days_sum;
  promised_orders += o.promised_orders;
  otif_orders += o.otif_orders;
  holding_cost += o.holding_cost;
  ordering_cost += o.ordering_cost;
  transport_cost += o.transport_cost;
  backorder_cost += o.backorder_cost;
  lost_sales_cost += o.lost_sales_cost;
  lost_sale_penalty += o.lost_sale_penalty;
  spoilage_cost += o.spoilage_cost;
  purchase_cost += o.purchase_cost;
  revenue += o.revenue;
  shipped_value += o.shipped_value;
  fulfilment_fees += o.fulfilment_fees;
  outbound_cost += o.outbound_cost;
  units_received += o.units_received;
  supplier_paid_value += o.supplier_paid_value;
  supplier_paid_value_days += o.supplier_paid_value_days;
  customer_paid_value += o.customer_paid_value;
  customer_paid_value_days += o.customer_paid_value_days;
  on_hand_days += o.on_hand_days;
  on_hand_value_days += o.on_hand_value_days;
  backlog_days += o.backlog_days;
  stockout_days += o.stockout_days;
  sku_days += o.sku_days;
  pallet_days += o.pallet_days;
  pipeline_value_days += o.pipeline_value_days;
  receivable_value_days += o.receivable_value_days;
  payable_value_days += o.payable_value_days;
  return *this;
}

namespace {
double ratio(double num, double den) {
  return den > 0 ? num / den : sim::kUndefined;
}
}  // namespace

double total_cost(const SkuLedger& l, double warehouse_cost) {
  // Fees, then outbound, last: without them the sum is bit for bit what it was before
  // (x + 0.0 == x).
  return l.holding_cost + l.ordering_cost + l.transport_cost + l.backorder_cost +
         l.lost_sales_cost + warehouse_cost + l.spoilage_cost + l.fulfilment_fees + l.outbound_cost;
}

double time_to_recover(const DailyFill& fill, const std::vector<Window>& windows, double horizon) {
  if (fill.demanded.empty()) return sim::kUndefined;
  auto fill_rate = [&](double from, double to) {  // pooled over days [from, to)
    double d = 0, s = 0;
    for (double day = std::max(from, fill.first_day); day < to; day += 1) {
      const auto i = static_cast<std::size_t>(day - fill.first_day);
      if (i >= fill.demanded.size()) break;
      d += fill.demanded[i];
      s += fill.served[i];
    }
    return d > 0 ? s / d : sim::kUndefined;
  };
  double sum = 0;
  int count = 0;
  for (const Window& win : windows) {
    if (win.end < 0 || win.end >= horizon) continue;  // must end inside the measured period
    const double start = std::floor(win.start);
    const double before = fill_rate(start - kRecoveryBaselineDays, start);
    if (std::isnan(before)) continue;
    double recovered = horizon - win.end;  // the rest of the horizon if never
    for (double day = std::ceil(win.end); day <= horizon; day += 1) {
      const double trailing = fill_rate(day - kRecoveryTrailingDays, day);
      if (!std::isnan(trailing) && std::abs(trailing - before) <= kRecoveryTolerance) {
        recovered = day - win.end;
        break;
      }
    }
    sum += recovered;
    ++count;
  }
  return count ? sum / count : sim::kUndefined;
}

MetricValues compute_metrics(const SkuLedger& l, const WarehouseLedger* w, double horizon) {
  return compute_metrics(l, w, horizon, 0);
}

MetricValues compute_metrics(const SkuLedger& l, const WarehouseLedger* w, double horizon,
                             double cost_of_capital_per_year) {
  MetricValues v;
  auto set = [&](Metric m, double x) { v[static_cast<std::size_t>(m)] = x; };
  const double overflow = w ? w->overflow_cost : 0;
  const double minimum = w ? w->minimum_fee_cost : 0;
  const double total = total_cost(l, overflow + minimum);
  const double avg_value = ratio(l.on_hand_value_days, horizon);
  set(Metric::total_cost, total);
  set(Metric::cost_per_day, ratio(total, horizon));
  set(Metric::holding_cost, l.holding_cost);
  set(Metric::ordering_cost, l.ordering_cost);
  set(Metric::transport_cost, l.transport_cost);
  set(Metric::backorder_cost, l.backorder_cost);
  set(Metric::lost_sales_cost, l.lost_sales_cost);
  set(Metric::overflow_cost, w ? w->overflow_cost : sim::kUndefined);
  set(Metric::spoilage_cost, l.spoilage_cost);
  set(Metric::purchase_cost, l.purchase_cost);
  set(Metric::fill_rate, ratio(l.units_from_stock, l.units_demanded));
  set(Metric::order_fill_rate, ratio(l.full_orders, l.customer_orders));
  set(Metric::cycle_service_level, ratio(l.cycles_met, l.cycles_closed));
  set(Metric::avg_on_hand_units, ratio(l.on_hand_days, horizon));
  set(Metric::avg_on_hand_value, avg_value);
  set(Metric::avg_backorders_units, ratio(l.backlog_days, horizon));
  set(Metric::lost_sales_units, l.lost_units);
  set(Metric::lost_sales_per_day, ratio(l.lost_units, horizon));
  set(Metric::orders_placed, l.orders_placed);
  set(Metric::orders_per_day, ratio(l.orders_placed, horizon));
  set(Metric::inventory_turnover, ratio(l.shipped_value * 365.0 / horizon, avg_value));
  set(Metric::stockout_time_fraction, ratio(l.stockout_days, l.sku_days));
  set(Metric::avg_customer_wait_days, w ? w->avg_customer_wait_days : sim::kUndefined);
  set(Metric::p95_customer_wait_days, w ? w->p95_customer_wait_days : sim::kUndefined);
  set(Metric::units_demanded, l.units_demanded);
  set(Metric::units_shipped, l.units_shipped);
  set(Metric::revenue, l.revenue);
  // Accounting profit: what the books show. Not total_cost: the lost margin was never earned
  // (so it is not in revenue) and spoiled units were paid for in purchase_cost.
  const double operating = l.holding_cost + l.ordering_cost + l.transport_cost + l.backorder_cost +
                           (overflow + minimum) + l.fulfilment_fees + l.outbound_cost;
  set(Metric::profit, l.revenue - l.purchase_cost - operating - l.lost_sale_penalty);
  set(Metric::spoiled_units, l.spoiled_units);
  set(Metric::rejected_units, l.rejected_units);
  set(Metric::lost_in_transit_units, l.lost_in_transit_units);
  set(Metric::time_to_recover_days, w ? w->time_to_recover_days : sim::kUndefined);
  // Working capital (scenarios/README.md "Fees and working capital").
  set(Metric::fulfilment_cost, l.fulfilment_fees + minimum);
  set(Metric::avg_pipeline_value, ratio(l.pipeline_value_days, horizon));
  const double dio = ratio(avg_value, ratio(l.shipped_value, horizon));  // COGS per day
  const double dpo = ratio(l.supplier_paid_value_days, l.supplier_paid_value);
  const double dso = ratio(l.customer_paid_value_days, l.customer_paid_value);
  set(Metric::dio_days, dio);
  set(Metric::dpo_days, dpo);
  set(Metric::dso_days, dso);
  set(Metric::cash_conversion_cycle_days, dio + dso - dpo);
  const double capital_days =
      l.on_hand_value_days + l.pipeline_value_days + l.receivable_value_days - l.payable_value_days;
  const double avg_capital = ratio(capital_days, horizon);
  set(Metric::avg_working_capital, avg_capital);
  set(Metric::peak_working_capital, w ? w->peak_working_capital : l.peak_working_capital);
  set(Metric::financing_cost, cost_of_capital_per_year * avg_capital * horizon / 365.0);

  set(Metric::demand_lost_to_churn_units, l.churn_lost_units);
  // Outbound (scenarios/README.md "Outbound delivery and promises"): by orders arriving in the
  // period; otif is undefined where no item-location has a promise.
  set(Metric::outbound_cost, l.outbound_cost);
  set(Metric::avg_delivery_days, ratio(l.delivery_days_sum, l.delivered_orders));
  set(Metric::otif, ratio(l.otif_orders, l.promised_orders));
  return v;
}

}  // namespace jitsim::models
