// -----------------------------------------------------------------------------
// File: models/agents/breakdown.h
// -----------------------------------------------------------------------------
// A replication's values for the parts of the network: every item-location (per_sku.csv),
// every site (per_site.csv) and every lane (per_lane.csv). They are laid out flat, one block
// of values per row, so that folding over replications, checkpoints, shards and the MPI
// messages treat the three parts alike and in one pass.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "models/agents/simulation.h"
#include "sim/statistics.h"

namespace jitsim::models {

enum class Part : std::size_t { sku, site, lane };
inline constexpr std::array<Part, 3> kParts{Part::sku, Part::site, Part::lane};

/// "sku", "site", "lane": the key column of the part's files.
std::string_view part_name(Part part);
/// The values of one row of `part`, in layout order: the metrics (scenarios/README.md) for an
/// item-location; the metrics and internal_fill_rate for a site; kLaneValueNames for a lane.
const std::vector<std::string_view>& part_values(Part part);

/// Where each row's values sit in a flat breakdown of `setup`'s network.
class BreakdownLayout {
 public:
  explicit BreakdownLayout(const ModelSetup& setup);
  std::size_t rows(Part part) const { return rows_[index(part)]; }
  std::size_t width(Part part) const { return part_values(part).size(); }
  std::size_t offset(Part part, std::size_t row) const {
    return begin_[index(part)] + row * width(part);
  }
  std::size_t size() const { return size_; }
  /// The rows' names as the files key them: item-location names, site ids, lane ids.
  const std::vector<std::string>& row_names(Part part) const {
    return part == Part::sku ? *item_names_ : names_[index(part)];
  }

 private:
  static std::size_t index(Part p) { return static_cast<std::size_t>(p); }
  std::array<std::size_t, 3> rows_{}, begin_{};
  const std::vector<std::string>* item_names_;     // the setup's: not copied per layout
  std::array<std::vector<std::string>, 3> names_;  // sites' and lanes' (few)
  std::size_t size_ = 0;
};

/// One replication's breakdown, NaN where a value is undefined.
using Breakdown = std::vector<double>;
/// Mean and variance of every breakdown value over the replications folded so far.
using BreakdownStats = std::vector<sim::RunningStats>;

/// The breakdown of a replication run with per_sku and per_site.
Breakdown flatten(const BreakdownLayout& layout, const ReplicationResult& result);

/// Adds one replication's defined values to `stats` (sized to the layout).
void fold(const Breakdown& values, BreakdownStats& stats);

}  // namespace jitsim::models
