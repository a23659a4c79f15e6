// -----------------------------------------------------------------------------
// File: models/io/trace_csv.h
// -----------------------------------------------------------------------------
// Daily-demand trace CSVs (`demand = { trace = "file.csv", column = ... }`): one column per
// series, an optional `day` column counting 0, 1, 2, ... Only the columns asked for are kept,
// as numbers, so a file a million columns wide costs the memory of the columns read, and one
// pass serves every SKU that reads the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "models/io/csv.h"

namespace jitsim::models {

struct TraceColumn {
  bool ok = false;  // every cell a number in [0, max_value]
  std::vector<double> values;
};

struct TraceRead {
  std::vector<CsvCell> header;
  std::size_t rows = 0;
  std::size_t more_errors = 0;   // structural problems found beyond the stored ones
  bool header_too_wide = false;  // reported; its columns are unknown
  bool day_ok = true;            // the day column (if any) counts 0, 1, 2, ... (checked with
                                 // `structure` only)
};

using TraceProblem = std::function<void(std::uint32_t line, std::uint32_t column, std::string)>;

/// Reads `columns` (those of them that are in the header) of the CSV `text` into `out`. Every
/// problem goes to `problem`; structural ones (quoting, field counts, header, day numbering,
/// no rows) only when `structure` is set, so that a later pass for more columns does not repeat
/// them. At most `max_rows` rows, `max_columns` fields a record, `max_errors` stored problems.
TraceRead read_trace_columns(std::string_view text, const std::set<std::string>& columns,
                             bool structure, const CsvOptions& limits, double max_value,
                             const TraceProblem& problem, std::map<std::string, TraceColumn>& out);

}  // namespace jitsim::models
