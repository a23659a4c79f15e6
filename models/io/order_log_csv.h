// -----------------------------------------------------------------------------
// File: models/io/order_log_csv.h
// -----------------------------------------------------------------------------
// Order-log CSVs (`demand = { orders_file = "orders.csv" }`): one row per customer order with
// a time, a SKU and a quantity (e.g. a Shopify export, whose columns are named by a mapping).
// The time is a number of days from day 0, or an ISO date (YYYY-MM-DD) or date-time
// (YYYY-MM-DD[T ]HH:MM[:SS[.fff]], a trailing Z or +-HH[:]MM offset accepted and ignored: the
// day is the local day as written). With dates, day 0 is the log's earliest date. One pass
// reads every SKU of the file, so that several SKUs reading it share one load.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/io/csv.h"

namespace jitsim::models {

struct OrderLogColumns {
  std::string time = "time", sku = "sku", quantity = "quantity";
};

struct LoggedOrder {
  std::int64_t day = 0;  // log day, 0 = the first
  double time = 0;       // time of day in [0, 1); a date alone: 0.5
  std::int64_t quantity = 0;
};

struct OrderLog {
  bool ok = false;  // every row read (no problem reported)
  std::vector<CsvCell> header;
  std::size_t rows = 0;
  std::size_t more_errors = 0;  // structural problems found beyond the stored ones
  std::int64_t days = 0;        // log days: last day + 1
  std::unordered_map<std::string, std::vector<LoggedOrder>> by_sku;  // in file order
};

using OrderLogProblem = std::function<void(std::uint32_t line, std::uint32_t column, std::string)>;

/// Parses a time cell: days from day 0 (a number in [0, max_days)), or a date / date-time.
/// `day` is then the day number (the civil day count for dates, day 0 = 1970-01-01), `time` the
/// time of day. False (with `why`) when the cell is neither.
bool parse_order_time(std::string_view text, double max_days, bool& dated, std::int64_t& day,
                      double& time, std::string& why);

/// Reads the order log `text` with the given column names. Every problem (missing columns,
/// unparsable cells, mixed numeric and dated times, structure) goes to `problem`; the log is
/// `ok` when there was none. At most `limits.max_rows` rows are read: a caller that allows N
/// passes N + 1 and refuses a log with more than N rows.
OrderLog read_order_log(std::string_view text, const OrderLogColumns& columns,
                        const CsvOptions& limits, double max_days, double max_quantity,
                        const OrderLogProblem& problem);

}  // namespace jitsim::models
