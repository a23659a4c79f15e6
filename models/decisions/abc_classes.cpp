// File: models/decisions/abc_classes.cpp
#include "models/decisions/abc_classes.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/statistics.h"

namespace jitsim::models {

std::vector<char> abc_letters(const std::vector<double>& planned_revenue) {
  const std::size_t n = planned_revenue.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return planned_revenue[a] > planned_revenue[b];
  });
  const double total = std::accumulate(planned_revenue.begin(), planned_revenue.end(), 0.0);
  std::vector<char> letters(n, 'C');
  double above = 0;
  for (const std::size_t i : order) {
    if (total > 0) {
      const double share = above / total;
      if (share < kClassAShare) {
        letters[i] = 'A';
      } else if (share < kClassBShare) {
        letters[i] = 'B';
      }
    }
    above += planned_revenue[i];
  }
  return letters;
}

std::vector<SkuClass> classify_skus(const ModelSetup& setup) {
  const Scenario& sc = setup.scenario;
  std::vector<double> revenue(sc.skus.size(), 0.0);
  for (std::size_t i = 0; i < setup.network.items.size(); ++i) {
    revenue[setup.network.items[i].sku] += setup.plans[i].planned_revenue_per_day;
  }
  const std::vector<char> letters = abc_letters(revenue);
  std::vector<SkuClass> classes{{"A", {}, {}}, {"B", {}, {}}, {"C", {}, {}}, {"critical", {}, {}}};
  auto class_of = [&](std::size_t sku) -> std::size_t {
    return static_cast<std::size_t>(letters[sku] - 'A');
  };
  for (std::size_t s = 0; s < sc.skus.size(); ++s) {
    classes[class_of(s)].skus.push_back(s);
    if (sc.skus[s].critical) classes[3].skus.push_back(s);
  }
  for (std::size_t i = 0; i < setup.network.items.size(); ++i) {
    const std::size_t s = setup.network.items[i].sku;
    classes[class_of(s)].items.push_back(i);
    if (sc.skus[s].critical) classes[3].items.push_back(i);
  }
  std::erase_if(classes, [](const SkuClass& c) { return c.skus.empty(); });
  return classes;
}

double ClassTotals::fill_rate() const {
  return units_demanded > 0 ? units_from_stock / units_demanded : sim::kUndefined;
}

ClassTotals class_totals(const BreakdownLayout& layout, const Breakdown& run,
                         const std::vector<std::size_t>& items) {
  constexpr auto kCost = static_cast<std::size_t>(Metric::total_cost);
  constexpr auto kFill = static_cast<std::size_t>(Metric::fill_rate);
  constexpr auto kDemanded = static_cast<std::size_t>(Metric::units_demanded);
  ClassTotals t;
  for (const std::size_t item : items) {
    const std::size_t at = layout.offset(Part::sku, item);
    if (!std::isnan(run[at + kCost])) t.total_cost += run[at + kCost];
    const double demanded = run[at + kDemanded];
    if (std::isnan(demanded) || demanded <= 0) continue;
    t.units_demanded += demanded;
    // fill_rate = units_from_stock / units_demanded (models/model/metrics.cpp): undone here.
    t.units_from_stock += run[at + kFill] * demanded;
  }
  return t;
}

}  // namespace jitsim::models
