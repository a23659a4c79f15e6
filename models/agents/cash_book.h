// -----------------------------------------------------------------------------
// File: models/agents/cash_book.h
// -----------------------------------------------------------------------------
// The working capital of one replication ([finance], scenarios/README.md "Fees and working
// capital"): per item-location, per site and pooled, on-hand value + pipeline value +
// receivables - payables. Goods handed to a carrier enter the pipeline at unit cost and leave it
// when sellable (or lost); a supplier's receipt is payable for supplier_payment_days, a customer
// shipment receivable for customer_payment_days. Payments are not events: they are settled
// lazily, in due order, before any later change, so the run's events are untouched.
//
// The time integrals over [0, horizon) of the pipeline, receivables and payables go to the
// ledgers; the peak is the greatest value held for a positive time within [0, horizon).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/agents/pool.h"
#include "models/model/metrics.h"
#include "sim/statistics.h"

namespace jitsim::models {

struct ModelSetup;

class CashBook {
 public:
  /// A new replication, starting at the beginning of the warm-up with nothing.
  void reset(const ModelSetup& setup);
  /// Day 0: the pipeline integrals restart.
  void start_measuring(double now);

  /// `units` of item-location `item` (signed) entered or left the shelf at `now`.
  void on_hand_changed(std::size_t item, double now, std::int64_t units) {
    change(item, now, static_cast<double>(units) * unit_cost_[item]);
  }
  /// `units` (signed) were handed to a carrier for `item`, or left the pipeline.
  void pipeline_changed(std::size_t item, double now, std::int64_t units);
  /// Goods worth `value` (purchase cost) were received from a supplier at `now`.
  void received(std::size_t item, double now, double value, SkuLedger& ledger);
  /// A customer shipment worth `value` (at price) left at `now`.
  void shipped(std::size_t item, double now, double value, SkuLedger& ledger);

  /// Pooled working capital now (for the daily time series).
  double working_capital(double now);

  /// At the horizon: settles what falls due before it, fills each ledger's pipeline integral
  /// and peak, and returns the sites' peaks (by site) and the pooled one.
  void finish(std::vector<SkuLedger>& ledgers, std::vector<double>& site_peaks,
              double& pooled_peak);

 private:
  /// A working capital that changes at instants: its value and the greatest value held for a
  /// positive time inside [0, horizon).
  struct Level {
    double value = 0, peak = 0, last = 0;
    bool seen = false;  // held some value inside the period
    void change(double t, double delta, double horizon) {
      if (t > last) {
        if (t > 0 && last < horizon) {
          peak = seen ? (value > peak ? value : peak) : value;
          seen = true;
        }
        last = t;
      }
      value += delta;
    }
  };
  struct Payment {
    double due = 0;
    std::uint32_t item = 0;
    double delta = 0;  // change of working capital when settled
  };
  void change(std::size_t item, double t, double delta) {
    if (!pending_empty_) settle(t);
    apply(item, t, delta);
  }
  void apply(std::size_t item, double t, double delta) {
    items_[item].change(t, delta, horizon_);
    sites_[site_of_[item]].change(t, delta, horizon_);
    pooled_.change(t, delta, horizon_);
  }
  /// Settles, in due order, every payment due at or before `t`.
  void settle(double t);
  /// The measured part, value x days, of an amount outstanding over [from, from + days).
  double measured_value_days(double from, double days, double value) const;

  double horizon_ = 0, supplier_days_ = 0, customer_days_ = 0;
  std::vector<double> unit_cost_;
  std::vector<std::uint32_t> site_of_;
  std::vector<std::int64_t> pipeline_;
  std::vector<sim::TimeIntegral> pipeline_days_;
  std::vector<Level> items_, sites_;
  Level pooled_;
  Ring<Payment> payables_, receivables_;  // each in due order (constant terms)
  bool pending_empty_ = true;
};

}  // namespace jitsim::models
