// -----------------------------------------------------------------------------
// File: models/io/limits.h
// -----------------------------------------------------------------------------
// The input limits of scenario files, their CSV side files, `--set` and the command-line
// flags (documented in scenarios/README.md, "Limits"). Beyond them an input is refused with a
// located error, so that no input can exhaust memory, time or the stack. The loader and the
// CLI share these constants.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jitsim::models::limits {

inline constexpr std::size_t max_string_bytes = std::size_t{64} * 1024;  // strings, keys, CSV cells
inline constexpr int max_nesting = 64;                // table/array/dotted-key levels
inline constexpr std::size_t max_extends_files = 64;  // files in one `extends` chain
inline constexpr std::uintmax_t max_toml_bytes = std::uintmax_t{8} << 20;     // per TOML file
inline constexpr std::uintmax_t max_total_bytes = std::uintmax_t{256} << 20;  // all files read
inline constexpr std::size_t max_array_items = 100'000;
inline constexpr std::size_t max_csv_columns = 100'001;  // fields per CSV record
inline constexpr double max_total_days = 1'000'000;      // warmup_days + horizon_days
inline constexpr std::int64_t max_replications = 10'000'000;
inline constexpr std::size_t max_skus = 100'000;
inline constexpr std::size_t max_entities = 10'000;  // suppliers, carriers, lanes, shocks
inline constexpr std::size_t max_sites = 1'000;
inline constexpr std::size_t max_item_locations = 1'000'000;  // stocked (SKU, site) pairs
inline constexpr std::size_t max_policies = 256;              // pairs grow with its square
inline constexpr std::size_t max_grid_points = 10'000;  // sweep (and optimize) grids, in total
inline constexpr double max_units = 1e12;               // any quantity of units
inline constexpr double max_orders_per_day = 1e6;
inline constexpr double max_demand_multiplier = 1'000;  // demand_spike multiplier
inline constexpr double min_review_period_days = 0.01;  // at most 1e8 reviews in the longest run
inline constexpr std::size_t max_error_lines = 1'000;   // per run, then one "N more" line
// A distribution of units whose tail may pass max_units: mean + tail_sds x sd must stay within.
inline constexpr double tail_sds = 10;

}  // namespace jitsim::models::limits
