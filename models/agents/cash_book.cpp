// File: models/agents/cash_book.cpp
#include "models/agents/cash_book.h"

#include <algorithm>

#include "models/agents/world.h"

namespace jitsim::models {

void CashBook::reset(const ModelSetup& setup) {
  const Scenario& sc = setup.scenario;
  const Network& net = setup.network;
  const double start = setup.start_day;
  horizon_ = setup.horizon_days;
  supplier_days_ = sc.finance.supplier_payment_days;
  customer_days_ = sc.finance.customer_payment_days;
  const std::size_t n = net.items.size();
  unit_cost_.resize(n);
  site_of_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    unit_cost_[i] = setup.sku_of(i).unit_cost;
    site_of_[i] = net.items[i].site;
  }
  pipeline_.assign(n, 0);
  pipeline_days_.assign(n, sim::TimeIntegral{});
  for (sim::TimeIntegral& p : pipeline_days_) p.restart(start, 0);
  const Level fresh{0, 0, start, false};
  items_.assign(n, fresh);
  sites_.assign(net.sites.size(), fresh);
  pooled_ = fresh;
  payables_.clear();
  receivables_.clear();
  pending_empty_ = true;
}

void CashBook::start_measuring(double now) {
  for (std::size_t i = 0; i < pipeline_days_.size(); ++i) {
    pipeline_days_[i].restart(now, static_cast<double>(pipeline_[i]));
  }
}

void CashBook::pipeline_changed(std::size_t item, double now, std::int64_t units) {
  pipeline_[item] += units;
  pipeline_days_[item].set(now, static_cast<double>(pipeline_[item]));
  change(item, now, static_cast<double>(units) * unit_cost_[item]);
}

double CashBook::measured_value_days(double from, double days, double value) const {
  const double overlap = std::min(from + days, horizon_) - std::max(from, 0.0);
  return overlap > 0 ? value * overlap : 0.0;
}

// A payment due in [0, horizon) is realised in the period: it counts towards DPO or DSO with
// its delay. With terms of 0 days nothing is outstanding and the working capital is unchanged.
void CashBook::received(std::size_t item, double now, double value, SkuLedger& l) {
  const double due = now + supplier_days_;
  if (due >= 0 && due < horizon_) {
    l.supplier_paid_value += value;
    l.supplier_paid_value_days += value * supplier_days_;
  }
  if (!(supplier_days_ > 0) || value == 0) return;
  l.payable_value_days += measured_value_days(now, supplier_days_, value);
  change(item, now, -value);
  payables_.push_back({due, static_cast<std::uint32_t>(item), value});
  pending_empty_ = false;
}

void CashBook::shipped(std::size_t item, double now, double value, SkuLedger& l) {
  const double due = now + customer_days_;
  if (due >= 0 && due < horizon_) {
    l.customer_paid_value += value;
    l.customer_paid_value_days += value * customer_days_;
  }
  if (!(customer_days_ > 0) || value == 0) return;
  l.receivable_value_days += measured_value_days(now, customer_days_, value);
  change(item, now, value);
  receivables_.push_back({due, static_cast<std::uint32_t>(item), -value});
  pending_empty_ = false;
}

void CashBook::settle(double t) {
  for (;;) {
    const bool pay = !payables_.empty() && payables_.front().due <= t;
    const bool collect = !receivables_.empty() && receivables_.front().due <= t;
    if (!pay && !collect) break;
    // The earlier first; at the same instant, suppliers first.
    const bool first_pay = pay && (!collect || payables_.front().due <= receivables_.front().due);
    Ring<Payment>& queue = first_pay ? payables_ : receivables_;
    const Payment p = queue.front();
    queue.pop_front();
    apply(p.item, p.due, p.delta);
  }
  pending_empty_ = payables_.empty() && receivables_.empty();
}

double CashBook::working_capital(double now) {
  if (!pending_empty_) settle(now);
  return pooled_.value;
}

void CashBook::finish(std::vector<SkuLedger>& ledgers, std::vector<double>& site_peaks,
                      double& pooled_peak) {
  settle(horizon_);
  for (std::size_t i = 0; i < items_.size(); ++i) {
    items_[i].change(horizon_, 0, horizon_);
    ledgers[i].pipeline_value_days = pipeline_days_[i].integral(horizon_) * unit_cost_[i];
    ledgers[i].peak_working_capital = items_[i].peak;
  }
  site_peaks.resize(sites_.size());
  for (std::size_t k = 0; k < sites_.size(); ++k) {
    sites_[k].change(horizon_, 0, horizon_);
    site_peaks[k] = sites_[k].peak;
  }
  pooled_.change(horizon_, 0, horizon_);
  pooled_peak = pooled_.peak;
}

}  // namespace jitsim::models
