// -----------------------------------------------------------------------------
// File: sim/guide_table.h
// -----------------------------------------------------------------------------
// Inversion of a discrete distribution given by its cumulative probabilities, with a guide
// table (Chen and Asau's cutpoint method): index(u) is exactly what a search for the first i
// with u < cumulative[i] finds (the last index when there is none), so draws are unchanged,
// but it takes O(1) expected steps instead of a scan or a binary search over hundreds of
// entries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace jitsim::sim {

class GuideTable {
 public:
  GuideTable() = default;
  /// `cumulative`: nondecreasing, its last value 1 (or what rounding left of it).
  explicit GuideTable(std::vector<double> cumulative) : cumulative_(std::move(cumulative)) {
    const std::size_t m = cumulative_.size();
    guide_.resize(m);
    std::size_t i = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double cut = static_cast<double>(j) / static_cast<double>(m);
      while (i + 1 < m && cumulative_[i] <= cut) ++i;
      guide_[j] = static_cast<std::uint32_t>(i);
    }
  }
  bool empty() const { return cumulative_.empty(); }

  /// The first i with u < cumulative[i] (the last index if none), for u in [0, 1].
  std::size_t index(double u) const {
    const std::size_t m = cumulative_.size();
    const auto bucket = std::min(static_cast<std::size_t>(u * static_cast<double>(m)), m - 1);
    std::size_t i = guide_[bucket];
    // Rounding of u x m may pick a neighbouring bucket: step back or on to the exact answer.
    while (i > 0 && u < cumulative_[i - 1]) --i;
    while (i + 1 < m && u >= cumulative_[i]) ++i;
    return i;
  }

 private:
  std::vector<double> cumulative_;
  std::vector<std::uint32_t> guide_;  // guide_[j]: the answer for the smallest u in bucket j
};

}  // namespace jitsim::sim
