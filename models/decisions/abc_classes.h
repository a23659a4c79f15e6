// -----------------------------------------------------------------------------
// File: models/decisions/abc_classes.h
// -----------------------------------------------------------------------------
// The SKU classes `jitsim advise` answers for: A, B and C by planned revenue (price x mean
// daily customer demand, models/model/plan.h, summed over a SKU's item-locations), and the
// SKUs flagged `critical` as a class of their own; and one replication's totals over a class,
// summed from the per item-location breakdown so that its ratios are ratios of sums.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/agents/breakdown.h"
#include "models/agents/world.h"

namespace jitsim::models {

/// Revenue shares closing the A and B classes (scenarios/README.md "jitsim advise").
inline constexpr double kClassAShare = 0.80;
inline constexpr double kClassBShare = 0.95;

struct SkuClass {
  std::string name;                // "A", "B", "C", "critical"
  std::vector<std::size_t> skus;   // indices into Scenario::skus, file order
  std::vector<std::size_t> items;  // their item-locations (breakdown rows), network order
};

/// A SKU's ABC letter from its planned revenue: SKUs ranked by revenue (ties in file order);
/// a SKU is A while those ranked above it make less than kClassAShare of the total, B while
/// less than kClassBShare, C otherwise (all C when the total is 0). In SKU order.
std::vector<char> abc_letters(const std::vector<double>& planned_revenue);

/// The non-empty classes of `setup`'s SKUs, in the order A, B, C, critical.
std::vector<SkuClass> classify_skus(const ModelSetup& setup);

/// One replication's values over a class of item-locations.
struct ClassTotals {
  double total_cost = 0;        // sum of the item-locations' total_cost
  double units_demanded = 0;    // customer units demanded
  double units_from_stock = 0;  // of those, served from stock (fill_rate x units_demanded)
  double fill_rate() const;     // units_from_stock / units_demanded (NaN without demand)
};

/// Sums `run` (one replication's breakdown, laid out by `layout`) over `items`.
ClassTotals class_totals(const BreakdownLayout& layout, const Breakdown& run,
                         const std::vector<std::size_t>& items);

}  // namespace jitsim::models
