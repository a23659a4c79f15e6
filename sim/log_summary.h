// -----------------------------------------------------------------------------
// File: sim/log_summary.h
// -----------------------------------------------------------------------------
// Summaries (sim/statistics.h) of the columns of RowLogs, in bounded memory whatever their
// length, and bit for bit equal to summarize() / summarize_paired() of the same values:
// - mean, sd and interval fold the column in row order (the same Welford updates);
// - quantiles are exact. A column of at most `in_memory` defined values is gathered and
//   summarised as a whole. A longer one is never held: its order statistics are found by
//   radix selection over the values' order-preserving 64-bit keys, each pass over the column
//   counting 16 more bits of the wanted ranks' keys (a histogram of 65,536 buckets per rank),
//   until the values sharing a rank's key prefix fit in memory and are selected there, or the
//   whole key (so the value) is known. At most four counting passes and one gathering pass.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/row_log.h"
#include "sim/statistics.h"

namespace jitsim::sim {

inline constexpr std::size_t kSummaryInMemoryValues = std::size_t{1} << 16;

/// Summary of column `c` of `log` (NaN skipped), as summarize() of that column.
Summary summarize_column(const RowLog& log, std::size_t c,
                         std::size_t in_memory = kSummaryInMemoryValues);

/// Count, mean and variance of column `c` (NaN skipped), in row order.
RunningStats column_stats(const RowLog& log, std::size_t c);

/// The order statistics of the given 0-based ranks among the defined values of column `c`
/// (exact; see above). Requires every rank < the number of defined values.
std::vector<double> column_order_statistics(const RowLog& log, std::size_t c,
                                            std::span<const std::size_t> ranks,
                                            std::size_t in_memory = kSummaryInMemoryValues);

/// summarize_paired(column c of logs[a], column c of logs[b]) for every pair a < b, in the
/// order (0,1), (0,2), ..., (1,2), ...; one pass over the logs with one block of each in memory.
std::vector<PairedSummary> summarize_column_pairs(std::span<const RowLog* const> logs,
                                                  std::size_t c, bool lower_is_better);

}  // namespace jitsim::sim
